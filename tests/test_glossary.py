"""One word for one thing: the glossary has one entry per concept, merged terms are recorded, every
{term} link in the chapters lands on an entry, and the rename script points links at the merged entry."""

import csv
import importlib.util
import json
import re

import pytest

from ropbook import ROOT, data, pages

RENAMES = ROOT / "notes" / "glossary-renames.tsv"
TERM_LINK = re.compile(r"\{term\}`([^`<]*?)(?:\s*<([^>`]+)>)?`")


def _script():
    spec = importlib.util.spec_from_file_location("apply_glossary_renames", ROOT / "scripts" / "apply_glossary_renames.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _renames():
    return list(csv.DictReader(RENAMES.read_text(encoding="utf-8").splitlines(), delimiter="\t"))


def test_one_entry_per_concept():
    g = data.glossary()
    terms = [t.casefold() for t in g["term"]]
    assert len(terms) == len(set(terms)), "samme begrep står to ganger i data/glossary.csv"
    expansions = {}
    for r in g.itertuples():
        if isinstance(r.expansion, str):
            expansions.setdefault(r.expansion.casefold(), []).append(r.term)
    same = {e: ts for e, ts in expansions.items() if len(ts) > 1}
    assert not same, f"flere oppslag med samme fulle navn (slå dem sammen): {same}"
    doubles = [(r.term, r.expansion) for r in g.itertuples()
               if isinstance(r.expansion, str) and r.expansion.casefold() in terms and r.expansion.casefold() != r.term.casefold()]
    assert not doubles, f"forkortelse og fullt navn har hvert sitt oppslag (slå dem sammen): {doubles}"


def test_renames_are_recorded_and_point_at_live_entries():
    terms = {t.casefold() for t in data.glossary()["term"]}
    rows = _renames()
    assert rows, "notes/glossary-renames.tsv er tom"
    for r in rows:
        assert r["new_term"].casefold() in terms, f"{r['old_term']} -> {r['new_term']}: det nye oppslaget finnes ikke"
        if r["old_term"].casefold() != r["new_term"].casefold():
            assert r["old_term"].casefold() not in terms, f"{r['old_term']} står fortsatt som eget oppslag"


def test_the_three_words_are_explained():
    g = data.glossary().set_index("term")
    for word in ("Samordning", "Samhandling", "Samarbeid"):
        assert word in g.index, f"ordlisten mangler «{word}»"
    rule = g.loc["Samhandling", "definition"]
    assert all(w in rule for w in ("samordning", "samarbeid", "samhandling")), "regelen for de tre ordene står ikke i ordlisten"
    assert g.loc["Samhandling", "voice"] == "bok", "skillet mellom ordene er bokas eget og skal merkes slik"
    assert g.loc["Statsforvalteren", "voice"] == "bok", "navnebyttet i 2021 står ikke i kildene og skal merkes som bokas forklaring"


def test_nav_is_spelled_nav_in_the_glossary():
    g = data.glossary()
    for col in ("term", "expansion", "definition"):
        bad = [t for t, v in zip(g["term"], g[col]) if isinstance(v, str) and re.search(r"\bNAV\b", re.sub(r"«[^»]*»", "", v))]
        assert not bad, f"data/glossary.csv, kolonne «{col}»: skriv Nav, ikke NAV: {bad}"


def _links():
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
        for m in TERM_LINK.finditer(text):
            yield path.name, (m.group(2) or m.group(1)).strip()


def test_every_term_link_lands_on_an_entry():
    known = {t.casefold() for t in data.glossary()["term"]}
    known |= {old.casefold() for olds in pages.merged_terms().values() for old in olds}
    dangling = sorted({(name, target) for name, target in _links() if target.casefold() not in known})
    assert not dangling, f"lenker til begreper som ikke står i ordlisten: {dangling}"


@pytest.mark.parametrize("before,after", [
    ("{term}`ROP`-lidelser", "{term}`ROP <ROP-lidelser>`-lidelser"),
    ("{term}`vertikal samordning <Vertikal samhandling>`", "{term}`vertikal samordning <Vertikal samordning>`"),
    ("{term}`NAV`", "{term}`Nav`"),
    ("{term}`NAV <NAV>`", "{term}`Nav <Nav>`"),
    ("{term}`IS-1948`", "{term}`IS-1948 <ROP-retningslinjen>`"),
    ("{term}`TSB`", "{term}`TSB`"),
])
def test_relink_keeps_the_shown_word(before, after):
    mod = _script()
    renames = mod.load_renames(RENAMES)
    assert mod.relink(before, renames) == after
    assert mod.relink(after, renames) == after, "skriptet skal kunne kjøres flere ganger"


def test_nav_spelling_leaves_quotations_alone():
    mod = _script()
    assert mod.nav_spelling("samarbeid med NAV og NAVs tiltak («NAV kommune»)") == "samarbeid med Nav og Navs tiltak («NAV kommune»)"


def test_script_rewrites_a_copy_and_keeps_verbatim_columns(tmp_path):
    mod = _script()
    (tmp_path / "chapters").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "notes" / "glossary-renames.tsv").write_text(RENAMES.read_text(encoding="utf-8"), encoding="utf-8")
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["Les om {term}`ROP`-lidelser og NAV.\n"]},
                    {"cell_type": "code", "metadata": {}, "outputs": [], "source": ["x = 'NAV'\n"]}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "chapters" / "k.ipynb").write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (tmp_path / "data" / "quotes.csv").write_text("quote_id,text,locator,note\nq1,hos NAV,«NAV»-kapitlet,om NAV\n", encoding="utf-8")
    assert mod.main(["--root", str(tmp_path)]) == 0
    out = json.loads((tmp_path / "chapters" / "k.ipynb").read_text(encoding="utf-8"))
    assert "".join(out["cells"][0]["source"]) == "Les om {term}`ROP <ROP-lidelser>`-lidelser og Nav.\n"
    assert "".join(out["cells"][1]["source"]) == "x = 'NAV'\n", "kodeceller skal ikke endres"
    assert (tmp_path / "data" / "quotes.csv").read_text(encoding="utf-8") == "quote_id,text,locator,note\nq1,hos NAV,«NAV»-kapitlet,om Nav\n"
