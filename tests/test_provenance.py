"""Provenance: every row cites lines that exist, and every number and quote is found there.

The seeds are the plain-text sources in ../shared/seeds (ROPBOOK_SEEDS overrides). The check
allows for the artefacts of PDF text: "12,6" vs "12.6", spaces in thousands, hyphenation at
line ends, and numbers written as words ("fem", "syv", "en tredjedel", "3 ½").
"""

import re
from functools import lru_cache

import pytest
import seeds

from ropbook import data

# Every test here reads the sources; without them they are skipped (outside CI) with one reason,
# and test_sources_are_found below fails with that reason when CI is true (see tests/seeds.py).
pytestmark = pytest.mark.seeds


def test_sources_are_found():
    if seeds.missing():
        (pytest.fail if seeds.in_ci() else pytest.skip)(seeds.reason())

NUMBER_WORDS = {
    "én": 1, "en": 1, "ett": 1, "ei": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "sju": 7,
    "åtte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12, "tretten": 13, "fjorten": 14, "femten": 15,
    "seksten": 16, "sytten": 17, "atten": 18, "nitten": 19, "tjue": 20, "tretti": 30, "førti": 40, "femti": 50,
    "hundre": 100, "halvparten": 50, "halvt": 0.5,
}
# Fractions written in words, as percentages (the tables store shares as "prosent").
FRACTION_WORDS = {"tredjedel": 33.3, "fjerdedel": 25, "femtedel": 20, "hver fjerde": 25, "hver femte": 20, "hver tredje": 33.3}
TEXT_COLUMNS_SKIP = {"source_id", "locator", "lines", "file", "path"}
INDEX_COLUMNS = {("quiz", "correct"), ("quiz", "section")}  # answer option numbers («1,3,4») and anchors, not figures from a source


def _seed_lines(source_id: str) -> tuple[str, ...]:
    return seeds.lines(source_id)


def _ranges(spec: str):
    for part in spec.split(","):
        a, _, b = part.strip().partition("-")
        yield int(a), int(b or a)


def _cited_text(source_id: str, spec: str) -> str:
    lines = _seed_lines(source_id)
    chunks = []
    for a, b in _ranges(spec):
        assert 1 <= a <= b <= len(lines), f"linjene {a}-{b} finnes ikke i {source_id} ({len(lines)} linjer)"
        chunks.append("\n".join(lines[a - 1:b]))
    text = "\n".join(chunks)
    text = re.sub(r"(\w)[-\u00ad]\s*\n\s*(\w)", r"\1\2", text)  # hyphenation at line ends
    return re.sub(r"\s+", " ", text)


def _numbers_in(text: str) -> set[float]:
    t = text.replace("\u00a0", " ")
    t = re.sub(r"(?<=\d) (?=\d{3}\b)", "", t)  # 31 200 -> 31200
    t = re.sub(r"(\d+) ?½", lambda m: f"{m.group(1)}.5", t)
    found = set()
    for m in re.finditer(r"\d+(?:[.,]\d+)?", t):
        s = m.group(0)
        found.add(float(s.replace(",", ".")))
        if re.fullmatch(r"\d{1,3}\.\d{3}", s):  # 2.500 written with a thousands dot
            found.add(float(s.replace(".", "")))
    low = t.lower()
    for word, value in NUMBER_WORDS.items():
        if re.search(rf"(?<!\w){word}(?!\w)", low):
            found.add(float(value))
    for word, value in FRACTION_WORDS.items():
        if word in low:
            found.add(float(value))
    return found


@lru_cache(maxsize=1)
def _all_numbers() -> frozenset:
    found = set()
    for sid in data.sources()["source_id"]:
        found |= _numbers_in(_cited_text(sid, f"1-{len(_seed_lines(sid))}"))
    return frozenset(found)


def _numbers_in_row_text(value: str) -> list[float]:
    t = re.sub(r"(?<=\d) (?=\d{3}\b)", "", value.replace("\u00a0", " "))
    t = re.sub(r"(\d+) ?½", lambda m: f"{m.group(1)}.5", t)
    t = re.sub(r"\b[Kk]ap(?:ittel|\.)? ?\d+", "", t)  # references to our own sources ("kapittel 2")
    t = re.sub(r"\b[A-Za-zÆØÅæøå]+-?\d+\b", "", t)  # codes such as K3 or IS-1948: part of a name, not a figure
    return [float(s.replace(",", ".")) for s in re.findall(r"\d+(?:[.,]\d+)?", t)]


