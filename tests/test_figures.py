"""Figure builders: they draw what the data says, offline, with caption, source and table."""

import pytest

from ropbook import charts, data, display, figures


@pytest.mark.parametrize("builder", [figures.project_timeline, figures.municipality_profile])
def test_chart_html_is_offline_and_complete(builder):
    chart = builder()
    html = chart.to_html()
    assert 'class="plotly-graph-div"' in html
    assert "http://" not in html and "https://" not in html, "en figur skal ikke laste noe fra andre verter"
    assert "mathjax" not in html.lower() and "require(" not in html
    assert "Kilde:" in html and ".csv</code>" in html and "Vis tallene som tabell" in html
    bundle = chart._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    assert len(chart.data) > 0


def test_municipality_profile_matches_data():
    chart = figures.municipality_profile()
    traces = [t.to_plotly_json() for t in chart.figure.data]
    mun = data.municipalities().set_index("municipality_id")
    expected = [int(mun.loc[m, "population"]) for m in ("liten", "mellomstor", "storby")]
    assert list(traces[0]["y"]) == expected
    dc = data.data_collection()
    users = dc[(dc["method"] == "individuelt_intervju") & (dc["study"] == "ropit")]
    assert list(traces[1]["y"]) == [int(users.set_index("municipality_id").loc[m, "count"]) for m in ("liten", "mellomstor", "storby")]
    assert traces[0]["text"][2].startswith("ca. "), "storbykommunens innbyggertall er omtrentlig i kilden"


def test_timeline_shows_both_project_periods():
    chart = figures.project_timeline()
    names = [t.name for t in chart.figure.data if t.name]
    ev = data.events()
    periods = ev[ev["kind"] == "prosjektperiode"]["label"].tolist()
    assert len(periods) == 2 and all(p in names for p in periods)
    non_periods = len(ev) - len(periods)
    assert len(chart.figure.data) == len(periods) + non_periods


def test_chart_refuses_empty_figure():
    import plotly.graph_objects as go

    with pytest.raises(ValueError, match="ingen data"):
        charts.Chart(go.Figure(), title="Tom", caption="", source="", tables=[], data=data.events())


def test_bare_figure_uses_offline_renderer():
    import plotly.graph_objects as go
    import plotly.io as pio

    bundle = pio.renderers["ropbook"].to_mimebundle(go.Figure(go.Bar(x=[1], y=[2])).to_dict())
    assert set(bundle) == {"text/html"}
    assert "https://" not in bundle["text/html"]


def test_norwegian_numbers():
    assert charts.nb_number(31200) == "31\u00a0200"
    assert charts.nb_number(12.6) == "12,6"


def test_key_figures_and_lists():
    html = display.key_figures(["lys-prosjekt-nfr"])._repr_html_()
    assert "12,6" in html and "mill. kr" in html
    with pytest.raises(KeyError, match="indicators.csv"):
        display.key_figures(["finnes-ikke"])
    lst = display.item_list("risk_points", ordered=True)._repr_html_()
    assert lst.count("<li>") == len(data.risk_points())
