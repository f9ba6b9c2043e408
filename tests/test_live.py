"""Live mode (make live): Voilà runs the Utforsk notebooks with working widgets, offline.

Starts Voilà on a free local port with the project's template and ROPBOOK_LIVE=1, drives the
widgets in Debian's Chromium, and checks that the chart and the table change, that bad answer
files are refused with a message, and that no request leaves the machine.
"""

import os
import time

import pytest

from ropbook import data
from ropbook import browser as rb

@pytest.fixture(scope="module")
def voila():
    rb.require(book=False)
    with rb.voila_server() as server, rb.browser() as b:
        yield server, b


def _open(b, url, charts=True):
    page = b.new_page(viewport={"width": 1280, "height": 900})
    errors, foreign = rb.watch(page, schemes=("data:", "blob:"))
    page.goto(url, timeout=90000)
    if charts:
        page.wait_for_selector(".js-plotly-plot svg.main-svg", timeout=90000)
        page.wait_for_timeout(1000)
    return page, foreign, errors


def _leave(page):
    """Leave the page as a reader does (navigating away fires the unload that ends its kernel).

    The request routing that watches for other hosts is removed first: Playwright cannot hand a
    request sent during unload (the kernel's shutdown beacon) to a route handler, and drops it.
    """
    page.unroute("**/*")
    page.goto("about:blank")
    page.close()


def _bars(page):
    return page.evaluate("() => document.querySelectorAll('.js-plotly-plot .bars path').length")


def test_explorer_filters_redraw_chart_and_table(voila):
    server, b = voila
    page, foreign, errors = _open(b, server.base + "voila/render/utforsk-dataene.ipynb")
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
        _leave(page)


def test_selfassessment_profile_and_bad_file(voila, tmp_path):
    server, b = voila
    page, foreign, errors = _open(b, server.base + "voila/render/hvor-star-var-kommune.ipynb")
    try:
        answered = "() => document.getElementById ? [...document.querySelectorAll('.js-plotly-plot')].length : 0"
        assert page.evaluate(answered) >= 1
        first = page.locator(".widget-dropdown select").first
        first.select_option(label="I liten grad")
        page.wait_for_function("() => document.body.innerText.includes('Her svarte dere «ikke i det hele tatt» eller «i liten grad»')", timeout=15000)
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
        _leave(page)


def test_start_page_is_norwegian_offline_and_lists_the_two_dashboards(voila):
    server, b = voila
    page, foreign, errors = _open(b, server.base, charts=False)
    try:
        assert page.evaluate("document.documentElement.lang") == "nb"
        links = page.locator("main a")
        assert links.count() == 2, "startsiden skal vise de to arbeidsmøtesidene og ingen kapitler"
        texts = " ".join(links.all_inner_texts())
        assert "Hvor står vår kommune?" in texts and "Utforsk dataene" in texts
        hrefs = [links.nth(i).get_attribute("href") for i in range(2)]
        assert sorted(h.rsplit("/", 1)[1] for h in hrefs) == ["hvor-star-var-kommune.ipynb", "utforsk-dataene.ipynb"]
        assert not foreign, f"startsiden hentet fra andre verter: {foreign}"
        assert not errors, errors
        chapter = page.request.get(server.base + "voila/render/statlig-styring.ipynb")
        assert chapter.status == 404, "kapitlene skal ikke kunne åpnes i live-modus"
    finally:
        page.close()


def _wait_for_kernels(server, count, seconds=90):
    import time

    deadline = time.time() + seconds
    while server.kernel_count() != count and time.time() < deadline:
        time.sleep(1)
    return server.kernel_count()


def test_kernels_end_when_pages_reload_or_are_left(voila):
    server, b = voila
    start = _wait_for_kernels(server, 2)
    assert start == 2, f"ett forvarmet kjerne per side ventet, fant {start}"
    for _ in range(3):  # open, reload, then leave: each view takes a kernel and must give it back
        page, foreign, errors = _open(b, server.base + "voila/render/utforsk-dataene.ipynb")
        page.unroute("**/*")  # see _leave
        page.reload()
        page.wait_for_selector(".js-plotly-plot svg.main-svg", timeout=90000)
        _leave(page)
    assert _wait_for_kernels(server, start) == start, "kjernene skal stoppes når sidene lukkes eller lastes på nytt"
    refused = [line for line in server.lines if "_xsrf" in line and "403" in line]
    assert not refused, refused


