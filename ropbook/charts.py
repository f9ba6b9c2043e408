"""The book's chart frame: one look for every figure, and HTML that works offline.

A :class:`Chart` wraps a Plotly figure with what every figure in the book carries: a title,
a caption, a source line naming the documents and the data table, and the underlying numbers
as a table one click away (the text alternative).

In the static book the chart is emitted as ``text/html``: an empty chart container and the
figure as JSON in a ``<script type="application/json">``. The book's own plotly.js bundle and
``charts.js`` (both added to chart pages by :mod:`ropbook.sphinx_ext`, deferred so they never
hold up the text) draw every chart when they arrive: no CDN, no MathJax, no require.js.

Importing this module is cheap on purpose: it never imports ``plotly.io``'s renderer machinery
(which pulls in nbformat and jsonschema, seconds per notebook kernel). Bare figures shown in
a notebook still get the offline HTML, through an IPython formatter registered here.
"""

from __future__ import annotations

import html
import json
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.io.json import to_json_plotly

# The book serves its own plotly.js bundle (scripts/plotly-bundle/: plotly.js's core plus the trace
# types the charts use, and the Norwegian locale; about a quarter of the full build). It holds these
# trace types only; a chart with any other type is refused here rather than left blank in the browser.
PLOTLY_BUNDLE = next((Path(__file__).parent / "static" / "vendor").glob("plotly-ropbook-*.min.js"))
_BUNDLE_TEXT = PLOTLY_BUNDLE.read_text(encoding="utf-8")
BUNDLE_TRACE_TYPES = frozenset(re.findall(r'moduleType:"trace",name:"([a-z0-9]+)"', _BUNDLE_TEXT))
BUNDLE_LOCALES = frozenset(re.findall(r'moduleType:"locale",name:"([a-zA-Z-]+)"', _BUNDLE_TEXT))
del _BUNDLE_TEXT

# Plotly's own interface strings (mode bar, hover hints) and date formats in Norwegian (bokmål):
# plotly.js's locale "no", registered in the bundle and chosen in every chart's config.
PLOTLY_LOCALE = "no"

# Okabe–Ito: safe for the common forms of colour blindness, and readable on light and dark
# backgrounds (black is left out so that nothing disappears in dark mode).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"]

# One colour per case municipality, the same in every chart.
MUNICIPALITY_COLOURS = {"liten": "#009E73", "mellomstor": "#0072B2", "storby": "#D55E00"}

FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'

pio.templates["ropbook"] = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT, size=14, color="#222222"),
        colorway=PALETTE,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        separators=", ",  # Norwegian: decimal comma, space between thousands
        margin=dict(l=10, r=10, t=50, b=10),
        hoverlabel=dict(font=dict(family=FONT, size=13), align="left"),
        legend=dict(orientation="h", yanchor="top", y=-0.12, x=0, title=None),
        xaxis=dict(gridcolor="#dddddd", zerolinecolor="#bbbbbb", automargin=True),
        yaxis=dict(gridcolor="#dddddd", zerolinecolor="#bbbbbb", automargin=True),
        title=dict(x=0, xanchor="left", font=dict(size=16)),
    )
)

# Plotly's toolbar offers only what a reader needs: save the chart as an image, and reset the view
# after zooming. Never the cloud button ("Edit in Chart Studio" / send data to a Plotly host), never
# the "Produced with Plotly" logo link: the book sends nothing anywhere (tests/test_a11y.py checks it).
# ``modeBarButtons`` lists the buttons outright, so no default (and no cloud button) is added back.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "showSendToCloud": False,  # (plotly.js 3+ dropped showLink and showEditInChartStudio; plotly.py refuses them)
    "showTips": False,
    "responsive": True,
    "modeBarButtons": [["toImage", "resetScale2d"]],
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "locale": PLOTLY_LOCALE,
}


@dataclass(frozen=True)
class View:
    """One view a chart offers, shown as an HTML button (or option) beside it.

    ``method`` and ``args`` are what the page passes to plotly.js (``Plotly[method](chart, *args)``):
    "restyle" (trace changes), "relayout" (layout changes) or "update" (both), the same arguments
    Plotly's own updatemenus take. The first view of a chart is the one drawn when the page opens.
    """

    label: str
    method: str
    args: list

    def __post_init__(self):
        if self.method not in ("restyle", "relayout", "update"):
            raise ValueError(f"Ukjent Plotly-metode for visningen «{self.label}»: {self.method}")


