"""Who says it and how sure (issue 10): every claim row has a voice, and keeps its source's hedges.

The hedge test reads each claim row's cited lines, finds the hedge words there (kinds and words
in ropbook/voice.py, with the reason for each) and fails when the row's own text drops every
qualifier of that kind and its note does not say why. The meta-tests below show it catches a
stripped hedge.
"""

import csv
import io
import re

import pytest

from ropbook import data, voice

from test_provenance import _cited_text  # the seed reader, with hyphenation and spacing undone

VOICE_TABLES = [n for n in data.table_names() if "voice" in {f["name"] for f in data.schema(n)["schema"]["fields"]}]


def _key(table: str, row: dict) -> str:
    return str(row[data.schema(table)["schema"]["fields"][0]["name"]])


def _text(v) -> str:
    return v if isinstance(v, str) else ""


CLAIM_ROWS = [
    (t, i + 2, r)
    for t in voice.CLAIM_TEXT
    for i, r in enumerate(data.load(t).to_dict("records"))
]


def _own_text(table: str, row: dict) -> str:
    return " ".join(_text(row[c]) for c in voice.CLAIM_TEXT[table])


def _note_explains(note: str, missing: dict[str, list[str]]) -> bool:
    """A note explains a missing hedge when it says «forbehold» or names one of the hedge words."""
    low = note.lower()
    return "forbehold" in low or any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", low) for ws in missing.values() for w in ws)


def test_voice_tables_are_the_contract():
    """The tables with voice columns are exactly those the common contract names."""
    expected = {"reforms", "reform_instruments", "indicators", "municipalities", "municipality_facts", "events",
                "data_collection", "units", "actors", "coordination_links", "themes", "coordinator_roles", "factors",
                "risk_points", "guideline_expectations", "paradoxes", "recommendations", "glossary"}
    assert set(VOICE_TABLES) == expected, f"tabeller med stemme: {sorted(VOICE_TABLES)}"


@pytest.mark.parametrize("table", VOICE_TABLES)
def test_every_row_has_a_voice(table):
    df = data.load(table)
    empty = [_key(table, r) for r in df.to_dict("records") if _text(r["voice"]) not in voice.VOICE]
    assert not empty, f"data/{table}.csv: rader uten gyldig stemme: {empty}"
    refless = [_key(table, r) for r in df.to_dict("records") if r["voice"] in voice.NEEDS_REF and not _text(r["voice_ref"])]
    assert not refless, f"data/{table}.csv: forskning/rapport uten voice_ref: {refless}"


def _rewrite(path, key_col, key, **changes):
    text = path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    for r in rows:
        if r[key_col] == key:
            r.update(changes)
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0].keys()), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_a_row_without_voice_fails_validation(data_copy):
    _rewrite(data_copy / "factors.csv", "factor_id", "mas-f12", voice="")
    problems = data.validate_package(data_copy)
    hits = [p for p in problems if "factors.csv" in p and "«voice»" in p]
    assert hits, f"en rad uten stemme ble ikke stoppet: {problems}"
    line = 2 + [r["factor_id"] for r in csv.DictReader(open(data_copy / "factors.csv", encoding="utf-8"))].index("mas-f12")
    assert f"linje {line}" in hits[0], hits[0]


def test_a_report_without_its_work_fails_validation(data_copy):
    _rewrite(data_copy / "recommendations.csv", "recommendation_id", "k14-a06", voice_ref="")
    problems = data.validate_package(data_copy)
    hits = [p for p in problems if "recommendations.csv" in p and "«voice_ref»" in p]
    assert hits and "linje 7" in hits[0] and "rapport" in hits[0], f"voice_ref-regelen slo ikke til: {problems}"
    _rewrite(data_copy / "recommendations.csv", "recommendation_id", "k14-a06", voice="kilden")
    assert not [p for p in data.validate_package(data_copy) if "«voice_ref»" in p], "kilden trenger ikke voice_ref"


def _first_word(ref: str) -> str:
    return re.sub(r"[^a-zæøå0-9]", "", ref.split("(")[0].split()[0].lower())


@pytest.mark.parametrize(
    "table,line,row",
    [(t, ln, r) for t in VOICE_TABLES for ln, r in enumerate(data.load(t).to_dict("records"), start=2) if _text(r["voice_ref"])],
    ids=lambda v: v if isinstance(v, (str, int)) else "",
)
def test_the_cited_work_is_named_in_the_cited_lines(table, line, row):
    """voice_ref is checkable: each work it names is named in the lines the row cites."""
    cited = re.sub(r"[^a-zæøå0-9]", "", _cited_text(row["source_id"], row["lines"]).lower())
    for part in re.split(r";| og andre ", row["voice_ref"]):
        word = _first_word(part.strip())
        assert word in cited, f"data/{table}.csv, linje {line}: «{part.strip()}» står ikke i linje {row['lines']}"


