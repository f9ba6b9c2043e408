"""Figure builders. Each returns a :class:`~ropbook.charts.Chart` drawn from the data package.

Notebooks call them in one line (``figures.project_timeline()``); no chart code lives in a
notebook.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from . import data
from .charts import MUNICIPALITY_COLOURS, PALETTE, Chart, nb_number

MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"]


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
        rows.append((r.label, start_txt, end_txt, r.note if isinstance(r.note, str) else ""))
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
        rows.append((r.label, when_txt, "", r.note if isinstance(r.note, str) else ""))
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
    table = pd.DataFrame(rows, columns=["Hva", "Fra / når", "Til", "Merknad"])
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
        margin=dict(t=100),
        updatemenus=[
            dict(
                type="buttons",
                direction="right",
                x=0,
                xanchor="left",
                y=1.2,
                yanchor="top",
                showactive=True,
                buttons=[
                    dict(label="Innbyggere", method="update",
                         args=[{"visible": [True, False]}, {"yaxis.title.text": "Innbyggere"}]),
                    dict(label="Brukere intervjuet", method="update",
                         args=[{"visible": [False, True]}, {"yaxis.title.text": "Brukere intervjuet"}]),
                ],
            )
        ],
    )
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
    )
