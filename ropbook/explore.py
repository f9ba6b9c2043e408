"""«Utforsk dataene»: ask your own questions of every table, live or in the static book.

Live (``make live`` starts Voilà with ``ROPBOOK_LIVE=1``): ipywidgets choose a table, filter it
by source, field, kind, municipality, theme, year and more, draw the selection with a Plotly
FigureWidget, show the rows, and offer the selection as a CSV download. In the static book the
same cell shows an overview chart with Plotly's own dropdown, and says how to run it live.
"""

from __future__ import annotations

import html
import os
import time
from urllib.parse import quote

import pandas as pd
import plotly.graph_objects as go

from . import data
from .charts import PALETTE, Chart, View, nb_number
from .display import Html

# Columns a reader can filter by, with their Norwegian names.
FILTERS = {
    "source_id": "Kilde",
    "study": "Studie",
    "field": "Felt",
    "kind": "Type",
    "topic": "Tema (tall)",
    "municipality_id": "Kommune",
    "theme_id": "Tema",
    "direction": "Retning",
    "level": "Nivå",
    "method": "Metode",
    "formality": "Form",
    "quality": "Hvor godt",
    "speaker_group": "Hvem",
    "aspect": "Aspekt",
    "area": "Område",
    "voice": "Stemme",
}
YEAR_COLUMNS = ("start_year", "year_start")
MAX_ROWS_SHOWN = 200
# A link styled as a button: a data: URI download works offline, with no kernel round trip.
BUTTON_STYLE = ("display:inline-block;margin:0.4rem 0;padding:0.3rem 0.8rem;border:1px solid #0072B2;border-radius:0.3rem;"
                "color:#0072B2;text-decoration:none;font-weight:600")


def value_names(column: str) -> dict[str, str]:
    """Norwegian names for a column's coded values, where the book has them."""
    from . import labels

    if column == "source_id":
        return dict(data.sources()[["source_id", "title"]].itertuples(index=False))
    if column == "theme_id":
        return dict(data.themes()[["theme_id", "name"]].itertuples(index=False))
    if column == "municipality_id":
        return {k: v.capitalize() for k, v in labels.MUNICIPALITY.items()}
    return {"field": labels.FIELD, "kind": labels.REFORM_KIND, "method": labels.METHOD, "study": labels.STUDY,
            "level": labels.LEVEL, "quality": labels.QUALITY, "voice": labels.VOICE, "speaker_group": labels.GROUP, "aspect": labels.ASPECT,
            "formality": {"formell": "Formell", "uformell": "Uformell"},
            "direction": {"fremmer": "Fremmer", "hemmer": "Hemmer"}}.get(column, {})


def sync_figure(fig: go.FigureWidget) -> go.FigureWidget:
    """Copy a FigureWidget's state into its synced traits.

    Plotly does this only when the FigureWidget itself is displayed; inside a VBox it is not, and
    the chart would arrive empty in the browser.
    """
    from copy import deepcopy

    fig._widget_layout = deepcopy(fig._layout_obj._props)
    fig._widget_data = deepcopy(fig._data)
    return fig


def is_live() -> bool:
    """True when the notebook runs in the live workshop mode (``make live``)."""
    return os.environ.get("ROPBOOK_LIVE") == "1"


def table_title(name: str) -> str:
    return data.schema(name)["title"]


def filter_columns(df: pd.DataFrame) -> list[str]:
    return [c for c in FILTERS if c in df.columns and df[c].notna().any() and df[c].nunique() > 1]


def group_columns(df: pd.DataFrame) -> list[str]:
    """Columns worth counting rows by: the filter columns, plus short categorical ones."""
    return filter_columns(df) or [df.columns[0]]


def year_column(df: pd.DataFrame) -> str | None:
    return next((c for c in YEAR_COLUMNS if c in df.columns and df[c].notna().any()), None)


def filter_rows(df: pd.DataFrame, choices: dict[str, str | None], years: tuple[int, int] | None = None) -> pd.DataFrame:
    """The rows that match every chosen value (None or "" = all) and, if given, the year range."""
    mask = pd.Series(True, index=df.index)
    for column, value in choices.items():
        if value not in (None, ""):
            mask &= df[column].astype("string") == value
    ycol = year_column(df)
    if years is not None and ycol is not None:
        y = df[ycol]
        mask &= y.isna() | ((y >= years[0]) & (y <= years[1]))
    return df[mask.fillna(False)]


def summary(df: pd.DataFrame, table: str, by: str, names: dict[str, str] | None = None) -> tuple[list[str], list[float], str]:
    """What the chart shows: indicator values by label, or for other tables the number of rows by a column."""
    if table == "indicators":
        labels = [f"{r.label} ({int(r.year_start)})" if not pd.isna(r.year_start) else r.label for r in df.itertuples()]
        return labels, [float(v) for v in df["value"]], "Verdi (se enheten i tabellen)"
    names = value_names(by) if names is None else names
    counts = df[by].astype("string").map(lambda v: names.get(v, v), na_action="ignore").fillna("(tom)").value_counts()
    # Most rows first; ties in alphabetical order (by code point), so the browser's explorer
    # (ropbook/static/explorer.js) can give exactly the same order.
    ordered = sorted(((str(k), int(n)) for k, n in counts.items()), key=lambda kv: (-kv[1], kv[0]))
    return [k for k, _ in ordered], [float(n) for _, n in ordered], f"Antall rader etter «{FILTERS.get(by, by)}»"


