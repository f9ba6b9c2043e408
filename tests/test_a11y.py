"""Every reader, every device: WCAG 2.1 AA (axe-core), keyboard, phone width, Norwegian interface.

Runs against the built book (make book) in Debian's Chromium, like tests/test_browser.py.
axe-core comes from the npm registry (package.json / package-lock.json, installed by make into
node_modules/) and is injected into each page under test; the book itself never loads it.
"""

import contextlib
import json
import re

import pytest

from ropbook import browser as rb

PAGES = rb.pages() if (rb.SITE / "index.html").exists() else []
CHART_PAGES = [p for p in PAGES if rb.chart_count(p)]
VIEW_PAGES = [p for p in PAGES if "rop-figure__views" in (rb.SITE / p).read_text(encoding="utf-8")]


@pytest.fixture(scope="module")
def site():
    rb.require(axe=True)  # overrides the shared fixture in conftest.py: axe-core is needed too
    with rb.serve() as base, rb.browser() as b:
        yield base, b


@contextlib.contextmanager
def _page(b, url, viewport, mode="light"):
    """The page loaded in a fresh context (its own cache and storage), closed afterwards."""
    ctx = b.new_context(viewport=viewport, color_scheme=mode)
    try:
        page = ctx.new_page()
        page.goto(url, wait_until="load")
        yield page
    finally:
        ctx.close()


def _wait_for_charts(page, rel):
    expected = rb.chart_count(rel)
    if expected:
        page.wait_for_function(rb.WAIT_FOR_CHARTS, arg=expected, timeout=20000)


# --- axe-core: WCAG 2.0/2.1 A and AA, every page, light and dark -------------------------------------

@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("page_path", PAGES)
def test_no_wcag_violations(site, page_path, mode):
    base, b = site
    with _page(b, base + page_path, rb.DESKTOP, mode) as page:
        _wait_for_charts(page, page_path)
        rb.set_theme(page, mode)
        # wait for the restyle: the theme's colours, and every chart's font (ropbook.js) follow data-theme
        font = "#e4e4e4" if mode == "dark" else "#222222"
        page.wait_for_function(
            """(font) => [...document.querySelectorAll('.rop-figure .js-plotly-plot')].every(gd => gd.layout && gd.layout.font && gd.layout.font.color === font)""",
            arg=font, timeout=10000)
        page.wait_for_timeout(300)
        assert page.evaluate("() => document.documentElement.dataset.theme") == mode
        violations = rb.axe_violations(page)
        assert not violations, f"{page_path} [{mode}]:\n" + rb.format_violations(violations)


def test_axe_finds_a_violation_when_there_is_one(site):
    """The check can fail: a page with light-grey text on white is reported."""
    base, b = site
    with _page(b, base + "chapters/velkommen.html", rb.DESKTOP) as page:
        page.evaluate("() => { const p = document.createElement('p'); p.textContent = 'Nesten usynlig tekst'; p.style.color = '#eeeeee'; p.style.background = '#ffffff'; document.querySelector('main').prepend(p); }")
        ids = [v["id"] for v in rb.axe_violations(page)]
        assert "color-contrast" in ids


# --- phone: nothing scrolls sideways ----------------------------------------------------------------

