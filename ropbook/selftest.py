"""«Sjekk deg selv»: the self-test at the end of each numbered chapter, from ``data/quiz.csv``.

Questions are data (with provenance to the chapter section and the source lines); this module
renders them. The plain version below shows each question, its alternatives and, one click
away, the answer and its explanation with a link to the section; it needs no script.
"""

from __future__ import annotations

import html

from . import data
from .display import Html

KIND_HINT = {
    "enkeltvalg": "Velg ett svar.",
    "flervalg": "Velg alle svarene som stemmer.",
    "par": "Koble hvert element til riktig motpart.",
}


def questions(chapter: str):
    """The chapter's questions, in table order; a chapter without questions is an error."""
    df = data.load("quiz")
    df = df[df["chapter"] == chapter]
    if df.empty:
        raise ValueError(f"data/quiz.csv: ingen spørsmål for kapitlet «{chapter}»")
    return df


def options(row) -> list[str]:
    return [o.strip() for o in str(row["options"]).split(" | ")]


def answer_text(row) -> str:
    opts = options(row)
    if row["kind"] == "par":
        return "; ".join(o.replace(" => ", " – ") for o in opts)
    right = [int(i) for i in str(row["correct"]).split(",")]
    return "; ".join(opts[i - 1] for i in right)


def quiz(chapter: str) -> Html:
    df = questions(chapter)
    items, plain = [], []
    for r in df.to_dict("records"):
        opts = options(r)
        if r["kind"] == "par":
            shown = [o.split(" => ")[0] for o in opts]
        else:
            shown = opts
        lis = "".join(f"<li>{html.escape(o)}</li>" for o in shown)
        items.append(
            f'<li class="rop-quiz__q"><p>{html.escape(r["question"])} <em>{KIND_HINT[r["kind"]]}</em></p><ul>{lis}</ul>'
            f'<details><summary>Vis svaret</summary><p><strong>{html.escape(answer_text(r))}</strong></p>'
            f'<p>{html.escape(r["explanation"])} <a href="#{html.escape(r["section"])}">Les avsnittet igjen</a>.</p></details></li>'
        )
        plain.append(r["question"])
    return Html(f'<ol class="rop-quiz">{"".join(items)}</ol>', "\n".join(plain))
