"""Figure builders. Each returns a :class:`~ropbook.charts.Chart` drawn from the data package.

Notebooks call them in one line (``figures.project_timeline()``); no chart code lives in a
notebook.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from . import data
from .charts import MUNICIPALITY_COLOURS, PALETTE, Chart, View, nb_number
from .display import indicator_text, voice_of  # whose claim each point is (issue 10)

MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"]


def _labels_above(rows: list[str], row_px: float, size: int = 12) -> dict:
    """Layout for a horizontal chart whose row labels sit above each row, across the full width.

    Y-axis labels beside the bars would take most of a phone's width; above the bars they don't.
    ``row_px`` is the height of one row in pixels; bars should be at most 0.4 of it.
    """
    shift = int(0.2 * row_px + size * 0.6 + 2)
    return {
        "yaxis.categoryorder": "array",
        "yaxis.categoryarray": rows[::-1],
        "yaxis.range": [-0.6, len(rows) - 0.3],
        "yaxis.showticklabels": False,
        "annotations": [dict(x=0, xref="paper", y=row, yref="y", yshift=shift, text=row, showarrow=False,
                             xanchor="left", font=dict(size=size)) for row in rows],
    }


def _source_names(ids) -> str:
    src = data.sources().set_index("source_id")
    return "; ".join(src.loc[i, "title"] for i in dict.fromkeys(ids))


def _when(year, month, end=False) -> tuple[dt.date, str, bool]:
    """A date for plotting, the text to show, and whether the month was given."""
    if pd.isna(month):
        return (dt.date(int(year), 12, 31) if end else dt.date(int(year), 1, 1)), str(int(year)), False
    m = int(month)
    day = 28 if end else 1
    return dt.date(int(year), m, day), f"{MONTHS[m - 1]} {int(year)}", True


def project_timeline() -> Chart:
    """The project period as each source states it, and the milestones of the data collection."""
    ev = data.events()
    fig = go.Figure()
    rows = []
    periods = ev[ev["kind"] == "prosjektperiode"]
    for i, r in enumerate(periods.itertuples()):
        start, start_txt, start_known = _when(r.start_year, r.start_month)
        end, end_txt, end_known = _when(r.end_year, r.end_month, end=True)
        note = f"<br><i>{r.note}</i>" if isinstance(r.note, str) else ""
        fig.add_trace(
            go.Scatter(
                x=[start, end],
                y=[r.label, r.label],
                mode="lines+markers",
                line=dict(width=14, color=PALETTE[i % len(PALETTE)]),
                marker=dict(size=14, symbol=["circle" if start_known else "circle-open", "circle" if end_known else "circle-open"]),
                name=r.label,
                hovertemplate=f"<b>{r.label}</b><br>{start_txt} – {end_txt}{note}<extra></extra>",
            )
        )
        rows.append((r.label, start_txt, end_txt, "", r.note if isinstance(r.note, str) else ""))
    others = ev[ev["kind"] != "prosjektperiode"].sort_values(["start_year", "start_month"])
    for r in others.itertuples():
        when, when_txt, known = _when(r.start_year, r.start_month)
        note = f"<br><i>{r.note}</i>" if isinstance(r.note, str) else ""
        hover = f"<b>{r.label}</b><br>{when_txt}<br>{r.description}{note}<extra></extra>"
        if known:
            fig.add_trace(go.Scatter(x=[when], y=[r.label], mode="markers", showlegend=False,
                                     marker=dict(size=16, symbol="diamond", color=PALETTE[2]), hovertemplate=hover))
        else:  # only the year (or season) is given: mark the whole year, pale
            year_end = dt.date(int(r.start_year), 12, 31)
            fig.add_trace(go.Scatter(x=[when, year_end], y=[r.label, r.label], mode="lines", showlegend=False,
                                     line=dict(width=14, color=PALETTE[2]), opacity=0.35, hovertemplate=hover))
        rows.append((r.label, when_txt, "", r.description, r.note if isinstance(r.note, str) else ""))
    order = [*others["label"][::-1], *periods["label"][::-1]]
    fig.update_layout(
        title="ROPIT-prosjektet: periode og milepæler",
        xaxis=dict(type="date", tickformat="%Y", dtick="M12", title=None),
        yaxis=dict(title=None, categoryorder="array", categoryarray=order, showticklabels=False, range=[-0.6, len(order) - 0.2]),
        showlegend=False,
        # Row labels sit above each row, not beside it, so the bars keep the width on a phone.
        annotations=[dict(x=0, xref="paper", y=label, yref="y", yshift=17, text=label, showarrow=False,
                          xanchor="left", font=dict(size=13)) for label in order],
        hovermode="closest",
    )
    table = pd.DataFrame(rows, columns=["Hva", "Fra / når", "Til", "Beskrivelse", "Merknad"])
    return Chart(
        fig,
        title="Prosjektperioden slik kildene oppgir den",
        caption=(
            "Kapittel 2 og lysarkene oppgir ulik prosjektperiode; begge vises. Et åpent endepunkt betyr at kilden "
            "ikke oppgir måned. Hendelser der kilden bare oppgir år eller årstid, er vist som et blekt felt over hele året. "
            "Hold pekeren over for detaljer."
        ),
        source=_source_names(ev["source_id"]),
        tables=["events"],
        data=table,
        height=380,
        name="project-timeline",
    )


def municipality_profile() -> Chart:
    """The three case municipalities: population and user interviews, with a dropdown."""
    mun = data.municipalities().set_index("municipality_id")
    dc = data.data_collection()
    ropit = dc[(dc["study"] == "ropit") & (dc["method"] == "individuelt_intervju") & dc["municipality_id"].notna()]
    users = ropit.groupby("municipality_id")["count"].sum()  # user interviews in ROPIT, per municipality
    order = ["liten", "mellomstor", "storby"]
    names = [mun.loc[m, "name"] for m in order]
    labels = [n.replace("Den ", "Den<br>").replace(" kommunen", "<br>kommunen").replace("Storbykommunen", "Storby-<br>kommunen") for n in names]
    pop = [int(mun.loc[m, "population"]) for m in order]
    pop_txt = [("ca. " if mun.loc[m, "population_approx"] else "") + nb_number(p) for m, p in zip(order, pop)]
    n_users = [int(users.get(m, 0)) for m in order]
    hover = []
    for m in order:
        after = mun.loc[m, "organisation_after"]
        hover.append(
            f"<b>{mun.loc[m, 'name']}</b><br>{mun.loc[m, 'setting']}"
            f"<br><br><b>Organisering ved start:</b> {mun.loc[m, 'organisation_start']}"
            + (f"<br><b>Senere:</b> {after}" if isinstance(after, str) else "")
        )
    colours = [MUNICIPALITY_COLOURS[m] for m in order]
    fig = go.Figure(
        [
            go.Bar(x=labels, y=pop, text=pop_txt, textposition="outside", cliponaxis=False, marker_color=colours,
                   hovertext=hover, hoverinfo="text", name="Innbyggere", visible=True),
            go.Bar(x=labels, y=n_users, text=[str(n) for n in n_users], textposition="outside", cliponaxis=False,
                   marker_color=colours, hovertext=hover, hoverinfo="text", name="Brukere intervjuet", visible=False),
        ]
    )
    fig.update_layout(
        title="De tre kommunene i ROPIT",
        showlegend=False,
        xaxis=dict(title=None, tickangle=0),
        yaxis=dict(title="Innbyggere", tickformat=",d", rangemode="tozero"),
    )
    views = [
        View("Innbyggere", "update", [{"visible": [True, False]}, {"yaxis.title.text": "Innbyggere"}]),
        View("Brukere intervjuet", "update", [{"visible": [False, True]}, {"yaxis.title.text": "Brukere intervjuet"}]),
    ]
    table = pd.DataFrame(
        {
            "Kommune": names,
            "Innbyggere": pop_txt,
            "Brukere intervjuet": n_users,
            "Organisering ved start": [mun.loc[m, "organisation_start"] for m in order],
            "Senere": [mun.loc[m, "organisation_after"] if isinstance(mun.loc[m, "organisation_after"], str) else "" for m in order],
        }
    )
    return Chart(
        fig,
        title="Tre kommuner av ulik størrelse",
        caption=(
            "Innbyggertall og antall brukere som ble intervjuet i hver kommune. "
            "Bruk knappene for å bytte mål, og hold pekeren over en stolpe for å se hvordan tjenestene var organisert."
        ),
        source=_source_names(["kap2"]),
        tables=["municipalities", "data_collection"],
        data=table,
        height=380,
        name="municipality-profile",
        views=views,
        views_label="Vis",
    )


# --------------------------------------------------------------------------------------------
# Del 1: data og metode, brukerne
# --------------------------------------------------------------------------------------------

def _txt(value) -> str:
    return value if isinstance(value, str) else ""


def data_sources() -> Chart:
    """Who was heard, how and where, in the three studies: one marker per data source."""
    from .labels import METHOD, MUNICIPALITY, STATUS, STUDY, STUDY_SHORT

    dc = data.data_collection()
    studies = list(STUDY)
    method_order = [m for m in METHOD if m in set(dc["method"])]
    status_colour = {"gjennomfort": PALETTE[0], "endret": PALETTE[1], "ikke_gjennomfort": PALETTE[5]}
    dc = dc.assign(
        slot=dc.groupby(["study", "method"]).cumcount(),
        n_slots=dc.groupby(["study", "method"])["collection_id"].transform("count"),
    )
    fig = go.Figure()
    for status, label in STATUS.items():
        sub = dc[dc["status"] == status]
        if sub.empty:
            continue
        xs, ys, sizes, texts, hovers, symbols = [], [], [], [], [], []
        for r in sub.itertuples():
            offset = (r.slot - (r.n_slots - 1) / 2) * min(0.18, 0.7 / max(r.n_slots, 1))
            xs.append(studies.index(r.study) + offset)
            ys.append(METHOD[r.method])
            known = not pd.isna(r.count)
            sizes.append(13 + 5 * (float(r.count) ** 0.5) if known else 13)
            symbols.append("circle" if known else "circle-open")
            texts.append(str(int(r.count)) if known else "")
            where = f"<br>Kommune: {MUNICIPALITY[r.municipality_id]}" if isinstance(r.municipality_id, str) else ""
            count = f"<br>Antall: {int(r.count)} {_txt(r.count_unit)}" if known else ""
            period = f"<br>Når: {r.period}" if isinstance(r.period, str) else ""
            hovers.append(
                f"<b>{METHOD[r.method]}</b> ({STUDY[r.study]})<br>Hvem: {r.participants}{where}{count}{period}"
                f"<br>Status: {label}<br><br>{r.description}"
            )
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="markers+text", text=texts, textposition="middle center",
            textfont=dict(color="#ffffff", size=12), name=label, hovertext=hovers, hoverinfo="text",
            marker=dict(size=sizes, color=status_colour[status], symbol=symbols, line=dict(width=2, color=status_colour[status])),
        ))
    fig.update_layout(
        title="Hvem ble hørt, og hvordan?",
        xaxis=dict(tickvals=list(range(len(studies))), ticktext=[STUDY_SHORT[s] for s in studies], tickangle=0,
                   range=[-0.6, len(studies) - 0.4], showgrid=False, side="top", title=None),
        yaxis=dict(categoryorder="array", categoryarray=[METHOD[m] for m in method_order][::-1], title=None),
        legend=dict(y=-0.04),
        margin=dict(t=100),
        hovermode="closest",
    )
    table = dc.assign(
        Studie=dc["study"].map(STUDY), Metode=dc["method"].map(METHOD), Status=dc["status"].map(STATUS),
        Kommune=dc["municipality_id"].map(MUNICIPALITY),
    )[["Studie", "Metode", "participants", "Kommune", "count", "count_unit", "period", "Status", "description"]].rename(
        columns={"participants": "Hvem", "count": "Antall", "count_unit": "Telles i", "period": "Når", "description": "Beskrivelse"})
    return Chart(
        fig,
        title="Datakildene i de tre studiene",
        caption=(
            "Hvert punkt er en datakilde. Tallet i punktet er antallet (intervjuer, grupper, brukere); "
            "åpne punkter har ikke noe antall i kilden. Fargen viser om kilden ble brukt som planlagt. "
            "Klikk på forklaringen for å skjule en status, og hold pekeren over et punkt for detaljer."
        ),
        source=_source_names(dc["source_id"]),
        tables=["data_collection"],
        data=table,
        height=560,
        name="data-sources",
    )


def user_indicators() -> Chart:
    """Brukerplan 2018 and the national figures on work and activity, side by side."""
    ind = data.indicators().set_index("indicator_id")
    rows = [
        ("lys-bp-kvinner", "Brukerplan 2018"),
        ("lys-bp-bor-venner", "Brukerplan 2018"),
        ("lys-bp-ingen-aktivitet", "Brukerplan 2018"),
        ("lys-bp-helseplager", "Brukerplan 2018"),
        ("k14-i02", "Nasjonalt, 2016"),
        ("k14-i03", "Nasjonalt, 2020"),
    ]
    colours = {"Brukerplan 2018": PALETTE[0], "Nasjonalt, 2016": PALETTE[1], "Nasjonalt, 2020": PALETTE[5]}
    fig = go.Figure()
    table_rows = []
    for group in dict.fromkeys(g for _, g in rows):
        ids = [i for i, g in rows if g == group]
        sub = ind.loc[ids]
        labels = [lbl if g != "Brukerplan 2018" else lbl for lbl, g in zip(sub["label"], [group] * len(ids))]
        ylabels = [f"{lbl} ({group.split(',')[-1].strip()})" if group != "Brukerplan 2018" else lbl for lbl in labels]
        hover = [
            f"<b>{r.label}</b>: {indicator_text(ind.loc[r.Index])}<br>Gjelder: {r.scope}"
            + (f"<br>År: {int(r.year_start)}" if not pd.isna(r.year_start) else "")
            + (f"<br><i>{r.note}</i>" if isinstance(r.note, str) else "")
            + f"<br><i>Stemme: {voice_of(r)}</i>"
            for r in sub.itertuples()
        ]
        fig.add_trace(go.Bar(
            x=sub["value"].astype(float), y=ylabels, orientation="h", name=group, marker_color=colours[group],
            # The source's own wording on the bar too («en tredjedel», not «33,3 %»): no false precision.
            text=[indicator_text(ind.loc[i]) for i in ids], textposition="outside", cliponaxis=False,
            hovertext=hover, hoverinfo="text",
        ))
        for r in sub.itertuples():
            table_rows.append((r.label, group, indicator_text(ind.loc[r.Index]), r.scope, r.year_start, _txt(r.note), voice_of(r)))
    all_rows = [y for t in fig.data for y in t.y]
    fig.update_layout(_labels_above(all_rows, row_px=55))
    fig.update_traces(width=0.4)
    fig.update_layout(
        title="Brukernes liv i tall",
        xaxis=dict(title=None, range=[0, 55], ticksuffix=" %"),
        barmode="overlay",
        legend=dict(y=-0.08),
    )
    return Chart(
        fig,
        title="Brukerplan 2018 og nasjonale tall om arbeid og aktivitet",
        caption=(
            "Blå stolper er Brukerplan-tall for mottakere av kommunale tjenester med ROP-lidelse i 2018. "
            "De to nederste er nasjonale tall for rusavhengige uten arbeid eller aktivitet, ved start og slutt av "
            "opptrappingsplanen for rusfeltet. Målene gjelder ulike grupper og er definert ulikt, så de kan ikke "
            "trekkes fra hverandre. Klikk på forklaringen for å skjule en gruppe."
        ),
        source=_source_names(["lysark", "kap14"]),
        tables=["indicators"],
        data=pd.DataFrame(table_rows, columns=["Mål", "Kilde og år", "Verdi", "Gjelder", "År", "Merknad", "Stemme"]),
        height=470,
        name="user-indicators",
    )


# --------------------------------------------------------------------------------------------
# Del 2: reformer, planer og styring
# --------------------------------------------------------------------------------------------

def _instrument_text(reform_id: str, ri: pd.DataFrame) -> str:
    from .labels import INSTRUMENT

    names = [INSTRUMENT[i] for i in ri.loc[ri["reform_id"] == reform_id, "instrument"]]
    return ", ".join(names) if names else "ikke omtalt i kildene"


def reform_timeline() -> Chart:
    """All reforms, plans, laws, guidelines and guides on one timeline.

    Colour and legend: the policy field (click to hide or show a field). Buttons: the kind of
    measure. Hover: what it did, its steering instruments, and where the book's sources say so.
    """
    from .labels import FIELD, REFORM_KIND, REFORM_KIND_GROUP

    ref = data.reforms().sort_values(["start_year", "end_year"], na_position="last").reset_index(drop=True)
    ri = data.reform_instruments()
    src = data.sources().set_index("source_id")["title"]
    ref["group"] = ref["kind"].map(REFORM_KIND_GROUP)
    ref["duration"] = [
        (e - s + 1) if not pd.isna(e) else 1 for s, e in zip(ref["start_year"], ref["end_year"])
    ]
    ref["when"] = [f"{s}–{e}" if not pd.isna(e) else f"{s}" for s, e in zip(ref["start_year"], ref["end_year"])]
    ref["hover"] = [
        f"<b>{r.name}</b><br>{r.when} · {REFORM_KIND[r.kind]} · {FIELD[r.field]}"
        + (f"<br>Dokument: {r.document}" if isinstance(r.document, str) else "")
        + f"<br><br>{r.description}<br><br><b>Virkemidler:</b> {_instrument_text(r.reform_id, ri)}"
        + f"<br><i>Kilde: {src[r.source_id]}</i><br><i>Stemme: {voice_of(r)}</i>"
        + (f"<br><i>{r.note}</i>" if isinstance(r.note, str) else "")
        for r in ref.itertuples()
    ]
    short_src = {"kap2": "kap. 2", "kap14": "kap. 14", "kap9": "kap. 9", "master": "masteroppg.", "lysark": "lysark"}
    ref["row"] = [f"{r.short_name} ({short_src[r.source_id]})" if (ref["short_name"] == r.short_name).sum() > 1 else r.short_name
                  for r in ref.itertuples()]
    ref["row"] = [f"{row} · {when}" for row, when in zip(ref["row"], ref["when"])]
    field_colour = dict(zip(FIELD, [PALETTE[3], PALETTE[0], PALETTE[2], PALETTE[1], PALETTE[5]]))
    fields = [f for f in FIELD if f in set(ref["field"])]

    def columns(sub):
        return {"x": sub["duration"].tolist(), "base": [s - 0.5 for s in sub["start_year"]], "y": sub["row"].tolist(),
                "hovertext": sub["hover"].tolist()}

    def layout_for(sub):
        return _labels_above(sub["row"].tolist(), row_px=40)

    fig = go.Figure()
    for f in fields:
        sub = ref[ref["field"] == f]
        c = columns(sub)
        fig.add_trace(go.Bar(
            orientation="h", name=FIELD[f], marker_color=field_colour[f], x=c["x"], base=c["base"], y=c["y"],
            hovertext=c["hovertext"], hoverinfo="text", width=0.4,
        ))
    groups = list(dict.fromkeys(REFORM_KIND_GROUP[k] for k in REFORM_KIND if k in set(ref["kind"])))
    views = []
    for g in ["Alle typer", *groups]:
        keep = ref if g == "Alle typer" else ref[ref["group"] == g]
        cols = [columns(keep[keep["field"] == f]) for f in fields]
        views.append(View(g, "update", [{k: [c[k] for c in cols] for k in ("x", "base", "y", "hovertext")}, layout_for(keep)]))
    fig.update_layout(layout_for(ref))
    fig.update_layout(
        title="Reformer, planer og retningslinjer",
        barmode="overlay",
        xaxis=dict(title=None, range=[ref["start_year"].min() - 2, 2024], dtick=10, tickformat="d"),
        yaxis_title=None,
        margin=dict(t=60, l=10, r=10),
        legend=dict(y=-0.04),
        hovermode="closest",
    )
    table = ref.assign(Felt=ref["field"].map(FIELD), Type=ref["kind"].map(REFORM_KIND), Kilde=ref["source_id"].map(src),
                       Virkemidler=[_instrument_text(i, ri) for i in ref["reform_id"]],
                       Stemme=[voice_of(r) for r in ref.itertuples()])[
        ["name", "when", "Type", "Felt", "document", "description", "Virkemidler", "Kilde", "Stemme", "note"]].rename(
        columns={"name": "Navn", "when": "År", "document": "Dokument", "description": "Hva", "note": "Merknad"})
    return Chart(
        fig,
        title="Reformer, opptrappingsplaner, lover og retningslinjer på én tidslinje",
        caption=(
            "Hver stolpe er et tiltak, fra start- til sluttår (ett år når kilden bare gir ett årstall). Fargen viser feltet: "
            "klikk i forklaringen for å skjule eller vise et felt. Velg type tiltak i menyen. Dra for å zoome, "
            "dobbeltklikk for å gå tilbake. Der to kilder omtaler samme reform med ulike årstall, vises begge."
        ),
        source=_source_names(ref["source_id"]),
        tables=["reforms", "reform_instruments"],
        data=table,
        height=max(480, 40 * len(ref) + 150),
        name="reform-timeline",
        views=views,
        views_label="Type tiltak",
    )


def municipal_organisation() -> Chart:
    """How municipalities organised their mental-health and substance-use services (2018)."""
    ind = data.indicators()
    sub = ind[ind["series"] == "Organisering av kommunale rus- og psykiske helsetjenester"].sort_values("value", ascending=False)
    rows = sub["category"].tolist()
    fig = go.Figure(go.Bar(
        y=rows, x=sub["value"].astype(float), orientation="h", width=0.4,
        marker_color=[PALETTE[0], PALETTE[1], PALETTE[2]][: len(sub)],
        text=[f"{nb_number(float(v))} %" for v in sub["value"]], textposition="outside", cliponaxis=False,
        hovertext=[f"<b>{r.label}</b><br>{nb_number(float(r.value))} % ({int(r.year_start)})<br>{r.scope}<br><i>Stemme: {voice_of(r)}</i>"
                   for r in sub.itertuples()],
        hoverinfo="text",
    ))
    fig.update_layout(_labels_above(rows, row_px=70))
    fig.update_layout(
        title="Kommunenes organisering, 2018",
        xaxis=dict(title="Andel kommuner", ticksuffix=" %", range=[0, 80]),
        showlegend=False,
    )
    return Chart(
        fig,
        title="Kommunenes organisering av rus- og psykisk helsetjenester",
        caption="Andel kommuner etter hvordan tjenestene for voksne var organisert i 2018.",
        source=_source_names(sub["source_id"]),
        tables=["indicators"],
        data=sub.assign(Stemme=[voice_of(r) for r in sub.itertuples()])[["category", "value", "year_start", "scope", "Stemme"]].rename(
            columns={"category": "Organisering", "value": "Prosent", "year_start": "År", "scope": "Gjelder"}),
        height=320,
        name="municipal-organisation",
    )


def instrument_matrix() -> Chart:
    """Plans and reforms side by side by steering instrument (where the sources say so)."""
    from .labels import INSTRUMENT, INSTRUMENT_SHORT

    ref = data.reforms().set_index("reform_id")
    ri = data.reform_instruments()
    src = data.sources().set_index("source_id")["title"]
    ri = ri.assign(start=ri["reform_id"].map(ref["start_year"]), name=ri["reform_id"].map(ref["short_name"]))
    order = ri.drop_duplicates("reform_id").sort_values("start")
    names = [f"{ref.loc[i, 'short_name']} ({ref.loc[i, 'start_year']})" for i in order["reform_id"]]
    label_of = dict(zip(order["reform_id"], names))
    instruments = [i for i in INSTRUMENT if i in set(ri["instrument"])]
    fig = go.Figure()
    for k, inst in enumerate(instruments):
        sub = ri[ri["instrument"] == inst]
        fig.add_trace(go.Scatter(
            x=[INSTRUMENT[inst]] * len(sub), y=[label_of[r] for r in sub["reform_id"]], mode="markers",
            name=INSTRUMENT[inst], marker=dict(size=18, symbol="square", color=PALETTE[k % len(PALETTE)]),
            hovertext=[f"<b>{label_of[r.reform_id]}</b><br>{INSTRUMENT[inst]}<br><br>{r.description}<br><i>Kilde: {src[r.source_id]}</i>"
                       f"<br><i>Stemme: {voice_of(r)}</i>" for r in sub.itertuples()],
            hoverinfo="text",
        ))
    fig.update_layout(_labels_above(names, row_px=46))
    fig.update_layout(
        title="Hvilke virkemidler brukte staten?",
        xaxis=dict(categoryorder="array", categoryarray=[INSTRUMENT[i] for i in instruments], side="top",
                   tickvals=[INSTRUMENT[i] for i in instruments], ticktext=[INSTRUMENT_SHORT[i] for i in instruments],
                   tickangle=-45, title=None, showgrid=True),
        yaxis=dict(showgrid=False),
        showlegend=False,
        margin=dict(t=150),
        hovermode="closest",
    )
    table = ri.assign(Tiltak=ri["reform_id"].map(label_of), Virkemiddel=ri["instrument"].map(INSTRUMENT),
                      Kilde=ri["source_id"].map(src), Stemme=[voice_of(r) for r in ri.itertuples()])[
        ["Tiltak", "Virkemiddel", "description", "Kilde", "Stemme"]].rename(columns={"description": "Hvordan"})
    return Chart(
        fig,
        title="Planer og reformer side om side etter virkemiddel",
        caption=(
            "Et kvadrat betyr at kildene sier at tiltaket brukte virkemiddelet; et tomt felt betyr at kildene ikke sier det, "
            "ikke nødvendigvis at det ikke ble brukt. Kolonnene er øremerkede tilskudd, andre økonomiske virkemidler, "
            "bemanningskrav, kvalitetskrav, lovkrav og rettigheter, omorganisering og veiledning. "
            "Hold pekeren over et kvadrat for å se hvordan virkemiddelet ble brukt."
        ),
        source=_source_names(ri["source_id"]),
        tables=["reform_instruments", "reforms"],
        data=table,
        height=max(420, 46 * len(names) + 190),
        name="instrument-matrix",
    )


def tsb_beds() -> Chart:
    """Inpatient places in specialised substance-use treatment (TSB) by owner, 2016 and 2020."""
    ind = data.indicators()
    sub = ind[ind["series"] == "TSB døgnplasser etter eier"].sort_values("year_start")
    fig = go.Figure()
    for k, owner in enumerate(dict.fromkeys(sub["category"])):
        s = sub[sub["category"] == owner]
        fig.add_trace(go.Bar(
            x=[str(int(y)) for y in s["year_start"]], y=s["value"].astype(float), name=owner.capitalize(),
            marker_color=PALETTE[k], text=[nb_number(float(v)) for v in s["value"]], textposition="outside", cliponaxis=False,
            hovertext=[f"<b>{r.label}</b><br>{int(r.year_start)}: {nb_number(float(r.value))} plasser<br><i>Stemme: {voice_of(r)}</i>"
                       for r in s.itertuples()],
            hoverinfo="text",
        ))
    fig.update_layout(title="Døgnplasser i TSB etter eier", barmode="group", yaxis=dict(title="Plasser", tickformat=",d"),
                      xaxis=dict(title=None, type="category"))
    return Chart(
        fig,
        title="Døgnplasser i tverrfaglig spesialisert rusbehandling (TSB)",
        caption="Antall døgnplasser hos private foretak og i helseforetakene, 2016 og 2020. Klikk i forklaringen for å skjule en eier.",
        source=_source_names(sub["source_id"]),
        tables=["indicators"],
        data=sub.assign(Stemme=[voice_of(r) for r in sub.itertuples()])[["label", "year_start", "value", "Stemme"]].rename(
            columns={"label": "Mål", "year_start": "År", "value": "Plasser"}),
        height=380,
        name="tsb-beds",
    )


# --------------------------------------------------------------------------------------------
# Del 3: kommunene
# --------------------------------------------------------------------------------------------

def _staffing(r) -> str:
    qualifier = f"{r.staff_qualifier} " if isinstance(r.staff_qualifier, str) else ""
    if not pd.isna(r.staff_fte):
        return f"{qualifier}{nb_number(float(r.staff_fte))} årsverk"
    if not pd.isna(r.staff_count):
        return f"{qualifier}{int(r.staff_count)} ansatte" if "halve" not in _txt(r.note) else f"{int(r.staff_count)} halve stillinger"
    return ""


def org_tree() -> Chart:
    """The medium-size municipality's service as a tree (rows indented by level), with staffing."""
    units = data.units()
    children = {}
    for r in units.itertuples():
        children.setdefault(r.parent_id if isinstance(r.parent_id, str) else None, []).append(r.unit_id)
    by_id = {r.unit_id: r for r in units.itertuples()}
    order, depth = [], {}

    def walk(uid, d):
        order.append(uid)
        depth[uid] = d
        for c in children.get(uid, []):
            walk(c, d + 1)

    for root in children.get(None, []):
        walk(root, 0)
    y = {uid: -i for i, uid in enumerate(order)}
    kind_colour = {"enhet": PALETTE[0], "avdeling": PALETTE[1], "team": PALETTE[2], "tilbud": PALETTE[3], "tjeneste": PALETTE[4], "seksjon": PALETTE[5]}
    fig = go.Figure()
    # Elbow connectors from each parent down to its children.
    xs, ys = [], []
    for uid in order:
        p = by_id[uid].parent_id
        if isinstance(p, str):
            xs += [depth[p] + 0.05, depth[p] + 0.05, depth[uid], None]
            ys += [y[p], y[uid], y[uid], None]
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color="#999999", width=1.5), hoverinfo="skip", showlegend=False))
    from .labels import UNIT_KIND

    for kind in dict.fromkeys(by_id[u].kind for u in order):
        ids = [u for u in order if by_id[u].kind == kind]
        labels = []
        hovers = []
        for u in ids:
            r = by_id[u]
            staff = _staffing(r)
            name, _, paren = r.name.partition(" (")
            second = " · ".join(x for x in (f"({paren}" if paren else "", staff) if x)
            labels.append(f"<b>{name}</b>" + (f"<br><span style='font-size:11px'>{second}</span>" if second else ""))
            hovers.append(f"<b>{r.name}</b> ({UNIT_KIND[r.kind].lower()})" + (f"<br>Bemanning: {staff}" if staff else "")
                          + (f"<br>Arbeidstid: {r.hours}" if isinstance(r.hours, str) else "") + f"<br><br>{r.tasks}")
        fig.add_trace(go.Scatter(
            x=[depth[u] for u in ids], y=[y[u] for u in ids], mode="markers+text", name=UNIT_KIND[kind],
            marker=dict(size=14, symbol="square", color=kind_colour.get(kind, PALETTE[7])),
            text=labels, textposition="middle right", textfont=dict(size=12), hovertext=hovers, hoverinfo="text",
        ))
    fig.update_layout(
        title="Rus og psykisk helse i kommunen",
        xaxis=dict(visible=False, range=[-0.2, 6]),
        yaxis=dict(visible=False, range=[min(y.values()) - 0.7, 0.7]),
        legend=dict(y=-0.02),
        hovermode="closest",
        margin=dict(l=4, r=4),
    )
    table = units.assign(
        Overordnet=units["parent_id"].map({u: by_id[u].name for u in by_id}),
        Type=units["kind"].map(UNIT_KIND),
        Bemanning=[_staffing(r) for r in units.itertuples()],
    )[["name", "Type", "Overordnet", "Bemanning", "hours", "tasks"]].rename(columns={"name": "Enhet", "hours": "Arbeidstid", "tasks": "Oppgaver"})
    return Chart(
        fig,
        title="Organisasjonskart for den mellomstore kommunens rus- og psykisk helsetjeneste",
        caption=(
            "Virksomheten med sine avdelinger, team og tilbud, og bemanningen der kapitlet oppgir den. "
            "Hold pekeren over en enhet for å se hva den gjør. Bemanning er oppgitt ulikt (årsverk, antall ansatte, halve stillinger), "
            "slik kilden gjør det."
        ),
        source=_source_names(units["source_id"]),
        tables=["units"],
        data=table,
        height=60 * len(order) + 120,
        name="org-tree",
    )


