"""The book's chart frame: one look for every figure, and HTML that works offline.

A :class:`Chart` wraps a Plotly figure with what every figure in the book carries: a title,
a caption, a source line naming the documents and the data table, and the underlying numbers
as a table one click away (the text alternative).

In the static book the chart is emitted as ``text/html`` that calls the one shared local
copy of plotly.js (added to the page by :mod:`ropbook.sphinx_ext`): no CDN, no MathJax,
no require.js. In JupyterLab the Plotly JSON is offered as well, so the same cell also
draws live.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.io._base_renderers import MimetypeRenderer

# The book serves plotly.js's "cartesian" partial bundle (1.5 MB instead of 4.8 MB for the full
# build): the browser parses it in a third of the time. It holds these trace types only; a chart
# with any other type is refused here rather than left blank in the browser.
PLOTLY_BUNDLE = next((Path(__file__).parent / "static" / "vendor").glob("plotly-cartesian-*.min.js"))
BUNDLE_TRACE_TYPES = frozenset(re.findall(r'moduleType:"trace",name:"([a-z0-9]+)"', PLOTLY_BUNDLE.read_text(encoding="utf-8")))

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
        # Buttons and dropdowns carry their own colours, so they read in light and dark mode alike.
        updatemenudefaults=dict(bgcolor="#e8e8e8", bordercolor="#888888", font=dict(color="#222222", size=13)),
        sliderdefaults=dict(bgcolor="#eeeeee", activebgcolor="#a6cee3", bordercolor="#888888"),
    )
)

PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


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

    def __post_init__(self):
        self.figure.update_layout(template="ropbook", height=self.height)
        if not self.figure.data:
            raise ValueError(f"Figuren «{self.title}» har ingen data å tegne.")
        missing = {t.type for t in self.figure.data} - BUNDLE_TRACE_TYPES
        if missing:
            raise ValueError(
                f"Figuren «{self.title}» bruker {sorted(missing)}, som ikke finnes i den lokale plotly.js-pakken "
                f"({PLOTLY_BUNDLE.name}); bruk en annen figurtype eller bytt pakke i scripts/vendor_plotly.sh."
            )

    # The plain Plotly div and script, with no plotly.js, MathJax or require.js of its own.
    def plot_html(self) -> str:
        return pio.to_html(
            self.figure,
            include_plotlyjs=False,
            include_mathjax=False,
            full_html=False,
            config=PLOTLY_CONFIG,
            default_width="100%",
            default_height=f"{self.height}px",
            div_id=f"rop-{self.name}",
            validate=False,
        )

    def table_html(self) -> str:
        return self.data.to_html(index=False, border=0, classes="rop-table", na_rep="–", escape=True)

    def to_html(self) -> str:
        tables = ", ".join(f"<code>{html.escape(t)}.csv</code>" for t in self.tables)
        return (
            f'<figure class="rop-figure" data-tables="{html.escape(" ".join(self.tables))}">'
            f'<div class="rop-figure__chart">{self.plot_html()}</div>'
            f"<figcaption>"
            f'<span class="rop-figure__title">{html.escape(self.title)}.</span> {html.escape(self.caption)}'
            f'<span class="rop-figure__source">Kilde: {html.escape(self.source)}. Tabell: {tables}.</span>'
            f"</figcaption>"
            f'<details class="rop-figure__table"><summary>Vis tallene som tabell</summary>{self.table_html()}</details>'
            f"</figure>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        # HTML only: myst-nb warns about (and with -W fails on) the Plotly JSON MIME type.
        return {"text/html": self.to_html(), "text/plain": f"{self.title}. {self.caption} Kilde: {self.source}."}


class OfflineHtmlRenderer(MimetypeRenderer):
    """Plotly renderer for bare figures: the same offline HTML as :class:`Chart`, no CDN, no MathJax."""

    def to_mimebundle(self, fig_dict):
        markup = pio.to_html(fig_dict, include_plotlyjs=False, include_mathjax=False, full_html=False,
                             config=PLOTLY_CONFIG, default_width="100%", validate=False)
        return {"text/html": markup}


pio.renderers["ropbook"] = OfflineHtmlRenderer()
pio.renderers.default = "ropbook"
