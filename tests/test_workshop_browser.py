"""The self-assessment in the static book: no kernel, no network, keyboard only.

Also the equivalence test: the browser version (ropbook/static/selfassess.js) and the Python
version (ropbook.selfassess) give the same profile and the same shortfalls for the same answers,
and accept or refuse the same answer files with the same message.
"""

import contextlib
import json

import pytest

from ropbook import browser as rb
from ropbook import selfassess

PAGE = "chapters/hvor-star-var-kommune.html"


@contextlib.contextmanager
def _watched_page(b):
    """A fresh page that records console errors and refuses (and records) requests to any other host."""
    ctx = b.new_context(viewport=rb.DESKTOP, accept_downloads=True)
    pg = ctx.new_page()
    pg.errors, pg.foreign = rb.watch(pg, schemes=("data:", "blob:"))
    try:
        yield pg
        assert not pg.foreign, f"forespørsler til andre verter: {pg.foreign}"
        assert not pg.errors, pg.errors
    finally:
        ctx.close()


@pytest.fixture
def page(site, tmp_path):
    base, b = site
    with _watched_page(b) as pg:
        # window.print opens a dialog a headless browser cannot show: count the calls instead.
        pg.add_init_script("window.__printed = 0; window.print = function () { window.__printed += 1; };")
        pg.goto(base + PAGE)
        pg.wait_for_function(rb.WAIT_FOR_CHARTS, arg=rb.chart_count(PAGE), timeout=30000)
        yield pg


def _profile(pg):
    return pg.evaluate("""() => {
      const gd = document.querySelector('[data-rop-selfassessment] .plotly-graph-div');
      return {x: Array.from(gd.data[1].x), colours: Array.from(gd.data[1].marker.color)};
    }""")


def _python_profile(answers):
    fig = selfassess.profile_figure(answers)
    return {"x": list(fig.data[1].x), "colours": list(fig.data[1].marker.color)}


def _shortfall_ids(pg):
    return pg.evaluate("() => [...document.querySelectorAll('.rop-sa__gaps li')].map(li => li.dataset.point)")


def test_answer_by_keyboard_see_profile_save_reload_load_and_print(page, tmp_path):
    pts = selfassess.points()["point_id"].tolist()
    wanted = {pts[0]: 3, pts[1]: 1, pts[2]: 0, pts[4]: 2}
    page.focus("#rop-sa-name")
    page.keyboard.type("Møte mars")
    for pid in pts:  # Tab reaches each point's radio group; arrow keys pick the step
        page.keyboard.press("Tab")
        focused = page.evaluate("() => [document.activeElement.name, document.activeElement.type]")
        assert focused == [pid, "radio"], f"Tab skulle gå til punktet {pid}, gikk til {focused}"
        for _ in range(wanted[pid] + 1 if pid in wanted else 0):
            page.keyboard.press("ArrowRight")
    answers = {p: wanted.get(p) for p in pts}
    assert _profile(page) == _python_profile(answers)
    expected_low = selfassess.shortfalls(answers)["point_id"].tolist()
    assert _shortfall_ids(page) == expected_low and expected_low
    for href in page.eval_on_selector_all(".rop-sa__gaps a", "as => as.map(a => a.getAttribute('href'))"):
        assert (rb.SITE / "chapters" / href).exists(), f"lenken {href} peker ikke på et kapittel"
    # The focus is visible where the keyboard is.
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "fokus skal synes"

    with page.expect_download() as dl:
        page.get_by_role("button", name="Lagre svarene som fil").click()
    saved = tmp_path / "svar.json"
    dl.value.save_as(saved)
    assert saved.read_text(encoding="utf-8") == selfassess.dump_answers(answers, "Møte mars")

    page.reload()
    page.wait_for_function(rb.WAIT_FOR_CHARTS, arg=rb.chart_count(PAGE), timeout=30000)
    page.wait_for_function("() => document.querySelector('.rop-sa__status').textContent.includes('4 av')")
    assert _profile(page) == _python_profile(answers), "svarene skal stå etter en ny innlasting"
    assert page.input_value("#rop-sa-name") == "Møte mars"

    page.get_by_role("button", name="Tøm svarene").click()
    assert _profile(page) == _python_profile({}), "Tøm svarene skal tømme profilen"
    page.set_input_files("#rop-sa-file", str(saved))
    page.wait_for_function("() => document.querySelector('.rop-sa__message').textContent.includes('Hentet 4 svar')")
    assert _profile(page) == _python_profile(answers)
    assert _shortfall_ids(page) == expected_low

    page.get_by_role("button", name="Skriv ut sammendrag").click()
    assert page.evaluate("window.__printed") == 1
    summary = page.inner_text(".rop-sa__summary")
    assert "Møte mars" in summary and "I stor grad" in summary


