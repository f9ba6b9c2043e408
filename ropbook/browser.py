"""Serve the built book on localhost and drive Debian's Chromium with Playwright.

Shared by the browser tests, the screenshots and the benchmark. Never downloads a browser:
it uses /usr/bin/chromium (``ROPBOOK_CHROMIUM`` overrides the path).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import socketserver
import threading
from pathlib import Path

from . import ROOT

SITE = ROOT / "_build" / "html"
CHROMIUM = os.environ.get("ROPBOOK_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # A browser that navigates on drops its open connections; that is not an error of the site.
        import sys

        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(site: Path = SITE, port: int = 0):
    """Serve ``site`` on 127.0.0.1; yields the base URL (ending in /)."""
    if not (site / "index.html").exists():
        raise FileNotFoundError(f"{site}/index.html finnes ikke: bygg boka først (make book)")
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = _Server(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def pages(site: Path = SITE) -> list[str]:
    """Every HTML page of the book, relative to the site root (the redirect index excluded)."""
    out = []
    for p in sorted(site.rglob("*.html")):
        rel = p.relative_to(site).as_posix()
        if rel == "index.html" or rel.startswith(("_static/", "_sources/", "_downloads/")):
            continue
        out.append(rel)
    return out


def chart_count(page: str, site: Path = SITE) -> int:
    """How many Plotly charts the page's HTML holds."""
    return (site / page).read_text(encoding="utf-8").count('class="plotly-graph-div"')


@contextlib.contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"Fant ikke Chromium på {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


# JavaScript, called with the number of charts the page should have: true once that many chart
# containers exist and each has drawn its SVG. (Without the count, an empty page would pass.)
WAIT_FOR_CHARTS = """(expected) => {
  const divs = [...document.querySelectorAll('.plotly-graph-div')];
  return divs.length >= expected && divs.every(d => d.querySelector('svg.main-svg'));
}"""


@contextlib.contextmanager
def voila_server(timeout: float = 60.0):
    """Start Voilà on a free local port as `make live` does (ROPBOOK_LIVE=1, offline template); yields the base URL."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    voila = Path(sys.executable).parent / "voila"
    env = dict(os.environ, ROPBOOK_LIVE="1", JUPYTER_PATH=str(ROOT / "ropbook" / "voila"))
    proc = subprocess.Popen(
        [str(voila), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1", "--template=ropbok", "."],
        cwd=ROOT / "chapters", env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}/"
    deadline = time.time() + timeout
    while True:
        try:
            urllib.request.urlopen(base, timeout=1)
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("Voilà stoppet: " + proc.stderr.read().decode()[-2000:]) from None
            if time.time() > deadline:
                proc.kill()
                raise RuntimeError(f"Voilà startet ikke innen {timeout:.0f} sekunder") from None
            time.sleep(0.5)
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


# axe-core (the WCAG checker), installed from the npm registry by `make` into node_modules/
# (package.json pins the version). It is injected into the page under test; the book never loads it.
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: (n.failureSummary || '').split('\\n').slice(0, 3).join(' ')})),
  }));
}"""


def axe_violations(page) -> list[dict]:
    """Run axe-core's WCAG 2.0/2.1 A and AA rules on the page as it is now; returns the violations."""
    if not AXE_JS.exists():
        raise FileNotFoundError(f"{AXE_JS} mangler: kjør `npm ci` (make gjør det) for å installere axe-core")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(RUN_AXE, WCAG_TAGS)


def set_theme(page, mode: str) -> None:
    """Switch the theme to light or dark as its own button does (data-theme and data-mode on <html>)."""
    page.evaluate("""(mode) => {
      const html = document.documentElement;
      html.dataset.mode = mode; html.dataset.theme = mode;
      try { localStorage.setItem('mode', mode); localStorage.setItem('theme', mode); } catch (e) {}
    }""", mode)


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for n in v["nodes"][:6]:
            lines.append(f"    {n['target']}: {n['summary']}")
        if len(v["nodes"]) > 6:
            lines.append(f"    … og {len(v['nodes']) - 6} til")
    return "\n".join(lines)
