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


def _by_id(table: str, key: str, ids: list[str]):
    """Rows of a table indexed by its key, after checking that every requested id exists."""
    df = data.load(table).set_index(key)
    missing = [i for i in ids if i not in df.index]
    if missing:
        raise KeyError(f"data/{table}.csv: ukjent {key} {missing}")
    return df


def key_figures(indicator_ids: list[str]) -> Html:
    """Cards with the value, unit and label of the given indicators."""
    ind = _by_id("indicators", "indicator_id", indicator_ids)
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
    q = _by_id("quotes", "quote_id", quote_ids)
    inf = data.informants().set_index("informant_id")
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


def municipality_comparison():
    """The three cases side by side, one tab per aspect (MyST tab-set and grid, rendered by the book).

    Each municipality gets a card listing what the sources say about it on that aspect, with the
    source after each point. Works in the static book without a kernel, and reads on a phone
    (the grid stacks).
    """
    from IPython.display import Markdown

    from .labels import ASPECT, MUNICIPALITY

    mun = data.municipalities().set_index("municipality_id")
    facts = data.municipality_facts()
    src = data.sources().set_index("source_id")
    short = {"kap2": "kap. 2", "kap14": "kap. 14", "kap9": "kap. 9", "lysark": "lysark", "master": "masteroppg."}
    tabs = [
        ("Størrelse og sted", ["storrelse"]),
        ("Organisering", ["organisering_for", "organisering_etter"]),
        ("Endringsstrategi", ["endringsstrategi"]),
        ("Det som hjalp", ["fremmer"]),
        ("Det som hemmet", ["hemmer"]),
        ("Team og tiltak", ["team"]),
        ("Brukere og tjenester", ["brukere", "tjenester", "annet"]),
    ]
    out = ["::::::{tab-set}"]
    for label, aspects in tabs:
        out.append(f":::::{{tab-item}} {label}")
        out.append("::::{grid} 1 1 3 3")
        out.append(":gutter: 2")
        out.append("")
        for m in ("liten", "mellomstor", "storby"):
            out.append(f":::{{grid-item-card}} {MUNICIPALITY[m].capitalize()}")
            out.append("")
            items = []
            if "storrelse" in aspects:
                r = mun.loc[m]
                pop = ("ca. " if r["population_approx"] else "") + nb_number(float(r["population"]))
                items.append(f"{pop} innbyggere. {r['setting']}. *({short['kap2']})*")
                if isinstance(r["note"], str):
                    items.append(f"{r['note']}")
            if "organisering_for" in aspects:
                r = mun.loc[m]
                items.append(f"**Ved start:** {r['organisation_start']} *({short[r['source_id']]})*")
                if isinstance(r["organisation_after"], str):
                    items.append(f"**Senere:** {r['organisation_after']} *({short[r['source_id']]})*")
            sub = facts[(facts["municipality_id"] == m) & facts["aspect"].isin(aspects)]
            if "organisering_for" in aspects:  # the kap. 2 facts repeat the municipalities table
                sub = sub[sub["source_id"] != "kap2"]
            for r in sub.itertuples():
                prefix = f"**{ASPECT[r.aspect]}:** " if len(aspects) > 1 else ""
                items.append(f"{prefix}{r.text} *({short[r.source_id]})*")
            if not items:
                items.append("*Kildene sier ikke noe om dette for denne kommunen.*")
            out += [f"- {i}" for i in items]
            out.append("")
            out.append(":::")
        out.append("::::")
        out.append(":::::")
    out.append("::::::")
    return Markdown("\n".join(out))


def paradoxes() -> Html:
    """Users' paradoxical experiences: the same kind of service, praised and dismissed."""
    df = data.paradoxes()
    cards = []
    for r in df.itertuples():
        pos = f'<p class="rop-paradox__pos"><span aria-hidden="true">+</span> {html.escape(r.positive)}</p>' if isinstance(r.positive, str) else ""
        neg = f'<p class="rop-paradox__neg"><span aria-hidden="true">−</span> {html.escape(r.negative)}</p>' if isinstance(r.negative, str) else ""
        note = f'<p class="rop-paradox__note">{html.escape(r.note)}</p>' if isinstance(r.note, str) else ""
        cards.append(f'<div class="rop-paradox"><h4>{html.escape(r.service)}</h4>{pos}{neg}{note}</div>')
    src = where(df["source_id"].iloc[0], df["locator"].iloc[0])
    return Html(
        f'<div class="rop-paradoxes">{"".join(cards)}</div>'
        f'<p class="rop-figure__source">Kilde: {html.escape(src)}. Utsagnene er brukernes, gjengitt ordrett i lysarket. Tabell: <code>paradoxes.csv</code>.</p>',
        "\n".join(df["service"]),
    )


