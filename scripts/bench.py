"""make bench: how fast the book builds and how light and quick its pages are, against the targets.

Every row of the speed table, measured in one run on this machine:

- cold ``make book``: in a fresh copy of the working tree in a temporary folder (with this
  checkout's .venv), so the real ``_build`` and its caches are never touched; then, in that copy,
  the same build again with nothing changed, and with one chapter's code changed (that chapter
  alone must run again);
- unchanged ``make book`` in this checkout (builds first if the book is not built yet);
- a kernel's imports: importing the book's package and loading one table, against importing
  pandas and plotly alone, as fresh processes, alternated, the ratio taken pair by pair;
- first visit, cold cache: all bytes each page loads in headless Chromium (HTML, CSS, scripts,
  fonts), the heaviest chart page and the heaviest text page against their targets;
- charts drawn, warm cache: for every chart page, side by side in one run, the book's page, a bare
  page with the same plotly.js bundle and the same figures, and a bare page with the standard full
  plotly.min.js (served from a temporary folder, never part of the site); timed to the first frame
  that shows every chart; with the same page without its charts and a blank page beside them, to
  show how much of the book's time is the page itself and how much the charts;
- the live explorer (Voilà): time from a filter change to the redrawn chart and table; and each
  live page's time from opening to its chart drawn, with the preheated kernels of `make live`.

Prints a table with each row's figure, its target and whether it is met; writes everything to
bench-results/bench.json. ``--quick`` skips the cold build and the live explorer.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ropbook import browser as rb  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
TARGETS = {
    "cold_build_s": 60,
    "unchanged_build_s": 5,
    "kernel_import_ratio": 2.0,
    "heaviest_chart_page_mb": 2.0,
    "heaviest_text_page_mb": 0.6,
    "draw_vs_bare_same_bundle": 1.2,
    "draw_vs_bare_full_bundle": 0.5,
    "explorer_redraw_worst_ms": 300,
    "live_page_ready_worst_s": 5,
}
KERNEL_CODE = "from ropbook import data, figures, display; data.load('sources')"
BASELINE_CODE = "import pandas, plotly.graph_objects"


def run_timed(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of the process and its children, output) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} feilet (kode {proc.returncode}):\n{proc.stdout[-3000:]}")
    return wall, cpu, proc.stdout


def make_book(cwd: Path, env: dict | None = None) -> tuple[float, float, str]:
    # -o: take the venv as installed (the copy links this checkout's .venv, whose stamp is older than the copied files).
    return run_timed(["make", "--no-print-directory", "-o", ".venv/.installed", "book"], cwd, env)


def working_tree_copy() -> Path:
    """The working tree as it is (tracked and new files, not ignored ones) in a temporary folder, with this .venv."""
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, check=True).stdout.decode().split("\0")
    dest = Path(tempfile.mkdtemp(prefix="ropbook-bench-"))
    for rel in filter(None, files):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    (dest / ".venv").symlink_to(ROOT / ".venv")
    return dest


def executed_count(output: str) -> int:
    m = re.search(r"Kjører (\d+) notatb[oø]k", output)
    return int(m.group(1)) if m else 0


def bench_builds(out: dict) -> None:
    copy = working_tree_copy()
    # The copy's own package first on the path: its kernels and Sphinx import the copy, not this checkout.
    env = dict(os.environ, PYTHONPATH=str(copy))
    try:
        wall, cpu, _ = make_book(copy, env)
        out["cold_build_s"], out["cold_build_cpu_s"] = wall, cpu
        wall, _, text = make_book(copy, env)
        out["copy_unchanged_build_s"] = wall
        nb = next((copy / "chapters").glob("*.ipynb"))
        notebook = json.loads(nb.read_text(encoding="utf-8"))
        cell = next(c for c in notebook["cells"] if c["cell_type"] == "code")
        cell["source"] = (cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])) + "\n# endret av make bench"
        nb.write_text(json.dumps(notebook, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        wall, _, text = make_book(copy, env)
        out["one_chapter_changed_s"], out["one_chapter_changed_executed"] = wall, executed_count(text)
        out["one_chapter_changed_name"] = nb.name
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def bench_unchanged(out: dict, runs: int = 5) -> None:
    if not (rb.SITE / "index.html").exists():
        print("Boka er ikke bygget her ennå: bygger den først (teller ikke som måling).", flush=True)
        make_book(ROOT)
    make_book(ROOT)  # the first run after a change builds; the rest must find nothing to do
    times = [make_book(ROOT)[0] for _ in range(runs)]
    out["unchanged_build_s"] = statistics.median(times)
    out["unchanged_build_runs_s"] = times


def bench_kernel(out: dict, runs: int = 7) -> None:
    """Fresh processes, alternated A B A B, after one warm-up of each: median of the per-pair ratios."""
    def once(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([PYTHON, "-c", code], cwd=ROOT / "chapters", check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start

    once(KERNEL_CODE), once(BASELINE_CODE)
    pairs = [(once(KERNEL_CODE), once(BASELINE_CODE)) for _ in range(runs)]
    out["kernel_import_s"] = statistics.median(a for a, _ in pairs)
    out["pandas_plotly_import_s"] = statistics.median(b for _, b in pairs)
    out["kernel_import_ratio"] = statistics.median(a / b for a, b in pairs)


def first_visit_bytes(b, url: str) -> tuple[int, dict[str, int]]:
    """All bytes one page loads with an empty cache, by file: HTML, CSS, scripts, fonts, images."""
    ctx = b.new_context(viewport=rb.DESKTOP)
    page = ctx.new_page()
    done = []
    page.on("requestfinished", lambda req: done.append(req))
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(300)
    files = {}
    for req in done:
        files[req.url.split("?")[0]] = req.sizes()["responseBodySize"]
    ctx.close()
    return sum(files.values()), files


def figure_specs(page_html: str) -> list[tuple[str, str]]:
    return re.findall(r'<script type="application/json" class="rop-plotly-json" data-for="([^"]+)">(.*?)</script>', page_html, re.S)


BARE_PAGE = """<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>bare</title>
<script src="{js}"></script></head><body>
{divs}
<script>{calls}</script></body></html>"""


def bare_page(specs: list[tuple[str, str]], js: str, widths: dict[str, int] | None = None) -> str:
    """A page with nothing but plotly.js and the figures, each drawn at the size the book gives it
    (``widths``: the chart's width on the book's page; a wider chart lays out its labels differently)."""
    def width(i: str) -> str:
        return f"{widths[i]}px" if widths and i in widths else "100%"

    divs = "\n".join(f'<div id="{i}" class="plotly-graph-div" style="height:{json.loads(s)["layout"].get("height", 450)}px;width:{width(i)}"></div>'
                     for i, s in specs)
    calls = "\n".join(f'(function(f){{Plotly.newPlot("{i}", f.data, f.layout, f.config)}})({s});' for i, s in specs)
    return BARE_PAGE.format(js=js, divs=divs, calls=calls)


def full_plotly_js() -> Path:
    """The standard full plotly.min.js of the same version: from the bundle folder's npm packages, else plotly.py's copy."""
    npm = ROOT / "scripts" / "plotly-bundle" / "node_modules" / "plotly.js" / "dist" / "plotly.min.js"
    if npm.exists():
        return npm
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


# Set in every measured page before its own scripts run: a requestAnimationFrame loop that notes the
# first frame (after the page is parsed) in which every chart container holds its drawn SVG: the
# moment a reader sees the charts. A frame, not a timer: the book's page queues its theme scripts and
# load events after the charts, and a setTimeout poll waits behind them although the charts already
# show (that added 90 to 125 ms to the book's page and about 30 ms to a bare page).
FRAME_WATCH = """(() => {
  function tick() {
    if (document.readyState !== 'loading') {
      const divs = [...document.querySelectorAll('.plotly-graph-div')];
      if (divs.length && divs.every(d => d.querySelector('svg.main-svg'))) {
        window.__ropChartsFrame = performance.now();
        window.__ropChartsCount = divs.length;
        return;
      }
    }
    requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
})()"""


def draw_time(page, url: str, expected: int) -> float:
    """Seconds from the start of navigation to the first frame that shows all the page's charts."""
    page.goto(url, wait_until="commit")
    page.wait_for_function("() => window.__ropChartsFrame !== undefined", timeout=30000, polling=50)
    at, count = page.evaluate("() => [window.__ropChartsFrame, window.__ropChartsCount]")
    if count != expected:
        raise RuntimeError(f"{url}: {count} figurer tegnet, ventet {expected}")
    return at / 1000


def without_charts(page_html: str) -> str:
    """The chapter page as it is, less its charts: no figure JSON, no plotly.js or charts.js; each chart
    container holds an empty SVG, so the frame that shows the page is the frame that counts."""
    html = re.sub(r'<script type="application/json" class="rop-plotly-json".*?</script>', "", page_html, flags=re.S)
    html = re.sub(r'<script[^>]*src="[^"]*(?:/vendor/plotly-[^"]*|/charts\.js[^"]*)"[^>]*></script>', "", html)
    return re.sub(r'(<div id="[^"]+" class="plotly-graph-div"[^>]*>)', r'\1<svg class="main-svg"></svg>', html)


EMPTY_PAGE = """<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>tom</title></head><body>
{divs}</body></html>"""


def bench_pages(out: dict, rounds: int = 9) -> None:
    from ropbook import charts

    rows = []
    with rb.serve() as base, rb.browser() as b:
        for rel in rb.pages():
            total, files = first_visit_bytes(b, base + rel)
            rows.append({"page": rel, "charts": rb.chart_count(rel), "first_visit_bytes": total,
                         "html_bytes": (rb.SITE / rel).stat().st_size})
    out["pages"] = rows
    chart_pages = [r for r in rows if r["charts"]]
    # A page that draws charts in the browser without a chart in its HTML (the explorer draws from the
    # data when the reader chooses) loads plotly.js like a chart page: it is weighed as one, not as text.
    for r in rows:
        r["loads_plotly"] = bool(r["charts"]) or "data-rop-explorer" in (rb.SITE / r["page"]).read_text(encoding="utf-8")
    text_pages = [r for r in rows if not r["loads_plotly"]]
    heaviest_chart = max((r for r in rows if r["loads_plotly"]), key=lambda r: r["first_visit_bytes"])
    heaviest_text = max(text_pages, key=lambda r: r["first_visit_bytes"])
    out["heaviest_chart_page"], out["heaviest_chart_page_mb"] = heaviest_chart["page"], heaviest_chart["first_visit_bytes"] / 1e6
    out["heaviest_text_page"], out["heaviest_text_page_mb"] = heaviest_text["page"], heaviest_text["first_visit_bytes"] / 1e6

    # Side by side, per chart page, in turn, warm cache (after a first visit and two warm-ups each):
    # - book: the book's page;
    # - same / full: bare pages with the same figures, at the same widths, and the book's bundle / the
    #   standard full plotly.min.js (in a folder of their own, served apart from the site: the full
    #   bundle never enters the site);
    # - text: the book's page without its charts (in a copy of the site), and empty: a blank page
    #   with no script. These two say where the time goes: book ≈ text + (same − empty) means the
    #   book draws its charts as fast as a bare page does, on top of what the page itself costs.
    # The width each chart gets on the book's page (desktop), for the bare pages' containers.
    widths: dict[str, dict[str, int]] = {}
    with rb.serve() as base, rb.browser() as b:
        page = b.new_context(viewport=rb.DESKTOP).new_page()
        for r in chart_pages:
            page.goto(base + r["page"])
            page.wait_for_function(rb.WAIT_FOR_CHARTS, arg=r["charts"], timeout=30000)
            widths[r["page"]] = dict(page.evaluate("() => [...document.querySelectorAll('.plotly-graph-div')].map(d => [d.id, d.clientWidth])"))

    bare_dir = Path(tempfile.mkdtemp(prefix="ropbook-bare-"))
    try:
        (bare_dir / "book.js").write_bytes(charts.PLOTLY_BUNDLE.read_bytes())
        (bare_dir / "full.js").write_bytes(full_plotly_js().read_bytes())
        (bare_dir / "index.html").write_text("bare", encoding="utf-8")
        text_site = bare_dir / "site"
        shutil.copytree(rb.SITE, text_site)
        for r in chart_pages:
            page_html = (rb.SITE / r["page"]).read_text(encoding="utf-8")
            specs = figure_specs(page_html)
            name = r["page"].replace("/", "_")
            (bare_dir / f"same-{name}").write_text(bare_page(specs, "book.js", widths[r["page"]]), encoding="utf-8")
            (bare_dir / f"full-{name}").write_text(bare_page(specs, "full.js", widths[r["page"]]), encoding="utf-8")
            divs = "\n".join('<div class="plotly-graph-div"><svg class="main-svg"></svg></div>' for _ in specs)
            (bare_dir / f"empty-{name}").write_text(EMPTY_PAGE.format(divs=divs), encoding="utf-8")
            (text_site / r["page"]).write_text(without_charts(page_html), encoding="utf-8")
        draws = []
        # Every folder is served with the same Cache-Control, the one GitHub Pages sends (max-age=600):
        # without it Chromium judges freshness by a file's age, and asks again on every visit for the
        # bare pages' bundles written a moment ago but not for the book's older files.
        cache = "max-age=600"
        with rb.serve(cache_control=cache) as base, rb.serve(bare_dir, cache_control=cache) as bare, \
                rb.serve(text_site, cache_control=cache) as text, rb.browser() as b:
            for r in chart_pages:
                name = r["page"].replace("/", "_")
                urls = {"book": base + r["page"], "same": bare + f"same-{name}", "full": bare + f"full-{name}",
                        "text": text + r["page"], "empty": bare + f"empty-{name}"}
                ctx = b.new_context(viewport=rb.DESKTOP)
                ctx.add_init_script(script=FRAME_WATCH)
                page = ctx.new_page()
                times = {k: [] for k in urls}
                first = {k: draw_time(page, u, r["charts"]) for k, u in urls.items()}  # first visits fill the cache
                for _ in range(2):
                    for k, u in urls.items():
                        draw_time(page, u, r["charts"])
                for _ in range(rounds):  # then warm, side by side, in an order shuffled each round
                    for k, u in random.sample(list(urls.items()), len(urls)):
                        times[k].append(draw_time(page, u, r["charts"]))
                ctx.close()
                med = {k: statistics.median(v) for k, v in times.items()}
                rounds_ = list(zip(*(times[k] for k in urls)))
                draws.append({"page": r["page"], "charts": r["charts"], "first_s": first, "warm_s": med,
                              "vs_same": statistics.median(bk / sm for bk, sm, *_ in rounds_),
                              "vs_full": statistics.median(bk / fl for bk, _, fl, *_ in rounds_),
                              # the charts' own cost: on the book's page (book − text) against a bare page (same − empty)
                              "charts_cost_book_s": statistics.median(bk - tx for bk, _, _, tx, _ in rounds_),
                              "charts_cost_bare_s": statistics.median(sm - em for _, sm, _, _, em in rounds_),
                              "charts_cost_vs_bare": statistics.median((bk - tx) / (sm - em) for bk, sm, _, tx, em in rounds_)})
        out["draws"] = draws
        out["draw_vs_bare_same_bundle"] = max(d["vs_same"] for d in draws)
        out["draw_vs_bare_full_bundle"] = max(d["vs_full"] for d in draws)
        out["charts_cost_vs_bare_worst"] = max(d["charts_cost_vs_bare"] for d in draws)
        out["bare_same_vs_full_best"] = min(d["warm_s"]["same"] / d["warm_s"]["full"] for d in draws)
    finally:
        shutil.rmtree(bare_dir, ignore_errors=True)


def bench_live(out: dict) -> None:
    from ropbook import explore

    callback = explore.benchmark(repeats=5)
    out["explorer_callback_ms_worst"] = max(callback.values())
    redraws = live_redraws()
    out["explorer_redraw_ms_median"] = statistics.median(redraws)
    out["explorer_redraw_worst_ms"] = max(redraws)
    start = time.perf_counter()
    with rb.voila_server():  # returns when live mode prints that the pages are ready
        out["live_ready_after_start_s"] = time.perf_counter() - start
    ready = live_page_ready()
    out["live_page_ready_s"] = ready
    out["live_page_ready_worst_s"] = max(max(v) for k, v in ready.items() if k in LIVE_PAGES)


LIVE_PAGES = ("utforsk-dataene.ipynb", "hvor-star-var-kommune.ipynb")


def live_page_ready(visits: int = 3) -> dict[str, list[float]]:
    """Seconds from opening each live page to its chart drawn (the page's own clock), as a workshop
    sees it: opened once `make live` says the pages are ready (its preheated kernels have run their
    notebooks); after each visit the page is left (its kernel ends) and the pool is full and idle again
    before the next. Also the first visit as soon as the pools are filled, before that message
    (``first_visit_after_start``): what a facilitator who does not wait for it meets."""
    times: dict[str, list[float]] = {name: [] for name in LIVE_PAGES}
    with rb.voila_server(ready=False) as server, rb.browser() as b:
        page = b.new_page(viewport=rb.DESKTOP)  # at once: the preheated kernels are still running their notebooks
        page.goto(server.base + "voila/render/" + LIVE_PAGES[0], wait_until="commit", timeout=90000)
        page.wait_for_selector(".js-plotly-plot svg.main-svg", timeout=90000)
        times["first_visit_after_start"] = [page.evaluate("() => performance.now()") / 1000]
        page.goto("about:blank")
        page.close()
        full = 2
        deadline = time.time() + 120
        while server.kernel_count() != full and time.time() < deadline:
            time.sleep(0.5)
        server.wait_until_kernels_idle()
        for _ in range(visits):
            for name in LIVE_PAGES:
                page = b.new_page(viewport=rb.DESKTOP)
                page.goto(server.base + "voila/render/" + name, wait_until="commit", timeout=90000)
                page.wait_for_selector(".js-plotly-plot svg.main-svg", timeout=90000)
                times[name].append(page.evaluate("() => performance.now()") / 1000)
                page.goto("about:blank")  # leaving ends the page's kernel
                page.close()
                deadline = time.time() + 120
                while server.kernel_count() != full and time.time() < deadline:
                    time.sleep(0.5)
                server.wait_until_kernels_idle()
    return times


def live_redraws(rounds: int = 3) -> list[float]:
    """Milliseconds from a filter change in the live explorer to the new row count, chart and table drawn (timed in the page)."""
    from ropbook import data
    from ropbook.labels import FIELD

    ref = data.reforms()
    counts = {FIELD[f]: int((ref["field"] == f).sum()) for f in FIELD if f in set(ref["field"])}
    counts["Alle"] = len(ref)
    steps, last = [], len(ref)
    for label in list(counts) * rounds:  # only steps that change the row count, so the count text is a sure signal
        if counts[label] != last:
            steps.append(label)
            last = counts[label]
    redraws = []
    with rb.voila_server() as server, rb.browser() as b:
        vbase = server.base
        page = b.new_page(viewport=rb.DESKTOP)
        page.goto(vbase + "voila/render/utforsk-dataene.ipynb", timeout=90000)
        page.wait_for_selector(".js-plotly-plot svg.main-svg", timeout=90000)
        page.wait_for_timeout(1000)
        field = page.get_by_label("Felt", exact=True)
        for label in steps:
            code = next((k for k, v in FIELD.items() if v == label), None)
            rows = counts[label]
            bars = int(ref.loc[ref["field"] == code, "source_id"].nunique()) if code else int(ref["source_id"].nunique())
            page.evaluate(f"args => {{ window.__ropRedraw = ({rb.LIVE_REDRAW_MS})(args); }}", [rows, bars])
            field.select_option(label=label)
            redraws.append(page.evaluate("() => window.__ropRedraw"))
    return redraws


def verdict(key: str, value: float | None) -> str:
    if value is None:
        return "ikke målt"
    return "ok" if value <= TARGETS[key] else "OVER MÅL"


def report(out: dict) -> None:
    rows = [
        ("Kald make book (ren kopi)", "cold_build_s", "{:.1f} s", "≤ 60 s"),
        ("Uendret make book", "unchanged_build_s", "{:.2f} s", "≤ 5 s"),
        ("Kjerne: pakke + én tabell mot pandas + plotly", "kernel_import_ratio", "{:.2f}x", "≤ 2x"),
        ("Første besøk, tyngste figurside", "heaviest_chart_page_mb", "{:.2f} MB", "≤ 2,0 MB"),
        ("Første besøk, tyngste tekstside", "heaviest_text_page_mb", "{:.2f} MB", "≤ 0,6 MB"),
        ("Figurer tegnet mot bar side, samme plotly.js", "draw_vs_bare_same_bundle", "{:.2f}x", "≤ 1,2x"),
        ("Figurer tegnet mot bar side, full plotly.min.js", "draw_vs_bare_full_bundle", "{:.2f}x", "≤ 0,5x"),
        ("Live-utforsker, tregeste ny tegning", "explorer_redraw_worst_ms", "{:.0f} ms", "≤ 300 ms"),
        ("Live-side klar (forvarmet), tregeste", "live_page_ready_worst_s", "{:.1f} s", "≤ 5 s"),
    ]
    print()
    print(f"{'Måling':48} {'verdi':>10}  {'mål':>9}  vurdering")
    for label, key, fmt, target in rows:
        value = out.get(key)
        shown = fmt.format(value) if value is not None else "–"
        print(f"{label:48} {shown:>10}  {target:>9}  {verdict(key, value)}")
    if "one_chapter_changed_s" in out:
        print(f"\nÉn kapittelendring ({out['one_chapter_changed_name']}): {out['one_chapter_changed_s']:.1f} s, "
              f"{out['one_chapter_changed_executed']} notatbok kjørt på nytt; uendret i kopien: {out['copy_unchanged_build_s']:.2f} s.")
    if "kernel_import_s" in out:
        print(f"Kjerne: {out['kernel_import_s']:.2f} s mot {out['pandas_plotly_import_s']:.2f} s (median av nye prosesser).")
    if "pages" in out:
        print(f"\n{'side':44} {'figurer':>7} {'HTML KB':>8} {'første besøk KB':>16}")
        for r in out["pages"]:
            print(f"{r['page']:44} {r['charts']:7d} {r['html_bytes'] / 1024:8.0f} {r['first_visit_bytes'] / 1024:16.0f}")
    if "draws" in out:
        print("\nFigurer tegnet, varm cache: tid fra navigering til første bilde med alle figurene (median, ms).")
        print("tekst = samme side uten figurene; tom = blank side uten skript; figurenes egen tid = boka − tekst mot samme − tom.")
        print(f"{'side':40} {'boka':>5} {'samme':>6} {'full':>5} {'tekst':>6} {'tom':>4} {'mot samme':>10} {'mot full':>9} {'egen tid':>9}")
        for d in out["draws"]:
            w = {k: v * 1000 for k, v in d["warm_s"].items()}
            print(f"{d['page']:40} {w['book']:5.0f} {w['same']:6.0f} {w['full']:5.0f} {w['text']:6.0f} {w['empty']:4.0f} "
                  f"{d['vs_same']:9.2f}x {d['vs_full']:8.2f}x {d['charts_cost_vs_bare']:8.2f}x")
        print(f"Figurenes egen tid på bokas side mot på en bar side, verste side: {out['charts_cost_vs_bare_worst']:.2f}x. "
              f"En bar side med bokas plotly.js mot en med full plotly.min.js, beste side: {out['bare_same_vs_full_best']:.2f}x.")
    if "live_page_ready_s" in out:
        ready = dict(out["live_page_ready_s"])
        first = ready.pop("first_visit_after_start", [None])[0]
        print("Live-sider klare, forvarmet (s): " + "; ".join(f"{n.replace('.ipynb', '')} " + ", ".join(f"{t:.1f}" for t in v)
                                                           for n, v in ready.items())
              + (f". Første besøk rett etter start, før forvarmingen er ferdig: {first:.1f} s." if first else ".")
              + (f" «Sidene er klare» {out['live_ready_after_start_s']:.0f} s etter start." if "live_ready_after_start_s" in out else ""))
    if "explorer_redraw_ms_median" in out:
        print(f"\nUtforsk, live: tilbakekall i Python, tregeste {out['explorer_callback_ms_worst']:.0f} ms; ny tegning i Chromium: "
              f"median {out['explorer_redraw_ms_median']:.0f} ms, tregeste {out['explorer_redraw_worst_ms']:.0f} ms.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Måler byggetid, sidevekt og tegnetid mot målene.")
    parser.add_argument("--quick", action="store_true", help="hopp over kald bygging og live-utforskeren")
    args = parser.parse_args(argv)
    out: dict = {"targets": TARGETS}
    if not args.quick:
        print("Kald bygging i en ren kopi av arbeidstreet …", flush=True)
        bench_builds(out)
    print("Uendret bygging …", flush=True)
    bench_unchanged(out)
    print("Import i kjernen …", flush=True)
    bench_kernel(out)
    print("Sidevekt og tegnetid i Chromium …", flush=True)
    bench_pages(out)
    if not args.quick:
        print("Live-utforskeren …", flush=True)
        bench_live(out)
    out["verdicts"] = {k: verdict(k, out.get(k)) for k in TARGETS}
    report(out)
    (ROOT / "bench-results").mkdir(exist_ok=True)
    (ROOT / "bench-results" / "bench.json").write_text(json.dumps(out, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
