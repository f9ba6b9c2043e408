"""References: every work a chapter names has an entry in references.bib, every citation key
exists, and the reference page lists every entry.

A chapter «names a work» when its text has an author–year citation, «Lipsky (2010)»,
«Breit og Andreassen (2020)», «(Zacka, 2017; Hasenfeld, 1992)», «Ådnanes mfl. (2020)», or a report
number: «NOU 2005: 6», «St.meld. nr. 47 (2008–2009)», «Meld. St. 7 (2019–2020)», «Prop. 15 S
(2015–2016)», «IS-1948». The same goes for the cited works the data tables name in «voice_ref».
"""

import json
import re
import unicodedata
from pathlib import Path

import pytest

from ropbook import ROOT, data

BIB = ROOT / "references.bib"
CHAPTERS = ROOT / "chapters"

# Names followed by a year that are events, not works: the reforms are named by the year they came,
# and Brukerplan is a survey named with its year («Brukerplan 2018»).
NOT_WORKS = re.compile(r"(reformen|Brukerplan|Høsten|Våren|Fra|Siden|I|Innen)$")

NAME = r"[A-ZÆØÅ][\wæøåÆØÅ\-]+"
AUTHORS = rf"(?P<names>{NAME}(?:\s+(?:og|&)\s+{NAME})?)(?:\s+(?:et al\.?|mfl\.|m\.fl\.))?"
NARRATIVE = re.compile(rf"{AUTHORS}\s+\((?P<year>(?:19|20)\d\d)[a-z]?(?:[,;][^)]*)?\)")
PAREN = re.compile(r"\(([^()]*?(?:19|20)\d\d[^()]*)\)")
IN_PAREN = re.compile(rf"^\s*{AUTHORS},?\s+(?P<year>(?:19|20)\d\d)[a-z]?\b")
REPORT = re.compile(
    r"NOU\s+\d{4}\s*:\s*\d+"
    r"|St\.\s?meld\.\s+(?:nr\.\s+)?\d+\s+\(\d{4}\s*[–-]\s*\d{4}\)"
    r"|Meld\.\s+St\.\s+\d+\s+\(\d{4}\s*[–-]\s*\d{4}\)"
    r"|Prop\.\s+\d+\s+[SL]\s+\(\d{4}\s*[–-]\s*\d{4}\)"
    r"|IS-\d{3,5}"
)


def _fold(s: str) -> str:
    return unicodedata.normalize("NFC", s).casefold()


def _compact(s: str) -> str:
    """A report number without spaces, dots or dash variants: «St.meld. nr. 47 (2008–2009)» -> stmeldnr4720082009."""
    return re.sub(r"[\s.\-–:()]", "", _fold(s))


def _entries():
    from pybtex.database import parse_file

    db = parse_file(str(BIB))
    out = {}
    for key, e in db.entries.items():
        people = e.persons.get("author", [])
        surnames = [_fold(" ".join(p.last_names)).strip("{}") for p in people]
        if not surnames and "author" in e.fields:
            surnames = [_fold(e.fields["author"]).strip("{}")]
        out[key] = {
            "surnames": surnames,
            "year": e.fields.get("year", ""),
            "text": _compact(e.fields.get("title", "") + " " + e.fields.get("shorthand", "")),
            "note": e.fields.get("note", ""),
        }
    return out


ENTRIES = _entries()
SHORT = {}  # key -> short label as shown on the page, e.g. «Opptrappingsplanen for psykisk helse»


def _short_labels():
    from pybtex.database import parse_file

    return {k: e.fields.get("shorthand", "") for k, e in parse_file(str(BIB)).entries.items()}


SHORT.update(_short_labels())


def _has_author_year(names: str, year: str) -> bool:
    first = _fold(re.split(r"\s+(?:og|&)\s+", names)[0])
    candidates = {first, first[:-1] if first.endswith("s") else first}  # «Lipskys (2010)»
    if any(e["year"] == year and e["surnames"] and e["surnames"][0] in candidates for e in ENTRIES.values()):
        return True
    # A work known by its name rather than an author, «Opptrappingsplanen for psykisk helse (1998–2009)»:
    # the entry's title or short label has the name and the year.
    return any(year in e["text"] and any(_compact(c) in e["text"] for c in candidates) for e in ENTRIES.values())


