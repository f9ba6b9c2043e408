// Draw the book's charts once plotly.js has arrived.
// Each chart is an empty .plotly-graph-div followed by its figure as JSON in a
// <script type="application/json" class="rop-plotly-json" data-for="ID">. plotly.js, ropbook.js and
// this file are deferred (loaded in the page head without blocking the text, run in this order after
// parsing), so the text shows first and every chart is drawn as soon as plotly.js is ready.
// Each chart is drawn in the colours of the page's theme (ropbook.js: window.ropbookTheme), so the
// dark mode costs no second drawing; ropbook.js restyles a chart only when the reader switches theme.
(function () {
  "use strict";
  function drawAll() {
    if (!window.Plotly) return false;
    var theme = window.ropbookTheme ? window.ropbookTheme.mode() : null;
    document.querySelectorAll("script.rop-plotly-json").forEach(function (node) {
      var gd = document.getElementById(node.getAttribute("data-for"));
      if (!gd || gd.getAttribute("data-rop-drawn")) return;
      gd.setAttribute("data-rop-drawn", "1");
      var fig = JSON.parse(node.textContent);
      if (theme) {
        window.ropbookTheme.apply(fig.layout = fig.layout || {}, theme);
        gd.setAttribute("data-rop-theme", theme);
      }
      window.Plotly.newPlot(gd, fig.data, fig.layout, fig.config).then(function () {
        if (fig.frames) window.Plotly.addFrames(gd, fig.frames);
      });
    });
    return true;
  }
  window.ropbookDrawCharts = drawAll;
  if (!drawAll()) window.addEventListener("load", drawAll);
})();