def test_slides_findings_are_preliminary():
    """Everything under the slides' «Noen foreløpige funn og noen utfordringer» (line 75 on) is forelopig."""
    wrong = []
    for t in VOICE_TABLES:
        if t == "glossary":  # a word explained, not a finding
            continue
        for ln, r in enumerate(data.load(t).to_dict("records"), start=2):
            if r["source_id"] == "lysark" and min(a for a, _ in _ranges(r["lines"])) >= 75 and r["voice"] != "forelopig":
                wrong.append(f"data/{t}.csv, linje {ln}")
    assert not wrong, f"funn fra lysarkenes «foreløpige funn» uten stemmen forelopig: {wrong}"


def _ranges(spec):
    for part in spec.split(","):
        a, _, b = part.strip().partition("-")
        yield int(a), int(b or a)


@pytest.mark.parametrize("table,line,row", CLAIM_ROWS, ids=[f"{t}:{ln}" for t, ln, _ in CLAIM_ROWS])
def test_hedges_are_kept(table, line, row):
    cited = _cited_text(row["source_id"], row["lines"])
    missing = voice.missing_qualifiers(cited, _own_text(table, row), row["voice"])
    if missing and _note_explains(_text(row["note"]), missing):
        return
    assert not missing, (
        f"data/{table}.csv, linje {line} ({_key(table, row)}): kilden tar forbehold som teksten dropper: "
        + "; ".join(f"{kind}: {', '.join(words)}" for kind, words in missing.items())
        + f" (linje {row['lines']}). Ta forbeholdet inn i teksten, eller forklar i note hvorfor ikke."
    )


# --- the hedge test can fail ------------------------------------------------------------------


def _row(table, key):
    df = data.load(table)
    return df[df.iloc[:, 0] == key].iloc[0].to_dict()


def test_hedge_check_catches_a_stripped_count():
    """«To av informantene sier at TSB tar raskere kontakt» stripped to «TSB tar raskere kontakt» fails."""
    row = _row("factors", "mas-f12")
    cited = _cited_text(row["source_id"], row["lines"])
    assert not voice.missing_qualifiers(cited, row["text"], row["voice"]), "den ekte raden skal bestå"
    stripped = "Etter at pakkeforløpet kom, tar TSB raskere og oftere kontakt med kommunen."
    assert "quantity" in voice.missing_qualifiers(cited, stripped, row["voice"])


def test_hedge_check_catches_a_stripped_modal():
    """Riksrevisjonen's «kan brukes på en bedre måte» turned into «bør brukes bedre» fails."""
    row = _row("recommendations", "k14-a06")
    cited = _cited_text(row["source_id"], row["lines"])
    assert not voice.missing_qualifiers(cited, row["text"], row["voice"])
    assert "modal" in voice.missing_qualifiers(cited, "De statlige virkemidlene for god kvalitet bør brukes bedre.", row["voice"])


def test_hedge_check_catches_a_stripped_so_far_as_we_can_see():
    row = _row("municipality_facts", "k14-m13")
    cited = _cited_text(row["source_id"], row["lines"])
    assert "så vidt" in voice.hedges_in(cited)["modal"]
    # the row as it stood before issue 10: the source's «så vidt vi kan se» had been dropped
    flat = ("Kommunedelen sto alene med endringsprosjektet, og det var ingen utveksling mellom kommunedelene "
            "om hvordan endringen skulle legges opp.")
    assert not voice.missing_qualifiers(cited, row["text"], row["voice"])
    assert "modal" in voice.missing_qualifiers(cited, flat, row["voice"])


def test_a_note_must_name_the_caution_to_excuse_it():
    missing = {"modal": ["kan"]}
    assert not _note_explains("Kapitlet oppgir ikke året.", missing)
    assert _note_explains("Kilden sier «kan», men her gjelder det noe annet.", missing)


# --- labels -------------------------------------------------------------------------------------


def test_voice_labels_read_as_norwegian():
    assert voice.label("rapport", "Riksrevisjonen (2021)", "kap14") == "Riksrevisjonen (2021), gjengitt i kapittel 14"
    assert voice.label("sporsmal", "", "master") == "spørsmål masteroppgaven reiser"
    assert voice.label("informant", "", "master", "To av informantene sier at …") == "to informanter i masteroppgaven"
    assert voice.label("informant", "", "kap9", "Én informant forteller …") == "én informant i kapittel 9"
    assert voice.label("informant", "", "kap9", "De ansatte beskriver …") == "informanter i kapittel 9"
    assert voice.label("forelopig", "", "lysark") == "foreløpig funn (lysarkene)"
    assert voice.label("bok", "", "kap9") == "bokas egen forklaring"
    assert voice.label("kilden", "", "kap14") == "forfatterne av kapittel 14"
    assert set(voice.VOICE) == set(data.schema("factors")["schema"]["fields"][5]["constraints"]["enum"])
