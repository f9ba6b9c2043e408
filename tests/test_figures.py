"""Figure builders: they draw what the data says, offline, with caption, source and table."""

import json

import pytest

from ropbook import ROOT, charts, data, display, explore, figures, selfassess


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


def test_bare_figure_gets_offline_html_in_a_kernel():
    import plotly.graph_objects as go
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    shell = InteractiveShell.instance()
    assert charts.register_ipython_formatter(shell)
    with capture_output() as cap:
        shell.run_cell("import plotly.graph_objects as go\ngo.Figure(go.Bar(x=[1], y=[2]))")
    html = "".join(o.data.get("text/html", "") for o in cap.outputs)
    assert 'class="plotly-graph-div"' in html and 'class="rop-plotly-json"' in html
    assert "https://" not in html and "mathjax" not in html.lower()
    # A FigureWidget (live mode) keeps its own widget display.
    assert not isinstance(go.FigureWidget(), go.Figure)


def test_chart_json_is_drawn_from_a_data_script():
    import json
    import re

    html = figures.project_timeline().plot_html()
    assert "Plotly.newPlot" not in html, "plotly.js lastes utsatt; figuren tegnes av charts.js"
    spec = json.loads(re.search(r'<script type="application/json" class="rop-plotly-json" data-for="rop-project-timeline">(.*?)</script>', html).group(1))
    assert spec["data"] and spec["layout"]["template"] and spec["config"]["locale"] == charts.PLOTLY_LOCALE
    assert "</" not in html.split('class="rop-plotly-json"', 1)[1][:-len("</script>")], "JSON-en må ikke kunne lukke script-taggen"


