"""«Sjekk deg selv»: the quiz table's own checks, the rendered markup, and that every question
points at a real section of its chapter and at the source lines it builds on."""

import json
import re

import pytest
from bs4 import BeautifulSoup

from ropbook import data
from ropbook import selftest


def _row(**kw):
    row = {
        "question_id": "q-test-01", "chapter": "ropit-prosjektet", "kind": "enkeltvalg",
        "question": "Hvilken?", "options": "A | B | C", "correct": "2",
        "explanation": "Fordi B.", "section": "teoretisk-ramme",
        "source_id": "kap2", "locator": "Kapittel 2, Innledning", "lines": "1-2", "note": None,
    }
    row.update(kw)
    return row


def test_the_real_table_is_valid():
    rows = selftest._records()
    assert rows, "data/quiz.csv har ingen spørsmål"
    assert selftest.validate_rows(rows) == []


@pytest.mark.parametrize("changes,expected", [
    ({"correct": "4"}, "linje 2, kolonne «correct»: 4 er ikke et alternativnummer (1–3)"),
    ({"correct": "0"}, "kolonne «correct»: 0 er ikke et alternativnummer"),
    ({"correct": "1,2"}, "enkeltvalg har ett riktig svar, fant 2"),
    ({"correct": None}, "kolonne «correct»: mangler nummeret"),
    ({"kind": "flervalg", "correct": "1,2,3"}, "alle alternativene er riktige"),
    ({"kind": "flervalg", "correct": "1,1"}, "samme nummer står flere ganger"),
    ({"options": "Bare ett"}, "kolonne «options»: minst to alternativer"),
    ({"options": "A |  | C"}, "alternativ 2 er tomt"),
    ({"kind": "par", "correct": None, "options": "a => 1 | b 2"}, "alternativ 2 («b 2») må ha formen «venstre => høyre»"),
    ({"kind": "par", "correct": "1", "options": "a => 1 | b => 2"}, "skal være tom for par"),
    ({"kind": "par", "correct": None, "options": "a => 1 | a => 2"}, "samme element står to ganger"),
    ({"options": "a => 1 | b => 2", "correct": "1"}, "«=>» hører bare hjemme i par-spørsmål"),
    ({"kind": "sant-usant"}, "kolonne «kind»: ukjent type"),
    ({"explanation": None}, "kolonne «explanation»: mangler"),
    ({"lines": ""}, "kolonne «lines»: mangler"),
])
def test_validation_names_file_line_and_column(changes, expected):
    rows = [_row(), _row(question_id="q-test-02", **changes)]
    problems = selftest.validate_rows(rows)
    assert problems, f"ingen feil funnet for {changes}"
    assert all(p.startswith("data/quiz.csv, linje 3, kolonne «") for p in problems), problems
    assert any(expected.replace("linje 2", "linje 3") in p for p in problems), problems


def test_a_good_row_passes():
    assert selftest.validate_rows([_row(), _row(kind="par", correct=None, options="a => 1 | b => 2")]) == []


def test_questions_fail_loudly_on_bad_rows(monkeypatch):
    monkeypatch.setattr(selftest, "_records", lambda: [_row(correct="9")])
    with pytest.raises(selftest.QuizError, match=r"data/quiz.csv, linje 2, kolonne «correct»"):
        selftest.questions("ropit-prosjektet")
    monkeypatch.setattr(selftest, "_records", lambda: [_row()])
    with pytest.raises(selftest.QuizError, match="ingen spørsmål for kapitlet «avslutning»"):
        selftest.questions("avslutning")


@pytest.mark.parametrize("title,anchor", [
    ("Teoretisk ramme", "teoretisk-ramme"),
    ("Hva tjenestene skal måles mot", "hva-tjenestene-skal-males-mot"),
    ("Tre kommuner – med vilje ulike", "tre-kommuner-med-vilje-ulike"),
    ("Rammer: tid, penger og to ulike perioder", "rammer-tid-penger-og-to-ulike-perioder"),
    ("Refleksjonsspørsmål", "refleksjonssporsmal"),
    ("Til drøfting i praksis", "til-drofting-i-praksis"),
    ("Hva {term}`samordning <Samordning>` betyr", "hva-samordning-betyr"),
])
def test_heading_ids_as_sphinx_makes_them(title, anchor):
    assert selftest.heading_id(title) == anchor


