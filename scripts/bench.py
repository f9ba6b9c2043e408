"""make bench: how fast the book builds and how light and quick its pages are.

Prints, for the whole book: the cold build time (from an empty _build), the rebuild time with
nothing changed, and for each page its HTML size and the time until all its charts are drawn
in headless Chromium (first visit with an empty cache, and a repeat visit with plotly.js cached).
Targets on the 2-core reference machine: rebuild <= 15 s, page HTML <= 400 KB (the shared
plotly.js not counted), charts drawn <= 1.5 s after navigation. Results also go to
bench-results/bench.json.
"""

import json
import shutil
import statistics
import subprocess
import sys
import time

from ropbook import ROOT, data
from ropbook.browser import DESKTOP, SITE, WAIT_FOR_CHARTS, browser, chart_count, pages, serve

BUILD = [str(ROOT / ".venv" / "bin" / "jupyter-book"), "build", str(ROOT), "--warningiserror", "--nitpick", "--keep-going"]
TARGET_REBUILD_S, TARGET_HTML_KB, TARGET_DRAW_S = 15, 400, 1.5


def timed_build() -> float:
    t = time.perf_counter()
    subprocess.run(BUILD, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - t


def draw_times(base: str, rel: str, b, expected: int, runs: int = 3) -> tuple[float, float]:
    """(first visit, median of repeat visits) in seconds from navigation start to all charts drawn."""
    ctx = b.new_context(viewport=DESKTOP)
    page = ctx.new_page()
    result = []
    for _ in range(runs + 1):
        page.goto(base + rel, wait_until="commit")
        page.wait_for_function(WAIT_FOR_CHARTS, arg=expected, timeout=20000, polling=10)
        result.append(page.evaluate("() => performance.now()") / 1000)
    ctx.close()
    return result[0], statistics.median(result[1:])


def main() -> int:
    out = {}
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    out["cold_build_s"] = timed_build()
    out["rebuild_unchanged_s"] = timed_build()
    rows = []
    with serve() as base, browser() as b:
        for rel in pages():
            size_kb = (SITE / rel).stat().st_size / 1024
            charts = chart_count(rel)
            first, repeat = draw_times(base, rel, b, charts) if charts else (None, None)
            rows.append({"page": rel, "html_kb": round(size_kb, 1), "charts": charts, "draw_first_s": first, "draw_repeat_s": repeat})
    out["pages"] = rows
    plotly_js = next((SITE / "_static" / "vendor").glob("plotly-cartesian-*.min.js"))
    out["shared_plotly_js_kb"] = round(plotly_js.stat().st_size / 1024, 1)

    ok = lambda good: "ok" if good else "OVER MÅL"  # noqa: E731
    print(f"Kald bygging (tom _build):      {out['cold_build_s']:6.1f} s")
    print(f"Ombygging uten endringer:       {out['rebuild_unchanged_s']:6.1f} s   (mål ≤ {TARGET_REBUILD_S} s: {ok(out['rebuild_unchanged_s'] <= TARGET_REBUILD_S)})")
    print(f"Delt plotly.js (lastes én gang): {out['shared_plotly_js_kb']:6.0f} KB")
    print()
    print(f"{'side':42} {'HTML KB':>8} {'figurer':>7} {'tegnet, første':>15} {'tegnet, igjen':>14}")
    worst = True
    for r in rows:
        first = f"{r['draw_first_s']:.2f} s" if r["draw_first_s"] is not None else "–"
        rep = f"{r['draw_repeat_s']:.2f} s" if r["draw_repeat_s"] is not None else "–"
        flags = []
        if r["html_kb"] > TARGET_HTML_KB:
            flags.append("HTML over mål")
        if r["draw_first_s"] is not None and r["draw_first_s"] > TARGET_DRAW_S:
            flags.append("tegning over mål")
        worst &= not flags
        print(f"{r['page']:42} {r['html_kb']:8.1f} {r['charts']:7d} {first:>15} {rep:>14}  {' '.join(flags)}")
    print()
    print("Alle sider innenfor målene." if worst else "Noen sider er over målene (se over).")
    # Live mode: how fast the explorer redraws after a filter change.
    from ropbook import explore
    from ropbook.browser import voila_server

    callback = explore.benchmark(repeats=5)
    out["explorer_callback_ms_worst"] = max(callback.values())
    redraws = []
    with voila_server() as vbase, browser() as b:
        page = b.new_page(viewport=DESKTOP)
        page.goto(vbase + "voila/render/utforsk-dataene.ipynb", timeout=90000)
        page.wait_for_selector(".js-plotly-plot svg.main-svg", timeout=90000)
        page.wait_for_timeout(1000)
        field = page.get_by_label("Felt", exact=True)
        ref = data.reforms()
        from ropbook.labels import FIELD

        counts = {FIELD[f]: int((ref["field"] == f).sum()) for f in FIELD if f in set(ref["field"])}
        counts["Alle"] = len(ref)
        steps, last = [], len(ref)
        for label in list(counts) * 3:  # only steps that change the row count, so the count text is a sure signal
            if counts[label] != last:
                steps.append(label)
                last = counts[label]
        count_js = "() => [...document.querySelectorAll('.widget-html-content')].map(e => e.innerText).find(t => t.includes('rader valgt'))"
        for label in steps:
            t = time.perf_counter()
            field.select_option(label=label)
            page.wait_for_function(f"() => ({count_js})().startsWith('{counts[label]} av')", timeout=10000)
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            redraws.append((time.perf_counter() - t) * 1000)
    out["explorer_redraw_ms_median"] = statistics.median(redraws)
    out["explorer_redraw_ms_worst"] = max(redraws)
    print()
    print(f"Utforsk, live: tregeste tilbakekall i Python {out['explorer_callback_ms_worst']:.0f} ms; "
          f"ny figur og tabell i Chromium etter filterendring: median {out['explorer_redraw_ms_median']:.0f} ms, "
          f"tregeste {out['explorer_redraw_ms_worst']:.0f} ms (mål ≤ 300 ms: {ok(out['explorer_redraw_ms_worst'] <= 300)})")
    (ROOT / "bench-results").mkdir(exist_ok=True)
    (ROOT / "bench-results" / "bench.json").write_text(json.dumps(out, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
