"""Print the whole book to one PDF (make pdf), with Debian's Chromium through Playwright.

`make pdf` first builds the book as one HTML page with Jupyter Book's ``singlehtml`` builder into
_build/singlehtml (reusing the notebooks' execution cache), then this script serves that page on
localhost, waits until every chart is drawn, opens the table alternatives, puts a table of contents
with links to every chapter at the top, and prints the page with the print stylesheet
(ropbook/static/ropbook.css, ``@media print``). Links between chapters are anchors on the one page,
so they work inside the PDF; the PDF's bookmarks (outline) follow the headings.

The PDF lands in _build/html/ beside the site, so the front page links to it.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from ropbook import ROOT
from ropbook import browser as rb

SINGLE = ROOT / "_build" / "singlehtml"
PDF_NAME = "samtidige-rop-lidelser.pdf"
OUT = rb.SITE / PDF_NAME

# A table of contents with working links, built from the chapters' own headings (h1 of each page).
# A table of contents with working links to every chapter. In the singlehtml page each chapter is
# a <section> right after an empty <span id="document-chapters/NAME">, with its title as the first heading.
MAKE_TOC = """() => {
  const main = document.querySelector('main') || document.body;
  const chapters = [...main.querySelectorAll('span[id^="document-"]')]
    .map(span => [span, span.nextElementSibling && span.nextElementSibling.querySelector('h1, h2, h3, h4')])
    .filter(([span, h]) => h);
  const nav = document.createElement('nav');
  nav.className = 'rop-pdf-toc';
  nav.setAttribute('aria-label', 'Innhold');
  nav.innerHTML = '<h2>Innhold</h2>';
  const ol = document.createElement('ol');
  for (const [span, h] of chapters) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = '#' + span.id;
    a.textContent = h.textContent.replace(/#\\s*$/, '').trim();
    li.appendChild(a); ol.appendChild(li);
  }
  nav.appendChild(ol);
  const style = document.createElement('style');
  style.textContent = '.rop-pdf-toc { break-after: page; } .rop-pdf-toc ol { list-style: none; padding: 0; } .rop-pdf-toc li { margin: 0.3rem 0; }'
    + ' span[id^="document-"] + section { break-before: page; } #jb-print-toc { display: none !important; }';
  document.head.appendChild(style);
  const article = main.querySelector('article') || main;
  article.prepend(nav);
  // The table alternatives are printed open.
  document.querySelectorAll('details.rop-figure__table').forEach(d => { d.open = true; });
  return chapters.length;
}"""


def unique_chart_ids(text: str) -> str:
    """A chart shown in two chapters has the same id twice on the one page: number the later copies.

    Each chart is one <figure class="rop-figure"> holding its div, its drawing script, its controls
    and its caption, so the id is renamed inside that figure only.
    """
    seen: dict[str, int] = {}
    out, pos = [], 0
    for m in re.finditer(r'<figure class="rop-figure".*?</figure>', text, re.S):
        block = m.group(0)
        ident = re.search(r'id="(rop-[a-z0-9-]+)" class="plotly-graph-div"', block)
        if ident:
            name = ident.group(1)
            seen[name] = seen.get(name, 0) + 1
            if seen[name] > 1:
                block = re.sub(rf'{re.escape(name)}(?=["\-])', f"{name}-{seen[name]}", block)
        out.append(text[pos:m.start()] + block)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def main() -> int:
    index = SINGLE / "index.html"
    if not index.exists():
        print(f"{index} finnes ikke: kjør make pdf (den bygger singlehtml først)", file=sys.stderr)
        return 1
    # index.html only redirects to the root document, which holds the whole book.
    target = re.search(r"url=([^\"]+)\"", index.read_text(encoding="utf-8"))
    source = SINGLE / (target.group(1) if target else "index.html")
    # Its links to _static/ are written as if it sat at the top of the folder: put a copy there.
    rel = "bok.html"
    page_file = SINGLE / rel
    page_file.write_text(unique_chart_ids(source.read_text(encoding="utf-8")), encoding="utf-8")
    start = time.time()
    html = page_file.read_text(encoding="utf-8")
    charts = html.count('class="plotly-graph-div"')
    with rb.serve(SINGLE) as base, rb.browser() as b:
        # About the width of an A4 page's text column, so the charts are drawn at the size they print.
        ctx = b.new_context(viewport={"width": 690, "height": 1000}, color_scheme="light")
        page = ctx.new_page()
        page.goto(base + rel, wait_until="load")
        page.wait_for_function(rb.WAIT_FOR_CHARTS, arg=charts, timeout=120000)
        rb.set_theme(page, "light")
        page.emulate_media(media="print")
        chapters = page.evaluate(MAKE_TOC)
        # Redraw every chart at the width of the printed column.
        page.evaluate("() => Promise.all([...document.querySelectorAll('.js-plotly-plot')].map(gd => Plotly.Plots.resize(gd)))")
        page.wait_for_timeout(1500)  # let the charts settle at the print width
        page.pdf(path=str(OUT), format="A4", print_background=True, outline=True, tagged=True,
                 margin={"top": "15mm", "bottom": "15mm", "left": "14mm", "right": "14mm"})
        ctx.close()
    print(f"{OUT.relative_to(ROOT)}: {chapters} kapitler, {charts} figurer, {OUT.stat().st_size // 1024} kB på {time.time() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