def _names_an_entry(text: str) -> bool:
    """The text names an entry by its short label or title («Opptrappingsplanen for psykisk helse»)."""
    c = _compact(text)
    return any(len(label) > 6 and label in c for label in (_compact(e) for e in SHORT.values()))


def _has_report(number: str) -> bool:
    c = _compact(number)
    c_short = c.replace("nr", "")
    return any(c in e["text"] or c_short in e["text"].replace("nr", "") for e in ENTRIES.values())


def named_works(text: str) -> list[str]:
    """Every work the text names, as «Names (year)» or the report number; events are left out."""
    found = []
    for m in NARRATIVE.finditer(text):
        if not NOT_WORKS.search(m.group("names")):
            found.append(("ay", m.group("names"), m.group("year")))
    for m in PAREN.finditer(text):
        for part in m.group(1).split(";"):
            if REPORT.search(part):  # «(NOU 2005: 6)» is a report number, found below
                continue
            p = IN_PAREN.match(part)
            if p and not NOT_WORKS.search(p.group("names")):
                found.append(("ay", p.group("names"), p.group("year")))
    for m in REPORT.finditer(text):
        found.append(("report", m.group(0), None))
    return found


def missing_works(text: str) -> list[str]:
    missing = []
    for kind, what, year in named_works(text):
        ok = _has_author_year(what, year) if kind == "ay" else _has_report(what)
        if not ok:
            missing.append(f"{what} ({year})" if year else what)
    return sorted(set(missing))


