"""«Sjekk deg selv»: the self-test at the end of each numbered chapter, from ``data/quiz.csv``.

Questions are data (with provenance to the chapter section and the source lines); this module
checks them and renders them with ``templates/quiz.html.j2`` (Jinja2, autoescaped). Each question
is a native form: radio buttons (enkeltvalg), checkboxes (flervalg) or one ``<select>`` per
left-hand item (par), a «Sjekk svaret» button and a live region for the feedback. The checking is
done in the reader's browser by ``static/quiz.js`` (no kernel, no network). Without JavaScript the
button stays hidden and the answer, the explanation and the link to the section are in a
``<details>`` under each question.

Why not a package: jupyterquiz (the maintained quiz package for Jupyter Book) has question types
multiple_choice, many_choice and numeric (its JSON schemas), so no matching; its preferred mode loads
the questions from a URL at page load, and its questions are its own JSON, not a table with
provenance. The Sphinx quiz extensions in the package list (sphinx-quiz, sphinx-yaq,
teachbooks-questions) define questions in the page source; they were not examined further.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from pathlib import Path

from . import data
from .display import Html

TEMPLATES = Path(__file__).parent / "templates"
CHAPTERS = data.DATA_DIR.parent / "chapters"
QUIZ_CSV = "data/quiz.csv"
PAIR_SEP = "=>"
OPTION_SEP = " | "

KIND_HINT = {
    "enkeltvalg": "Velg ett svar.",
    "flervalg": "Velg alle svarene som stemmer.",
    "par": "Velg riktig motpart for hvert element.",
}


class QuizError(ValueError):
    """Bad rows in data/quiz.csv; the message lists file, line and column of each problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Feil i spørsmålene til «Sjekk deg selv»:\n  " + "\n  ".join(problems))


def split_options(value: str) -> list[str]:
    return [o.strip() for o in str(value).split(OPTION_SEP)]


def _correct_numbers(value) -> list[str]:
    if value is None or (isinstance(value, float) and value != value) or str(value).strip() in ("", "<NA>"):
        return []
    return [c.strip() for c in str(value).split(",")]


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or str(value).strip() in ("", "<NA>")


def validate_rows(rows: list[dict], path: str = QUIZ_CSV) -> list[str]:
    """Kind-specific checks Frictionless cannot express. ``rows`` are dicts in file order (line 2 on).

    Enkeltvalg: exactly one correct number; flervalg: one or more; both: numbers within the options,
    no repeats. Par: no correct numbers, every option «venstre => høyre», no left or right item twice.
    All kinds: at least two options, none empty.
    """
    problems = []
    for i, row in enumerate(rows):
        line = i + 2
        where = f"{path}, linje {line}"
        kind = row.get("kind")
        opts = split_options(row.get("options", ""))
        if len(opts) < 2:
            problems.append(f"{where}, kolonne «options»: minst to alternativer trengs (skilt med «{OPTION_SEP.strip()}»), fant {len(opts)}")
        for n, o in enumerate(opts, 1):
            if not o:
                problems.append(f"{where}, kolonne «options»: alternativ {n} er tomt")
        numbers = _correct_numbers(row.get("correct"))
        if kind in ("enkeltvalg", "flervalg"):
            if not numbers:
                problems.append(f"{where}, kolonne «correct»: mangler nummeret på det riktige svaret")
            bad = [c for c in numbers if not c.isdigit() or not 1 <= int(c) <= len(opts)]
            if bad:
                problems.append(
                    f"{where}, kolonne «correct»: {', '.join(bad)} er ikke et alternativnummer (1–{len(opts)})"
                )
            if len(set(numbers)) != len(numbers):
                problems.append(f"{where}, kolonne «correct»: samme nummer står flere ganger")
            if kind == "enkeltvalg" and len(numbers) > 1:
                problems.append(f"{where}, kolonne «correct»: enkeltvalg har ett riktig svar, fant {len(numbers)}")
            if kind == "flervalg" and numbers and len(numbers) == len(opts):
                problems.append(f"{where}, kolonne «correct»: alle alternativene er riktige; da tester ikke spørsmålet noe")
            if any(PAIR_SEP in o for o in opts):
                problems.append(f"{where}, kolonne «options»: «{PAIR_SEP}» hører bare hjemme i par-spørsmål")
        elif kind == "par":
            if numbers:
                problems.append(f"{where}, kolonne «correct»: skal være tom for par (parene i «options» er fasiten)")
            lefts, rights = [], []
            for n, o in enumerate(opts, 1):
                if o.count(PAIR_SEP) != 1:
                    problems.append(f"{where}, kolonne «options»: alternativ {n} («{o}») må ha formen «venstre {PAIR_SEP} høyre»")
                    continue
                left, right = (s.strip() for s in o.split(PAIR_SEP))
                if not left or not right:
                    problems.append(f"{where}, kolonne «options»: alternativ {n} mangler venstre eller høyre side")
                lefts.append(left)
                rights.append(right)
            if len(set(lefts)) != len(lefts) or len(set(rights)) != len(rights):
                problems.append(f"{where}, kolonne «options»: samme element står to ganger i parene")
        else:
            problems.append(f"{where}, kolonne «kind»: ukjent type «{kind}» (enkeltvalg, flervalg eller par)")
        for col in ("question", "explanation", "section", "source_id", "locator", "lines"):
            if _blank(row.get(col)):
                problems.append(f"{where}, kolonne «{col}»: mangler")
    return problems


def _records() -> list[dict]:
    df = data.load("quiz")
    return [{k: (None if _blank(v) else str(v)) for k, v in r.items()} for r in df.to_dict("records")]