def table_cell(value) -> str:
    """A table cell the Norwegian way: 12,6 and 31 200 (years stay 2016), empty as «–»."""
    if value is None or value is pd.NA or value is pd.NaT:
        return "–"
    if isinstance(value, float) and math.isnan(value):
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, (int, float)) or hasattr(value, "dtype"):
        number = float(value)
        if number.is_integer() and abs(number) < 10000:  # years and small counts: no thousands space
            return str(int(number))
        return nb_number(number)
    text = str(value).strip()
    return text if text else "–"


def nb_number(value: float, decimals: int | None = None) -> str:
    """A number written the Norwegian way: 31 200, 12,6."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u00a0").replace(".", ",")


@dataclass
class Chart:
    """A Plotly figure with its caption, source line and data table."""

    figure: go.Figure
    title: str
    caption: str
    source: str
    tables: list[str]
    data: pd.DataFrame = field(repr=False)
    height: int = 420
    name: str = "figur"
    views: list[View] = field(default_factory=list)
    views_label: str = "Vis"

    def __post_init__(self):
        self.figure.update_layout(template="ropbook", height=self.height)
        if self.figure.layout.updatemenus:
            raise ValueError(
                f"Figuren «{self.title}» har Plotly-tegnede menyer, som ikke kan brukes med tastatur; "
                "gi visningene som Chart(views=[View(...)]) i stedet."
            )
        if len(self.views) == 1:
            raise ValueError(f"Figuren «{self.title}» har bare én visning; da trengs ingen knapper.")
        if not self.figure.data:
            raise ValueError(f"Figuren «{self.title}» har ingen data å tegne.")
        missing = {t.type for t in self.figure.data} - BUNDLE_TRACE_TYPES
        if missing:
            raise ValueError(
                f"Figuren «{self.title}» bruker {sorted(missing)}, som ikke finnes i den lokale plotly.js-pakken "
                f"({PLOTLY_BUNDLE.name}); bruk en annen figurtype, eller legg typen til i scripts/plotly-bundle/entry.js "
                f"og bygg pakken på nytt (cd scripts/plotly-bundle && npm ci && npm run build)."
            )

    # The chart container and the figure as JSON; charts.js draws it once plotly.js has arrived.
    def plot_html(self) -> str:
        return figure_html(self.figure, div_id=f"rop-{self.name}", height=f"{self.height}px")

    def table_html(self) -> str:
        """The numbers as a table: a caption, column headers (and each row's first cell as its header)."""
        esc = html.escape
        head = "".join(f'<th scope="col">{esc(str(c))}</th>' for c in self.data.columns)
        rows = []
        for values in self.data.itertuples(index=False):
            cells = [table_cell(v) for v in values]
            rows.append(f'<tr><th scope="row">{esc(cells[0])}</th>' + "".join(f"<td>{esc(c)}</td>" for c in cells[1:]) + "</tr>")
        return (
            f'<div class="rop-table-wrap"><table class="rop-table"><caption>Tallene bak figuren «{esc(self.title)}»</caption>'
            f'<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
        )

    def views_html(self) -> str:
        """The chart's view switches as real HTML controls: buttons, or a drop-down for many views."""
        if not self.views:
            return ""
        esc = html.escape
        target = f"rop-{self.name}"

        def payload(v: View) -> str:
            return esc(json.dumps([v.method, v.args], ensure_ascii=False, default=_json_default), quote=True)

        if len(self.views) <= 4:
            buttons = "".join(
                f'<button type="button" class="rop-view" aria-pressed="{"true" if i == 0 else "false"}" '
                f'data-view="{payload(v)}">{esc(v.label)}</button>'
                for i, v in enumerate(self.views)
            )
            return (f'<div class="rop-figure__views" role="group" aria-labelledby="{target}-views" data-target="{target}">'
                    f'<span class="rop-figure__views-label" id="{target}-views">{esc(self.views_label)}:</span>{buttons}</div>')
        options = "".join(f'<option value="{i}" data-view="{payload(v)}">{esc(v.label)}</option>' for i, v in enumerate(self.views))
        return (f'<div class="rop-figure__views" data-target="{target}"><label class="rop-figure__views-label" for="{target}-select">'
                f'{esc(self.views_label)}:</label> <select class="rop-view-select" id="{target}-select">{options}</select></div>')

    def to_html(self) -> str:
        esc = html.escape
        tables = ", ".join(f"<code>{esc(t)}.csv</code>" for t in self.tables)
        caption_id = f"rop-{self.name}-caption"
        # One figure for assistive technology, named by its caption. The plot's SVG layers are hidden
        # from it (ropbook.js sets aria-hidden on them once drawn; the toolbar stays reachable): the
        # caption and the table say what the picture shows.
        return (
            f'<figure class="rop-figure" aria-labelledby="{caption_id}" data-tables="{esc(" ".join(self.tables))}">'
            f"{self.views_html()}"
            f'<div class="rop-figure__chart">{self.plot_html()}</div>'
            f'<figcaption id="{caption_id}">'
            f'<span class="rop-figure__title">{esc(self.title)}.</span> {esc(self.caption)}'
            f'<span class="rop-figure__source">Kilde: {esc(self.source)}. Tabell: {tables}.</span>'
            f"</figcaption>"
            f'<details class="rop-figure__table"><summary>Vis tallene som tabell</summary>{self.table_html()}</details>'
            f"</figure>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        # HTML only: myst-nb warns about (and with -W fails on) the Plotly JSON MIME type.
        return {"text/html": self.to_html(), "text/plain": f"{self.title}. {self.caption} Kilde: {self.source}."}


def _json_default(value):
    """Plotly arguments hold numpy numbers and arrays; JSON takes them as plain numbers and lists."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"kan ikke gjøre {type(value).__name__} om til JSON")


def figure_html(figure, div_id: str | None = None, height: str = "100%") -> str:
    """Offline HTML for a figure: an empty ``plotly-graph-div`` and its JSON, drawn by charts.js.

    The JSON sits in a ``<script type="application/json">``, which the browser neither runs nor
    blocks on; plotly.js and charts.js are deferred, so the text shows before any chart code loads.
    """
    import uuid

    fig = figure.to_plotly_json() if hasattr(figure, "to_plotly_json") else dict(figure)
    div_id = div_id or f"rop-fig-{uuid.uuid4().hex[:12]}"
    spec = {"data": fig.get("data", []), "layout": fig.get("layout", {}), "config": PLOTLY_CONFIG}
    if fig.get("frames"):
        spec["frames"] = fig["frames"]
    return (
        f'<div id="{div_id}" class="plotly-graph-div" style="height:{height}; width:100%;"></div>'
        f'<script type="application/json" class="rop-plotly-json" data-for="{div_id}">{to_json_plotly(spec)}</script>'
    )


def figure_mimebundle(figure, include=None, exclude=None) -> dict:
    """What a bare Plotly figure shows in a notebook: the same offline HTML as :class:`Chart`."""
    return {"text/html": figure_html(figure)}


def register_ipython_formatter(shell=None) -> bool:
    """Show bare figures (``go.Figure``) with :func:`figure_mimebundle` in this IPython kernel.

    A figure displays itself through ``_ipython_display_``, which goes to Plotly's renderer machinery
    (and with it nbformat and jsonschema). IPython asks formatters registered for a type before the
    object's own methods, so registering ours keeps all that out of the kernel. FigureWidget (live
    mode) is not a ``go.Figure`` and keeps its own widget display. Returns False outside IPython.
    """
    if shell is None:
        ipython = sys.modules.get("IPython")  # only if the process already runs IPython: never import it here
        shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return False

    def display_figure(figure):
        from IPython.display import display

        display(figure_mimebundle(figure), raw=True)

    formatter = shell.display_formatter
    formatter.ipython_display_formatter.for_type(go.Figure, display_figure)
    formatter.mimebundle_formatter.for_type(go.Figure, figure_mimebundle)
    return True


register_ipython_formatter()