def _rows():
    for name in data.table_names():
        fields = data.schema(name)["schema"]["fields"]
        df = data.load(name)
        for i, row in enumerate(df.to_dict("records")):
            yield name, i + 2, fields, row


ROWS = list(_rows())


@pytest.mark.parametrize("table,line,fields,row", ROWS, ids=[f"{t}:{ln}" for t, ln, _, _ in ROWS])
def test_numbers_are_in_the_cited_lines(table, line, fields, row):
    source = row["source_id"] if table != "sources" else row["source_id"]
    cited = _cited_text(source, row["lines"])
    available = _numbers_in(cited)
    missing = []
    for f in fields:
        name, value = f["name"], row[f["name"]]
        if value is None or (isinstance(value, float) and value != value) or value is data.pd.NA:
            continue
        if f["type"] in ("integer", "number") and not name.endswith("_month"):
            v = float(value)
            if not any(abs(v - a) < 0.051 for a in available):
                missing.append(f"{name}={value}")
        elif f["type"] == "string" and name not in TEXT_COLUMNS_SKIP and not name.endswith("_id") and (table, name) not in INDEX_COLUMNS:
            # A note records where sources disagree, so it may quote another document's figure:
            # its numbers must be in the five sources, the other fields' in the cited lines.
            # A row in the book's own voice (voice «bok», the glossary's explanations beyond the sources,
            # marked as such on the page) goes beyond its cited lines by definition: its figures too
            # must be in the five sources, not necessarily in the cited lines.
            pool = _all_numbers() if name == "note" or row.get("voice") == "bok" else available
            for v in _numbers_in_row_text(str(value)):
                if not any(abs(v - a) < 0.051 for a in pool):
                    missing.append(f"{name}: «{v:g}» i teksten")
    assert not missing, f"data/{table}.csv, linje {line}: finnes ikke i {row['source_id']} linje {row['lines']}: {missing}"


def _normalise_quote(text: str) -> str:
    t = re.sub(r"(\w)[-\u00ad]\s*\n\s*(\w)", r"\1\2", text)
    # The book shows a quote inside «…», so a quotation inside it is written ‹…› (never «» in «»);
    # in the source it is «…». No source uses ‹ or ›, so mapping them back cannot hide a change.
    t = t.replace("‹", "«").replace("›", "»")
    return re.sub(r"\s+", " ", t).strip()


def _fragments(quote: str):
    """The verbatim pieces of a quote: split at omissions (… and […])."""
    for piece in re.split(r"\[…\]|\[\.\.\.\]|…|\.\.\.", quote):
        piece = piece.strip(" «»\"“”,.;:()")
        if len(piece.split()) >= 2:
            yield piece


QUOTES = [(t, ln, r) for t, ln, _, r in ROWS if t == "quotes"]
PARADOXES = [(t, ln, r) for t, ln, _, r in ROWS if t == "paradoxes"]


@pytest.mark.parametrize("table,line,row", QUOTES, ids=[f"quotes:{ln}" for _, ln, _ in QUOTES])
def test_quotes_are_verbatim(table, line, row):
    cited = _normalise_quote(_cited_text(row["source_id"], row["lines"]))
    for piece in _fragments(row["text"]):
        assert _normalise_quote(piece) in cited, f"data/quotes.csv, linje {line}: «{piece}» står ikke ordrett i linje {row['lines']}"


@pytest.mark.parametrize("table,line,row", PARADOXES, ids=[f"paradoxes:{ln}" for _, ln, _ in PARADOXES])
def test_paradox_quotes_are_verbatim(table, line, row):
    cited = _normalise_quote(_cited_text(row["source_id"], row["lines"]))
    for col in ("positive", "negative"):
        value = row[col]
        if not isinstance(value, str):
            continue
        for part in re.findall(r"«([^»]+)»", value) or [value]:
            for piece in _fragments(part):
                assert _normalise_quote(piece) in cited, f"data/paradoxes.csv, linje {line}, {col}: «{piece}» står ikke ordrett"


# How cuts in quotes are marked (the same convention is described in datapackage.json and on the data page):
# the source's own cut is kept as the source writes it («…» or «(…)»), the book's cut is «[…]».
SOURCE_CUTS = re.compile(r"\(…\)|…")


