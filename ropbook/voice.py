"""Whose claim is it, and how sure is the source? (issue 10, §1 and §2)

Every table with provenance except ``sources``, ``informants``, ``quotes`` and ``quiz`` has two
columns: ``voice`` (who says it in the source) and ``voice_ref`` (the work the source cites, when
the voice is ``forskning`` or ``rapport``). This module holds, in one place:

- the allowed voices and their Norwegian names (``VOICE``, also in :mod:`ropbook.labels`);
- the cross-field rule «voice_ref is required for forskning and rapport» (:func:`check_package`),
  called by :func:`ropbook.data.validate_package`;
- how a row's voice reads on the page (:func:`label`), e.g. «Riksrevisjonen (2021), gjengitt i
  kapittel 14» or «to informanter i masteroppgaven»;
- the hedge words the hedge test looks for in a row's cited lines (``HEDGES``), and which words
  count as keeping the source's caution in the row's own text (``QUALIFIERS``).

How the voices were decided: a row is ``kilden`` when the source presents the claim as its own
account or analysis (background it tells in its own words counts, even with supporting references);
``informant`` when it reports what informants say or experience; ``forskning`` or ``rapport`` when
the row's claim is explicitly one the source attributes to a named study, report, plan, guideline
or evaluation; ``sporsmal`` when the source asks it; ``forelopig`` for everything under the slides'
heading «Noen foreløpige funn og noen utfordringer»; ``bok`` only for glossary explanations that go
beyond the sources.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

# --- who is speaking -------------------------------------------------------------------------

VOICE = {
    "kilden": "Kildens eget funn",
    "forelopig": "Foreløpig funn",
    "informant": "Informanter",
    "forskning": "Forskning kilden viser til",
    "rapport": "Rapport eller styringsdokument kilden viser til",
    "sporsmal": "Spørsmål kilden reiser",
    "bok": "Bokas egen forklaring",
}
NEEDS_REF = ("forskning", "rapport")

# How the book names each source inside a voice label («… i kapittel 14», «… i masteroppgaven»).
SOURCE_IN = {"kap2": "kapittel 2", "kap9": "kapittel 9", "kap14": "kapittel 14", "master": "masteroppgaven", "lysark": "lysarkene"}
# The source's own voice, as a reader would say it.
SOURCE_OWN = {
    "kap2": "forfatterne av kapittel 2",
    "kap9": "forfatterne av kapittel 9",
    "kap14": "forfatterne av kapittel 14",
    "master": "masteroppgaven",
    "lysark": "lysarkene",
}
_COUNT_WORDS = {"én": "én informant", "en": "én informant", "to": "to informanter", "tre": "tre informanter", "fire": "fire informanter"}


def label(voice: str | None, voice_ref: str | None, source_id: str, text: str = "") -> str:
    """The voice of one row in plain Norwegian, as lists, cards, hovers and tables show it.

    ``text`` is the row's own text: an informant row that says «to av informantene» or «én
    informant» is labelled with that count, so the label never claims more informants than the text.
    """
    where = SOURCE_IN.get(source_id, source_id)
    ref = voice_ref.strip() if isinstance(voice_ref, str) else ""
    if voice in NEEDS_REF:
        return f"{ref or VOICE[voice].lower()}, gjengitt i {where}"
    if voice == "informant":
        m = re.search(r"(?<!\w)(én|en|to|tre|fire) (?:av )?(?:informant|bruker|ansatt)", text or "", re.IGNORECASE)
        if m and m.group(1).lower() in _COUNT_WORDS:
            return f"{_COUNT_WORDS[m.group(1).lower()]} i {where}"
        return f"informanter i {where}"
    if voice == "forelopig":
        return f"foreløpig funn ({where})"
    if voice == "sporsmal":
        return f"spørsmål {where} reiser"
    if voice == "bok":
        return "bokas egen forklaring"
    return SOURCE_OWN.get(source_id, where)


def short_label(voice: str | None) -> str:
    """The Norwegian name of a voice value, for filters and legends."""
    return VOICE.get(voice or "", "Ukjent stemme")


# --- the cross-field rule ---------------------------------------------------------------------


def check_package(descriptor: dict, data_dir: Path, rel=str) -> list[str]:
    """Problems with voice columns that the schema cannot express: voice_ref missing where the
    voice is forskning or rapport. Messages name the file, the line and the column."""
    problems = []
    for res in descriptor.get("resources", []):
        names = [f["name"] for f in res["schema"]["fields"]]
        if "voice" not in names or "voice_ref" not in names:
            continue
        path = Path(data_dir) / res["path"]
        try:
            text = path.read_text(encoding="utf-8")
        except (FileNotFoundError, UnicodeDecodeError):
            continue  # the shape check reports these
        for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
            voice = (row.get("voice") or "").strip()
            if voice in NEEDS_REF and not (row.get("voice_ref") or "").strip():
                problems.append(
                    f"{rel(path)}, linje {line}, kolonne «voice_ref»: mangler verket kilden viser til "
                    f"(påkrevd når stemmen er «{voice}»)"
                )
    return problems


# --- how sure: the hedge test's word lists (used by tests/test_voice.py) ------------------------
# Each entry: a regular expression (matched on lower-cased text, word boundaries added) and why it
# is here. A row whose cited lines contain a hedge of a kind must keep a qualifier of the same kind
# in its own text, or say in its note why not.

HEDGES = {
    "modal": {  # the source is unsure whether something is so
        r"kan": "«kan ha bidratt», «kan se ut til»: a possibility, not a finding",
        r"kanskje": "explicit doubt",
        r"synes|syns": "«det synes som»: the source's impression",
        r"ser ut til|se ut til": "«det kan se ut til»: appearance, not fact",
        r"virker (?:å|som)": "«virker å være»: appearance",
        r"trolig|sannsynligvis": "probability",
        r"muligens|mulige? forklaring\w*|en mulig|et mulig|mulig at": "possibility («mulige forklaringer»); not «gjorde det mulig»",
        r"antyder|tyder på": "a hint in the data, not proof",
        r"indikerer|indikasjon": "«en indikasjon på»: a sign, not a conclusion",
        r"så vidt": "«så vidt vi kan se»: limited to what the researchers saw",
        r"tilsynelatende": "«seemingly»",
    },
    "quantity": {  # the claim holds for some, not all
        r"(?:to|tre|fire|en|én) av (?:informant|tjenestemottaker|bruker|de ansatte|lederne|dem)\w*": "«to av informantene»: a count, not everyone",
        r"noen": "some, not all",
        r"enkelte": "some, not all",
        r"flere av": "several, not all",
    },
    "approx": {  # a figure is approximate (only asked of rows that state a figure themselves)
        r"om ?lag|omkring|ca\.": "an approximate figure (not «rundt»: mostly «snu seg rundt» in these texts)",
        r"nesten": "almost, not quite",
    },
    "preliminary": {
        r"foreløpig\w*": "«foreløpige funn»: not settled findings",
    },
}
# Words in the row's own text that keep the caution of each kind. The modal kind also accepts
# words that frame a claim as someone's experience or view («opplever», «mener»): they say whose it
# is instead of stating it as fact. The quantity kind needs a quantity word: «informantene» for
# «to av informantene» is exactly the error the test exists to catch.
QUALIFIERS = {
    "modal": HEDGES["modal"] | {
        r"opplever|oppleves|opplevd|opplevelse": "framed as experience",
        r"mener|ser det som|ser det|beskriver|forteller|sier|ønsker|føler|tenker seg": "framed as someone's view",
        r"ifølge|spør|spørsmål|\?": "attributed or asked",
        r"delvis|i hovedsak|ofte|sjelden|lite|for mange": "limits the claim",
        r"kunne|ett mulig|mulig": "conditional or possible, in the row's own words",
    },
    "quantity": HEDGES["quantity"] | {
        r"flere|mange|de fleste|én|alle|samtlige": "says how many",
        r"en (?:bruker|ansatt|informant|tjenestemottaker|fastlege|leder)\w*": "one person, named as one",
        r"blant|lite|få": "«blant de største», «lite retning»: says how much",
    },
    "approx": HEDGES["approx"] | {r"rundt|over|under|i overkant|en tredjedel|hver fjerde|halvparten": "a bound or a rounded share"},
    "preliminary": HEDGES["preliminary"],
}
# Voices that carry the caution themselves: a question is not a claim; a preliminary finding is
# labelled «foreløpig funn» on the page.
VOICE_COVERS = {"sporsmal": {"modal", "preliminary"}, "forelopig": {"preliminary"}}

# The tables whose rows state claims, and the columns that hold the claim.
CLAIM_TEXT = {
    "reforms": ["description"],
    "reform_instruments": ["description"],
    "municipality_facts": ["text"],
    "coordination_links": ["description", "frequency"],
    "themes": ["description"],
    "coordinator_roles": ["description"],
    "factors": ["text"],
    "risk_points": ["text"],
    "guideline_expectations": ["text"],
    "recommendations": ["text"],
    "indicators": ["label", "qualifier"],
    "units": ["tasks", "staff_qualifier"],
    "actors": ["description"],
}


def _compile(words: dict[str, str]) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)")


HEDGE_RE = {kind: _compile(words) for kind, words in HEDGES.items()}
QUALIFIER_RE = {kind: _compile(words) for kind, words in QUALIFIERS.items()}


def hedges_in(text: str) -> dict[str, list[str]]:
    """The hedge words found in a text, by kind."""
    low = text.lower()
    return {kind: sorted({m.group(0) for m in rx.finditer(low)}) for kind, rx in HEDGE_RE.items() if rx.search(low)}


# Phrases where a hedge word means something else: «den enkelte bruker» (each user), «for noen år
# siden» (some years ago) are not hedges. Removed before the search.
NOT_HEDGES = re.compile(r"(?<!\w)(?:den enkelte|det enkelte|hver enkelt\w*|noen år|noen ganger|noe som|ikke i noen|ikke noen)(?!\w)")
_NUMBER = re.compile(r"\d|(?<!\w)(?:to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|tolv|hundre|tusen|million\w*|milliard\w*)(?!\w)")
_SENTENCE_END = re.compile(r"(?<=[.!?»])\s+(?=[«A-ZÆØÅ(])")
_WORD = re.compile(r"[a-zæøå]{5,}")
OVERLAP = 3  # shared content words that tie a cited sentence to the row's claim ...
SHARE = 0.25  # ... and the share of the sentence's content words they make up


def _stems(text: str) -> set[str]:
    return {w[:6] for w in _WORD.findall(text.lower())}


def relevant_text(cited: str, own: str) -> str:
    """The sentences of the cited lines that carry the row's claim: those sharing at least
    ``OVERLAP`` content words (five letters or more, compared on their first six) with the row's
    own text. A hedge in a sentence about something else is not the row's hedge."""
    stems = _stems(own)
    keep = []
    for sentence in _SENTENCE_END.split(cited):
        own_share = _stems(sentence) & stems
        if len(own_share) >= min(OVERLAP, len(stems)) and len(own_share) >= SHARE * len(_stems(sentence)):
            keep.append(sentence)
    return " ".join(keep)


def missing_qualifiers(cited: str, own: str, voice: str | None = None) -> dict[str, list[str]]:
    """Kinds of hedge that the cited sentences carrying the row's claim have and the row's own
    text drops (with the words found)."""
    found = hedges_in(NOT_HEDGES.sub(" ", relevant_text(cited, own).lower()))
    low = own.lower()
    covered = set(VOICE_COVERS.get(voice or "", set()))
    if not _NUMBER.search(low):
        covered.add("approx")
    return {kind: words for kind, words in found.items() if kind not in covered and not QUALIFIER_RE[kind].search(low)}