def coordination_network() -> Chart:
    """Who coordinates with whom in the medium-size municipality, formally and informally.

    Buttons switch between all links, formal links and informal links; colour shows how well
    the source says each link works; hover a link's midpoint for means, frequency and what the
    source says.
    """
    import math

    from .labels import QUALITY

    actors = data.actors()
    links = data.coordination_links()
    links = links[links["source_id"] == "kap9"]
    actors = actors[actors["source_id"] == "kap9"].set_index("actor_id")
    short = {a: (r.short_name if isinstance(r.short_name, str) else r.name) for a, r in actors.iterrows()}
    centre = "k9-virksomhet"
    ring = [a for a in actors.index if a != centre]
    # Municipal actors on the left half, specialist services on the right, the state at the top.
    level_rank = {"stat": 0, "kommune": 1, "annet": 2, "spesialist": 3}
    ring.sort(key=lambda a: (level_rank[actors.loc[a, "level"]], a))
    pos = {centre: (0.0, 0.0)}
    for i, a in enumerate(ring):
        angle = math.pi / 2 + 2 * math.pi * i / len(ring)
        pos[a] = (math.cos(angle), math.sin(angle))
    quality_colour = {"god": PALETTE[2], "varierende": PALETTE[1], "svak": PALETTE[5], "ikke_omtalt": PALETTE[7]}
    fig = go.Figure()
    groups = []
    for formality in ("formell", "uformell"):
        for quality in QUALITY:
            sub = links[(links["formality"] == formality) & (links["quality"] == quality)]
            if sub.empty:
                continue
            xs, ys, mx, my, hover = [], [], [], [], []
            for r in sub.itertuples():
                off = 0.05 if formality == "uformell" else -0.05  # formal and informal links between the same pair sit side by side
                (x0, y0), (x1, y1) = pos[r.from_actor], pos[r.to_actor]
                dx, dy = y1 - y0, x0 - x1
                norm = math.hypot(dx, dy) or 1
                ox, oy = off * dx / norm, off * dy / norm
                xs += [x0 + ox, x1 + ox, None]
                ys += [y0 + oy, y1 + oy, None]
                mx.append((x0 + x1) / 2 + ox)
                my.append((y0 + y1) / 2 + oy)
                freq = f"<br>Hvor ofte: {r.frequency}" if isinstance(r.frequency, str) else ""
                hover.append(f"<b>{short[r.from_actor]} – {short[r.to_actor]}</b> ({formality})<br>Hvordan: {r.means}{freq}"
                             f"<br>Fungerer: {QUALITY[quality].lower()}<br><br>{r.description}<br><i>Stemme: {voice_of(r)}</i>")
            name = f"{formality.capitalize()}, {QUALITY[quality].lower()}"
            dash = "solid" if formality == "formell" else "dot"
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=name, legendgroup=name, hoverinfo="skip",
                                     line=dict(color=quality_colour[quality], width=3, dash=dash)))
            fig.add_trace(go.Scatter(x=mx, y=my, mode="markers", name=name, legendgroup=name, showlegend=False,
                                     marker=dict(size=12, color=quality_colour[quality], symbol="circle" if formality == "formell" else "circle-open",
                                                 line=dict(width=2, color=quality_colour[quality])),
                                     hovertext=hover, hoverinfo="text"))
            groups += [formality, formality]
    degree = pd.concat([links["from_actor"], links["to_actor"]]).value_counts()
    node_hover = [f"<b>{actors.loc[a, 'name']}</b><br>{actors.loc[a, 'description']}<br>Lenker i kapitlet: {int(degree.get(a, 0))}" for a in pos]
    fig.add_trace(go.Scatter(
        x=[p[0] for p in pos.values()], y=[p[1] for p in pos.values()], mode="markers+text", text=[short[a] for a in pos],
        textposition=["middle center" if a == centre else ("top center" if pos[a][1] >= 0 else "bottom center") for a in pos],
        marker=dict(size=[26 if a == centre else 16 for a in pos], color=[PALETTE[0] if a == centre else "#ffffff" for a in pos],
                    line=dict(width=2, color=PALETTE[0])),
        textfont=dict(size=12), hovertext=node_hover, hoverinfo="text", showlegend=False, name="Aktører",
    ))
    groups.append("node")

    def visible(keep):
        return [g == "node" or keep in (None, g) for g in groups]

    fig.update_layout(
        title="Hvem samordner med hvem?",
        xaxis=dict(visible=False, range=[-1.35, 1.35], scaleanchor="y"),
        yaxis=dict(visible=False, range=[-1.3, 1.3]),
        legend=dict(y=-0.02),
        hovermode="closest",
        margin=dict(t=60, l=4, r=4),
    )
    views = [View("Alle", "restyle", [{"visible": visible(None)}]),
             View("Formelle", "restyle", [{"visible": visible("formell")}]),
             View("Uformelle", "restyle", [{"visible": visible("uformell")}])]
    table = links.assign(Fra=links["from_actor"].map(short), Til=links["to_actor"].map(short), Fungerer=links["quality"].map(QUALITY),
                         Stemme=[voice_of(r) for r in links.itertuples()])[
        ["Fra", "Til", "formality", "means", "frequency", "Fungerer", "description", "Stemme"]].rename(
        columns={"formality": "Form", "means": "Hvordan", "frequency": "Hvor ofte", "description": "Hva kilden sier"})
    return Chart(
        fig,
        title="Formell og uformell samordning i den mellomstore kommunen",
        caption=(
            "Hver strek er en samordningslenke slik kapittel 9 beskriver den: heltrukket er formell (rutiner, avtaler, systemer), "
            "prikket er uformell (personlige relasjoner, egne initiativ). Fargen viser hvor godt kilden sier at lenken fungerer. "
            "Bruk knappene for å se bare de formelle eller bare de uformelle lenkene, og hold pekeren over punktet midt på en strek for detaljer."
        ),
        source=_source_names(links["source_id"]),
        tables=["coordination_links", "actors"],
        data=table,
        height=620,
        name="coordination-network",
        views=views,
        views_label="Vis lenker",
    )


