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


def where(source_id: str, locator: str) -> str:
    """«Source, place» without saying the source twice (locators often start with it)."""
    title = _source_title(source_id)
    head, _, rest = locator.partition(",")
    if rest and head.strip().lower() in title.lower():
        locator = rest.strip()
    return f"{title}, {locator}"


def _source_title(source_id: str) -> str:
    src = data.sources().set_index("source_id")
    return src.loc[source_id, "title"]


def indicator_text(row) -> str:
    """An indicator as readers see it: the source's qualifier, the Norwegian number, the unit («nesten 2 mrd. kr»)."""
    unit = {"prosent": "%", "antall": ""}.get(row["unit"], row["unit"])
    qualifier = row["qualifier"] if isinstance(row["qualifier"], str) else ""
    text = f"{nb_number(float(row['value']))}\u00a0{unit}".rstrip("\u00a0")
    return f"{qualifier} {text}".strip()


def key_figures(indicator_ids: list[str]) -> Html:
    """Cards with the value, unit and label of the given indicators."""
    ind = data.indicators().set_index("indicator_id")
    missing = [i for i in indicator_ids if i not in ind.index]
    if missing:
        raise KeyError(f"data/indicators.csv: ukjent indicator_id {missing}")
    cards, plain = [], []
    for i in indicator_ids:
        r = ind.loc[i]
        value = indicator_text(r)
        cards.append(
            f'<div class="rop-keyfigure"><span class="rop-keyfigure__value">{html.escape(value)}</span>'
            f'<span class="rop-keyfigure__label">{html.escape(r["label"])}</span>'
            f'<span class="rop-keyfigure__source">{html.escape(_source_title(r["source_id"]))}</span></div>'
        )
        plain.append(f"{r['label']}: {value}")
    return Html(f'<div class="rop-keyfigures">{"".join(cards)}</div>', "\n".join(plain))


def item_list(table: str, text_column: str = "text", ordered: bool = False, **filters) -> Html:
    """A list of the rows of a table (risk points, expectations, ...), with their sources.

    Keyword arguments filter rows by column value, e.g. ``item_list("recommendations", level="stat")``.
    """
    df = data.load(table)
    for column, value in filters.items():
        df = df[df[column] == value]
    if df.empty:
        raise ValueError(f"data/{table}.csv: ingen rader med {filters}")
    tag = "ol" if ordered else "ul"
    items = "".join(f"<li>{html.escape(t)}</li>" for t in df[text_column])
    refs = "; ".join(where(s, g["locator"].iloc[0]) for s, g in df.groupby("source_id", sort=False))
    return Html(
        f'<{tag} class="rop-list">{items}</{tag}>'
        f'<p class="rop-figure__source">Kilde: {html.escape(refs)}. Tabell: <code>{table}.csv</code>.</p>',
        "\n".join(df[text_column]),
    )


def quotes(quote_ids: list[str]) -> Html:
    """Verbatim quotes with the informant code (or group) and source, as the book shows them."""
    q = data.quotes().set_index("quote_id")
    inf = data.informants().set_index("informant_id")
    missing = [i for i in quote_ids if i not in q.index]
    if missing:
        raise KeyError(f"data/quotes.csv: ukjent quote_id {missing}")
    blocks, plain = [], []
    for i in quote_ids:
        r = q.loc[i]
        who = inf.loc[r["informant_id"], "code"] if isinstance(r["informant_id"], str) else r["speaker_group"]
        src = where(r["source_id"], r["locator"])
        blocks.append(
            f'<blockquote class="rop-quote"><p>«{html.escape(r["text"])}»</p>'
            f'<span class="rop-quote__who">– {html.escape(who)} ({html.escape(src)})</span></blockquote>'
        )
        plain.append(f"«{r['text']}» – {who}")
    return Html("".join(blocks), "\n".join(plain))
