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