@pytest.mark.parametrize("page_path", PAGES)
def test_no_sideways_scroll_at_phone_width(site, page_path):
    base, b = site
    with _page(b, base + page_path, rb.PHONE) as page:
        _wait_for_charts(page, page_path)
        page.wait_for_timeout(200)
        width = page.evaluate("() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
        culprits = page.evaluate("""(vw) => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > vw + 1 && !e.querySelector('*'))
            .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""", rb.PHONE["width"])
        assert width <= rb.PHONE["width"], f"{page_path} er {width} px bred ved {rb.PHONE['width']} px: {culprits}"


# --- charts: named figures, Norwegian tables, real controls, no Plotly cloud -----------------------

@pytest.mark.parametrize("page_path", CHART_PAGES)
def test_charts_are_named_figures_with_hidden_svg(site, page_path):
    base, b = site
    with _page(b, base + page_path, rb.DESKTOP) as page:
        _wait_for_charts(page, page_path)
        page.wait_for_timeout(200)
        figures = page.evaluate("""() => [...document.querySelectorAll('.plotly-graph-div')].map(gd => {
            const fig = gd.closest('figure');
            const cap = fig && document.getElementById(fig.getAttribute('aria-labelledby'));
            return {id: gd.id, named: !!(cap && cap.tagName === 'FIGCAPTION' && cap.textContent.trim().length > 20),
                    svgs: gd.querySelectorAll('svg.main-svg').length,
                    visible_svgs: gd.querySelectorAll('svg.main-svg:not([aria-hidden="true"])').length,
                    table: !!(fig && fig.querySelector('details table caption') && fig.querySelector('th[scope="col"]'))};
        })""")
        assert figures
        for f in figures:
            assert f["named"], f"{f['id']}: figuren har ikke navn fra bildeteksten"
            assert f["svgs"] > 0 and f["visible_svgs"] == 0, f"{f['id']}: SVG-lagene er ikke skjult for skjermlesere"
            assert f["table"], f"{f['id']}: tabellen mangler caption eller kolonneoverskrifter"


def test_no_page_offers_to_send_anything_to_plotly(site):
    """No cloud button, no 'Produced with Plotly' link, no link to a Plotly host, on any page."""
    hosts = re.compile(r"(plot\.ly|plotly\.com|chart-studio|chart_studio)", re.I)
    for rel in PAGES:
        text = (rb.SITE / rel).read_text(encoding="utf-8")
        assert not hosts.search(text), f"{rel} nevner en Plotly-vert: {hosts.search(text).group(0)}"
        # The chart's config travels as compact JSON beside it (ropbook.charts.figure_html).
        assert '"showSendToCloud":false' in text.replace(": ", ":") or "plotly-graph-div" not in text
    base, b = site
    for rel in CHART_PAGES:
        with _page(b, base + rel, rb.DESKTOP) as page:
            _wait_for_charts(page, rel)
            page.hover(".plotly-graph-div")
            buttons = page.evaluate("""() => [...document.querySelectorAll('.modebar-btn')].map(b => b.getAttribute('data-attr') + '|' + b.getAttribute('data-val') + '|' + b.getAttribute('data-title'))""")
            links = page.evaluate("""() => [...document.querySelectorAll('.plotly-graph-div a[href]')].map(a => a.href)""")
            assert buttons, f"{rel}: fant ingen verktøylinje"
            assert not links, f"{rel}: lenker i figurene: {links}"
            assert not [x for x in buttons if "cloud" in x.lower() or "chart studio" in x.lower()], buttons
            assert len(buttons) == 2 * rb.chart_count(rel), f"{rel}: bare «lagre som bilde» og «tilbakestill» skal vises: {buttons}"


def _chart_state(page, target):
    return page.evaluate("""(id) => { const gd = document.getElementById(id);
        return JSON.stringify([gd.data.map(t => [t.visible, t.y && t.y.length]), gd.layout.title && gd.layout.title.text,
                               gd.layout.yaxis && gd.layout.yaxis.title && gd.layout.yaxis.title.text]); }""", target)


def _tab_to(page, selector, limit=400):
    """Press Tab (only the keyboard) until the element matching ``selector`` has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(sel) => document.activeElement && document.activeElement.matches(sel)", selector):
            return
    raise AssertionError(f"nådde ikke {selector} med Tab etter {limit} trykk")


def _focus_visible(page):
    style = page.evaluate("() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }")
    return style[0] != "none" and style[1] not in ("0px", "")


@pytest.mark.parametrize("page_path", VIEW_PAGES)
def test_every_chart_control_works_by_keyboard(site, page_path):
    base, b = site
    with _page(b, base + page_path, rb.DESKTOP) as page:
        _wait_for_charts(page, page_path)
        boxes = page.evaluate("() => [...document.querySelectorAll('.rop-figure__views')].map(b => [b.dataset.target, b.querySelectorAll('button').length, !!b.querySelector('select')])")
        assert boxes
        for target, n_buttons, has_select in boxes:
            if n_buttons:
                for i in reversed(range(n_buttons)):  # the first is pressed already; go from the last back to it
                    sel = f".rop-figure__views[data-target='{target}'] button:nth-of-type({i + 1})"
                    before = _chart_state(page, target)
                    _tab_to(page, sel)
                    assert _focus_visible(page), f"{sel}: fokus er ikke synlig"
                    page.keyboard.press("Enter" if i % 2 else "Space")
                    page.wait_for_timeout(150)
                    assert page.get_attribute(sel, "aria-pressed") == "true"
                    if i != n_buttons - 1:
                        assert _chart_state(page, target) != before, f"{sel}: figuren endret seg ikke"
            if has_select:
                sel = f".rop-figure__views[data-target='{target}'] select"
                before = _chart_state(page, target)
                _tab_to(page, sel)
                assert _focus_visible(page), f"{sel}: fokus er ikke synlig"
                page.keyboard.press("ArrowDown")
                page.wait_for_timeout(150)
                assert page.evaluate("(s) => document.querySelector(s).selectedIndex", sel) == 1
                assert _chart_state(page, target) != before, f"{sel}: figuren endret seg ikke"
            page.evaluate("() => document.activeElement.blur()")


def test_quote_filters_work_by_keyboard(site):
    from ropbook import data

    base, b = site
    with _page(b, base + "chapters/erfaringer.html", rb.DESKTOP) as page:
        total = len(data.quotes())
        sel = ".rop-quote-explorer select[data-filter=source]"
        _tab_to(page, sel)
        assert _focus_visible(page), "fokus på filteret er ikke synlig"
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(150)
        value = page.evaluate("(s) => document.querySelector(s).value", sel)
        shown = page.locator(".rop-quote-explorer__item:visible").count()
        assert value and shown == (data.quotes()["source_id"] == value).sum() < total
        assert f"Viser {shown} av {total}" in page.inner_text(".rop-quote-explorer__count")


def test_figure_table_summary_shows_focus(site):
    base, b = site
    with _page(b, base + "chapters/ropit-prosjektet.html", rb.DESKTOP) as page:
        _tab_to(page, ".rop-figure__table summary")
        assert _focus_visible(page)
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.parentElement.open")


# --- Norwegian interface, language, description, favicon --------------------------------------------

ENGLISH = ["Skip to main content", "Toggle hidden content", "Color mode", "Download this page", "Toggle primary sidebar",
           "Toggle secondary sidebar", "Fullscreen mode", "Back to top", "Site navigation", "Link to this heading", "System Settings"]


@pytest.mark.parametrize("page_path", PAGES)
def test_interface_is_norwegian_with_description_and_favicon(page_path):
    if not PAGES:
        pytest.skip("boka er ikke bygget")
    text = (rb.SITE / page_path).read_text(encoding="utf-8")
    left = [s for s in ENGLISH if s in text]
    assert not left, f"{page_path}: engelske grensesnittekster: {left}"
    assert "Gå til hovedinnholdet" in text
    m = re.search(r'<meta name="description" content="([^"]+)"', text)
    assert m and len(m.group(1)) >= 40, f"{page_path}: mangler sidebeskrivelse"
    icon = re.search(r'<link rel="icon" href="([^"]+)"', text)
    assert icon, f"{page_path}: mangler favicon"
    assert (rb.SITE / page_path).parent.joinpath(icon.group(1)).resolve().exists()
    lang = re.search(r'<html[^>]* lang="([^"]+)"', text).group(1)
    assert lang == ("en" if page_path.endswith("english-summary.html") else "nb-NO"), f"{page_path}: lang={lang}"


def test_one_search_box_on_wide_screens(site):
    base, b = site
    with _page(b, base + "chapters/ropit-prosjektet.html", rb.DESKTOP) as page:
        visible = page.locator(".search-button-field:visible").count()
        assert visible == 1, f"{visible} søkefelt synlige ved {rb.DESKTOP['width']} px"
    with _page(b, base + "chapters/ropit-prosjektet.html", rb.PHONE) as page:
        assert page.locator(".search-button__button:visible").count() >= 1, "søket må kunne nås på telefon"


def test_quote_list_scrolls_with_the_page(site):
    base, b = site
    with _page(b, base + "chapters/erfaringer.html", rb.DESKTOP) as page:
        overflow = page.evaluate("() => { const l = document.querySelector('.rop-quote-explorer__list'); return [getComputedStyle(l).overflowY, l.scrollHeight - l.clientHeight]; }")
        assert overflow[0] == "visible" and overflow[1] <= 1, overflow
