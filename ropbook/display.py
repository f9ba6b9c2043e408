"""Small HTML blocks for the chapters: key figures, lists of findings, quotes.

Each block shows where its content comes from, like the charts do.
"""

from __future__ import annotations

import html

from . import data
from .charts import nb_number


class Html:
    """An HTML fragment that notebooks display as a cell output."""

    def __init__(self, markup: str, plain: str = ""):
        self.markup = markup
        self.plain = plain

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return self.plain or self.markup


def _source_title(source_id: str) -> str:
    src = data.sources().set_index("source_id")
    return src.loc[source_id, "title"]


def key_figures(indicator_ids: list[str]) -> Html:
    """Cards with the value, unit and label of the given indicators."""
    ind = data.indicators().set_index("indicator_id")
    missing = [i for i in indicator_ids if i not in ind.index]
    if missing:
        raise KeyError(f"data/indicators.csv: ukjent indicator_id {missing}")
    cards, plain = [], []
    for i in indicator_ids:
        r = ind.loc[i]
        unit = {"prosent": "%"}.get(r["unit"], r["unit"])
        sep = "" if unit == "%" else "\u00a0"
        value = f"{nb_number(float(r['value']))}{sep}{html.escape(unit)}"
        cards.append(
            f'<div class="rop-keyfigure"><span class="rop-keyfigure__value">{value}</span>'
            f'<span class="rop-keyfigure__label">{html.escape(r["label"])}</span>'
            f'<span class="rop-keyfigure__source">{html.escape(_source_title(r["source_id"]))}, {html.escape(r["locator"])}</span></div>'
        )
        plain.append(f"{r['label']}: {value}")
    return Html(f'<div class="rop-keyfigures">{"".join(cards)}</div>', "\n".join(plain))


def item_list(table: str, text_column: str = "text", ordered: bool = False) -> Html:
    """A list of the rows of a table (risk points, expectations, ...), with their sources."""
    df = data.load(table)
    tag = "ol" if ordered else "ul"
    items = "".join(f"<li>{html.escape(t)}</li>" for t in df[text_column])
    refs = "; ".join(
        f"{_source_title(s)}, {g['locator'].iloc[0]}" for s, g in df.groupby("source_id", sort=False)
    )
    return Html(
        f'<{tag} class="rop-list">{items}</{tag}>'
        f'<p class="rop-figure__source">Kilde: {html.escape(refs)}. Tabell: <code>{table}.csv</code>.</p>',
        "\n".join(df[text_column]),
    )
