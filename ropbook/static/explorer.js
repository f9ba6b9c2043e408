// «Utforsk dataene» in the static book: no kernel, no network. The tables and the rules (filter
// columns, value names, grouping, year column) come from ropbook.explore at build time, in
// window.ROPBOOK_DATA (_static/rop-data.js); the view is kept in the address (#tabell=…&…).
(function () {
  "use strict";
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }  // code-point order, as Python's sorted()
  function nb(n) {  // Norwegian number: decimal comma, space between thousands
    var s = Number.isInteger(n) ? String(n) : String(Math.round(n * 10) / 10);
    var parts = s.split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
    return parts.join(",");
  }
  var ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  function esc(v) { return String(v).replace(/[&<>"']/g, function (c) { return ESC[c]; }); }
  function csvCell(v) { return /[",\n\r]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; }

  // Mirrors explore.filter_rows: every chosen value must match; rows without a year are kept.
  function filterRows(t, choices, years) {
    var idx = {}; t.columns.forEach(function (c, i) { idx[c] = i; });
    return t.rows.filter(function (r) {
      for (var c in choices) { if (choices[c] && r[idx[c]] !== choices[c]) return false; }
      if (years && t.years) {
        var raw = r[idx[t.years.column]];
        if (raw !== "") { var y = Number(raw); if (y < years[0] || y > years[1]) return false; }
      }
      return true;
    });
  }
  // Mirrors explore.summary: indicator values by label, else rows counted by a column.
  function summary(t, rows, by) {
    var idx = {}; t.columns.forEach(function (c, i) { idx[c] = i; });
    if (t.values) {
      return {
        labels: rows.map(function (r) { var y = r[idx.year_start]; return y !== "" ? r[idx.label] + " (" + parseInt(y, 10) + ")" : r[idx.label]; }),
        values: rows.map(function (r) { return Number(r[idx.value]); }),
        axis: "Verdi (se enheten i tabellen)"
      };
    }
    var group = t.groups.filter(function (g) { return g.column === by; })[0] || t.groups[0];
    var counts = {};
    rows.forEach(function (r) {
      var raw = r[idx[group.column]];
      var key = raw === "" ? "(tom)" : (group.names.hasOwnProperty(raw) ? group.names[raw] : raw);
      counts[key] = (counts[key] || 0) + 1;
    });
    var pairs = Object.keys(counts).map(function (k) { return [k, counts[k]]; });
    pairs.sort(function (a, b) { return b[1] - a[1] || cmp(a[0], b[0]); });
    return { labels: pairs.map(function (p) { return p[0]; }), values: pairs.map(function (p) { return p[1]; }),
             axis: "Antall rader etter «" + group.label + "»" };
  }

  function setup(root) {
    var D = window.ROPBOOK_DATA;
    if (!D) { root.insertBefore(el("p", {}, "Dataene til utforskeren mangler (rop-data.js)."), root.firstChild); return; }
    var layout = JSON.parse(root.querySelector(".rop-ex__layout").textContent);
    var q = function (role) { return root.querySelector('[data-role="' + role + '"]'); };
    var tableSel = q("table"), bySel = q("by"), filtersBox = q("filters"), yearsBox = q("years");
    var yFrom = q("year-from"), yTo = q("year-to"), chart = q("chart");
    var state = { table: root.dataset.defaultTable, filters: {}, by: null, years: null, orientation: "h" };
    var drawn = false;

    D.order.forEach(function (name) { tableSel.appendChild(el("option", { value: name }, D.tables[name].title)); });

    function readHash() {
      var h = new URLSearchParams(location.hash.replace(/^#/, ""));
      if (h.get("tabell") && D.tables[h.get("tabell")]) state.table = h.get("tabell");
      state.filters = {};
      h.forEach(function (v, k) { if (k.indexOf("filter.") === 0) state.filters[k.slice(7)] = v; });
      state.by = h.get("etter");
      state.orientation = h.get("stolper") === "v" ? "v" : "h";
      var yr = (h.get("aar") || "").split("-").map(Number);
      state.years = yr.length === 2 && !isNaN(yr[0]) && !isNaN(yr[1]) ? yr : null;
    }
    function writeHash() {
      var h = new URLSearchParams();
      h.set("tabell", state.table);
      Object.keys(state.filters).forEach(function (c) { if (state.filters[c]) h.set("filter." + c, state.filters[c]); });
      if (state.by) h.set("etter", state.by);
      if (state.years) h.set("aar", state.years[0] + "-" + state.years[1]);
      if (state.orientation === "v") h.set("stolper", "v");
      var hash = "#" + h.toString();
      if (location.hash !== hash) history.replaceState(null, "", hash);
      q("link").setAttribute("href", hash);
    }
    function buildControls() {
      var t = D.tables[state.table];
      tableSel.value = state.table;
      filtersBox.innerHTML = "";
      t.filters.forEach(function (f) {
        var label = el("label", {}, f.label + " ");
        var s = el("select", { "data-filter": f.column });
        s.appendChild(el("option", { value: "" }, "Alle"));
        f.values.forEach(function (v) { s.appendChild(el("option", { value: v[0] }, v[1])); });
        if (state.filters[f.column] && f.values.some(function (v) { return v[0] === state.filters[f.column]; })) s.value = state.filters[f.column];
        else delete state.filters[f.column];
        s.addEventListener("change", function () { state.filters[f.column] = s.value; update(); });
        label.appendChild(s);
        filtersBox.appendChild(label);
      });
      Object.keys(state.filters).forEach(function (c) { if (!t.filters.some(function (f) { return f.column === c; })) delete state.filters[c]; });
      bySel.innerHTML = "";
      t.groups.forEach(function (g) { bySel.appendChild(el("option", { value: g.column }, g.label)); });
      if (!t.groups.some(function (g) { return g.column === state.by; })) state.by = t.groups[0].column;
      bySel.value = state.by;
      q("by-label").hidden = t.values;
      yearsBox.hidden = !t.years;
      if (t.years) {
        [yFrom, yTo].forEach(function (i) { i.min = t.years.min; i.max = t.years.max; });
        if (!state.years) state.years = [t.years.min, t.years.max];
        yFrom.value = state.years[0]; yTo.value = state.years[1];
      } else state.years = null;
    }
    function update() {
      var t0 = performance.now();
      var t = D.tables[state.table];
      var rows = filterRows(t, state.filters, state.years);
      var s = summary(t, rows, state.by);
      var horizontal = state.orientation === "h";
      q("count").textContent = rows.length + " av " + t.rows.length + " rader valgt";
      q("title").textContent = t.title + ": " + s.axis.toLowerCase() + ".";
      // On a narrow screen long labels are shortened (the table under the chart has them in full).
      var narrow = (chart.clientWidth || root.clientWidth) < 560;
      var shown = s.labels.map(function (l) { return narrow && l.length > 24 ? l.slice(0, 23) + "…" : l; });
      var trace = { type: "bar", orientation: state.orientation, marker: { color: "#0072B2" },
                    x: horizontal ? s.values : shown, y: horizontal ? shown : s.values,
                    customdata: s.labels,
                    hovertemplate: horizontal ? "%{customdata}: %{x}<extra></extra>" : "%{customdata}: %{y}<extra></extra>" };
      var lay = JSON.parse(JSON.stringify(layout));
      lay.height = horizontal ? Math.max(380, 26 * s.labels.length + 120) : 420;
      lay.yaxis = Object.assign({}, lay.yaxis, { autorange: horizontal ? "reversed" : true, automargin: true });
      lay.xaxis = Object.assign({}, lay.xaxis, { automargin: true });
      lay.margin = { l: 10, r: 10, t: 20, b: 10 };
      if (window.ropbookTheme) {  // the page's theme, in the book's chart colours (ropbook.js)
        var theme = window.ropbookTheme.mode();
        window.ropbookTheme.apply(lay, theme);
        chart.setAttribute("data-rop-theme", theme);
      }
      if (window.Plotly) {
        window.Plotly.react(chart, [trace], lay, { displaylogo: false, responsive: true, modeBarButtons: [["toImage", "resetScale2d"]] });
        // As ropbook.js does for the book's charts: the SVG layers are hidden from assistive technology
        // (the figure is named by its caption, and the tables hold the numbers); the toolbar stays reachable.
        chart.querySelectorAll("svg.main-svg").forEach(function (svg) { svg.setAttribute("aria-hidden", "true"); svg.setAttribute("focusable", "false"); });
        drawn = true;
      } else {
        setTimeout(update, 50);  // plotly.js loads deferred
      }
      var sum = q("summary");
      sum.innerHTML = "";
      var cap = el("caption", {}, t.title + ": " + s.axis.toLowerCase());
      sum.appendChild(cap);
      var head = el("thead"); var hr = el("tr");
      hr.appendChild(el("th", { scope: "col" }, t.values ? "Tall" : "Verdi")); hr.appendChild(el("th", { scope: "col" }, t.values ? "Verdi" : "Rader"));
      head.appendChild(hr); sum.appendChild(head);
      var body = el("tbody");
      s.labels.forEach(function (l, i) { var tr = el("tr"); tr.appendChild(el("th", { scope: "row" }, l)); tr.appendChild(el("td", {}, nb(s.values[i]))); body.appendChild(tr); });
      sum.appendChild(body);
      // The rows as one HTML string: far quicker than a DOM node per cell.
      var html = [];
      if (rows.length > D.maxRows) html.push("<p>Viser de første " + D.maxRows + " av " + rows.length + " radene.</p>");
      html.push('<table class="rop-table"><caption>Radene i utvalget</caption><thead><tr>');
      t.columns.forEach(function (c) { html.push('<th scope="col">' + esc(c) + "</th>"); });
      html.push("</tr></thead><tbody>");
      rows.slice(0, D.maxRows).forEach(function (r) {
        html.push("<tr>");
        r.forEach(function (v) { html.push("<td>" + (v === "" ? "–" : esc(v)) + "</td>"); });
        html.push("</tr>");
      });
      html.push("</tbody></table>");
      q("rows").innerHTML = html.join("");
      root.ropSelection = rows;
      writeHash();
      root.dataset.lastUpdateMs = String(performance.now() - t0);
    }
    tableSel.addEventListener("change", function () { state.table = tableSel.value; state.filters = {}; state.by = null; state.years = null; buildControls(); update(); });
    bySel.addEventListener("change", function () { state.by = bySel.value; update(); });
    [yFrom, yTo].forEach(function (i) {
      i.addEventListener("change", function () {
        var a = Number(yFrom.value), b = Number(yTo.value);
        if (!isNaN(a) && !isNaN(b)) { state.years = [Math.min(a, b), Math.max(a, b)]; update(); }
      });
    });
    root.querySelectorAll("[data-orientation]").forEach(function (b) {
      b.addEventListener("click", function () {
        state.orientation = b.dataset.orientation;
        root.querySelectorAll("[data-orientation]").forEach(function (o) { o.setAttribute("aria-pressed", String(o === b)); });
        update();
      });
    });
    q("reset").addEventListener("click", function () { state.filters = {}; state.years = null; buildControls(); update(); });
    q("download").addEventListener("click", function () {
      var t = D.tables[state.table];
      var lines = [t.columns.map(csvCell).join(",")].concat(root.ropSelection.map(function (r) { return r.map(csvCell).join(","); }));
      var blob = new Blob([lines.join("\n") + "\n"], { type: "text/csv;charset=utf-8" });
      var a = el("a", { href: URL.createObjectURL(blob), download: state.table + "-utvalg.csv" });
      document.body.appendChild(a); a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    });
    readHash();
    buildControls();
    root.querySelectorAll("[data-orientation]").forEach(function (o) { o.setAttribute("aria-pressed", String(o.dataset.orientation === state.orientation)); });
    update();
    root.ropExplorer = { filterRows: filterRows, summary: summary };
  }
  function start() { document.querySelectorAll("[data-rop-explorer]").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