def test_bad_files_are_refused_and_answers_stay(page, tmp_path):
    pts = selfassess.points()["point_id"].tolist()
    page.check(f'input[name="{pts[0]}"][value="2"]')
    before = _profile(page)
    cases = {
        "feil-type.json": '{"hei": 1}',
        "ukjent.json": '{"format": "ropbok-selvvurdering", "versjon": 1, "svar": {"k99-xx": 2}}',
        "latin1.json": b'{"format": "ropbok-selvvurdering", "navn": "M\xf8te", "versjon": 1, "svar": {}}',
    }
    for name, content in cases.items():
        f = tmp_path / name
        f.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        page.set_input_files("#rop-sa-file", str(f))
        page.wait_for_function("() => document.querySelector('.rop-sa__message').textContent.includes('Kunne ikke hente svarene')")
        message = page.inner_text(".rop-sa__message")
        try:
            selfassess.parse_answers(content)
        except selfassess.AnswerFileError as exc:
            assert str(exc) in message, f"{name}: nettleseren sa «{message}», Python «{exc}»"
        else:
            pytest.fail(f"Python godtok {name}")
        assert _profile(page) == before, f"{name}: svarene på siden skal stå urørt"
        page.evaluate("() => { document.querySelector('.rop-sa__message').textContent = ''; }")


ANSWER_SETS = [
    {},
    {"k2-ge1": 0},
    {"k2-ge1": 3, "k2-rp1": 1, "k2-rp6": 2},
    "all-low",
    "all-top",
]
FILES = [
    '{"format": "ropbok-selvvurdering", "versjon": 1, "navn": "", "svar": {"k2-ge1": 2}}',
    '{"format": "ropbok-selvvurdering", "versjon": 1, "svar": {"k2-ge1": 2.0}}',
    '{"format": "ropbok-selvvurdering", "versjon": 1, "svar": {"k2-ge1": 9}}',
    '{"format": "ropbok-selvvurdering", "versjon": 1, "svar": {"k2-ge1": 1.5}}',
    '{"format": "ropbok-selvvurdering", "versjon": 1, "svar": {"k2-ge1": true}}',
    '{"format": "ropbok-selvvurdering", "versjon": 1, "svar": {"k2-ge1": "2"}}',
    '{"format": "ropbok-selvvurdering", "versjon": 1, "svar": {"k2-ge1": null}}',
    '{"format": "ropbok-selvvurdering", "versjon": 2, "svar": {}}',
    '{"format": "ropbok-selvvurdering", "svar": {}}',
    '{"format": "noe-annet", "versjon": 1, "svar": {}}',
    '{"format": "ropbok-selvvurdering", "versjon": 1}',
    '{"format": "ropbok-selvvurdering", "versjon": 1, "svar": []}',
    '{"format": "ropbok-selvvurdering", "versjon": 1, "svar": {"zz": 1, "aa": 2}}',
    '[1, 2]',
    '{"format": ',
]


def test_browser_and_python_give_the_same_answers(page):
    pts = selfassess.points()["point_id"].tolist()
    api = "document.querySelector('[data-rop-selfassessment]').ropSelfAssessment"
    for spec in ANSWER_SETS:
        answers = {p: 0 for p in pts} if spec == "all-low" else {p: 3 for p in pts} if spec == "all-top" else spec
        full = {p: answers.get(p) for p in pts}
        js = page.evaluate(f"(a) => {{ const r = {api}; const p = r.profile(a); return {{x: p.x, colours: p.colours, low: r.shortfalls(a)}}; }}", full)
        py = _python_profile(full)
        assert js["x"] == py["x"] and js["colours"] == py["colours"], spec
        assert js["low"] == selfassess.shortfalls(full)["point_id"].tolist(), spec
        assert page.evaluate(f"(a) => {api}.dump(a, 'Navn')", full) == selfassess.dump_answers(full, "Navn")
    for text in FILES:
        js = page.evaluate(f"(t) => {api}.parse(t)", text)
        try:
            py = selfassess.parse_answers(text)
        except selfassess.AnswerFileError as exc:
            assert "error" in js, f"Python avviste, nettleseren godtok: {text}"
            if not str(exc).startswith("Filen er ikke gyldig JSON"):
                assert js["error"] == str(exc), text
        else:
            assert js.get("answers") == py, text


def test_redraw_after_a_change_is_quick(page):
    pts = selfassess.points()["point_id"].tolist()
    worst = page.evaluate("""(ids) => {
      let worst = 0;
      for (const id of ids) {
        const input = document.querySelector(`input[name="${id}"][value="1"]`);
        const t0 = performance.now();
        input.checked = true;
        input.dispatchEvent(new Event('change', {bubbles: true}));
        worst = Math.max(worst, performance.now() - t0);
      }
      return worst;
    }""", pts)
    assert worst < 300, f"tregeste omtegning {worst:.0f} ms"


EXPLORER = "chapters/utforsk-dataene.html"


@pytest.fixture
def explorer_page(site):
    base, b = site
    with _watched_page(b) as pg:
        pg.base = base
        yield pg