def _explorer(items: list[tuple[dict, str]], filters: dict[str, tuple[str, list[tuple[str, str]]]], noun: str, tables: list[str]) -> Html:
    """A list with drop-down filters that work in the static book (ropbook.js); without JS all items show.

    ``items``: (data attributes, inner HTML); ``filters``: attribute -> (label, [(value, text)]).
    """
    selects = "".join(
        f'<label>{label} <select data-filter="{key}"><option value="">Alle</option>'
        + "".join(f'<option value="{html.escape(v)}">{html.escape(t)}</option>' for v, t in options)
        + "</select></label>"
        for key, (label, options) in filters.items()
    )
    lis = "".join(
        "<li class=\"rop-quote-explorer__item\" "
        + " ".join(f'data-{k}="{html.escape(str(v))}"' for k, v in attrs.items())
        + f">{inner}</li>"
        for attrs, inner in items
    )
    code = ", ".join(f"<code>{t}.csv</code>" for t in tables)
    return Html(
        f'<div class="rop-quote-explorer" data-noun="{html.escape(noun)}">'
        f'<div class="rop-quote-explorer__filters">{selects}</div>'
        f'<p class="rop-quote-explorer__count" aria-live="polite">{len(items)} {html.escape(noun)}</p>'
        f'<ul class="rop-quote-explorer__list">{lis}</ul>'
        f'<p class="rop-figure__source">Tabeller: {code}.</p></div>',
        f"{len(items)} {noun}",
    )


def _top_theme(themes, tid):
    while isinstance(themes.loc[tid, "parent_id"], str):
        tid = themes.loc[tid, "parent_id"]
    return tid


def quote_explorer() -> Html:
    """Every quote in the book, filterable by theme, informant group and source."""
    from .labels import GROUP

    q = data.quotes()
    inf = data.informants().set_index("informant_id")
    themes = data.themes().set_index("theme_id")
    src = data.sources().set_index("source_id")
    q = q.assign(top=[_top_theme(themes, t) for t in q["theme_id"]])
    items = []
    for r in q.itertuples():
        who = inf.loc[r.informant_id, "code"] if isinstance(r.informant_id, str) else GROUP[r.speaker_group].lower()
        sub = themes.loc[r.theme_id, "name"]
        inner = (f'<blockquote class="rop-quote"><p>«{html.escape(r.text)}»</p>'
                 f'<span class="rop-quote__who">– {html.escape(who)} · {html.escape(sub)} · {html.escape(where(r.source_id, r.locator))}</span></blockquote>')
        items.append(({"theme": r.top, "group": r.speaker_group, "source": r.source_id}, inner))
    filters = {
        "theme": ("Tema", sorted({(t, themes.loc[t, "name"]) for t in q["top"]}, key=lambda x: x[1])),
        "group": ("Hvem", sorted({(g, GROUP[g]) for g in q["speaker_group"]}, key=lambda x: x[1])),
        "source": ("Kilde", [(s, src.loc[s, "title"]) for s in src.index if s in set(q["source_id"])]),
    }
    return _explorer(items, filters, "sitater", ["quotes", "informants", "themes"])


def factor_explorer(**only) -> Html:
    """Factors that help or hinder cooperation, filterable by direction, level, theme and source.

    Keyword arguments pre-select rows, e.g. ``factor_explorer(source_id="master")``.
    """
    from .labels import LEVEL

    f = data.factors()
    for column, value in only.items():
        f = f[f[column] == value]
    themes = data.themes().set_index("theme_id")
    src = data.sources().set_index("source_id")
    f = f.assign(top=[_top_theme(themes, t) if isinstance(t, str) else "" for t in f["theme_id"]])
    items = []
    for r in f.itertuples():
        mark = "+" if r.direction == "fremmer" else "−"
        cls = "rop-paradox__pos" if r.direction == "fremmer" else "rop-paradox__neg"
        theme = f" · {themes.loc[r.theme_id, 'name']}" if isinstance(r.theme_id, str) else ""
        inner = (f'<p class="{cls}"><span aria-hidden="true">{mark}</span> {html.escape(r.text)}</p>'
                 f'<span class="rop-quote__who">{LEVEL[r.level]}{html.escape(theme)} · {html.escape(where(r.source_id, r.locator))}</span>')
        items.append(({"direction": r.direction, "level": r.level, "theme": r.top, "source": r.source_id}, inner))
    filters = {
        "direction": ("Retning", [("fremmer", "Fremmer samarbeid"), ("hemmer", "Hemmer samarbeid")]),
        "level": ("Nivå", [(k, v) for k, v in LEVEL.items() if k in set(f["level"])]),
    }
    tops = sorted({(t, themes.loc[t, "name"]) for t in f["top"] if t}, key=lambda x: x[1])
    if tops:
        filters["theme"] = ("Tema", tops)
    if f["source_id"].nunique() > 1:
        filters["source"] = ("Kilde", [(s, src.loc[s, "title"]) for s in src.index if s in set(f["source_id"])])
    return _explorer(items, filters, "funn", ["factors", "themes"])


def coordinator_roles() -> Html:
    """The coordinator roles the medium-size municipality study found, with the theory they meet."""
    df = data.coordinator_roles()
    items = "".join(
        f'<div class="rop-paradox"><h4>«{html.escape(r.name.lower())}»</h4><p>{html.escape(r.description)}</p></div>'
        for r in df.itertuples()
    )
    return Html(
        f'<div class="rop-paradoxes">{items}</div>'
        f'<p class="rop-figure__source">Kilde: {html.escape(_source_title(df["source_id"].iloc[0]))}. Tabell: <code>coordinator_roles.csv</code>.</p>',
        "\n".join(df["name"]),
    )
