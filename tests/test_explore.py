"""The explorer and the self-assessment, without a browser: logic, file format, static views."""

import json

import pytest

from ropbook import data, explore, selfassess


def test_filter_rows_by_value_and_years():
    ref = data.reforms()
    assert len(explore.filter_rows(ref, {"field": "rus"})) == (ref["field"] == "rus").sum()
    assert len(explore.filter_rows(ref, {"field": ""})) == len(ref)
    sel = explore.filter_rows(ref, {}, (2010, 2015))
    assert sel["start_year"].between(2010, 2015).all() and len(sel) > 0


def test_summary_counts_rows_or_shows_indicator_values():
    ref = data.reforms()
    labels, values, _ = explore.summary(ref, "reforms", "field")
    assert sum(values) == len(ref) and "Rus" in labels
    ind = data.indicators().head(5)
    labels, values, _ = explore.summary(ind, "indicators", "topic")
    assert values == [float(v) for v in ind["value"]]


def test_explorer_updates_on_every_table_quickly():
    ex = explore.Explorer()
    for name in data.table_names():
        ex.table.value = name
        assert f"av {len(data.load(name))} rader valgt" in ex.count.value
        assert ex.figure.data[0].x is not None
    worst = explore.benchmark(repeats=2)
    assert set(worst) == set(data.table_names())


def test_csv_link_holds_the_selection():
    from urllib.parse import unquote

    ref = data.reforms().head(3)
    link = explore.csv_link(ref, "reforms")
    assert 'download="reforms-utvalg.csv"' in link
    assert unquote(link.split("charset=utf-8,")[1].split('"')[0]).count("\n") == 4


def test_static_views_have_no_widgets():
    assert not explore.is_live()
    chart = explore.overview()
    assert len(chart.figure.data) == len(data.table_names())
    md = selfassess.static_view().data
    assert md.count("{doc}") == len(selfassess.points())


def test_answer_file_round_trip():
    text = selfassess.dump_answers({"k2-ge1": 3, "k2-rp2": 0, "k2-rp3": None}, "Møte")
    doc = json.loads(text)
    assert doc["navn"] == "Møte" and doc["svar"] == {"k2-ge1": 3, "k2-rp2": 0}
    assert selfassess.parse_answers(text) == {"k2-ge1": 3, "k2-rp2": 0}


@pytest.mark.parametrize("content,message", [
    (b"\xff\xfe", "UTF-8"),
    ("{", "ikke gyldig JSON"),
    ('{"format": "noe annet"}', "ikke en svarfil"),
    ('{"format": "ropbok-selvvurdering", "versjon": 2, "svar": {}}', "Ukjent versjon"),
    ('{"format": "ropbok-selvvurdering", "versjon": 1}', "mangler feltet «svar»"),
    ('{"format": "ropbok-selvvurdering", "versjon": 1, "svar": {"k9-x": 1}}', "Ukjente punkter i filen: k9-x"),
    ('{"format": "ropbok-selvvurdering", "versjon": 1, "svar": {"k2-rp1": 4}}', "Ugyldig svar for k2-rp1: 4"),
    ('{"format": "ropbok-selvvurdering", "versjon": 1, "svar": {"k2-rp1": true}}', "Ugyldig svar for k2-rp1"),
])
def test_bad_answer_files_are_refused_and_answers_kept(content, message):
    with pytest.raises(selfassess.AnswerFileError, match=message):
        selfassess.parse_answers(content)
    sa = selfassess.SelfAssessment({"k2-ge2": 2})
    assert sa.load_text(content) is False
    assert message.split(":")[0] in sa.message.value or "Kunne ikke hente" in sa.message.value
    assert sa.answers()["k2-ge2"] == 2


def test_profile_and_shortfalls_link_to_chapters():
    sa = selfassess.SelfAssessment({"k2-rp2": 1, "k2-ge1": 3})
    assert list(sa.figure.data[1].x).count(0) == len(selfassess.points()) - 2
    gaps = selfassess.shortfalls(sa.answers())
    assert list(gaps["point_id"]) == ["k2-rp2"]
    assert "fra-dogn-til-ettervern" in sa.gaps.value


def test_no_scores_for_the_case_municipalities():
    """The points come from the guideline and the risk points only; nothing ties an answer to a case."""
    pts = selfassess.points()
    assert "municipality_id" not in pts.columns
    assert set(pts["source_id"]) == {"kap2"}
    doc = json.loads(selfassess.dump_answers({"k2-ge1": 1}))
    assert set(doc) == {"format", "versjon", "navn", "svar"}
