"""«Hvor står vår kommune?»: a team's self-assessment against the points chapter 2 of the ROPIT
anthology picks out: four of the national ROP guideline's expectations and six of the risk points
in the supervisory authority's risk assessment (Helsetilsynet 2016). Both documents hold more than
these; the page says so, and each point shows whose it is (issue 10).

The team answers each point on a four-step scale. Its profile is drawn beside the guideline's
expectation (the top of the scale), and each point where the team falls short links to the
chapter that discusses it. Answers are saved to and loaded from a small JSON file, so a
workshop can return to them; a bad file gets a clear message and leaves the current answers
as they were. No scores are ever put on the three case municipalities.
"""

from __future__ import annotations

import json
import math

import pandas as pd
import plotly.graph_objects as go

from . import data
from .charts import PALETTE, Chart
from .display import Html, voice_of

FORMAT = "ropbok-selvvurdering"
VERSION = 1
SCALE = {0: "Ikke i det hele tatt", 1: "I liten grad", 2: "I noen grad", 3: "I stor grad"}
TOP = max(SCALE)
LOW = 1  # an answer at or below this («i liten grad» or lower) is a shortfall, with a chapter to read
NOT_ANSWERED = -1

# Where the book discusses each area (file name of the chapter, Norwegian title).
CHAPTER_FOR_AREA = {
    "samarbeid_spesialist": ("fra-dogn-til-ettervern", "Fra døgnbehandling til ettervern"),
    "samarbeidsavtaler": ("utskrivning-og-pakkeforlop", "Utskrivning, reformer og pakkeforløp"),
    "individuell_plan": ("brukermedvirkning", "Brukermedvirkning og individuell plan"),
    "kommune_nav": ("den-mellomstore-kommunen", "Den mellomstore kommunen"),
    "brukermedvirkning": ("brukermedvirkning", "Brukermedvirkning og individuell plan"),
    "bolig": ("fra-dogn-til-ettervern", "Fra døgnbehandling til ettervern"),
    "aktivitet": ("den-mellomstore-kommunen", "Den mellomstore kommunen"),
    "kompetanse": ("tre-kommuner", "Tre kommuner, tre strategier"),
    "samhandling_kommune": ("den-mellomstore-kommunen", "Den mellomstore kommunen"),
    "annet": ("avslutning", "Avslutning"),
}


class AnswerFileError(ValueError):
    """A saved answer file that cannot be used; the message says why."""


def points() -> pd.DataFrame:
    """The points to assess: the guideline's expectations, then the risk points."""
    ge = data.guideline_expectations().rename(columns={"expectation_id": "point_id"})
    rp = data.risk_points().rename(columns={"risk_id": "point_id"})
    ge = ge.assign(kind="Retningslinjen", question="I hvilken grad oppfyller tjenestene våre dette?")
    rp = rp.assign(kind="Risikopunkt", question="I hvilken grad har vi sikret oss mot dette?")
    df = pd.concat([ge, rp], ignore_index=True)
    df["voice_label"] = [voice_of(r) for r in df.to_dict("records")]
    df = df[["point_id", "kind", "area", "text", "question", "voice_label", "source_id", "locator"]]
    df["chapter"] = df["area"].map(lambda a: CHAPTER_FOR_AREA.get(a, CHAPTER_FOR_AREA["annet"])[0])
    df["chapter_title"] = df["area"].map(lambda a: CHAPTER_FOR_AREA.get(a, CHAPTER_FOR_AREA["annet"])[1])
    return df


def dump_answers(answers: dict[str, int | None], name: str = "") -> str:
    """The answers as the JSON text of an answer file."""
    known = set(points()["point_id"])
    clean = {k: v for k, v in answers.items() if k in known and v is not None}
    return json.dumps({"format": FORMAT, "versjon": VERSION, "navn": name, "svar": clean}, ensure_ascii=False, indent=1)


def _valid_answer(v) -> bool:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return False
    return math.isfinite(v) and v == int(v) and int(v) in SCALE


