/* «Sjekk deg selv»: checks the answers of each self-test question in the reader's browser.
 * Works on the static page (no kernel, no network). The markup comes from
 * ropbook/templates/quiz.html.j2: native radios, checkboxes and selects in a <fieldset>,
 * a hidden «Sjekk svaret» button that this script shows, and a role="status" region that
 * screen readers announce. The explanation and the link are copied from the <details>. */
(function () {
  "use strict";

  function text(el) { return el ? el.textContent.trim() : ""; }

  function node(tag, cls, content) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (content) el.textContent = content;
    return el;
  }

  function mark(row, ok) {
    var m = row.querySelector(".rop-quiz__mark");
    row.classList.remove("rop-quiz--right", "rop-quiz--wrong");
    if (ok === null) { if (m) m.textContent = ""; return; }
    row.classList.add(ok ? "rop-quiz--right" : "rop-quiz--wrong");
    if (m) m.textContent = ok ? "✓ riktig" : "✗ feil";
  }

  function checkChoice(form) {
    var right = form.dataset.correct.split(",");
    var inputs = form.querySelectorAll("input");
    var chosen = 0, hits = 0, misses = 0;
    inputs.forEach(function (input) {
      var row = input.closest(".rop-quiz__opt");
      if (!input.checked) { mark(row, null); return; }
      chosen += 1;
      var ok = right.indexOf(input.value) !== -1;
      if (ok) hits += 1; else misses += 1;
      mark(row, ok);
    });
    if (!chosen) return { empty: true };
    var correct = hits === right.length && misses === 0;
    var detail = "";
    if (!correct && form.dataset.kind === "flervalg") {
      detail = hits + " av " + right.length + " riktige er valgt" + (misses ? ", og " + misses + " av valgene er feil." : ".");
    }
    return { correct: correct, detail: detail };
  }

  function checkPairs(form) {
    var selects = form.querySelectorAll("select");
    var answered = 0, hits = 0;
    selects.forEach(function (sel) {
      var row = sel.closest(".rop-quiz__pair");
      if (!sel.value) { mark(row, null); sel.removeAttribute("aria-invalid"); return; }
      answered += 1;
      var ok = sel.value === sel.dataset.correct;
      if (ok) hits += 1;
      mark(row, ok);
      sel.setAttribute("aria-invalid", ok ? "false" : "true");
    });
    if (!answered) return { empty: true };
    var correct = hits === selects.length;
    return { correct: correct, detail: correct ? "" : hits + " av " + selects.length + " par er riktige." };
  }

  function feedback(form, result) {
    var box = form.querySelector(".rop-quiz__feedback");
    box.replaceChildren();
    box.classList.remove("rop-quiz__feedback--right", "rop-quiz__feedback--wrong");
    if (result.empty) {
      box.appendChild(node("p", "rop-quiz__verdict", "Velg et svar først."));
      return;
    }
    box.classList.add(result.correct ? "rop-quiz__feedback--right" : "rop-quiz__feedback--wrong");
    var verdict = node("p", "rop-quiz__verdict");
    verdict.appendChild(node("strong", null, result.correct ? "Riktig." : "Ikke riktig ennå."));
    if (result.detail) verdict.appendChild(document.createTextNode(" " + result.detail));
    box.appendChild(verdict);
    box.appendChild(node("p", "rop-quiz__why", text(form.querySelector(".rop-quiz__explanation"))));
    var src = form.querySelector(".rop-quiz__link");
    if (src) {
      var p = node("p");
      var a = node("a", "rop-quiz__feedback-link", text(src));
      a.href = src.getAttribute("href");
      p.appendChild(a);
      box.appendChild(p);
    }
  }

  function setup(form) {
    var button = form.querySelector(".rop-quiz__check");
    if (!button) return;
    button.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var result = form.dataset.kind === "par" ? checkPairs(form) : checkChoice(form);
      feedback(form, result);
    });
  }

  // Print: open every answer, so a printed page holds questions and answers.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".rop-quiz__answer:not([open])").forEach(function (d) { d.open = true; opened.push(d); });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  function init() { document.querySelectorAll("form.rop-quiz__q").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
