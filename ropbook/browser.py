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
    cache_control: str | None = None

    def log_message(self, *args):
        pass

    def end_headers(self):
        if self.cache_control:
            self.send_header("Cache-Control", self.cache_control)
        super().end_headers()


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # A browser that navigates on drops its open connections; that is not an error of the site.
        import sys

        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


def require(book: bool = True, axe: bool = False) -> None:
    """For the browser tests: stop with one reason when the built book, Chromium or axe-core is missing:
    a failure with CI=true (CI must run every test), a skip elsewhere."""
    import pytest

    problems = []
    if book and not (SITE / "index.html").exists():
        problems.append("boka er ikke bygget (make book)")
    if not os.path.exists(CHROMIUM):
        problems.append(f"Chromium mangler på {CHROMIUM}")
    if axe and not AXE_JS.exists():
        problems.append(f"axe-core mangler ({AXE_JS}; make installerer den med npm ci)")
    if problems:
        (pytest.fail if os.environ.get("CI") else pytest.skip)("; ".join(problems))


LOCAL_HOSTS = ("127.0.0.1", "localhost")
LOCAL_SCHEMES = ("file:", "data:", "blob:")


def watch(page, hosts: tuple[str, ...] = LOCAL_HOSTS, schemes: tuple[str, ...] = LOCAL_SCHEMES) -> tuple[list[str], list[str]]:
    """Watch a page as the book's promises require: record its console errors and uncaught exceptions,
    and refuse (and record) every request that goes anywhere but ``hosts`` or ``schemes``; the book
    loads nothing from any other host. Returns the two lists (errors, foreign), filled as the page runs.
    """
    from urllib.parse import urlparse

    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda m: errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))

    def route(r):
        url = r.request.url
        if url.startswith(schemes) or urlparse(url).hostname in hosts:
            r.continue_()
        else:
            foreign.append(url)
            r.abort()

    page.route("**/*", route)
    return errors, foreign


@contextlib.contextmanager
def serve(site: Path = SITE, port: int = 0, cache_control: str | None = None):
    """Serve ``site`` on 127.0.0.1; yields the base URL (ending in /).

    ``cache_control``: a Cache-Control header on every response. Without it the browser guesses
    how long a file stays fresh from its age (Last-Modified), so a file written a moment ago is
    asked for again on every visit and an older one is not: benchmarks that compare folders
    give every folder the same header instead.
    """
    if not (site / "index.html").exists():
        raise FileNotFoundError(f"{site}/index.html finnes ikke: bygg boka først (make book)")
    handler_class = type("_Handler", (_QuietHandler,), {"cache_control": cache_control}) if cache_control else _QuietHandler
    handler = functools.partial(handler_class, directory=str(site))
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


class LiveServer:
    """A running `make live` (ropbook.live) process: its base URL, printed lines and token."""

    def __init__(self, proc, port: int, lines: list[str]):
        self.proc = proc
        self.port = port
        self.lines = lines

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def token(self) -> str | None:
        import re

        for line in self.lines:
            m = re.search(r"\?token=([\w-]+)", line)
            if m:
                return m.group(1)
        return None

    def wait_until_kernels_idle(self, count: int = 2, seconds: float = 120.0) -> None:
        """Wait until ``count`` kernels run and have run their notebooks (see ropbook.live.wait_for_idle_kernels)."""
        from .live import wait_for_idle_kernels

        if not wait_for_idle_kernels(self.proc.pid, count, timeout=seconds):
            raise RuntimeError(f"kjernene i live-modus ble ikke ferdige innen {seconds:.0f} sekunder")

    def kernel_count(self) -> int:
        """Kernels the server has running (its ipykernel child processes; one that has exited is not counted)."""
        from .live import kernels

        return len(kernels(self.proc.pid))


@contextlib.contextmanager
def voila_server(timeout: float = 120.0, host: str = "127.0.0.1", pool_size: int = 1, extra: tuple[str, ...] = (),
                 ready: bool = True):
    """Start live mode as `make live` does (python -m ropbook.live) on a free port; yields a LiveServer.

    Waits until the start page answers and, with preheated kernels, until live mode prints that the
    pages are ready (its kernels have run their notebooks); ``ready=False``: until the pools are
    filled (the kernels started, their notebooks still running).
    """
    from .live import READY_LINE

    import socket
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "ropbook.live", f"--host={host}", f"--port={port}", f"--pool-size={pool_size}", *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines: list[str] = []
    threading.Thread(target=lambda: [lines.append(line) for line in proc.stdout], daemon=True).start()
    server = LiveServer(proc, port, lines)
    deadline = time.time() + timeout
    while True:
        filled = sum("Kernel pool of" in line and "is filled" in line for line in lines)
        done = any(line.startswith(READY_LINE) for line in lines) if ready else filled >= 2
        try:
            urllib.request.urlopen(server.base + (f"?token={server.token}" if server.token else ""), timeout=1)
            if done or pool_size < 1:
                break
        except urllib.error.HTTPError:
            break  # the server answers (a refusal without a token is an answer)
        except OSError:
            pass
        if proc.poll() is not None:
            raise RuntimeError("Live-modus stoppet: " + "".join(lines)[-2000:])
        if time.time() > deadline:
            proc.kill()
            raise RuntimeError(f"Live-modus startet ikke innen {timeout:.0f} sekunder: " + "".join(lines)[-2000:])
        time.sleep(0.5)
    try:
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


# Live explorer: milliseconds from a filter's change event to the page showing the new selection, measured in
# the page itself. Called with [rows, bars]: resolves once the row count reads «rows av», the chart has that many
# bars and the table that many rows (at most 200), each checked after every DOM change.
LIVE_REDRAW_MS = """([rows, bars]) => new Promise((resolve, reject) => {
  const done = () => new RegExp('(^|\\\\D)' + rows + ' av ').test(document.body.innerText)
    && document.querySelectorAll('.js-plotly-plot .bars path').length === bars
    && document.querySelectorAll('.rop-live-rows tbody tr').length === Math.min(rows, 200);
  let start = null;
  const observer = new MutationObserver(() => {
    if (start !== null && done()) { observer.disconnect(); resolve(performance.now() - start); }
  });
  observer.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
  document.addEventListener('change', (e) => { start = e.timeStamp; }, {capture: true, once: true});
  setTimeout(() => { observer.disconnect(); reject(new Error('ingen ny tegning innen 10 s')); }, 10000);
})"""


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