def test_headings_inside_fences_are_not_sections(tmp_path):
    nb = {"cells": [{"cell_type": "markdown", "source": ["# Tittel\n", "```\n", "## Ikke en overskrift\n", "```\n", "## Ekte\n"]},
                    {"cell_type": "code", "source": ["## kommentar\n"]}]}
    (tmp_path / "x.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    assert selftest.chapter_sections("x", tmp_path) == {"tittel": "Tittel", "ekte": "Ekte"}


def _soup(chapter="ropit-prosjektet"):
    return BeautifulSoup(selftest.quiz(chapter).markup, "html.parser")


def test_every_question_is_a_form_with_fieldset_legend_button_and_live_region():
    rows = selftest.questions("ropit-prosjektet")
    forms = _soup().select("section.rop-quiz form.rop-quiz__q")
    assert [f["id"] for f in forms] == [r["question_id"] for r in rows]
    for form, row in zip(forms, rows):
        legend = form.select_one("fieldset > legend")
        assert legend and row["question"] in legend.get_text(), row["question_id"]
        button = form.select_one("button[type=submit]")
        assert button.get_text() == "Sjekk svaret" and button.has_attr("hidden"), "knappen vises først når skriptet kjører"
        live = form.select_one(".rop-quiz__feedback")
        assert live["role"] == "status" and live["aria-live"] == "polite"
        # Every control has a label.
        for control in form.select("input, select"):
            assert form.select_one(f'label[for="{control["id"]}"]'), control["id"]
        # Without JavaScript the answer, the explanation and the link are in a <details>.
        details = form.select_one("details.rop-quiz__answer")
        assert row["explanation"] in details.get_text()
        assert details.select_one("a")["href"] == f"#{row['section']}"
        assert selftest.answer_text(row) in details.get_text()


def test_controls_match_the_kind():
    for row, form in zip(selftest.questions("ropit-prosjektet"), _soup().select("form.rop-quiz__q")):
        opts = selftest.split_options(row["options"])
        if row["kind"] == "par":
            selects = form.select("select")
            assert len(selects) == len(opts)
            for n, sel in enumerate(selects, 1):
                right = opts[n - 1].split("=>")[1].strip()
                chosen = sel.select_one(f'option[value="{sel["data-correct"]}"]')
                assert chosen.get_text() == right, "data-correct peker på feil motpart"
                assert [o.get_text() for o in sel.select("option")][1:] != [o.split("=>")[1].strip() for o in opts]
        else:
            kind = "radio" if row["kind"] == "enkeltvalg" else "checkbox"
            inputs = form.select("input")
            assert [i["type"] for i in inputs] == [kind] * len(opts)
            assert len({i["name"] for i in inputs}) == 1
            assert form["data-correct"] == row["correct"]


def test_markup_is_escaped(monkeypatch):
    evil = _row(question="<script>alert(1)</script> & «x»", explanation="<b>fet</b>")
    monkeypatch.setattr(selftest, "_records", lambda: [evil])
    markup = selftest.quiz("ropit-prosjektet").markup
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    assert "<b>fet</b>" not in markup and "&lt;b&gt;fet&lt;/b&gt;" in markup


def test_render_refuses_a_section_the_chapter_lacks(monkeypatch):
    monkeypatch.setattr(selftest, "_records", lambda: [_row(section="finnes-ikke")])
    with pytest.raises(selftest.QuizError, match="«finnes-ikke» er ikke en overskrift i chapters/ropit-prosjektet.ipynb"):
        selftest.quiz("ropit-prosjektet")


# --- Provenance: a question without its source or with a dead link fails here. ---

QUIZ_ROWS = selftest._records()


@pytest.mark.parametrize("row", QUIZ_ROWS, ids=[r["question_id"] for r in QUIZ_ROWS])
def test_question_has_provenance_and_a_live_section_link(row):
    for col in ("source_id", "locator", "lines"):
        assert row[col], f"data/quiz.csv, {row['question_id']}: kolonne «{col}» mangler (proveniens)"
    assert row["source_id"] in set(data.sources()["source_id"]), f"{row['question_id']}: ukjent kilde"
    assert re.fullmatch(r"\d+(-\d+)?(, ?\d+(-\d+)?)*", row["lines"])
    assert selftest.check_sections([row]) == [], selftest.check_sections([row])


def test_section_check_can_fail():
    problems = selftest.check_sections([_row(section="teoretisk-rame"), _row(chapter="finnes-ikke")])
    assert len(problems) == 2
    assert "«teoretisk-rame» er ikke en overskrift i chapters/ropit-prosjektet.ipynb" in problems[0]
    assert "chapters/finnes-ikke.ipynb finnes ikke" in problems[1]


def _quiz_cells():
    for path in sorted(selftest.CHAPTERS.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            src = "".join(cell["source"])
            for m in re.finditer(r'selftest\.quiz\("([^"]+)"\)', src):
                yield path, nb, cell, m.group(1)


def test_quiz_cells_name_their_own_chapter_under_sjekk_deg_selv():
    found = list(_quiz_cells())
    assert found, "ingen kapitler viser «Sjekk deg selv»"
    for path, nb, cell, chapter in found:
        assert chapter == path.stem, f"{path.name}: selftest.quiz(«{chapter}») viser et annet kapittels spørsmål"
        assert "remove-input" in cell.get("metadata", {}).get("tags", []), f"{path.name}: quiz-cellen skal ha taggen remove-input"
        assert "sjekk-deg-selv" in selftest.chapter_sections(path.stem), f"{path.name}: mangler overskriften «## Sjekk deg selv»"
        assert not cell.get("outputs"), f"{path.name}: notatboka er lagret med utdata"


def test_check_data_stops_on_a_bad_quiz_row(data_copy):
    """make check-data and the book build (ropbook.data.validate_package) run the quiz rules too."""
    from ropbook.data import validate_package

    path = data_copy / "quiz.csv"
    text = path.read_text(encoding="utf-8")
    bad = text.replace(",enkeltvalg,", ",flervalg,", 1).replace('dem,3,"Bare 17', 'dem,"1,2,3,4","Bare 17', 1)
    assert bad != text
    path.write_text(bad, encoding="utf-8")
    problems = validate_package(data_copy)
    assert any("quiz.csv, linje 3, kolonne «correct»" in p and "alle alternativene er riktige" in p for p in problems), problems