def _chapter_texts():
    for path in sorted(CHAPTERS.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        yield path.name, "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    for path in sorted(CHAPTERS.glob("*.md")):
        yield path.name, path.read_text(encoding="utf-8")


TEXTS = list(_chapter_texts())


@pytest.mark.parametrize("name,text", TEXTS, ids=[n for n, _ in TEXTS])
def test_every_work_a_chapter_names_has_an_entry(name, text):
    missing = missing_works(text)
    assert not missing, f"chapters/{name} nevner verk uten oppføring i references.bib: {missing}"


@pytest.mark.parametrize("name,text", TEXTS, ids=[n for n, _ in TEXTS])
def test_every_citation_key_exists(name, text):
    keys = {k.strip() for m in re.finditer(r"\{cite(?::[a-z]+)?\}`([^`]+)`", text) for k in m.group(1).split(",")}
    unknown = sorted(keys - set(ENTRIES))
    assert not unknown, f"chapters/{name} siterer nøkler som ikke finnes i references.bib: {unknown}"


# A voice_ref for works the source refers to without naming them ends with this phrase.
UNNAMED = "(kilden navngir ikke verket)"


def _voice_refs():
    for name in data.table_names():
        fields = [f["name"] for f in data.schema(name)["schema"]["fields"]]
        if "voice_ref" not in fields:
            continue
        for i, value in enumerate(data.load(name)["voice_ref"], start=2):
            if isinstance(value, str) and value.strip():
                yield name, i, value


@pytest.mark.parametrize("table,line,value", list(_voice_refs()) or [pytest.param(None, None, None, marks=pytest.mark.skip("ingen voice_ref fylt ut ennå"))])
def test_every_cited_work_in_the_data_has_an_entry(table, line, value):
    if UNNAMED in value:  # the source refers to works it does not name (e.g. «evalueringene»): nothing to list
        assert not named_works(value), f"data/{table}.csv, linje {line}: «{value}» sier at verket ikke er navngitt, men nevner et"
        return
    works = named_works(value)
    assert works or _names_an_entry(value), f"data/{table}.csv, linje {line}, kolonne «voice_ref»: «{value}» nevner ikke et verk med forfatter og år eller nummer"
    missing = missing_works(value)
    assert not missing, f"data/{table}.csv, linje {line}, kolonne «voice_ref»: ingen oppføring i references.bib for {missing}"


def test_entries_of_cited_works_say_who_cites_them():
    own = {"kap2", "kap14", "kap9", "lysark", "master"}
    silent = [k for k, e in ENTRIES.items() if k not in own and not re.search(r"Omtalt i (kapittel \d+|masteroppgaven|lysarkene)", e["note"])]
    assert not silent, f"oppføringer uten merknad om hvilken kilde som viser til dem: {silent}"


@pytest.mark.parametrize("text,expected", [
    ("Lipsky (2010) skriver", []),
    ("som Lipskys (2010) teori", []),
    ("(Zacka, 2017; Hasenfeld, 1992)", []),
    ("Breit og Andreassen (2020) og Braun & Clarke (2006)", []),
    ("NOU 2005: 6 og St.meld. nr. 47 (2008–2009) og Prop. 15 S (2015–2016)", []),
    ("Rusreformen (2004) og Brukerplan (2018)", []),
    ("Smith (2011) og (Ottesen, 2015, s. 3)", ["Ottesen (2015)", "Smith (2011)"]),
    ("NOU 2099: 1 og Meld. St. 99 (2030–2031)", ["Meld. St. 99 (2030–2031)", "NOU 2099: 1"]),
    ("Lipsky (1980)", ["Lipsky (1980)"]),
    ("Opptrappingsplanen (1998–2009)", []),
    ("Opptrappingsplanen (1997)", ["Opptrappingsplanen (1997)"]),
])
def test_the_matcher_finds_works_and_can_fail(text, expected):
    assert missing_works(text) == expected


def test_reference_page_lists_every_entry():
    """Needs the built book (make book); skipped without it."""
    page = ROOT / "_build" / "html" / "chapters" / "referanser.html"
    if not page.exists():
        pytest.skip("boka er ikke bygget (make book)")
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    main = soup.select_one("article") or soup
    lists = main.select('[role="list"], dl.citation, ol, ul')
    assert len(lists) == 1, f"referansesiden skal ha én liste, fant {len(lists)}"
    entries = lists[0].find_all(recursive=False)
    assert all(e.get("role") in ("doc-biblioentry", "listitem") or e.name in ("li", "dt", "dd") for e in entries), \
        "listen har barn som ikke er listepunkter"
    shown = [e for e in entries if e.name != "dd"]
    assert len(shown) == len(ENTRIES), f"referansesiden viser {len(shown)} av {len(ENTRIES)} oppføringer"
    # Valid nesting: no block inside a paragraph, no list item outside its list.
    assert not main.select("p div, p p, p ul, p ol, p dl"), "blokk inne i et avsnitt"
    for tag in main.find_all(["li", "dt", "dd"]):
        assert tag.parent.name in ("ul", "ol", "dl"), f"<{tag.name}> utenfor en liste"
    # Titles keep their case (ROPIT, TSB, NOU), as written in references.bib.
    text = lists[0].get_text(" ")
    assert "ROPIT" in text and "NOU 2005: 6" in text and "ropit-antologien" not in text


def test_author_names_are_joined_in_bokmal():
    """Reference list, citation tooltips and textual citations ({cite:t}) join names with «og» and end a
    BibTeX «and others» with «mfl.»: no pybtex English («Borge and others», «A and B») on a Norwegian page.
    Needs the built book (make book); skipped without it."""
    site = ROOT / "_build" / "html"
    if not (site / "chapters" / "referanser.html").exists():
        pytest.skip("boka er ikke bygget (make book)")
    from bs4 import BeautifulSoup

    english = re.compile(r"\band others\b|\w, and \w|\b[A-ZÆØÅ][\w-]+ and [A-ZÆØÅ]")
    seen, found = 0, []
    for page in sorted((site / "chapters").glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        texts = [el.get_text(" ") for el in soup.select(".bibtex-citation, .citation, [role=doc-biblioentry]")]
        texts += [a["title"] for a in soup.select('a.reference.internal[href*="referanser.html"][title]')]
        seen += len(texts)
        found += [f"{page.name}: {m.group(0)!r} i «{t[:80]}»" for t in texts for m in [english.search(t)] if m]
    assert seen > 50, f"fant bare {seen} henvisninger å sjekke"
    assert not found, "\n".join(found[:20])
    refs = (site / "chapters" / "referanser.html").read_text(encoding="utf-8")
    assert "mfl." in refs and " og " in refs