# --------------------------------------------------------------------------------------------
# Del 5: avslutning
# --------------------------------------------------------------------------------------------

def _wrap(text: str, width: int = 60) -> str:
    import textwrap

    return "<br>".join(textwrap.wrap(text, width))


def findings_by_level() -> Chart:
    """Every factor the five sources name, placed by level (system to individual) and source.

    One dot per finding; hover shows it. Buttons switch between what hinders and what helps.
    A map of the findings for discussion, not a measure: the number of dots reflects how the
    sources are written and how we split them into rows, not how important a level is.
    """
    from .labels import LEVEL

    f = data.factors()
    src = data.sources().set_index("source_id")
    short = {"kap2": "Kap. 2", "lysark": "Lysark", "kap14": "Kap. 14", "kap9": "Kap. 9", "master": "Master"}
    sources = [s for s in short if s in set(f["source_id"])]
    levels = list(LEVEL)
    fig = go.Figure()
    for direction, colour in (("hemmer", PALETTE[5]), ("fremmer", PALETTE[2])):
        sub = f[f["direction"] == direction].copy()
        sub["slot"] = sub.groupby(["level", "source_id"]).cumcount()
        sub["n"] = sub.groupby(["level", "source_id"])["factor_id"].transform("count")
        xs, ys = [], []
        for r in sub.itertuples():
            per_row = 6
            col, row = r.slot % per_row, r.slot // per_row
            xs.append(sources.index(r.source_id) + (col - (min(r.n, per_row) - 1) / 2) * 0.13)
            ys.append(levels.index(r.level) + row * 0.18 - 0.2)
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="markers", name="Hemmer" if direction == "hemmer" else "Fremmer",
            visible=direction == "hemmer", marker=dict(size=11, color=colour, line=dict(width=1, color="#ffffff")),
            hovertext=[f"<b>{LEVEL[r.level]}</b> · {src.loc[r.source_id, 'title']}<br>{_wrap(r.text)}<br><i>Stemme: {voice_of(r)}</i>"
                       for r in sub.itertuples()],
            hoverinfo="text",
        ))
    fig.update_layout(
        title="Hva hemmer og fremmer samordning?",
        xaxis=dict(tickvals=list(range(len(sources))), ticktext=[short[s] for s in sources], range=[-0.6, len(sources) - 0.4],
                   side="top", showgrid=False, title=None, tickangle=0),
        yaxis=dict(tickvals=list(range(len(levels))), ticktext=[LEVEL[lv] for lv in levels], range=[-0.7, len(levels) - 0.1],
                   title=None, autorange=False),
        showlegend=False,
        hovermode="closest",
        margin=dict(t=90, b=20),
    )
    views = [View("Hemmer", "restyle", [{"visible": [True, False]}]),
             View("Fremmer", "restyle", [{"visible": [False, True]}])]
    table = f.assign(Nivå=f["level"].map(LEVEL), Kilde=f["source_id"].map(src["title"]), Stemme=[voice_of(r) for r in f.itertuples()])[
        ["direction", "Nivå", "text", "Kilde", "Stemme"]].rename(
        columns={"direction": "Retning", "text": "Funn"})
    return Chart(
        fig,
        title="Funnene samlet: hemmende og fremmende forhold etter nivå og kilde",
        caption=(
            "Hvert punkt er ett forhold som en av kildene sier hemmer eller fremmer samordning og samarbeid, plassert etter nivået det virker på. "
            "Hold pekeren over et punkt for å lese det, og bytt mellom hemmende og fremmende forhold med knappene. "
            "Figuren er et kart over funnene, ikke et mål: antallet punkter sier noe om hvordan kildene er skrevet, ikke om hvor viktig et nivå er."
        ),
        source=_source_names(f["source_id"]),
        tables=["factors"],
        data=table,
        height=520,
        name="findings-by-level",
        views=views,
        views_label="Vis forhold som",
    )


