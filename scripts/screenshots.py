"""Screenshot every page of the built book at desktop and phone width (make screenshots).

The PNGs land in screenshots/ (not committed): open them and look.
"""

import sys
from pathlib import Path

from ropbook import ROOT
from ropbook.browser import DESKTOP, PHONE, WAIT_FOR_CHARTS, browser, chart_count, pages, serve

OUT = ROOT / "screenshots"


def main(argv):
    wanted = argv[1:]
    OUT.mkdir(exist_ok=True)
    dark = "--dark" in wanted
    wanted = [w for w in wanted if w != "--dark"]
    with serve() as base, browser() as b:
        for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            ctx = b.new_context(viewport=viewport, device_scale_factor=1, color_scheme="dark" if dark else "light")
            page = ctx.new_page()
            for rel in pages():
                if wanted and not any(w in rel for w in wanted):
                    continue
                page.goto(base + rel)
                page.wait_for_function(WAIT_FOR_CHARTS, arg=chart_count(rel), timeout=10000)
                page.wait_for_timeout(300)
                stem = rel.replace("/", "_").removesuffix(".html")
                path = OUT / f"{stem}-{name}{'-dark' if dark else ''}.png"
                page.screenshot(path=str(path), full_page=True)
                print(path.relative_to(ROOT))
            ctx.close()


if __name__ == "__main__":
    main(sys.argv)
