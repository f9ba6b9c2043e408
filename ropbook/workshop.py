"""The workshop tools in the static book: they work in the browser with no kernel and no network.

:func:`explorer` is «Utforsk dataene» in the browser: choose a table, filter on its columns, group
by a column, and see the chart, the matching rows and a CSV of exactly the selection; the view is
kept in the address, so a link reproduces it. The tables, the filter columns, their Norwegian value
names and the grouping rules come from :mod:`ropbook.explore` at build time (:func:`explorer_data`,
written by the Sphinx extension to ``_static/rop-data.js``); ``ropbook/static/explorer.js`` applies
them, and a browser test checks its counts against pandas.

:func:`selfassessment` puts the self-assessment on the page itself: native form controls for every
point, the profile drawn against the expected level as the team answers, links to the chapters for
low scores, save to and load from a file, answers kept in the browser's local storage (with a
«Tøm svarene» button), and a one-page printout. The points, the scale, the threshold for a shortfall
and the chapter for each point come from :mod:`ropbook.selfassess` at build time (one place for the
rules; ``ropbook/static/selfassess.js`` only applies them), and a browser test checks that both give
the same profile, the same shortfalls and accept or refuse the same answer files.
"""

from __future__ import annotations

import json

from jinja2 import Environment, PackageLoader, select_autoescape

from . import data, explore, selfassess
from .charts import PALETTE, Chart
from .display import Html

_env = Environment(loader=PackageLoader("ropbook", "templates"), autoescape=select_autoescape(["html", "j2"]),
                   trim_blocks=True, lstrip_blocks=True)


def selfassessment_config() -> dict:
    """Everything the browser version needs, from the same functions the live version uses."""
    pts = selfassess.points()
    return {
        "format": selfassess.FORMAT,
        "version": selfassess.VERSION,
        "scale": {str(k): v for k, v in selfassess.SCALE.items()},
        "top": selfassess.TOP,
        "low": selfassess.LOW,
        "colours": {"low": PALETTE[5], "ok": PALETTE[0]},
        "points": [
            {"id": r.point_id, "kind": r.kind, "text": r.text, "question": r.question,
             "chapter": r.chapter, "chapterTitle": r.chapter_title}
            for r in pts.itertuples()
        ],
    }


def _profile_chart() -> Chart:
    import textwrap

    from .figures import _labels_above

    pts = selfassess.points()
    fig = selfassess.profile_figure({})
    # Each point's label above its bar across the full width, numbered and shortened as in the form
    # above (the table has the full text): beside the bars they would squeeze the bars out on a phone.
    rows = [textwrap.shorten(f"{i}. {t}", 48, placeholder=" …") for i, t in enumerate(pts["text"], start=1)]
    for trace in fig.data:
        trace.y = rows
    fig.update_traces(width=0.4)
    fig.update_layout(_labels_above(rows, row_px=52))
    fig.update_layout(yaxis_autorange=False, height=140 + 52 * len(pts))
    return Chart(
        fig,
        title="Vår profil mot forventningene",
        caption=("Svarene deres (fylte søyler; oransje der dere svarer «i liten grad» eller lavere) mot det forventede nivået "
                 "(rammen, «i stor grad»). Figuren tegnes på nytt hver gang dere svarer. Skalaen er bokas, ikke kildenes."),
        source="punktene fra ROPIT-antologien, kapittel 2; skalaen er bokas egen",
        tables=["guideline_expectations", "risk_points"],
        data=pts[["kind", "text", "chapter_title"]].rename(columns={"kind": "Punkt", "text": "Hva", "chapter_title": "Les mer"}),
        height=140 + 52 * len(pts),
        name="selfassessment-profile",
    )


def selfassessment() -> Html:
    """The self-assessment as a form that works in the static book (ropbook/static/selfassess.js)."""
    config = selfassessment_config()
    markup = _env.get_template("selfassessment.html.j2").render(
        config=config,
        # "</" could end the <script> element early; "<\/" is the same string in JSON.
        config_json=json.dumps(config, ensure_ascii=False).replace("</", "<\\/"),
        chart=_profile_chart().to_html(),
    )
    return Html(markup, f"Selvvurdering med {len(config['points'])} punkter.")


def explorer_data() -> dict:
    """Every table as the browser explorer needs it: raw CSV cells, filters, groups and value names."""
    import csv

    tables = {}
    for name in data.table_names():
        res = data.schema(name)
        with open(data.DATA_DIR / res["path"], encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        header, body = rows[0], rows[1:]
        df = data.load(name)
        filters = []
        for column in explore.filter_columns(df):
            names = explore.value_names(column)
            values = sorted(df[column].dropna().astype(str).unique(), key=lambda v: names.get(v, v))
            filters.append({"column": column, "label": explore.FILTERS[column], "values": [[v, names.get(v, v)] for v in values]})
        groups = []
        for column in explore.group_columns(df):
            names = explore.value_names(column)
            groups.append({"column": column, "label": explore.FILTERS.get(column, column),
                           "names": {str(k): v for k, v in names.items()}})
        ycol = explore.year_column(df)
        years = {"column": ycol, "min": int(df[ycol].min()), "max": int(df[ycol].max())} if ycol else None
        tables[name] = {"title": explore.table_title(name), "columns": header, "rows": body,
                        "filters": filters, "groups": groups, "years": years, "values": name == "indicators"}
    return {"order": data.table_names(), "tables": tables, "maxRows": explore.MAX_ROWS_SHOWN}


def explorer_data_js() -> str:
    """The data as a script file (works from a local folder too, where fetch() of a JSON file does not)."""
    return "window.ROPBOOK_DATA = " + json.dumps(explorer_data(), ensure_ascii=False, separators=(",", ":")) + ";\n"


def explorer(table: str = "reforms") -> Html:
    """«Utforsk dataene» as it works in the static book (ropbook/static/explorer.js)."""
    if table not in data.table_names():
        raise KeyError(f"ukjent tabell for utforskeren: {table}")
    import plotly.graph_objects as go

    layout = go.Figure(layout=dict(template="ropbook", height=420)).to_plotly_json()["layout"]
    markup = _env.get_template("data_explorer.html.j2").render(
        table=table,
        layout_json=json.dumps(layout, ensure_ascii=False).replace("</", "<\\/"),
    )
    return Html(markup, "Utforsk dataene: velg tabell, filtrer og grupper.")