def parse_answers(text: str | bytes) -> dict[str, int]:
    """Reads an answer file. Raises AnswerFileError with a message a workshop host can act on."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise AnswerFileError("Filen er ikke en tekstfil i UTF-8. Velg en fil som er lagret fra denne siden.") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AnswerFileError(f"Filen er ikke gyldig JSON (linje {exc.lineno}, kolonne {exc.colno}: {exc.msg}).") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise AnswerFileError(f"Filen er ikke en svarfil fra selvvurderingen (mangler «format»: «{FORMAT}»).")
    if doc.get("versjon") != VERSION:
        raise AnswerFileError(f"Ukjent versjon av svarfilen: {doc.get('versjon')!r}; denne siden leser versjon {VERSION}.")
    answers = doc.get("svar")
    if not isinstance(answers, dict):
        raise AnswerFileError("Filen mangler feltet «svar» med svarene.")
    known = set(points()["point_id"])
    unknown = sorted(set(answers) - known)
    if unknown:
        raise AnswerFileError(f"Ukjente punkter i filen: {', '.join(unknown)}. Gyldige punkter er {', '.join(sorted(known))}.")
    # A whole number written as 2.0 is accepted as 2: JSON does not tell them apart in the browser
    # version (selfassess.js), and both versions must accept and refuse the same files.
    bad = {k: v for k, v in answers.items() if not _valid_answer(v)}
    if bad:
        first = next(iter(bad))
        raise AnswerFileError(f"Ugyldig svar for {first}: {bad[first]!r}. Svarene må være heltall fra 0 til {TOP}.")
    return {k: int(v) for k, v in answers.items()}


def profile_figure(answers: dict[str, int | None]) -> go.Figure:
    """The team's answers beside the guideline's expectation (the top of the scale)."""
    pts = points()
    labels = [f"{r.kind}: {r.text}<br><i>Stemme: {r.voice_label}</i>" for r in pts.itertuples()]
    short = [t if len(t) <= 60 else t[:57] + "…" for t in pts["text"]]
    values = [answers.get(p) for p in pts["point_id"]]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        y=short, x=[TOP] * len(pts), orientation="h", name="Øverste trinn («i stor grad»)",
        marker=dict(color="rgba(0,0,0,0)", line=dict(color=PALETTE[7], width=2)), hoverinfo="skip",
    ))
    fig.add_trace(go.Bar(
        y=short, x=[v if v is not None else 0 for v in values], orientation="h", name="Vårt svar",
        marker_color=[PALETTE[5] if v is not None and v <= LOW else PALETTE[0] for v in values],
        hovertext=[f"{label}<br><b>Vårt svar:</b> {SCALE[v] if v is not None else 'ikke besvart'}" for label, v in zip(labels, values)],
        hoverinfo="text",
    ))
    fig.update_layout(
        template="ropbook", barmode="overlay", height=140 + 42 * len(pts), title="Vår profil på de ti punktene",
        # The scale's words on top, the legend below: on a narrow screen they would otherwise overlap.
        xaxis=dict(range=[0, TOP + 0.05], tickvals=list(SCALE), ticktext=list(SCALE.values()), title=None, side="top", automargin=True),
        yaxis=dict(autorange="reversed", title=None, automargin=True), legend=dict(y=-0.02, yanchor="top"),
        margin=dict(l=10, r=10, t=100, b=10),
    )
    return fig


def shortfalls(answers: dict[str, int | None]) -> pd.DataFrame:
    """Points answered «Ikke i det hele tatt» or «I liten grad», with the chapter to read."""
    pts = points()
    low = [p for p in pts["point_id"] if answers.get(p) is not None and answers[p] <= LOW]
    return pts[pts["point_id"].isin(low)]


class SelfAssessment:
    """The live self-assessment (ipywidgets)."""

    def __init__(self, answers: dict[str, int] | None = None):
        import ipywidgets as w

        self.w = w
        self.points = points()
        self.choices = {}
        for r in self.points.itertuples():
            # -1 stands for «not answered»: ipywidgets shows a None value as an empty box.
            dd = w.Dropdown(options=[("Ikke svart", NOT_ANSWERED)] + [(t, v) for v, t in SCALE.items()], value=NOT_ANSWERED,
                            layout=w.Layout(width="14rem"))
            dd.observe(self._changed, names="value")
            self.choices[r.point_id] = dd
        self.name = w.Text(description="Navn", placeholder="f.eks. Arbeidsmøte mars")
        self.upload = w.FileUpload(accept=".json", multiple=False, description="Hent svar fra fil")
        self.upload.observe(self._uploaded, names="value")
        self.message = w.HTML()
        self.download = w.HTML()
        self.gaps = w.HTML()
        self.figure = go.FigureWidget(profile_figure({}))
        if answers:
            self.set_answers(answers)
        self._changed()

    def answers(self) -> dict[str, int | None]:
        return {p: (None if dd.value == NOT_ANSWERED else dd.value) for p, dd in self.choices.items()}

    def set_answers(self, answers: dict[str, int]):
        for p, dd in self.choices.items():
            value = answers.get(p)
            dd.value = NOT_ANSWERED if value is None else value

    def load_text(self, text: str | bytes) -> bool:
        """Loads answers from file content; on a bad file, shows why and keeps the current answers."""
        try:
            answers = parse_answers(text)
        except AnswerFileError as exc:
            self.message.value = f'<p style="color:#D55E00"><b>Kunne ikke hente svarene:</b> {exc} Svarene på siden er ikke endret.</p>'
            return False
        self.set_answers(answers)
        self.message.value = f"<p>Hentet {len(answers)} svar fra filen.</p>"
        return True

    def _uploaded(self, change):
        files = change["new"]
        if files:
            self.load_text(bytes(files[0]["content"]))

    def _changed(self, *_):
        from urllib.parse import quote

        answers = self.answers()
        new = profile_figure(answers)
        with self.figure.batch_update():
            self.figure.data[1].x = new.data[1].x
            self.figure.data[1].marker.color = new.data[1].marker.color
            self.figure.data[1].hovertext = new.data[1].hovertext
        gaps = shortfalls(answers)
        if gaps.empty:
            self.gaps.value = "<p>Ingen punkter er besvart med «ikke i det hele tatt» eller «i liten grad».</p>"
        else:
            items = "".join(f"<li>{r.text} – les mer i kapitlet «{r.chapter_title}» (<code>chapters/{r.chapter}.ipynb</code>)</li>"
                            for r in gaps.itertuples())
            self.gaps.value = f"<p><b>Her svarte dere «ikke i det hele tatt» eller «i liten grad»:</b></p><ul>{items}</ul>"
        payload = quote(dump_answers(answers, self.name.value))
        from .explore import BUTTON_STYLE

        self.download.value = (f'<a download="selvvurdering.json" href="data:application/json;charset=utf-8,{payload}" style="{BUTTON_STYLE}">'
                               "Lagre svarene som fil</a> (hent filen fram igjen neste gang for å fortsette)")

    def widget(self):
        from .explore import sync_figure

        w = self.w
        sync_figure(self.figure)
        rows = [w.HTML("<h4>Svar for hvert punkt</h4>")]
        for r in self.points.itertuples():
            rows.append(w.HBox([w.HTML(f"<b>{r.kind}:</b> {r.text}<br><i>{r.question}</i>", layout=w.Layout(width="32rem")),
                                self.choices[r.point_id]], layout=w.Layout(flex_flow="row wrap", margin="0 0 0.5rem 0")))
        return w.VBox(rows + [self.figure, self.gaps, w.HBox([self.name, self.upload]), self.download, self.message])


def static_view():
    """The static book's view: every point with its source and chapter, and how to run it live."""
    from IPython.display import Markdown

    pts = points()
    lines = []
    for i, r in enumerate(pts.itertuples(), start=1):  # a numbered list, not a wide table: it reads on a phone
        lines.append(f"{i}. **{r.kind}:** {r.text} ({r.voice_label})  \n   *{r.question}* Les mer: {{doc}}`{r.chapter_title} <{r.chapter}>`.")
    return Markdown("\n".join(lines))