def recommendations_map() -> Chart:
    """The sources' recommendations, grouped by whom they address."""
    from .labels import REC_LEVEL

    rec = data.recommendations()
    src = data.sources().set_index("source_id")
    levels = [lv for lv in REC_LEVEL if lv in set(rec["level"])]
    rec = rec.assign(slot=rec.groupby("level").cumcount())
    fig = go.Figure()
    for k, s in enumerate(dict.fromkeys(rec["source_id"])):
        sub = rec[rec["source_id"] == s]
        fig.add_trace(go.Scatter(
            x=[r.slot for r in sub.itertuples()], y=[REC_LEVEL[r.level] for r in sub.itertuples()], mode="markers",
            name={"kap14": "ROPIT-antologien, kap. 14", "master": "Masteroppgaven"}.get(s, src.loc[s, "title"]),
            marker=dict(size=16, symbol="square", color=PALETTE[[0, 1, 2][k % 3]]),
            hovertext=[f"<b>{REC_LEVEL[r.level]}</b><br>{_wrap(r.text)}<br><i>{src.loc[s, 'title']}</i><br><i>Stemme: {_wrap(voice_of(r))}</i>"
                       for r in sub.itertuples()],
            hoverinfo="text",
        ))
    fig.update_layout(
        title="Hvem anbefalingene retter seg mot",
        xaxis=dict(visible=False, range=[-0.7, rec["slot"].max() + 0.7]),
        yaxis=dict(categoryorder="array", categoryarray=[REC_LEVEL[lv] for lv in levels][::-1], title=None),
        legend=dict(y=-0.05),
        hovermode="closest",
    )
    table = rec.assign(Til=rec["level"].map(REC_LEVEL), Kilde=rec["source_id"].map(src["title"]), Stemme=[voice_of(r) for r in rec.itertuples()])[
        ["Til", "text", "Kilde", "Stemme"]].rename(columns={"text": "Anbefaling"})
    return Chart(
        fig,
        title="Anbefalingene i kildene",
        caption="Hvert kvadrat er én anbefaling, ordnet etter hvem den retter seg mot. Hold pekeren over for å lese den; klikk i forklaringen for å skjule en kilde.",
        source=_source_names(rec["source_id"]),
        tables=["recommendations"],
        data=table,
        height=380,
        name="recommendations-map",
    )