def test_idle_kernels_of_closed_tabs_are_culled(voila):
    _, b = voila  # the module's browser (one Playwright per process); a server of its own with a short cull time
    # A tab closed without its unload request leaves a kernel with no connection: culling ends it.
    with rb.voila_server(pool_size=0, extra=("--cull-idle=8", "--cull-interval=2")) as server:
        assert server.kernel_count() == 0
        page, foreign, errors = _open(b, server.base + "voila/render/utforsk-dataene.ipynb")
        assert server.kernel_count() == 1
        page.close()  # no beforeunload: like a tab that crashed or a laptop lid shut
        assert _wait_for_kernels(server, 0, seconds=120) == 0, "en ubrukt kjerne skal stoppes"
        assert any("Culling" in line for line in server.lines)


def test_network_mode_needs_the_token():
    import urllib.error
    import urllib.request

    if not os.path.exists(rb.CHROMIUM) and not os.environ.get("CI"):
        pytest.skip("Chromium mangler")
    with rb.voila_server(host="0.0.0.0", pool_size=0) as server:
        token = server.token
        assert token and len(token) >= 16, f"ingen tilgangsnøkkel skrevet ut: {server.lines[:6]}"
        printed = "".join(server.lines)
        assert "Tilgangsnøkkel" in printed and f"?token={token}" in printed
        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        for path in ("", "voila/render/utforsk-dataene.ipynb", "voila/tree", "voila/render/utforsk-dataene.ipynb?token=feil"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                opener.open(server.base + path, timeout=30)
            code, where = refused.value.code, refused.value.headers.get("Location", "")
            # Refused: either an error status, or sent to the login page that asks for the token.
            assert code in (401, 403) or (code == 302 and where.startswith("/login")), f"{path or '/'} uten nøkkel: {code} {where}"
        with urllib.request.urlopen(server.base + f"?token={token}", timeout=30) as ok:
            body = ok.read().decode("utf-8")
        assert ok.status == 200 and "Hvor står vår kommune?" in body


def test_explorer_redraws_within_300_ms(voila):
    """A filter change redraws the count, the chart and the rows within 300 ms in the browser, every time."""
    from ropbook.labels import FIELD

    server, b = voila
    page, foreign, errors = _open(b, server.base + "voila/render/utforsk-dataene.ipynb")
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
        _leave(page)


def test_kernel_count_skips_kernels_that_have_exited():
    """A kernel that has exited but is not yet reaped (a zombie) is not running: it is not counted, and counting
    does not fail on it (CI once failed with psutil.ZombieProcess while kernels were being shut down)."""
    import subprocess
    import sys

    # The parent starts one kernel-like child that exits at once (left a zombie: never waited for) and one that runs.
    parent_code = (
        "import subprocess, sys, time\n"
        "gone = subprocess.Popen([sys.executable, '-c', 'pass', 'ipykernel_launcher'])\n"
        "alive = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)', 'ipykernel_launcher'])\n"
        "print('ready', flush=True)\n"
        "time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", parent_code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        import psutil

        deadline = time.time() + 10
        while time.time() < deadline:
            statuses = [k.status() for k in psutil.Process(proc.pid).children()]
            if psutil.STATUS_ZOMBIE in statuses:
                break
            time.sleep(0.1)
        assert psutil.STATUS_ZOMBIE in statuses, f"testoppsettet skulle gi en zombie-prosess, fikk {statuses}"
        assert rb.LiveServer(proc, 0, []).kernel_count() == 1
    finally:
        for kid in psutil.Process(proc.pid).children(recursive=True):
            kid.kill()
        proc.kill()
        proc.wait()


def test_live_mode_says_when_the_pages_are_ready(voila):
    """`make live` prints «Sidene er klare» once its preheated kernels have run their notebooks, and a page
    opened then is drawn. (How fast: `make bench`, «Live-side klar», not a timed test.)"""
    server, b = voila
    from ropbook.live import READY_LINE

    ready = [line for line in server.lines if line.startswith(READY_LINE)]
    assert len(ready) == 1 and "http://127.0.0.1:" in ready[0], server.lines[-5:]
    server.wait_until_kernels_idle()
    page, foreign, errors = _open(b, server.base + "voila/render/hvor-star-var-kommune.ipynb", charts=False)
    try:
        page.wait_for_selector(".js-plotly-plot svg.main-svg", timeout=30000)
        assert not foreign and not errors, (foreign, errors)
    finally:
        _leave(page)