def csv_link(df: pd.DataFrame, table: str) -> str:
    payload = quote(df.to_csv(index=False))
    return (f'<a download="{table}-utvalg.csv" href="data:text/csv;charset=utf-8,{payload}" style="{BUTTON_STYLE}">'
            f"Last ned utvalget ({len(df)} rader) som CSV</a>")


def rows_html(df: pd.DataFrame) -> str:
    shown = df.head(MAX_ROWS_SHOWN)
    more = f"<p>Viser de første {MAX_ROWS_SHOWN} av {len(df)} radene.</p>" if len(df) > MAX_ROWS_SHOWN else ""
    style = ("<style>.rop-live-rows table{border-collapse:collapse;font-size:12px}"
             ".rop-live-rows td,.rop-live-rows th{border-bottom:1px solid #ddd;padding:3px 6px;vertical-align:top;text-align:left}</style>")
    return (style + more + '<div class="rop-live-rows" style="max-height:26rem;overflow:auto">'
            + shown.to_html(index=False, border=0, na_rep="–") + "</div>")


class Explorer:
    """The live explorer: widgets over every table of the data package."""

    def __init__(self, table: str = "reforms"):
        import ipywidgets as w

        self.w = w
        self.tables = data.table_names()
        self.table = w.Dropdown(options=[(table_title(t), t) for t in self.tables], value=table, description="Tabell")
        self.by = w.Dropdown(description="Tell etter")
        self.orientation = w.ToggleButtons(options=[("Stående", "v"), ("Liggende", "h")], value="h", description="Stolper")
        self.years = w.IntRangeSlider(description="År", continuous_update=False, layout=w.Layout(width="24rem"))
        self.filter_box = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        self.count = w.HTML()
        self.download = w.HTML()
        self.rows = w.HTML()
        self.figure = go.FigureWidget(go.Bar(x=[], y=[], marker_color=PALETTE[0]))
        self.figure.update_layout(template="ropbook", height=420, margin=dict(l=10, r=10, t=40, b=10))
        self.filters: dict[str, object] = {}
        # A live session reads each table and each column's value names once: a filter change then only
        # filters rows in memory and sends what changed (one batched chart update, the count, the rows).
        self._frames: dict[str, pd.DataFrame] = {}
        self._names: dict[str, dict[str, str]] = {}
        self.last_update_ms = 0.0
        self._rebuilding = False
        self.table.observe(self._table_changed, names="value")
        for widget in (self.by, self.orientation, self.years):
            widget.observe(self.update, names="value")
        self._table_changed()

    @property
    def df(self) -> pd.DataFrame:
        name = self.table.value
        if name not in self._frames:
            self._frames[name] = data.load(name)
        return self._frames[name]

    def names(self, column: str) -> dict[str, str]:
        if column not in self._names:
            self._names[column] = value_names(column)
        return self._names[column]

    def _table_changed(self, *_):
        self._rebuilding = True
        try:
            self._rebuild()
        finally:
            self._rebuilding = False
        self.update()

    def _rebuild(self):
        w = self.w
        df = self.df
        self.filters = {}
        for column in filter_columns(df):
            names = self.names(column)
            values = sorted(df[column].dropna().astype(str).unique(), key=lambda v: names.get(v, v))
            dd = w.Dropdown(options=[("Alle", "")] + [(names.get(v, v), v) for v in values], value="", description=FILTERS[column],
                            layout=w.Layout(width="18rem"))
            dd.observe(self.update, names="value")
            self.filters[column] = dd
        self.filter_box.children = list(self.filters.values())
        ycol = year_column(df)
        self.years.layout.display = "flex" if ycol else "none"
        if ycol:
            lo, hi = int(df[ycol].min()), int(df[ycol].max())
            with self.years.hold_trait_notifications():
                self.years.min, self.years.max = lo, max(hi, lo + 1)
                self.years.value = (lo, max(hi, lo + 1))
        options = [(FILTERS.get(c, c), c) for c in group_columns(df)]
        self.by.options = options  # ipywidgets picks the first option as the value
        self.by.value = options[0][1]
        self.by.layout.display = "none" if self.table.value == "indicators" else "flex"

    def selection(self) -> pd.DataFrame:
        choices = {c: dd.value for c, dd in self.filters.items()}
        years = tuple(self.years.value) if year_column(self.df) else None
        return filter_rows(self.df, choices, years)

    def update(self, *_):
        if self._rebuilding:
            return
        start = time.perf_counter()
        sel = self.selection()
        labels, values, axis = summary(sel, self.table.value, self.by.value, self.names(self.by.value))
        horizontal = self.orientation.value == "h"
        title = f"{table_title(self.table.value)}: {axis.lower()}"
        height = max(380, 26 * len(labels) + 120) if horizontal else 420
        # One batched message: only the properties whose values change are sent, and the browser redraws once.
        with self.figure.batch_update():
            bar = self.figure.data[0]
            if bar.orientation != ("h" if horizontal else "v"):
                bar.orientation = "h" if horizontal else "v"
                bar.hovertemplate = "%{y}: %{x}<extra></extra>" if horizontal else "%{x}: %{y}<extra></extra>"
                self.figure.layout.yaxis.autorange = "reversed" if horizontal else True
            bar.x, bar.y = (values, labels) if horizontal else (labels, values)
            if self.figure.layout.title.text != title:
                self.figure.layout.title = title
            if self.figure.layout.height != height:
                self.figure.layout.height = height
        self.count.value = f"<b>{len(sel)}</b> av {len(self.df)} rader valgt"
        self.rows.value = rows_html(sel)
        self.download.value = csv_link(sel, self.table.value)
        self.last_update_ms = (time.perf_counter() - start) * 1000

    def widget(self):
        w = self.w
        sync_figure(self.figure)
        return w.VBox([
            w.HBox([self.table, self.by, self.orientation], layout=w.Layout(flex_flow="row wrap")),
            self.filter_box,
            self.years,
            self.count,
            self.figure,
            self.download,
            self.rows,
        ])


