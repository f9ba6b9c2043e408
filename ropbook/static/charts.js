// Draw the book's charts once plotly.js has arrived.
// Each chart is an empty .plotly-graph-div followed by its figure as JSON in a
// <script type="application/json" class="rop-plotly-json" data-for="ID">. plotly.js and this file
// are deferred (loaded in the page head without blocking the text, run in order after parsing),
// so the text shows first and every chart is drawn as soon as plotly.js is ready.
// This file runs before ropbook.js, so the dark-mode restyle there finds the charts drawn.
(function () {
  "use strict";
  function drawAll() {
    if (!window.Plotly) return false;
    document.querySelectorAll("script.rop-plotly-json").forEach(function (node) {
      var gd = document.getElementById(node.getAttribute("data-for"));
      if (!gd || gd.getAttribute("data-rop-drawn")) return;
      gd.setAttribute("data-rop-drawn", "1");
      var fig = JSON.parse(node.textContent);
      window.Plotly.newPlot(gd, fig.data, fig.layout, fig.config).then(function () {
        if (fig.frames) window.Plotly.addFrames(gd, fig.frames);
      });
    });
    return true;
  }
  window.ropbookDrawCharts = drawAll;
  if (!drawAll()) window.addEventListener("load", drawAll);
})();
