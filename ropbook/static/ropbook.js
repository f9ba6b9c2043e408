// Restyle the book's Plotly charts for the theme's light and dark modes.
// The theme sets data-theme="light|dark" on <html>; we watch it and relayout each chart.
(function () {
  "use strict";
  function colours() {
    var dark = document.documentElement.getAttribute("data-theme") === "dark";
    return dark ? { font: "#e4e4e4", grid: "#444444", zero: "#666666" } : { font: "#222222", grid: "#dddddd", zero: "#bbbbbb" };
  }
  function restyle(gd) {
    if (!window.Plotly || !gd || !gd.layout) return;
    var c = colours(), update = { "font.color": c.font };
    Object.keys(gd.layout).forEach(function (key) {
      if (/^[xy]axis\d*$/.test(key)) {
        update[key + ".gridcolor"] = c.grid;
        update[key + ".zerolinecolor"] = c.zero;
      }
    });
    window.Plotly.relayout(gd, update);
  }
  function restyleAll() {
    document.querySelectorAll(".rop-figure .js-plotly-plot").forEach(restyle);
  }
  function start() {
    if (document.documentElement.getAttribute("data-theme") === "dark") restyleAll();
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
