"""«Sjekk deg selv» in a real browser (Debian's Chromium), against the built book.

Keyboard only: Tab into a question, Space/arrow keys to answer, Enter/Space on «Sjekk svaret».
A wrong answer shows «Ikke riktig», the explanation and a link to a section that exists on the page;
a right answer says «Riktig». Also: without JavaScript the answers are in a <details>; at phone width
nothing overflows; in dark mode the text keeps its contrast; and no request leaves the local server.
"""

import contextlib

import pytest

from ropbook import browser as rb

PAGE = "chapters/ropit-prosjektet.html"


@contextlib.contextmanager
def _page(site, viewport=rb.DESKTOP, javascript=True, dark=False):
    base, b = site
    ctx = b.new_context(viewport=viewport, java_script_enabled=javascript)
    page = ctx.new_page()
    errors, foreign = rb.watch(page, schemes=("data:", "blob:"))
    try:
        page.goto(base + PAGE, wait_until="load")
        if dark:
            page.evaluate("() => document.documentElement.setAttribute('data-theme', 'dark')")
        yield page
        assert not errors, f"feil i konsollen: {errors}"
        assert not foreign, f"forespørsler til andre verter: {foreign}"
    finally:
        ctx.close()


def _active(page) -> dict:
    return page.evaluate("""() => { const a = document.activeElement;
        return {id: a.id, tag: a.tagName.toLowerCase(), type: a.type || '', form: a.form ? a.form.id : (a.closest('form') || {}).id || '',
                cls: a.className || ''}; }""")


def _tab_into(page, form_id: str, limit: int = 400) -> dict:
    """Press Tab from the top of the page until the focus is inside the question (keyboard only)."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = _active(page)
        if now["form"] == form_id:
            return now
    raise AssertionError(f"kom aldri til spørsmålet {form_id} med Tab")


def _feedback(page, form_id: str) -> str:
    return page.locator(f"#{form_id} .rop-quiz__feedback").inner_text()


def _focus_ring(page) -> dict:
    return page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }""")


def _assert_explains_and_links(page, form_id: str, verdict: str):
    box = page.locator(f"#{form_id} .rop-quiz__feedback")
    text = box.inner_text()
    assert verdict in text, text
    explanation = page.locator(f"#{form_id} .rop-quiz__explanation").text_content().strip()
    assert explanation and explanation in text, "forklaringen vises ikke i tilbakemeldingen"
    link = box.locator("a")
    href = link.get_attribute("href")
    section = page.locator(f"#{form_id}").get_attribute("data-section")
    assert href == f"#{section}", href
    assert page.evaluate("(id) => !!document.getElementById(id)", section), f"lenkemålet #{section} finnes ikke på siden"
    assert "Les avsnittet" in link.inner_text()


def test_single_choice_wrong_then_right_by_keyboard(site):
    with _page(site) as page:
        form = "q-ropit-02"
        first = _tab_into(page, form)
        assert first["type"] == "radio", first
        page.keyboard.press("Space")  # option 1: «Over halvparten», wrong
        page.keyboard.press("Tab")
        assert _active(page)["cls"] == "rop-quiz__check", "Tab fra svarene skal gå til «Sjekk svaret»"
        ring = _focus_ring(page)
        assert (ring["style"] != "none" and ring["width"] >= 2) or ring["shadow"] != "none", f"fokus synes ikke: {ring}"
        page.keyboard.press("Enter")
        _assert_explains_and_links(page, form, "Ikke riktig")
        assert page.locator(f"#{form} .rop-quiz__feedback").get_attribute("role") == "status"
        # Back to the options, arrow down to option 3 («Bare 17»), check again with Space.
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        assert page.locator(f"#{form}-o3").is_checked()
        page.keyboard.press("Tab")
        page.keyboard.press("Space")
        _assert_explains_and_links(page, form, "Riktig.")
        assert "Ikke riktig" not in _feedback(page, form)


def test_multiple_choice_partly_then_fully_right_by_keyboard(site):
    with _page(site) as page:
        form = "q-ropit-03"
        assert _tab_into(page, form)["type"] == "checkbox"
        page.keyboard.press("Space")            # 1 Desentralisering (right)
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Space")            # 3 Brukermedvirkning (right)
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Space")            # 5 Privatisering (wrong)
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        _assert_explains_and_links(page, form, "Ikke riktig")
        assert "2 av 3 riktige er valgt, og 1 av valgene er feil." in _feedback(page, form)
        assert "✗ feil" in page.locator(f"#{form}-o5").locator("xpath=..").inner_text()
        page.keyboard.press("Shift+Tab")        # back on 5
        page.keyboard.press("Space")            # uncheck 5
        page.keyboard.press("Shift+Tab")        # 4 Samordning
        page.keyboard.press("Space")
        for _ in range(2):
            page.keyboard.press("Tab")
        assert _active(page)["cls"] == "rop-quiz__check"
        page.keyboard.press("Enter")
        _assert_explains_and_links(page, form, "Riktig.")


