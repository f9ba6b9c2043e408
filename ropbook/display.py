"""Small HTML blocks for the chapters: key figures, lists of findings, quotes.

Each block shows where its content comes from, like the charts do, and whose claim each item is
(its voice, issue 10). The markup lives in Jinja2 templates in ``ropbook/templates/`` with
autoescaping on, so data can never inject markup; a block built from other blocks passes them in
as :class:`markupsafe.Markup`.
"""

from __future__ import annotations

import re

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from . import data, voice
from .charts import nb_number

_ENV = Environment(
    loader=PackageLoader("ropbook", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html", "j2"), default_for_string=True, default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _render(template: str, **context) -> Markup:
    return Markup(_ENV.get_template(template).render(**context))


def voice_of(row) -> str:
    """The voice of a data row in plain Norwegian («Riksrevisjonen (2021), gjengitt i kapittel 14»)."""
    get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
    text = " ".join(str(get(c) or "") for c in ("text", "description") if isinstance(get(c), str))
    return voice.label(get("voice"), get("voice_ref"), get("source_id"), text)


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
    note = row["note"] if isinstance(row["note"], str) else ""
    worded = re.search(r"sier «(en tredjedel|hver fjerde|hver femte|halvparten)", note)
    if row["unit"] == "prosent" and worded:  # «en tredjedel», not «33,3 %»: no false precision
        return worded.group(1)
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
    """Cards with the value, unit and label of the given indicators, and whose figure it is."""
    ind = _by_id("indicators", "indicator_id", indicator_ids)
    cards, plain = [], []
    for i in indicator_ids:
        r = ind.loc[i]
        value = indicator_text(r)
        own = r["voice"] == "kilden"
        cards.append({"value": value, "label": r["label"], "source": _source_title(r["source_id"]),
                      "voice": "" if own else voice_of({**r.to_dict(), "source_id": r["source_id"]})})
        plain.append(f"{r['label']}: {value}")
    return Html(_render("key_figures.html.j2", cards=cards), "\n".join(plain))


def item_list(table: str, text_column: str = "text", ordered: bool = False, **filters) -> Html:
    """A list of the rows of a table (risk points, expectations, ...), each with its voice, and the sources.

    Keyword arguments filter rows by column value, e.g. ``item_list("recommendations", level="stat")``.
    """
    df = data.load(table)
    for column, value in filters.items():
        df = df[df[column] == value]
    if df.empty:
        raise ValueError(f"data/{table}.csv: ingen rader med {filters}")
    items = [{"text": r[text_column], "voice": voice_of(r)} for r in df.to_dict("records")]
    refs = "; ".join(where(s, g["locator"].iloc[0]) for s, g in df.groupby("source_id", sort=False))
    markup = _render("item_list.html.j2", tag="ol" if ordered else "ul", items=items, refs=refs, table=table)
    return Html(markup, "\n".join(f"{i['text']} ({i['voice']})" for i in items))


def quotes(quote_ids: list[str]) -> Html:
    """Verbatim quotes with the informant code (or group) and source, as the book shows them."""
    q = _by_id("quotes", "quote_id", quote_ids)
    inf = data.informants().set_index("informant_id")
    rows, plain = [], []
    for i in quote_ids:
        r = q.loc[i]
        who = inf.loc[r["informant_id"], "code"] if isinstance(r["informant_id"], str) else r["speaker_group"]
        rows.append({"text": r["text"], "who": who, "where": where(r["source_id"], r["locator"])})
        plain.append(f"«{r['text']}» – {who}")
    return Html(_render("quotes.html.j2", quotes=rows), "\n".join(plain))


def municipality_comparison():
    """The three cases side by side, one tab per aspect (MyST tab-set and grid, rendered by the book).

    Each municipality gets a card listing what the sources say about it on that aspect, with the
    voice after each point (whose claim it is, in which source). Works in the static book without a kernel, and reads on a phone
    (the grid stacks).
    """
    from IPython.display import Markdown

    from .labels import ASPECT, MUNICIPALITY

    mun = data.municipalities().set_index("municipality_id")
    facts = data.municipality_facts()
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
                items.append(f"{pop} innbyggere. {r['setting']}. *({voice_of(r)})*")
                if isinstance(r["note"], str):
                    items.append(f"{r['note']}")
            if "organisering_for" in aspects:
                r = mun.loc[m]
                items.append(f"**Ved start:** {r['organisation_start']} *({voice_of(r)})*")
                if isinstance(r["organisation_after"], str):
                    items.append(f"**Senere:** {r['organisation_after']} *({voice_of(r)})*")
            sub = facts[(facts["municipality_id"] == m) & facts["aspect"].isin(aspects)]
            if "organisering_for" in aspects:  # the kap. 2 facts repeat the municipalities table
                sub = sub[sub["source_id"] != "kap2"]
            for r in sub.to_dict("records"):
                prefix = f"**{ASPECT[r['aspect']]}:** " if len(aspects) > 1 else ""
                items.append(f"{prefix}{r['text']} *({voice_of(r)})*")
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
    cards = [
        {"service": r["service"], "positive": _str(r["positive"]), "negative": _str(r["negative"]),
         "note": _str(r["note"]), "voice": voice_of(r)}
        for r in df.to_dict("records")
    ]
    src = where(df["source_id"].iloc[0], df["locator"].iloc[0])
    return Html(_render("paradoxes.html.j2", cards=cards, source=src), "\n".join(df["service"]))


def _str(value) -> str:
    return value if isinstance(value, str) else ""


def _voice_filter(values: list[str]) -> tuple[str, list[tuple[str, str]]]:
    """The «Stemme» drop-down of an explorer: the voices present, in the book's order."""
    return ("Stemme", [(k, voice.VOICE[k]) for k in voice.VOICE if k in set(values)])


def _explorer(items: list[tuple[dict, str]], filters: dict[str, tuple[str, list[tuple[str, str]]]], noun: str, tables: list[str]) -> Html:
    """A list with drop-down filters that work in the static book (ropbook.js); without JS all items show.

    ``items``: (data attributes, inner HTML as Markup); ``filters``: attribute -> (label, [(value, text)]).
    """
    markup = _render("explorer.html.j2", items=items, filters=filters, noun=noun, tables=tables)
    return Html(markup, f"{len(items)} {noun}")


def _top_theme(themes, tid):
    while isinstance(themes.loc[tid, "parent_id"], str):
        tid = themes.loc[tid, "parent_id"]
    return tid


def quote_voice(source_id: str) -> str:
    """Quotes are informants' own words; those on the slides stand under «Noen foreløpige funn»."""
    return "forelopig" if source_id == "lysark" else "informant"


def quote_explorer() -> Html:
    """Every quote in the book, filterable by theme, informant group, voice and source."""
    from .labels import GROUP

    q = data.quotes()
    inf = data.informants().set_index("informant_id")
    themes = data.themes().set_index("theme_id")
    src = data.sources().set_index("source_id")
    q = q.assign(top=[_top_theme(themes, t) for t in q["theme_id"]], voice=[quote_voice(s) for s in q["source_id"]])
    items = []
    for r in q.itertuples():
        who = inf.loc[r.informant_id, "code"] if isinstance(r.informant_id, str) else GROUP[r.speaker_group].lower()
        inner = _render("quote_item.html.j2", text=r.text, who=who, theme=themes.loc[r.theme_id, "name"],
                        where=where(r.source_id, r.locator), voice=voice.label(r.voice, "", r.source_id))
        items.append(({"theme": r.top, "group": r.speaker_group, "voice": r.voice, "source": r.source_id}, inner))
    filters = {
        "theme": ("Tema", sorted({(t, themes.loc[t, "name"]) for t in q["top"]}, key=lambda x: x[1])),
        "group": ("Hvem", sorted({(g, GROUP[g]) for g in q["speaker_group"]}, key=lambda x: x[1])),
        "voice": _voice_filter(list(q["voice"])),
        "source": ("Kilde", [(s, src.loc[s, "title"]) for s in src.index if s in set(q["source_id"])]),
    }
    return _explorer(items, filters, "sitater", ["quotes", "informants", "themes"])


def factor_explorer(**only) -> Html:
    """Factors that help or hinder cooperation, filterable by direction, level, theme, voice and source.

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
    for r in f.to_dict("records"):
        helps = r["direction"] == "fremmer"
        inner = _render("factor_item.html.j2", cls="rop-paradox__pos" if helps else "rop-paradox__neg",
                        mark="+" if helps else "−", text=r["text"], level=LEVEL[r["level"]],
                        theme=themes.loc[r["theme_id"], "name"] if isinstance(r["theme_id"], str) else "",
                        where=where(r["source_id"], r["locator"]), voice=voice_of(r))
        items.append(({"direction": r["direction"], "level": r["level"], "theme": r["top"], "voice": r["voice"],
                       "source": r["source_id"]}, inner))
    filters = {
        "direction": ("Retning", [("fremmer", "Fremmer samarbeid"), ("hemmer", "Hemmer samarbeid")]),
        "level": ("Nivå", [(k, v) for k, v in LEVEL.items() if k in set(f["level"])]),
    }
    tops = sorted({(t, themes.loc[t, "name"]) for t in f["top"] if t}, key=lambda x: x[1])
    if tops:
        filters["theme"] = ("Tema", tops)
    if f["voice"].nunique() > 1:
        filters["voice"] = _voice_filter(list(f["voice"]))
    if f["source_id"].nunique() > 1:
        filters["source"] = ("Kilde", [(s, src.loc[s, "title"]) for s in src.index if s in set(f["source_id"])])
    return _explorer(items, filters, "funn", ["factors", "themes"])


def coordinator_roles() -> Html:
    """The coordinator roles the medium-size municipality study found, with whose they are."""
    df = data.coordinator_roles()
    roles = [{"name": r["name"].lower(), "description": r["description"], "voice": voice_of(r)} for r in df.to_dict("records")]
    return Html(_render("coordinator_roles.html.j2", roles=roles, source=_source_title(df["source_id"].iloc[0])),
                "\n".join(df["name"]))
