"""Figure builders: they draw what the data says, offline, with caption, source and table."""

import pytest

from ropbook import charts, data, display, explore, figures, selfassess


BUILDERS = [figures.project_timeline, figures.municipality_profile, figures.data_sources, figures.user_indicators,
            figures.reform_timeline, figures.municipal_organisation, figures.instrument_matrix, figures.tsb_beds,
            figures.org_tree, figures.coordination_network, figures.findings_by_level, figures.recommendations_map]


@pytest.mark.parametrize("builder", BUILDERS)
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
    # The source's own hedge stays with the number: «nesten to milliarder» is not «2 mrd.»
    assert "nesten 2\u00a0mrd. kr" in display.key_figures(["k14-i10"])._repr_html_()
    assert "over 4\u00a0000" in display.key_figures(["k2-forskning-identifisert"])._repr_html_()
    with pytest.raises(KeyError, match="indicators.csv"):
        display.key_figures(["finnes-ikke"])
    lst = display.item_list("risk_points", ordered=True)._repr_html_()
    assert lst.count("<li>") == len(data.risk_points())
    rec = data.recommendations()
    filtered = display.item_list("recommendations", source_id="kap14", level="stat")._repr_html_()
    assert filtered.count("<li>") == len(rec[(rec["source_id"] == "kap14") & (rec["level"] == "stat")]) > 0
    with pytest.raises(ValueError, match="recommendations.csv"):
        display.item_list("recommendations", level="finnes-ikke")
    quote = display.quotes(["lys-q4"])._repr_html_()
    assert "bruker" in quote and "Lysark om ROPIT-prosjektet, «Stereotypier»" in quote


def test_reform_timeline_has_every_reform_and_filters_by_kind():
    from ropbook.labels import REFORM_KIND_GROUP

    chart = figures.reform_timeline()
    ref = data.reforms()
    shown = [y for t in chart.figure.data for y in t.y]
    assert len(shown) == len(ref) == len(set(shown))
    assert not chart.figure.layout.updatemenus, "visningene er HTML-kontroller, ikke Plotly-menyer"
    assert chart.views[0].label == "Alle typer"
    for view in chart.views[1:]:
        rows = [y for ys in view.args[0]["y"] for y in ys]
        expected = (ref["kind"].map(REFORM_KIND_GROUP) == view.label).sum()
        assert len(rows) == expected > 0, view.label
        assert len(view.args[1]["annotations"]) == expected
    html_ = chart.to_html()
    assert html_.count("<option ") == len(chart.views) and '<label class="rop-figure__views-label" for="rop-reform-timeline-select">' in html_


def test_instrument_matrix_matches_data():
    chart = figures.instrument_matrix()
    marks = sum(len(t.x) for t in chart.figure.data)
    assert marks == len(data.reform_instruments())


def test_data_sources_shows_every_row():
    chart = figures.data_sources()
    assert sum(len(t.x) for t in chart.figure.data) == len(data.data_collection())


def test_user_indicators_values():
    chart = figures.user_indicators()
    values = sorted(float(v) for t in chart.figure.data for v in t.x)
    ind = data.indicators().set_index("indicator_id")
    expected = sorted(float(ind.loc[i, "value"]) for i in ["lys-bp-kvinner", "lys-bp-bor-venner", "lys-bp-ingen-aktivitet", "lys-bp-helseplager", "k14-i02", "k14-i03"])
    assert values == expected


def test_tsb_beds_by_owner_and_year():
    chart = figures.tsb_beds()
    got = {(t.name, x): y for t in chart.figure.data for x, y in zip(t.x, t.y)}
    assert got[("Private foretak", "2016")] == 1153 and got[("Helseforetak", "2020")] == 883


def test_vendored_plotly_matches_plotly_py_and_covers_the_book():
    import re
    from pathlib import Path

    import plotly

    bundled = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text()[:400]
    version = re.search(r"plotly\.js v([0-9.]+)", bundled).group(1)
    assert charts.PLOTLY_BUNDLE.name == f"plotly-cartesian-{version}.min.js", "kjør scripts/vendor_plotly.sh"
    assert {"bar", "scatter"} <= charts.BUNDLE_TRACE_TYPES
    assert (charts.PLOTLY_BUNDLE.parent / "LICENSE-plotly.js").exists()


def test_chart_refuses_trace_types_outside_the_bundle():
    import plotly.graph_objects as go

    with pytest.raises(ValueError, match="treemap"):
        charts.Chart(go.Figure(go.Treemap(labels=["a"], parents=[""])), title="Tre", caption="", source="",
                     tables=[], data=data.events())


