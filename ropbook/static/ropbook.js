// The charts' colours in the theme's light and dark modes, in one place for every chart in the book:
// charts.js (the chapters' charts) and explorer.js («Utforsk dataene») draw in the page's theme from the
// start and mark the chart with data-rop-theme; below, a chart is relaid out only when the reader
// switches the theme later. The theme (re)sets data-theme on <html> as it loads, with the same value:
// that costs no drawing.
(function () {
  "use strict";
  // The theme the page shows: data-theme="light|dark" on <html>; before the theme's script has run it
  // may still be "auto" (no choice stored), which follows the system setting, as the theme does.
  function mode() {
    var theme = document.documentElement.getAttribute("data-theme");
    if (theme === "dark" || theme === "light") return theme;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  // Plotly.relayout-style updates ("font.color", "xaxis.gridcolor", ...) for a layout in a theme.
  function update(layout, theme) {
    var c = theme === "dark" ? { font: "#e4e4e4", grid: "#444444", zero: "#666666" } : { font: "#222222", grid: "#dddddd", zero: "#bbbbbb" };
    var out = { "font.color": c.font };
    Object.keys(layout || {}).forEach(function (key) {
      if (/^[xy]axis\d*$/.test(key)) {
        out[key + ".gridcolor"] = c.grid;
        out[key + ".zerolinecolor"] = c.zero;
      }
    });
    return out;
  }
  // The same update written into a layout before it is drawn (no second drawing).
  function apply(layout, theme) {
    var u = update(layout, theme);
    Object.keys(u).forEach(function (path) {
      var parts = path.split(".");
      if (!layout[parts[0]] || typeof layout[parts[0]] !== "object") layout[parts[0]] = {};
      layout[parts[0]][parts[1]] = u[path];
    });
    return layout;
  }
  window.ropbookTheme = { mode: mode, update: update, apply: apply };

  function restyleAll() {
    var theme = mode();
    document.querySelectorAll(".rop-figure .js-plotly-plot").forEach(function (gd) {
      if (!window.Plotly || !gd.layout || gd.getAttribute("data-rop-theme") === theme) return;
      gd.setAttribute("data-rop-theme", theme);
      window.Plotly.relayout(gd, update(gd.layout, theme));
    });
  }
  function start() {
    restyleAll();
    new MutationObserver(restyleAll).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

// Explorers (quotes, factors): filter a list with drop-downs (no kernel needed).
(function () {
  "use strict";
  function setup(root) {
    var selects = root.querySelectorAll("select[data-filter]");
    var items = root.querySelectorAll(".rop-quote-explorer__item");
    var count = root.querySelector(".rop-quote-explorer__count");
    function apply() {
      var shown = 0;
      items.forEach(function (item) {
        var ok = true;
        selects.forEach(function (s) { if (s.value && item.dataset[s.dataset.filter] !== s.value) ok = false; });
        item.hidden = !ok;
        if (ok) shown += 1;
      });
      var noun = root.dataset.noun || "";
      count.textContent = shown === items.length ? shown + " " + noun : "Viser " + shown + " av " + items.length + " " + noun;
    }
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    apply();
  }
  function start() { document.querySelectorAll(".rop-quote-explorer").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

// Charts for keyboard and screen-reader users.
// - The view switches beside a chart (buttons with aria-pressed, or a drop-down) drive plotly.js:
//   each holds [method, args] for Plotly.restyle / relayout / update (see ropbook.charts.View).
// - The plot's SVG layers are hidden from assistive technology: the <figure> is named by its
//   caption, and the table beside it holds the numbers. Plotly's toolbar buttons stay reachable.
(function () {
  "use strict";
  function hideLayers(gd) {
    gd.querySelectorAll("svg.main-svg:not([aria-hidden])").forEach(function (svg) {
      svg.setAttribute("aria-hidden", "true");
      svg.setAttribute("focusable", "false");
    });
  }
  function apply(gd, payload) {
    if (!window.Plotly || !gd) return;
    var spec = JSON.parse(payload);
    window.Plotly[spec[0]].apply(null, [gd].concat(spec[1]));
  }
  function setupViews(box) {
    var gd = document.getElementById(box.dataset.target);
    var buttons = box.querySelectorAll("button[data-view]");
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        buttons.forEach(function (b) { b.setAttribute("aria-pressed", b === button ? "true" : "false"); });
        apply(gd, button.dataset.view);
      });
    });
    var select = box.querySelector("select");
    if (select) {
      select.addEventListener("change", function () {
        apply(gd, select.options[select.selectedIndex].dataset.view);
      });
    }
  }
  function start() {
    document.querySelectorAll(".rop-figure__views").forEach(setupViews);
    document.querySelectorAll(".rop-figure .plotly-graph-div").forEach(function (gd) {
      hideLayers(gd);
      new MutationObserver(function () { hideLayers(gd); }).observe(gd, { childList: true, subtree: true });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
