// The book's plotly.js: the core (scatter, axes, legend, hover, buttons and menus, mode bar)
// plus only the trace types the book's charts use, and the Norwegian locale.
// TRACES in build.mjs must list the same types; ropbook/charts.py reads them back from the bundle.
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/locales/no'),
]);

module.exports = Plotly;
