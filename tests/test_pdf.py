"""The book as one PDF (make pdf): every chapter and every chart is in it, with a table of contents and working links."""

import html
import os
import re
import unicodedata

import pytest

from ropbook import browser as rb

PDF = rb.SITE / "samtidige-rop-lidelser.pdf"


def _squash(text: str) -> str:
    """Compare text without spaces, line breaks, soft hyphens or quote styles (PDF text extraction varies in those)."""
    return re.sub(r"[\s\u00ad«»\"'’‘“”–\-]", "", unicodedata.normalize("NFKC", text)).lower()


@pytest.fixture(scope="module")
def pdf():
    if not PDF.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{PDF} mangler: make test skal lage den (make pdf)")
        pytest.skip("PDF-en er ikke laget (make pdf)")
    from pypdf import PdfReader

    reader = PdfReader(str(PDF))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return reader, text


def _chapter_titles():
    titles = {}
    for rel in rb.pages():
        if not rel.startswith("chapters/"):
            continue
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", (rb.SITE / rel).read_text(encoding="utf-8"), re.S)
        inner = re.sub(r'<a class="headerlink".*?</a>|<span class="section-number">.*?</span>', "", h1.group(1), flags=re.S)
        titles[rel] = html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()
        assert len(titles[rel]) >= 5, f"{rel}: fant ikke kapitteltittelen"
    return titles


def _chart_titles():
    out = []
    for rel in rb.pages():
        out += [(rel, html.unescape(t)) for t in re.findall(r'<span class="rop-figure__title">(.*?)\.</span>', (rb.SITE / rel).read_text(encoding="utf-8"))]
    return out


def test_every_chapter_is_in_the_pdf(pdf):
    _, text = pdf
    flat = _squash(text)
    titles = _chapter_titles()
    assert len(titles) >= 15
    missing = [t for t in titles.values() if _squash(t) not in flat]
    assert not missing, f"kapitler som mangler i PDF-en: {missing}"


def test_every_chart_is_in_the_pdf(pdf):
    reader, text = pdf
    flat = _squash(text)
    charts = _chart_titles()
    assert len(charts) >= 12
    missing = [f"{rel}: {t}" for rel, t in charts if _squash(t) not in flat]
    assert not missing, f"figurer som mangler i PDF-en: {missing}"
    # the table alternatives are printed open: their captions are in the text too
    assert flat.count(_squash("Tallene bak figuren")) >= len(charts)


def test_pdf_has_a_table_of_contents_with_working_links(pdf):
    reader, text = pdf
    first = _squash(reader.pages[0].extract_text() or "")
    assert _squash("Innhold") in first[:120], "innholdsfortegnelsen skal stå først, etter tittelen"
    for title in list(_chapter_titles().values())[:3]:
        assert _squash(title) in first or _squash(title) in _squash(reader.pages[1].extract_text() or ""), title
    internal = 0
    for page in reader.pages[:3]:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/Subtype") == "/Link" and ("/Dest" in a or (a.get("/A") or {}).get("/S") == "/GoTo"):
                internal += 1
    assert internal >= len(_chapter_titles()) - 1, f"bare {internal} interne lenker i innholdsfortegnelsen"
    def flatten(items):
        for item in items:
            yield from (flatten(item) if isinstance(item, list) else [item])

    bookmarks = [b["/Title"] for b in flatten(reader.outline)]
    assert sum(any(_squash(t) in _squash(b) for b in bookmarks) for t in _chapter_titles().values()) >= 10, "PDF-en mangler bokmerker til kapitlene"


def test_front_page_links_to_the_pdf(pdf):
    front = (rb.SITE / "chapters" / "velkommen.html").read_text(encoding="utf-8")
    href = re.search(r'<a href="([^"]+\.pdf)"', front)
    assert href, "forsiden lenker ikke til PDF-en"
    assert (rb.SITE / "chapters" / href.group(1)).resolve() == PDF.resolve()