def cut_problems(text: str, cited: str) -> list[str]:
    """Source-style cut marks in a quote that are not in the source at that place (they should be «[…]»)."""
    problems = []
    for m in SOURCE_CUTS.finditer(text):
        if text[max(0, m.start() - 1):m.end() + 1] == "[…]":
            continue
        before = _normalise_quote(text[:m.start()])[-20:].strip()
        after = _normalise_quote(text[m.end():])[:20].strip()
        mark = re.escape(m.group(0))
        ok_before = not before or re.search(re.escape(before) + r"\s*" + mark, cited)
        ok_after = not after or re.search(mark + r"\s*" + re.escape(after), cited)
        if not (ok_before and ok_after):
            problems.append(f"«{m.group(0)}» etter «{before[-12:]}» står ikke i kilden; bokas utelatelse skrives «[…]»")
    return problems


@pytest.mark.parametrize("table,line,row", QUOTES, ids=[f"quotes:{ln}" for _, ln, _ in QUOTES])
def test_cuts_are_marked_one_way(table, line, row):
    cited = _normalise_quote(_cited_text(row["source_id"], row["lines"]))
    problems = cut_problems(row["text"], cited)
    assert not problems, f"data/quotes.csv, linje {line}, kolonne «text»: {problems}"
    assert "«" not in row["text"] and "»" not in row["text"], (
        f"data/quotes.csv, linje {line}, kolonne «text»: sitat i sitatet skrives ‹…›, ikke «…» (boka viser sitatet i «…»)")


def test_cut_check_can_fail():
    cited = "Jeg har ikke noe å tilby (…) Jeg tror de forstår. Og så noe mer. Det er fint."
    assert cut_problems("Jeg har ikke noe å tilby (…) Jeg tror de forstår.", cited) == []
    assert cut_problems("Jeg tror de forstår. […] Det er fint.", cited) == []
    assert cut_problems("Jeg tror de forstår. … Det er fint.", cited)
    assert cut_problems("Jeg tror de forstår. (…) Det er fint.", cited)


def test_quotes_are_short():
    too_long = [(r["quote_id"], len(r["text"])) for _, _, r in QUOTES if len(r["text"]) > 420]
    assert not too_long, f"sitater skal være korte (høyst et par setninger): {too_long}"


def test_checks_can_fail():
    """The matcher is not a rubber stamp: a number or a quote that is not there is caught."""
    cited = _cited_text("kap2", "357-362")
    assert 3600 in _numbers_in(cited) and 31200 in _numbers_in(cited)
    assert 3700 not in _numbers_in(cited)
    assert 5 not in _numbers_in(_cited_text("lysark", "4"))
    assert "helt avhengig av ham" not in _normalise_quote(_cited_text("lysark", "95-96"))


# --- own words: paraphrase fields must not copy long runs of words from the source ---

VERBATIM_FIELDS = {  # quotes and names are verbatim on purpose
    ("quotes", "text"), ("paradoxes", "positive"), ("paradoxes", "negative"),
}
# voice_ref names the cited work as the source names it (verbatim on purpose); its years are still checked.
NAME_FIELDS = {"voice_ref", "name", "short_name", "document", "title", "expansion", "term", "label", "code", "role", "participants", "period", "means", "frequency", "hours", "scope", "category", "series", "service", "file", "part", "authors"}
RUN = 8  # words in a row


@lru_cache(maxsize=None)
def _seed_ngrams(source_id: str) -> frozenset:
    text = " ".join(_seed_lines(source_id))
    text = re.sub(r"(\w)[-\u00ad]\s+(\w)", r"\1\2", text)
    words = re.findall(r"\w+", text.lower())
    return frozenset(tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1))


def test_paraphrases_are_in_own_words():
    copied = []
    for table, line, fields, row in ROWS:
        for f in fields:
            name = f["name"]
            if f["type"] != "string" or name in NAME_FIELDS or name in TEXT_COLUMNS_SKIP or name.endswith("_id"):
                continue
            if (table, name) in VERBATIM_FIELDS or not isinstance(row[name], str):
                continue
            text = re.sub(r"«[^»]*»", " ", row[name])  # marked quotations inside a paraphrase are allowed
            words = re.findall(r"\w+", text.lower())
            grams = _seed_ngrams(row["source_id"])
            for i in range(len(words) - RUN + 1):
                if tuple(words[i:i + RUN]) in grams:
                    copied.append(f"data/{table}.csv, linje {line}, {name}: «{' '.join(words[i:i + RUN])} …»")
                    break
    assert not copied, f"{len(copied)} felt kopierer {RUN} ord eller mer fra kilden:\n" + "\n".join(copied)
