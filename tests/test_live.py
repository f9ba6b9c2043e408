"""Live mode (make live): Voilà runs the Utforsk notebooks with working widgets, offline.

Starts Voilà on a free local port with the project's template and ROPBOOK_LIVE=1, drives the
widgets in Debian's Chromium, and checks that the chart and the table change, that bad answer
files are refused with a message, and that no request leaves the machine.
"""

import os
import time
from urllib.parse import urlparse

import pytest

from ropbook import data
from ropbook import browser as rb

@pytest.fixture(scope="module")
def voila():
    if not os.path.exists(rb.CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium mangler på {rb.CHROMIUM}")
        pytest.skip("Chromium mangler")
    with rb.voila_server() as base, rb.browser() as b:
        yield base, b


def _open(b, url):
    page = b.new_page(viewport={"width": 1280, "height": 900})
    foreign, errors = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    def route(r):
        host = urlparse(r.request.url).hostname
        if host in ("127.0.0.1", "localhost") or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            foreign.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(url, timeout=90000)
    page.wait_for_selector(".js-plotly-plot svg.main-svg", timeout=90000)
    page.wait_for_timeout(1000)
    return page, foreign, errors


def _bars(page):
    return page.evaluate("() => document.querySelectorAll('.js-plotly-plot .bars path').length")


def test_explorer_filters_redraw_chart_and_table(voila):
    base, b = voila
    page, foreign, errors = _open(b, base + "voila/render/utforsk-dataene.ipynb")
    try:
        ref = data.reforms()
        assert f"{len(ref)} av {len(ref)} rader valgt" in page.inner_text("body")
        before = _bars(page)
        assert before == ref["source_id"].nunique()
        page.get_by_label("Felt", exact=True).select_option(label="Rus")
        expected = int((ref["field"] == "rus").sum())
        page.wait_for_function(f"() => document.body.innerText.includes('{expected} av {len(ref)} rader valgt')", timeout=15000)
        page.wait_for_timeout(500)
        assert _bars(page) == ref.loc[ref["field"] == "rus", "source_id"].nunique()
        rows = page.evaluate("() => document.querySelectorAll('.rop-live-rows tbody tr').length")
        assert rows == expected
        assert not foreign, foreign
        assert not errors, errors
    finally:
        page.close()


def test_selfassessment_profile_and_bad_file(voila, tmp_path):
    base, b = voila
    page, foreign, errors = _open(b, base + "voila/render/hvor-star-var-kommune.ipynb")
    try:
        answered = "() => document.getElementById ? [...document.querySelectorAll('.js-plotly-plot')].length : 0"
        assert page.evaluate(answered) >= 1
        first = page.locator(".widget-dropdown select").first
        first.select_option(label="I liten grad")
        page.wait_for_function("() => document.body.innerText.includes('Her ligger dere under forventningen')", timeout=15000)
        bad = tmp_path / "feil.json"
        bad.write_text('{"format": "ropbok-selvvurdering", "versjon": 1, "svar": {"k2-rp1": 9}}', encoding="utf-8")
        with page.expect_file_chooser() as chooser:
            page.get_by_role("button", name="Hent svar fra fil").click()
        chooser.value.set_files(str(bad))
        page.wait_for_function("() => document.body.innerText.includes('Kunne ikke hente svarene')", timeout=15000)
        assert "Svarene må være heltall fra 0 til 3" in page.inner_text("body")
        assert first.evaluate("s => s.options[s.selectedIndex].text").replace("\xa0", " ") == "I liten grad", "svarene skal stå urørt"
        assert not foreign, foreign
    finally:
        page.close()


def test_explorer_redraws_within_300_ms(voila):
    """A filter change redraws the count, the chart and the rows within 300 ms in the browser, every time."""
    from ropbook.labels import FIELD

    base, b = voila
    page, foreign, errors = _open(b, base + "voila/render/utforsk-dataene.ipynb")
    try:
        ref = data.reforms()
        field = page.get_by_label("Felt", exact=True)
        counts = {f: int((ref["field"] == f).sum()) for f in FIELD if f in set(ref["field"])}
        steps, last = [], len(ref)
        for code in list(counts) * 3:  # only changes that alter the row count, so the page's count is a sure signal
            if counts[code] != last:
                steps.append(code)
                last = counts[code]
        assert len(steps) >= 4
        times = []
        for k, code in enumerate(steps):
            rows = int((ref["field"] == code).sum())
            bars = int(ref.loc[ref["field"] == code, "source_id"].nunique())
            # Start listening before the change; the promise waits in the page until the new selection is drawn.
            page.evaluate(f"args => {{ window.__ropRedraw = ({rb.LIVE_REDRAW_MS})(args); }}", [rows, bars])
            field.select_option(label=FIELD[code])
            ms = page.evaluate("() => window.__ropRedraw")
            if k:  # the first change warms the kernel's caches
                times.append(ms)
        assert max(times) <= 300, f"tregeste nye tegning {max(times):.0f} ms (alle: {[round(t) for t in times]})"
        assert not foreign and not errors
    finally:
        page.close()