def test_matching_with_selects_by_keyboard(site):
    with _page(site) as page:
        form = "q-ropit-01"
        first = _tab_into(page, form)
        assert first["tag"] == "select", first
        selects = page.locator(f"#{form} select")
        n = selects.count()
        # Where each right answer sits in its list (read from the page; answering is by keyboard).
        steps = page.evaluate("""(id) => [...document.querySelectorAll('#' + id + ' select')].map(s =>
            [...s.options].findIndex(o => o.value === s.dataset.correct))""", form)
        wrong = [1 if s != 1 else 2 for s in steps]   # one option that is not the right one
        for i in range(n):
            for _ in range(wrong[i]):
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Tab")
        assert _active(page)["cls"] == "rop-quiz__check"
        page.keyboard.press("Enter")
        _assert_explains_and_links(page, form, "Ikke riktig")
        assert f"0 av {n} par er riktige." in _feedback(page, form)
        assert selects.first.get_attribute("aria-invalid") == "true"
        for _ in range(n):
            page.keyboard.press("Shift+Tab")
        assert _active(page)["id"] == f"{form}-p1"
        for i in range(n):
            page.keyboard.press("Home")
            for _ in range(steps[i]):
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Tab")
        page.keyboard.press("Space")
        _assert_explains_and_links(page, form, "Riktig.")
        assert selects.first.get_attribute("aria-invalid") == "false"


def test_nothing_chosen_asks_for_an_answer(site):
    with _page(site) as page:
        page.locator("#q-ropit-02 .rop-quiz__check").click()
        assert "Velg et svar først." in _feedback(page, "q-ropit-02")


def test_without_javascript_the_answers_are_in_details(site):
    with _page(site, javascript=False) as page:
        assert page.locator(".rop-quiz__check").first.is_hidden(), "knappen skal ikke vises uten skript"
        details = page.locator("#q-ropit-02 details.rop-quiz__answer")
        details.locator("summary").click()
        assert "Bare 17" in details.inner_text()
        assert details.locator("a").get_attribute("href") == "#et-felt-der-ingen-har-fasiten"


def test_phone_width_has_no_overflow(site):
    with _page(site, viewport=rb.PHONE) as page:
        widths = page.evaluate("""() => [...document.querySelectorAll('form.rop-quiz__q')].map(f =>
            [f.scrollWidth, f.clientWidth, f.getBoundingClientRect().right])""")
        assert widths
        for scroll, client, right in widths:
            assert scroll <= client + 1 and right <= 390, f"spørsmålet er bredere enn skjermen: {widths}"
        button = page.locator("#q-ropit-02 .rop-quiz__check").bounding_box()
        assert button["height"] >= 44, "knappen er for liten å treffe på en telefon"


CONTRAST = """(sel) => {
  const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => v / 255)
      .map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4)); return 0.2126*r + 0.7152*g + 0.0722*b; };
  const bg = el => { while (el) { const c = getComputedStyle(el).backgroundColor;
      if (c && !c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') return c; el = el.parentElement; } return 'rgb(255, 255, 255)'; };
  const el = document.querySelector(sel); const a = lum(getComputedStyle(el).color), b = lum(bg(el));
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


@pytest.mark.parametrize("dark", [False, True], ids=["lys", "mørk"])
def test_text_contrast_in_light_and_dark_mode(site, dark):
    with _page(site, dark=dark) as page:
        page.locator("#q-ropit-02-o1").check()
        page.locator("#q-ropit-02 .rop-quiz__check").click()
        for sel in ["#q-ropit-02 legend", "#q-ropit-02 label", "#q-ropit-02 .rop-quiz__check",
                    "#q-ropit-02 .rop-quiz__why", "#q-ropit-01 select", "#q-ropit-02 .rop-quiz__hint"]:
            ratio = page.evaluate(CONTRAST, sel)
            assert ratio >= 4.5, f"{sel}: kontrast {ratio:.2f} under 4,5 ({'mørk' if dark else 'lys'} modus)"


def test_print_opens_the_answers(site):
    with _page(site) as page:
        page.emulate_media(media="print")
        page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
        assert page.locator("details.rop-quiz__answer[open]").count() == page.locator("details.rop-quiz__answer").count()
        assert page.locator("#q-ropit-02 .rop-quiz__check").is_hidden()