def questions(chapter: str) -> list[dict]:
    """The chapter's questions, in table order, after checking every row of the table."""
    rows = _records()
    problems = validate_rows(rows)
    if problems:
        raise QuizError(problems)
    mine = [r for r in rows if r["chapter"] == chapter]
    if not mine:
        raise QuizError([f"{QUIZ_CSV}: ingen spørsmål for kapitlet «{chapter}»"])
    return mine


_TERM = re.compile(r"\{[a-z:]+\}`([^`<]*?)(?:\s*<[^>]*>)?`")  # {term}`ord <Ord>` -> ord


def heading_id(title: str) -> str:
    """The id Sphinx gives a section: docutils' ``make_id`` of the heading text.

    It lowercases, turns spaces and punctuation into hyphens and folds letters to ASCII
    (æ -> ae, ø -> o, å -> a), so «Hva tjenestene skal måles mot» is ``hva-tjenestene-skal-males-mot``.
    """
    from docutils.nodes import make_id

    plain = re.sub(r"[*_`]", "", _TERM.sub(r"\1", title))
    return make_id(plain)


def chapter_sections(chapter: str, chapters_dir: Path | None = None) -> dict[str, str]:
    """Section id -> heading text for every Markdown heading in a chapter notebook (first one wins)."""
    path = Path(chapters_dir or CHAPTERS) / f"{chapter}.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    sections: dict[str, str] = {}
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        depth = 0  # inside ``` or ::: blocks a «#» line is not a heading
        for line in "".join(cell["source"]).splitlines():
            stripped = line.strip()
            if stripped.startswith(("```", ":::")):
                depth = depth - 1 if (stripped.strip("`:") == "" and depth) else depth + 1
                continue
            m = re.match(r"^(#{1,6})\s+(.+?)\s*#*\s*$", line)
            if m and not depth:
                title = _TERM.sub(r"\1", m.group(2))
                sections.setdefault(heading_id(title), title)
    return sections


def answer_text(row: dict) -> str:
    opts = split_options(row["options"])
    if row["kind"] == "par":
        return "; ".join(" – ".join(s.strip() for s in o.split(PAIR_SEP)) for o in opts)
    return "; ".join(opts[int(i) - 1] for i in _correct_numbers(row["correct"]))


def mixed(items: list, seed: str) -> list:
    """The right-hand items of a matching question in an order that gives nothing away.

    Deterministic (the same page on every build); with three or more pairs never the pairs' own
    order or its reverse.
    """
    order = sorted(range(len(items)), key=lambda i: hashlib.sha256(f"{seed}|{items[i]}".encode()).hexdigest())
    straight = list(range(len(items)))
    if len(items) > 2 and order in (straight, straight[::-1]):
        order = order[1:] + order[:1]
    return [items[i] for i in order]


def _view(row: dict, number: int, total: int, sections: dict[str, str]) -> dict:
    """What the template needs for one question."""
    opts = split_options(row["options"])
    q = {
        "id": row["question_id"],
        "number": number,
        "total": total,
        "kind": row["kind"],
        "hint": KIND_HINT[row["kind"]],
        "text": row["question"],
        "explanation": row["explanation"],
        "section": row["section"],
        "section_title": sections[row["section"]],
        "answer": answer_text(row),
    }
    if row["kind"] == "par":
        pairs = [tuple(s.strip() for s in o.split(PAIR_SEP)) for o in opts]
        rights = [(right, n) for n, (_, right) in enumerate(pairs, 1)]
        q["pairs"] = [{"n": n, "left": left} for n, (left, _) in enumerate(pairs, 1)]
        q["choices"] = [{"value": n, "text": right} for right, n in mixed(rights, row["question_id"])]
        return q
    else:
        right = {int(c) for c in _correct_numbers(row["correct"])}
        q["options"] = [{"n": n, "text": o, "correct": n in right} for n, o in enumerate(opts, 1)]
        q["correct"] = ",".join(str(n) for n in sorted(right))
    return q


@functools.lru_cache(maxsize=1)
def _environment():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every value from the table is escaped
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def check_sections(rows: list[dict], sections_of=chapter_sections, path: str = QUIZ_CSV) -> list[str]:
    """Every question's ``section`` is the id of a heading in its own chapter."""
    problems, cache = [], {}
    for i, row in enumerate(rows):
        chapter = row["chapter"]
        if chapter not in cache:
            try:
                cache[chapter] = sections_of(chapter)
            except FileNotFoundError:
                cache[chapter] = {}
                problems.append(f"{path}, linje {i + 2}, kolonne «chapter»: notatboka chapters/{chapter}.ipynb finnes ikke")
                continue
        if row["section"] not in cache[chapter]:
            known = ", ".join(sorted(cache[chapter])) or "ingen"
            problems.append(
                f"{path}, linje {i + 2}, kolonne «section»: «{row['section']}» er ikke en overskrift i "
                f"chapters/{chapter}.ipynb (overskriftene der: {known})"
            )
    return problems


def render(chapter: str, rows: list[dict], sections: dict[str, str] | None = None) -> str:
    sections = chapter_sections(chapter) if sections is None else sections
    missing = [r["section"] for r in rows if r["section"] not in sections]
    if missing:
        raise QuizError([f"{QUIZ_CSV}, kolonne «section»: «{m}» er ikke en overskrift i chapters/{chapter}.ipynb" for m in missing])
    views = [_view(r, n, len(rows), sections) for n, r in enumerate(rows, 1)]
    return _environment().get_template("quiz.html.j2").render(chapter=chapter, questions=views)


def quiz(chapter: str) -> Html:
    """The self-test of one chapter, as an HTML block for the notebook's «Sjekk deg selv» cell."""
    rows = questions(chapter)
    plain = "\n".join(f"{n}. {r['question']}" for n, r in enumerate(rows, 1))
    return Html(render(chapter, rows), plain)