def test_org_tree_has_every_unit_once():
    chart = figures.org_tree()
    nodes = [x for t in chart.figure.data if t.mode == "markers+text" for x in t.text]
    assert len(nodes) == len(data.units())
    assert any("omkring 9\u00a0årsverk" in n or "omkring 9 årsverk" in n for n in nodes), "kildens «omkring» skal stå ved tallet"


def test_network_has_every_kap9_link():
    chart = figures.coordination_network()
    links = data.coordination_links()
    k9 = links[links["source_id"] == "kap9"]
    midpoints = [t for t in chart.figure.data if t.mode == "markers" and t.hovertext]
    assert sum(len(t.x) for t in midpoints) == len(k9)


def test_municipality_comparison_has_all_facts():
    md = display.municipality_comparison().data
    facts = data.municipality_facts()
    shown = facts[~((facts["source_id"] == "kap2") & facts["aspect"].isin(["organisering_for", "organisering_etter"]))]
    for text in shown["text"]:
        assert text in md
    assert md.count("{tab-item}") == 7


def test_quote_explorer_lists_every_quote_with_its_code():
    html_ = display.quote_explorer()._repr_html_()
    assert html_.count('class="rop-quote-explorer__item"') == len(data.quotes())
    assert "K3" in html_ and "Informant 4" in html_


def test_findings_by_level_shows_every_factor_once():
    chart = figures.findings_by_level()
    f = data.factors()
    counts = {t.name: len(t.x) for t in chart.figure.data}
    assert counts == {"Hemmer": (f["direction"] == "hemmer").sum(), "Fremmer": (f["direction"] == "fremmer").sum()}


def test_recommendations_map_shows_every_recommendation():
    chart = figures.recommendations_map()
    assert sum(len(t.x) for t in chart.figure.data) == len(data.recommendations())


def test_factor_explorer_filters_and_counts():
    html_ = display.factor_explorer(source_id="master")._repr_html_()
    f = data.factors()
    assert html_.count('class="rop-quote-explorer__item"') == (f["source_id"] == "master").sum()
    assert 'data-filter="direction"' in html_ and 'data-filter="source"' not in html_
    assert 'data-filter="source"' in display.factor_explorer()._repr_html_()


ALL_CHARTS = BUILDERS + [explore.overview, selfassess.guideline_chart]


@pytest.mark.parametrize("builder", ALL_CHARTS)
def test_chart_is_one_named_figure_with_a_norwegian_table(builder):
    import re

    chart = builder()
    html_ = chart.to_html()
    assert not chart.figure.layout.updatemenus, "Plotly-tegnede menyer kan ikke brukes med tastatur"
    assert f'<figure class="rop-figure" aria-labelledby="rop-{chart.name}-caption"' in html_
    assert f'<figcaption id="rop-{chart.name}-caption">' in html_
    table = chart.table_html()
    assert "<caption>" in table and table.count('<th scope="col">') == len(chart.data.columns)
    assert table.count('<th scope="row">') == len(chart.data)
    assert "&lt;NA&gt;" not in table and "<NA>" not in table and ">nan<" not in table and ">None<" not in table
    assert not re.search(r">-?\d+\.\d+<", table), "tall med punktum som desimaltegn"
    assert "showSendToCloud" in html_ and '"displaylogo": false' in html_


def test_table_cells_the_norwegian_way():
    import pandas as pd

    assert charts.table_cell(65.0) == "65"
    assert charts.table_cell(12.6) == "12,6"
    assert charts.table_cell(31200) == "31\u00a0200"
    assert charts.table_cell(2016) == "2016"
    assert charts.table_cell(pd.NA) == charts.table_cell(float("nan")) == charts.table_cell(None) == charts.table_cell("") == "–"


def test_views_become_buttons_with_aria_pressed():
    chart = figures.coordination_network()
    html_ = chart.to_html()
    assert [v.label for v in chart.views] == ["Alle", "Formelle", "Uformelle"]
    assert html_.count('<button type="button" class="rop-view"') == 3
    assert html_.count('aria-pressed="true"') == 1 and html_.count('aria-pressed="false"') == 2
    assert 'role="group" aria-labelledby="rop-coordination-network-views"' in html_


def test_chart_refuses_plotly_menus_and_a_single_view():
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=[1], y=[2]))
    fig.update_layout(updatemenus=[dict(buttons=[dict(label="a", method="restyle", args=[{}])])])
    with pytest.raises(ValueError, match="tastatur"):
        charts.Chart(fig, title="Meny", caption="", source="", tables=[], data=data.events())
    with pytest.raises(ValueError, match="én visning"):
        charts.Chart(go.Figure(go.Bar(x=[1], y=[2])), title="En", caption="", source="", tables=[], data=data.events(),
                     views=[charts.View("a", "restyle", [{}])])