def overview() -> Chart:
    """The static view: each table's rows by source, with Plotly's dropdown to switch table."""
    names = data.table_names()
    src = data.sources().set_index("source_id")["title"]
    fig = go.Figure()
    rows = []
    for k, name in enumerate(names):
        df = data.load(name)
        counts = df["source_id"].map(src).value_counts() if "source_id" in df.columns else pd.Series(dtype=int)
        fig.add_trace(go.Bar(x=counts.values.tolist(), y=counts.index.tolist(), orientation="h", visible=k == 0,
                             marker_color=PALETTE[0], name=table_title(name),
                             hovertemplate="%{y}: %{x} rader<extra></extra>"))
        rows += [(table_title(name), s, int(n)) for s, n in counts.items()]
    views = [View(table_title(n), "update",
                  [{"visible": [i == k for i in range(len(names))]}, {"title.text": f"{table_title(n)}: rader per kilde"}])
             for k, n in enumerate(names)]
    fig.update_layout(
        title=f"{table_title(names[0])}: rader per kilde",
        yaxis=dict(autorange="reversed", title=None, automargin=True),
        xaxis=dict(title="Antall rader"),
        showlegend=False,
        margin=dict(t=60),
    )
    return Chart(
        fig,
        title="Hva datapakken inneholder",
        caption=("Velg en tabell i menyen for å se hvor mange rader hver kilde bidrar med. "
                 "I live-modus kan du filtrere hver tabell, tegne utvalget og laste det ned."),
        source="Alle de fem kildene",
        tables=names,
        data=pd.DataFrame(rows, columns=["Tabell", "Kilde", "Rader"]),
        height=420,
        name="data-overview",
        views=views,
        views_label="Tabell",
    )


def live_note() -> Html:
    return Html(
        '<div class="admonition note"><p class="admonition-title">Kjør utforskeren live</p>'
        "<p>På denne siden i den statiske boka ser du en oversikt. I live-modus får du nedtrekksmenyer for hver tabell "
        "(kilde, felt, type, kommune, tema, år …), en figur som tegnes på nytt når du endrer et valg, radene du har valgt, "
        "og en knapp for å laste ned utvalget som CSV. Slik starter du live-modus fra mappen med boka:</p>"
        "<pre>make live</pre><p>Åpne adressen kommandoen skriver ut (for eksempel http://127.0.0.1:8866/) "
        "og velg notatboka <code>utforsk-dataene.ipynb</code>. Alt kjører på maskinen din; ingenting hentes fra nettet.</p></div>",
        "Kjør utforskeren live med make live.",
    )


def app(table: str = "reforms"):
    """Live: the ipywidgets explorer. Static book: the same explorer in the browser (ropbook.workshop)."""
    if is_live():
        return Explorer(table).widget()
    from .workshop import explorer

    return explorer(table)


def benchmark(repeats: int = 5) -> dict[str, float]:
    """Time the explorer's callback (filter, chart, rows, CSV) on every table, in milliseconds."""
    ex = Explorer()
    worst = {}
    for name in data.table_names():
        ex.table.value = name
        times = []
        for _ in range(repeats):
            first = next(iter(ex.filters.values()), None)
            if first is not None:
                options = [v for _, v in first.options]
                first.value = options[1 + len(times) % (len(options) - 1)] if len(options) > 1 else ""
            else:
                ex.update()
            times.append(ex.last_update_ms)
        worst[name] = max(times)
    return worst


def _fmt(ms: float) -> str:
    return f"{nb_number(ms, 0)} ms"


__all__ = ["app", "Explorer", "filter_rows", "summary", "overview", "is_live", "benchmark", "html"]
