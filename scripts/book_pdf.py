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

import sys
import time
from pathlib import Path

from ropbook import ROOT
from ropbook import browser as rb

SINGLE = ROOT / "_build" / "singlehtml"
PDF_NAME = "samtidige-rop-lidelser.pdf"
OUT = rb.SITE / PDF_NAME

# A table of contents with working links, built from the chapters' own headings (h1 of each page).
MAKE_TOC = """() => {
  const main = document.querySelector('main') || document.body;
  const titles = [...main.querySelectorAll('section > h1')].filter(h => h.closest('section').id);
  const nav = document.createElement('nav');
  nav.className = 'rop-pdf-toc';
  nav.setAttribute('aria-label', 'Innhold');
  nav.innerHTML = '<h1>Innhold</h1>';
  const ol = document.createElement('ol');
  for (const h of titles) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = '#' + h.closest('section').id;
    a.textContent = h.textContent.replace(/[#¶]\\s*$/, '').trim();
    li.appendChild(a); ol.appendChild(li);
  }
  nav.appendChild(ol);
  const style = document.createElement('style');
  style.textContent = '.rop-pdf-toc { break-after: page; } .rop-pdf-toc ol { list-style: none; padding: 0; } .rop-pdf-toc li { margin: 0.3rem 0; }'
    + ' main section > h1 { break-before: page; }';
  document.head.appendChild(style);
  const article = main.querySelector('article') || main;
  article.prepend(nav);
  // The table alternatives are printed open.
  document.querySelectorAll('details.rop-figure__table').forEach(d => { d.open = true; });
  return titles.length;
}"""


def main() -> int:
    page_file = SINGLE / "index.html"
    if not page_file.exists():
        print(f"{page_file} finnes ikke: kjør make pdf (den bygger singlehtml først)", file=sys.stderr)
        return 1
    start = time.time()
    html = page_file.read_text(encoding="utf-8")
    charts = html.count('class="plotly-graph-div"')
    with rb.serve(SINGLE) as base, rb.browser() as b:
        ctx = b.new_context(viewport={"width": 1000, "height": 1400}, color_scheme="light")
        page = ctx.new_page()
        page.goto(base + "index.html", wait_until="load")
        page.wait_for_function(rb.WAIT_FOR_CHARTS, arg=charts, timeout=120000)
        rb.set_theme(page, "light")
        page.emulate_media(media="print")
        chapters = page.evaluate(MAKE_TOC)
        page.wait_for_timeout(1500)  # let the charts settle at the print width
        page.pdf(path=str(OUT), format="A4", print_background=True, outline=True, tagged=True,
                 margin={"top": "15mm", "bottom": "15mm", "left": "14mm", "right": "14mm"})
        ctx.close()
    print(f"{OUT.relative_to(ROOT)}: {chapters} kapitler, {charts} figurer, {OUT.stat().st_size // 1024} kB på {time.time() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