def test_package_import_is_light():
    """A notebook kernel imports the package without nbformat, jsonschema or Plotly's renderers (seconds each)."""
    import subprocess
    import sys

    code = ("import sys, IPython\nfrom ropbook import charts, figures, display, explore, selfassess, selftest, pages\n"
            "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'nbformat', 'jsonschema', 'rfc3987_syntax', 'frictionless'})\n"
            "heavy += [m for m in ('plotly.io._renderers', 'plotly.io._base_renderers') if m in sys.modules]\nprint(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]", f"tunge moduler importert: {out}"


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
    assert charts.PLOTLY_BUNDLE.name == f"plotly-ropbook-{version}.min.js", "bygg pakken på nytt: scripts/plotly-bundle (npm run build)"
    assert charts.PLOTLY_BUNDLE.read_text(encoding="utf-8")[:200].startswith(f"/*! plotly.js v{version} ")
    lock = json.loads((ROOT / "scripts" / "plotly-bundle" / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/plotly.js"]["version"] == version
    assert {"bar", "scatter"} <= charts.BUNDLE_TRACE_TYPES
    assert charts.PLOTLY_LOCALE in charts.BUNDLE_LOCALES and charts.PLOTLY_CONFIG["locale"] == charts.PLOTLY_LOCALE
    assert (charts.PLOTLY_BUNDLE.parent / "LICENSE-plotly.js").exists()
    assert not list(charts.PLOTLY_BUNDLE.parent.glob("*.css")), "ingen løse CSS-filer ved siden av pakken"


def test_bundle_holds_every_trace_type_the_book_draws():
    """Every figure builder's trace types are in the bundle, and the bundle carries no type the book does not use."""
    used = set()
    for builder in BUILDERS:
        used |= {t.type for t in builder().figure.data}
    from ropbook import explore, selfassess

    used |= {t.type for t in explore.overview().figure.data} | {t.type for t in selfassess.guideline_chart().figure.data}
    used |= {t.type for t in selfassess.profile_figure({}).data} | {"bar"}  # the live explorer's FigureWidget draws bars
    assert used <= charts.BUNDLE_TRACE_TYPES
    assert charts.BUNDLE_TRACE_TYPES - used <= {"scatter"}, "scatter er alltid med i plotly.js' kjerne"


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


# --- whose claim it is (issue 10): every list, card, explorer item and chart point shows its voice ---


def test_item_list_shows_the_voice_of_every_row():
    from ropbook import voice

    rec = data.recommendations()
    rows = rec[(rec["source_id"] == "kap14") & (rec["level"] == "stat")]
    html_ = display.item_list("recommendations", source_id="kap14", level="stat")._repr_html_()
    assert html_.count('class="rop-voice"') == len(rows)
    for r in rows.to_dict("records"):
        assert voice.label(r["voice"], r["voice_ref"], r["source_id"], r["text"]) in html_
    # a report the chapter cites is named as such, not as the researchers' own finding
    assert "Riksrevisjonen (2021), gjengitt i kapittel 14" in html_
    assert "Actis og lederne for kompetansesentrene for rusomsorg (Borge et al., 2020), gjengitt i kapittel 14" in html_
    risk = display.item_list("risk_points", ordered=True)._repr_html_()
    assert risk.count("Helsetilsynet (2016, s. 13), gjengitt i kapittel 2") == len(data.risk_points())


def test_item_list_names_a_count_of_informants_and_preliminary_slides():
    html_ = display.item_list("factors", theme_id="lys-t-samordning")._repr_html_()
    assert "foreløpig funn (lysarkene)" in html_
    fac = display.factor_explorer(source_id="master")._repr_html_()
    assert "to informanter i masteroppgaven" in fac  # «To av informantene sier …»
    assert "spørsmål masteroppgaven reiser" in fac
    assert "Pedersen (2021), gjengitt i masteroppgaven" in fac


def test_key_figures_show_whose_figure_and_no_false_precision():
    html_ = display.key_figures(["lys-bp-kvinner", "k14-i11", "k9-i01"])._repr_html_()
    assert "en tredjedel" in html_ and "33,3" not in html_
    assert "hver fjerde" in html_
    assert "Brukerplan 2018, gjengitt i lysarkene" in html_ and "Borge et al. (2020), gjengitt i kapittel 14" in html_
    assert html_.count('class="rop-voice"') == 2  # the chapter's own count of inhabitants needs no extra label


def test_explorers_filter_on_voice():
    f = data.factors()
    html_ = display.factor_explorer()._repr_html_()
    assert 'data-filter="voice"' in html_ and ">Stemme <select" in html_
    for v in set(f["voice"]):
        assert html_.count(f'data-voice="{v}"') == (f["voice"] == v).sum()
    q = display.quote_explorer()._repr_html_()
    assert 'data-filter="voice"' in q
    assert q.count('data-voice="forelopig"') == (data.quotes()["source_id"] == "lysark").sum()


def test_cards_and_comparison_show_voices():
    assert display.paradoxes()._repr_html_().count("foreløpig funn (lysarkene)") == len(data.paradoxes())
    assert display.coordinator_roles()._repr_html_().count("Stemme: forfatterne av kapittel 9") == len(data.coordinator_roles())
    md = display.municipality_comparison().data
    assert "*(kommuneplanens samfunnsdel (Kommunen, 2018), gjengitt i kapittel 9)*" in md
    assert "(informanter i kapittel 9)" in md and "(forfatterne av kapittel 14)" in md


def test_blocks_escape_data_by_construction():
    out = display._render("item_list.html.j2", tag="ul", items=[{"text": "<script>x</script>", "voice": "a & b"}], refs="r", table="t")
    assert "<script>" not in out and "&lt;script&gt;" in out and "a &amp; b" in out


@pytest.mark.parametrize("builder,table", [("findings_by_level", "factors"), ("recommendations_map", "recommendations"),
                                           ("reform_timeline", "reforms"), ("coordination_network", "coordination_links")])
def test_claim_charts_show_voice_in_hover_and_table(builder, table):
    chart = getattr(figures, builder)()
    assert "Stemme" in chart.data.columns and chart.data["Stemme"].map(bool).all()
    hovers = [h for t in chart.figure.data if t.hovertext for h in t.hovertext]
    claim_hovers = [h for h in hovers if "Stemme:" in h]
    n = len(data.load(table)) if builder != "coordination_network" else (data.coordination_links()["source_id"] == "kap9").sum()
    assert len(claim_hovers) == n


def test_glossary_marks_the_books_own_explanations():
    from ropbook import pages

    md = pages.glossary().data
    g = data.glossary()
    assert md.count("bokas egen forklaring") == (g["voice"] == "bok").sum() > 0
    assert "Lipsky (2010), gjengitt i ROPIT-antologien, kapittel 9" in md


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
    spec = json.loads(re.search(r'<script type="application/json" class="rop-plotly-json"[^>]*>(.*?)</script>', html_, re.S).group(1))
    assert spec["config"]["showSendToCloud"] is False and spec["config"]["displaylogo"] is False
    assert spec["config"]["modeBarButtons"] == [["toImage", "resetScale2d"]]


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
