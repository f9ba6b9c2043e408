"""The built book in a real browser (Debian's Chromium, driven by Playwright).

For every page: it loads with no console error, every Plotly chart on it is drawn (an SVG in
each chart container), and no request goes to any host but the local server. Also from a
local folder (file://). Needs the built site: `make test` builds it first.
"""

import contextlib

import pytest

from ropbook import browser as rb



PAGES = rb.pages() if (rb.SITE / "index.html").exists() else []


@contextlib.contextmanager
def _visit(b, url, viewport):
    ctx = b.new_context(viewport=viewport)
    page = ctx.new_page()
    errors, foreign = rb.watch(page)
    try:
        page.goto(url, wait_until="load")
        yield page, errors, foreign
    finally:
        ctx.close()


def test_site_has_pages():
    rb.require()
    assert "chapters/ropit-prosjektet.html" in PAGES
    assert rb.chart_count("chapters/ropit-prosjektet.html") >= 2


@pytest.mark.parametrize("page_path", PAGES)
def test_page_loads_clean_and_draws_every_chart(site, page_path):
    base, b = site
    with _visit(b, base + page_path, rb.DESKTOP) as (page, errors, foreign):
        expected = rb.chart_count(page_path)
        if expected:
            page.wait_for_function(rb.WAIT_FOR_CHARTS, arg=expected, timeout=15000)
        drawn = page.evaluate("() => [...document.querySelectorAll('.plotly-graph-div')].filter(d => d.querySelector('svg.main-svg')).length")
        assert drawn == expected, f"{drawn} av {expected} figurer tegnet"
        page.wait_for_timeout(200)
        assert not errors, errors
        assert not foreign, f"forespørsler til andre verter: {foreign}"


def test_charts_draw_at_phone_width_and_respond(site):
    base, b = site
    with _visit(b, base + "chapters/ropit-prosjektet.html", rb.PHONE) as (page, errors, foreign):
        page.wait_for_function(rb.WAIT_FOR_CHARTS, arg=rb.chart_count("chapters/ropit-prosjektet.html"), timeout=15000)
        widths = page.evaluate("() => [...document.querySelectorAll('.plotly-graph-div')].map(d => d.getBoundingClientRect().width)")
        assert widths and all(0 < w <= rb.PHONE["width"] for w in widths), widths
        # The view buttons beside the chart work without a kernel: switch the municipality chart to interviews.
        page.locator(".rop-figure__views[data-target=rop-municipality-profile] button").nth(1).click()
        page.wait_for_timeout(300)
        visible = page.evaluate("() => document.getElementById('rop-municipality-profile').data.map(t => t.visible)")
        assert visible == [False, True]
        assert not errors and not foreign


def test_dark_mode_restyles_charts(site):
    base, b = site
    with _visit(b, base + "chapters/ropit-prosjektet.html", rb.DESKTOP) as (page, errors, _):
        page.wait_for_function(rb.WAIT_FOR_CHARTS, arg=rb.chart_count("chapters/ropit-prosjektet.html"), timeout=15000)
        page.evaluate("() => document.documentElement.setAttribute('data-theme', 'dark')")
        page.wait_for_timeout(300)
        colour = page.evaluate("() => document.getElementById('rop-project-timeline').layout.font.color")
        assert colour == "#e4e4e4"
        assert not errors


# Set before any script of the page runs: the theme the reader chose last time (as the theme stores it),
# and a count of Plotly.relayout calls (plotly.js declares window.Plotly; the setter wraps it).
_THEME_AND_RELAYOUT_COUNT = """(mode) => {
  try { localStorage.setItem('mode', mode); localStorage.setItem('theme', mode); } catch (e) {}
  window.__ropRelayouts = 0;
  let plotly;
  Object.defineProperty(window, 'Plotly', { configurable: true, get() { return plotly; }, set(v) {
    plotly = v;
    const relayout = v.relayout;
    v.relayout = function () { window.__ropRelayouts += 1; return relayout.apply(this, arguments); };
  } });
}"""


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_charts_are_drawn_in_the_theme_without_a_second_drawing(site, mode):
    """A chart is drawn in the page's theme at once: loading a page costs no relayout (the theme's script
    sets data-theme again as it loads); switching the theme afterwards restyles every chart once."""
    base, b = site
    rel = "chapters/ropit-prosjektet.html"
    n = rb.chart_count(rel)
    fonts = {"light": "#222222", "dark": "#e4e4e4"}
    ctx = b.new_context(viewport=rb.DESKTOP)
    ctx.add_init_script(script=f"({_THEME_AND_RELAYOUT_COUNT})({mode!r})")
    page = ctx.new_page()
    try:
        page.goto(base + rel, wait_until="load")
        page.wait_for_function(rb.WAIT_FOR_CHARTS, arg=n, timeout=15000)
        page.wait_for_timeout(500)  # the theme's own script has run by now (deferred, after the charts)
        assert page.evaluate("() => document.documentElement.dataset.theme") == mode
        state = page.evaluate("""() => [...document.querySelectorAll('.rop-figure .js-plotly-plot')]
            .map(gd => [gd.getAttribute('data-rop-theme'), gd.layout.font.color])""")
        assert state == [[mode, fonts[mode]]] * n, state
        assert page.evaluate("() => window.__ropRelayouts") == 0, "en side skal ikke tegne figurene to ganger når den lastes"
        other = "dark" if mode == "light" else "light"
        rb.set_theme(page, other)
        page.wait_for_function("(n) => window.__ropRelayouts >= n", arg=n, timeout=5000)
        state = page.evaluate("""() => [...document.querySelectorAll('.rop-figure .js-plotly-plot')]
            .map(gd => [gd.getAttribute('data-rop-theme'), gd.layout.font.color])""")
        assert state == [[other, fonts[other]]] * n, state
        assert page.evaluate("() => window.__ropRelayouts") == n
    finally:
        ctx.close()