def _explorer_chart(pg):
    return pg.evaluate("""() => {
      const gd = document.querySelector('[data-rop-explorer] [data-role=chart]');
      const t = gd.data[0];
      // customdata holds the full labels (the axis shortens them on a phone)
      return {labels: Array.from(t.customdata), values: Array.from(t.orientation === 'h' ? t.x : t.y)};
    }""")


def _wait_explorer(pg):
    pg.wait_for_function("() => { const gd = document.querySelector('[data-rop-explorer] [data-role=chart]');"
                         " return gd && gd.querySelector('svg.main-svg') && gd.data; }", timeout=30000)


def test_explorer_table_filter_group_download_and_link(explorer_page, tmp_path):
    import io

    import pandas as pd

    from ropbook import data, explore

    pg = explorer_page
    pg.goto(pg.base + EXPLORER)
    _wait_explorer(pg)
    pg.select_option('[data-role="table"]', "factors")
    pg.select_option('select[data-filter="source_id"]', "master")
    pg.select_option('[data-role="by"]', "level")
    df = data.factors()
    sel = explore.filter_rows(df, {"source_id": "master"})
    assert pg.inner_text('[data-role="count"]') == f"{len(sel)} av {len(df)} rader valgt"
    labels, values, _ = explore.summary(sel, "factors", "level")
    assert _explorer_chart(pg) == {"labels": labels, "values": values}
    assert pg.locator('[data-role="rows"] tbody tr').count() == min(len(sel), explore.MAX_ROWS_SHOWN)

    with pg.expect_download() as dl:
        pg.get_by_role("button", name="Last ned utvalget som CSV").click()
    path = tmp_path / "utvalg.csv"
    dl.value.save_as(path)
    assert dl.value.suggested_filename == "factors-utvalg.csv"
    raw = pd.read_csv(data.DATA_DIR / "factors.csv", dtype=str, keep_default_na=False)
    got = pd.read_csv(path, dtype=str, keep_default_na=False)
    expected = raw.loc[sel.index].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected)

    link = pg.url
    assert "tabell=factors" in link and "filter.source_id=master" in link and "etter=level" in link
    fresh = pg.context.new_page()
    fresh.goto(link)
    _wait_explorer(fresh)
    assert fresh.input_value('[data-role="table"]') == "factors"
    assert fresh.input_value('select[data-filter="source_id"]') == "master"
    assert _explorer_chart(fresh) == {"labels": labels, "values": values}, "lenken skal gjenskape visningen"
    fresh.close()


def test_explorer_by_keyboard(explorer_page):
    pg = explorer_page
    pg.goto(pg.base + EXPLORER)
    _wait_explorer(pg)
    pg.focus('[data-role="table"]')
    pg.keyboard.press("ArrowDown")  # the next table, chosen from the keyboard
    pg.wait_for_function("() => location.hash.includes('tabell=')")
    assert pg.evaluate("document.activeElement.dataset.role") == "table"
    assert pg.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none", "fokus skal synes"
    pg.focus('[data-orientation="v"]')
    pg.keyboard.press("Enter")
    assert pg.get_attribute('[data-orientation="v"]', "aria-pressed") == "true"
    assert pg.evaluate("document.querySelector('[data-rop-explorer] [data-role=chart]').data[0].orientation") == "v"


def test_explorer_counts_match_pandas_on_every_table(explorer_page):
    from ropbook import data, explore

    pg = explorer_page
    pg.goto(pg.base + EXPLORER)
    _wait_explorer(pg)
    api = "document.querySelector('[data-rop-explorer]').ropExplorer"
    for name in data.table_names():
        df = data.load(name)
        for column in explore.filter_columns(df)[:3] or [None]:
            value = None if column is None else sorted(df[column].dropna().astype(str).unique())[0]
            choices = {} if column is None else {column: value}
            sel = explore.filter_rows(df, choices)
            for by in explore.group_columns(df)[:2]:
                js = pg.evaluate(f"([n, c, b]) => {{ const t = window.ROPBOOK_DATA.tables[n]; const r = {api}.filterRows(t, c, null);"
                                 f" const s = {api}.summary(t, r, b); return [r.length, s.labels, s.values]; }}", [name, choices, by])
                labels, values, _ = explore.summary(sel, name, by)
                assert js == [len(sel), labels, values], (name, choices, by)


def test_explorer_redraw_is_quick(explorer_page):
    pg = explorer_page
    pg.goto(pg.base + EXPLORER + "#tabell=quotes")
    _wait_explorer(pg)
    worst = 0.0
    for column in pg.eval_on_selector_all('select[data-filter]', "ss => ss.map(s => s.dataset.filter)"):
        options = pg.eval_on_selector_all(f'select[data-filter="{column}"] option', "os => os.map(o => o.value)")
        for value in options[1:3]:
            pg.select_option(f'select[data-filter="{column}"]', value)
            worst = max(worst, float(pg.get_attribute("[data-rop-explorer]", "data-last-update-ms")))
    assert worst < 300, f"tregeste omtegning {worst:.0f} ms"