def live_note() -> Html:
    return Html(
        '<div class="admonition note"><p class="admonition-title">Kjør selvvurderingen live</p>'
        "<p>I live-modus svarer teamet på hvert punkt med en nedtrekksmeny, ser profilen sin tegnet mot skalaens øverste trinn, "
        "får lenker til kapitlene der dere ligger under, og kan lagre svarene i en fil og hente dem fram igjen senere. "
        "Start live-modus fra mappen med boka:</p><pre>make live</pre>"
        "<p>Åpne adressen kommandoen skriver ut, og velg <code>hvor-star-var-kommune.ipynb</code>. "
        "Svarene blir på maskinen deres; ingenting sendes noe sted.</p></div>",
        "Kjør selvvurderingen live med make live.",
    )


def app():
    """Live: the widgets. Static book: the same self-assessment as a form that works in the browser."""
    from .explore import is_live

    if is_live():
        return SelfAssessment().widget()
    from .workshop import selfassessment

    return selfassessment()


def guideline_chart() -> Chart:
    """The points chapter 2 picks out, each with whose it is, against the top of the scale."""
    from .figures import _labels_above

    pts = points()
    fig = profile_figure({})
    fig.data = fig.data[:1]
    # Labels above the bars (not beside them), shortened: they read on a phone; the table has the full text.
    import textwrap

    rows = [textwrap.shorten(f"{i}. {t}", 44, placeholder=" …") for i, t in enumerate(pts["text"], start=1)]
    fig.data[0].y = rows
    fig.update_traces(width=0.4)
    fig.update_layout(_labels_above(rows, row_px=52))
    fig.update_layout(title="Forventningene dere vurderer dere mot", showlegend=False, yaxis_autorange=False)
    return Chart(
        fig,
        title="Punktene i selvvurderingen",
        caption=("Fire av forventningene i den nasjonale retningslinjen (IS-1948) og seks av risikopunktene i Helsetilsynets "
                 "risikovurdering (2016), de som kapittel 2 trekker fram. Retningslinjen og risikovurderingen har flere punkter enn disse. "
                 "Den ytre rammen er skalaens øverste trinn («i stor grad»). Punktene er forkortet i figuren; hele teksten står i tabellen."),
        source="ROPIT-antologien, kapittel 2",
        tables=["guideline_expectations", "risk_points"],
        data=pts[["kind", "text", "voice_label", "question", "chapter_title"]].rename(
            columns={"kind": "Punkt", "text": "Hva", "voice_label": "Stemme", "question": "Spørsmål", "chapter_title": "Les mer"}),
        height=90 + 52 * len(pts),
        name="selfassessment-points",
    )
