"""axe-core's WCAG 2.0/2.1 A and AA violations on every page of the built book, light and dark.

Usage: .venv/bin/python scripts/axe_report.py [part-of-page-name ...]
The same check as tests/test_a11y.py, printed as a report (for looking, not for passing).
"""

import sys

from ropbook import browser as rb


def main(argv):
    wanted = argv[1:]
    total = 0
    with rb.serve() as base, rb.browser() as b:
        for mode in ("light", "dark"):
            ctx = b.new_context(viewport=rb.DESKTOP, color_scheme=mode)
            page = ctx.new_page()
            for rel in rb.pages():
                if wanted and not any(w in rel for w in wanted):
                    continue
                page.goto(base + rel)
                page.wait_for_function(rb.WAIT_FOR_CHARTS, arg=rb.chart_count(rel), timeout=20000)
                rb.set_theme(page, mode)
                page.wait_for_timeout(400)
                found = rb.axe_violations(page)
                n = sum(len(v["nodes"]) for v in found)
                total += n
                print(f"== {rel} [{mode}]: {len(found)} regler, {n} elementer")
                if found:
                    print(rb.format_violations(found))
            ctx.close()
    print(f"I alt {total} elementer med brudd")


if __name__ == "__main__":
    main(sys.argv)