def test_plotly_js_is_local_and_shared(site):
    base, b = site
    with _visit(b, base + "chapters/ropit-prosjektet.html", rb.DESKTOP) as (page, errors, foreign):
        srcs = page.evaluate("() => [...document.scripts].map(s => s.src).filter(s => s.includes('plotly'))")
        assert len(srcs) == 1 and "/_static/vendor/plotly-ropbook-" in srcs[0], srcs
        # plotly.js and the script that draws the charts never hold up the text: both deferred, in that order.
        deferred = page.evaluate("() => [...document.scripts].filter(s => /plotly-ropbook-|charts\\.js/.test(s.src)).map(s => [s.src.split('/').pop().split('?')[0], s.defer])")
        assert [d for _, d in deferred] == [True, True] and deferred[1][0] == "charts.js", deferred
        page.goto(base + "chapters/velkommen.html")
        srcs = page.evaluate("() => [...document.scripts].map(s => s.src).filter(s => s.includes('plotly'))")
        assert srcs == [], "sider uten figurer skal ikke laste plotly.js"


def test_works_from_a_local_folder(site):
    _, b = site
    url = (rb.SITE / "chapters" / "ropit-prosjektet.html").as_uri()
    with _visit(b, url, rb.DESKTOP) as (page, errors, foreign):
        page.wait_for_function(rb.WAIT_FOR_CHARTS, arg=rb.chart_count("chapters/ropit-prosjektet.html"), timeout=15000)
        assert not foreign


def test_search_works_offline_in_norwegian(site):
    base, b = site
    with _visit(b, base + "search.html?q=Brukerplan", rb.DESKTOP) as (page, errors, foreign):
        page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 0", timeout=15000)
        page.wait_for_timeout(500)
        text = page.inner_text("#search-results")
        assert "Hvem er brukerne?" in text
        assert not errors and not foreign


def test_quote_explorer_filters_without_a_kernel(site):
    from ropbook import data

    base, b = site
    with _visit(b, base + "chapters/erfaringer.html", rb.PHONE) as (page, errors, foreign):
        explorer = page.locator(".rop-quote-explorer")
        total = len(data.quotes())
        assert explorer.locator(".rop-quote-explorer__item:visible").count() == total
        page.select_option(".rop-quote-explorer select[data-filter=source]", "lysark")
        shown = explorer.locator(".rop-quote-explorer__item:visible").count()
        assert shown == (data.quotes()["source_id"] == "lysark").sum() < total
        assert f"Viser {shown} av {total}" in explorer.locator(".rop-quote-explorer__count").inner_text()
        page.select_option(".rop-quote-explorer select[data-filter=group]", "bruker")
        both = ((data.quotes()["source_id"] == "lysark") & (data.quotes()["speaker_group"] == "bruker")).sum()
        assert explorer.locator(".rop-quote-explorer__item:visible").count() == both
        assert not errors and not foreign


def test_network_buttons_switch_formal_and_informal(site):
    base, b = site
    with _visit(b, base + "chapters/den-mellomstore-kommunen.html", rb.DESKTOP) as (page, errors, foreign):
        page.wait_for_function(rb.WAIT_FOR_CHARTS, arg=rb.chart_count("chapters/den-mellomstore-kommunen.html"), timeout=15000)
        names = lambda: page.evaluate(  # noqa: E731
            "() => document.getElementById('rop-coordination-network').data.filter(t => t.visible !== false && t.name !== 'Aktører').map(t => t.name)")
        assert any(n.startswith("Formell") for n in names()) and any(n.startswith("Uformell") for n in names())
        page.locator(".rop-figure__views[data-target=rop-coordination-network] button").nth(2).click()
        page.wait_for_timeout(300)
        assert names() and all(n.startswith("Uformell") for n in names())
        assert not errors and not foreign
