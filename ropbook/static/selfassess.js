// «Hvor står vår kommune?» in the static book: the self-assessment with no kernel and no network.
// The rules (points, scale, threshold, file format) come from ropbook.selfassess at build time, in
// the page's JSON config; this script applies them. tests/test_workshop_browser.py checks that it
// gives the same profile, shortfalls and file decisions as the Python version.
(function () {
  "use strict";
  var STORE = "ropbok-selvvurdering";

  function pyRepr(v) {  // how Python's repr() writes a JSON value, so both versions word errors alike
    if (v === null) return "None";
    if (v === true) return "True";
    if (v === false) return "False";
    if (typeof v === "string") return "'" + v + "'";
    if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(v);
    return JSON.stringify(v);
  }

  // Mirrors selfassess.parse_answers. Returns {answers} or {error}.
  function parseAnswers(text, cfg) {
    var doc;
    try { doc = JSON.parse(text); } catch (e) { return { error: "Filen er ikke gyldig JSON." }; }
    if (!doc || typeof doc !== "object" || Array.isArray(doc) || doc.format !== cfg.format)
      return { error: "Filen er ikke en svarfil fra selvvurderingen (mangler «format»: «" + cfg.format + "»)." };
    if (doc.versjon !== cfg.version)
      return { error: "Ukjent versjon av svarfilen: " + pyRepr(doc.versjon === undefined ? null : doc.versjon) + "; denne siden leser versjon " + cfg.version + "." };
    var svar = doc.svar;
    if (!svar || typeof svar !== "object" || Array.isArray(svar)) return { error: "Filen mangler feltet «svar» med svarene." };
    var known = cfg.points.map(function (p) { return p.id; });
    var unknown = Object.keys(svar).filter(function (k) { return known.indexOf(k) < 0; }).sort();
    if (unknown.length)
      return { error: "Ukjente punkter i filen: " + unknown.join(", ") + ". Gyldige punkter er " + known.slice().sort().join(", ") + "." };
    var keys = Object.keys(svar), out = {};
    for (var i = 0; i < keys.length; i++) {
      var v = svar[keys[i]];
      var ok = typeof v === "number" && isFinite(v) && Number.isInteger(v) && cfg.scale.hasOwnProperty(String(v));
      if (!ok) return { error: "Ugyldig svar for " + keys[i] + ": " + pyRepr(v) + ". Svarene må være heltall fra 0 til " + cfg.top + "." };
      out[keys[i]] = v;
    }
    return { answers: out };
  }

  // Mirrors selfassess.dump_answers (json.dumps with indent=1): only known, answered points.
  function dumpAnswers(answers, name, cfg) {
    var clean = {};
    Object.keys(answers).forEach(function (k) { if (answers[k] !== null && answers[k] !== undefined) clean[k] = answers[k]; });
    return JSON.stringify({ format: cfg.format, versjon: cfg.version, navn: name, svar: clean }, null, 1);
  }

  function setup(root) {
    var cfg = JSON.parse(root.querySelector(".rop-sa__config").textContent);
    var form = root.querySelector(".rop-sa__form");
    var nameInput = root.querySelector("#rop-sa-name");
    var status = root.querySelector(".rop-sa__status");
    var gaps = root.querySelector(".rop-sa__gaps");
    var message = root.querySelector(".rop-sa__message");
    var summary = root.querySelector(".rop-sa__summary");
    var chart = root.querySelector(".plotly-graph-div");

    function answers() {
      var out = {};
      cfg.points.forEach(function (p) {
        var checked = form.querySelector('input[name="' + p.id + '"]:checked');
        out[p.id] = checked && checked.value !== "" ? Number(checked.value) : null;
      });
      return out;
    }
    function setAnswers(a) {
      cfg.points.forEach(function (p) {
        var v = a[p.id];
        var value = v === null || v === undefined ? "" : String(v);
        var input = form.querySelector('input[name="' + p.id + '"][value="' + value + '"]');
        if (input) input.checked = true;
      });
    }
    function profile(a) {  // the same numbers selfassess.profile_figure gives its second trace
      return {
        x: cfg.points.map(function (p) { return a[p.id] === null ? 0 : a[p.id]; }),
        colours: cfg.points.map(function (p) { return a[p.id] !== null && a[p.id] <= cfg.low ? cfg.colours.low : cfg.colours.ok; }),
        hover: cfg.points.map(function (p) {
          return p.kind + ": " + p.text + "<br><b>Vårt svar:</b> " + (a[p.id] === null ? "ikke besvart" : cfg.scale[String(a[p.id])]);
        })
      };
    }
    function shortfalls(a) {
      return cfg.points.filter(function (p) { return a[p.id] !== null && a[p.id] <= cfg.low; });
    }
    function drawChart(a, tries) {
      var pr = profile(a);
      if (!window.Plotly || !chart || !chart.data) {  // plotly.js may still be loading
        if ((tries || 0) < 200) setTimeout(function () { drawChart(answers(), (tries || 0) + 1); }, 50);
        return;
      }
      window.Plotly.restyle(chart, { x: [pr.x], "marker.color": [pr.colours], hovertext: [pr.hover] }, [1]);
      chart.setAttribute("data-rop-answers", JSON.stringify(pr.x));
    }
    function escape(s) { var d = document.createElement("div"); d.textContent = s; return d.innerHTML; }
    function render() {
      var a = answers(), low = shortfalls(a);
      var answered = cfg.points.filter(function (p) { return a[p.id] !== null; }).length;
      status.textContent = answered === 0 ? "Ingen punkter er besvart ennå." :
        answered + " av " + cfg.points.length + " punkter er besvart. " +
        (low.length ? low.length + " ligger under forventningen." : "Ingen ligger under forventningen.");
      if (answered === 0) gaps.innerHTML = "";
      else if (!low.length) gaps.innerHTML = "<p>Ingen punkter er besvart med «ikke i det hele tatt» eller «i liten grad».</p>";
      else gaps.innerHTML = "<p><b>Her ligger dere under forventningen:</b></p><ul>" + low.map(function (p) {
        return '<li data-point="' + escape(p.id) + '">' + escape(p.text) + ' – les mer i <a href="' + escape(p.chapter) + '.html">' +
          escape(p.chapterTitle) + "</a></li>";
      }).join("") + "</ul>";
      drawChart(a);
      summary.innerHTML = "<h2>Selvvurdering" + (nameInput.value ? ": " + escape(nameInput.value) : "") + "</h2><p>Skrevet ut " +
        escape(new Date().toLocaleDateString("nb-NO")) + ".</p><table><caption>Svarene</caption><thead><tr><th scope=\"col\">Punkt</th><th scope=\"col\">Svar</th></tr></thead><tbody>" +
        cfg.points.map(function (p) {
          return "<tr><td>" + escape(p.kind + ": " + p.text) + "</td><td>" + escape(a[p.id] === null ? "Ikke svart" : cfg.scale[String(a[p.id])]) + "</td></tr>";
        }).join("") + "</tbody></table>" + gaps.innerHTML;
      try { localStorage.setItem(STORE, dumpAnswers(a, nameInput.value, cfg)); } catch (e) { /* storage off: answers stay on screen */ }
    }
    function show(text, isError) {
      message.textContent = text;
      message.classList.toggle("rop-sa__message--error", !!isError);
    }

    form.addEventListener("change", render);
    nameInput.addEventListener("input", render);
    root.querySelector('[data-action="save"]').addEventListener("click", function () {
      var blob = new Blob([dumpAnswers(answers(), nameInput.value, cfg)], { type: "application/json" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "selvvurdering.json";
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
      show("Svarene er lagret i filen selvvurdering.json (i nedlastingsmappen).");
    });
    root.querySelector('[data-action="load"]').addEventListener("change", function (ev) {
      var file = ev.target.files && ev.target.files[0];
      if (!file) return;
      var reader = new FileReader();
      reader.onload = function () {
        var text;
        try { text = new TextDecoder("utf-8", { fatal: true }).decode(reader.result); }
        catch (e) { show("Kunne ikke hente svarene: Filen er ikke en tekstfil i UTF-8. Velg en fil som er lagret fra denne siden. Svarene på siden er ikke endret.", true); return; }
        var res = parseAnswers(text, cfg);
        if (res.error) { show("Kunne ikke hente svarene: " + res.error + " Svarene på siden er ikke endret.", true); return; }
        var blank = {};
        cfg.points.forEach(function (p) { blank[p.id] = null; });
        setAnswers(Object.assign(blank, res.answers));
        try { nameInput.value = JSON.parse(text).navn || ""; } catch (e) { /* parsed above */ }
        render();
        show("Hentet " + Object.keys(res.answers).length + " svar fra filen.");
      };
      reader.readAsArrayBuffer(file);
      ev.target.value = "";
    });
    root.querySelector('[data-action="print"]').addEventListener("click", function () {
      render();
      document.documentElement.classList.add("rop-sa-printing");
      window.print();
      setTimeout(function () { document.documentElement.classList.remove("rop-sa-printing"); }, 500);
    });
    root.querySelector('[data-action="clear"]').addEventListener("click", function () {
      var blank = {};
      cfg.points.forEach(function (p) { blank[p.id] = null; });
      setAnswers(blank);
      nameInput.value = "";
      try { localStorage.removeItem(STORE); } catch (e) { /* nothing stored */ }
      render();
      show("Svarene er tømt.");
    });

    try {  // answers survive a reload
      var saved = localStorage.getItem(STORE);
      if (saved) {
        var res = parseAnswers(saved, cfg);
        if (res.answers) { setAnswers(res.answers); nameInput.value = JSON.parse(saved).navn || ""; }
      }
    } catch (e) { /* storage off */ }
    render();
    root.ropSelfAssessment = { parse: function (t) { return parseAnswers(t, cfg); }, dump: function (a, n) { return dumpAnswers(a, n, cfg); },
                               profile: profile, shortfalls: function (a) { return shortfalls(a).map(function (p) { return p.id; }); } };
  }
  function start() { document.querySelectorAll("[data-rop-selfassessment]").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
