"""The data package: it validates, loads with the right types, and refuses bad input clearly."""

import csv
import subprocess
import sys

import pandas as pd
import pytest

from ropbook import data


def _rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def _edit(path, column, row_index, value):
    rows = _rows(path)
    rows[row_index][rows[0].index(column)] = value
    _write(path, rows)


def test_real_package_is_valid():
    assert data.validate_package() == []


def test_every_table_has_a_loader_and_rows():
    for name in data.table_names():
        df = getattr(data, name)()
        assert isinstance(df, pd.DataFrame)
        assert list(df.columns) == [f["name"] for f in data.schema(name)["schema"]["fields"]]
        assert len(df) > 0, f"tabellen {name} er tom"


def test_dtypes_follow_the_schema():
    mun = data.municipalities()
    assert str(mun["population"].dtype) == "Int64"
    assert str(mun["population_approx"].dtype) == "boolean"
    assert str(data.indicators()["value"].dtype) == "Float64"
    assert str(mun["name"].dtype) == "string"
    assert bool(mun.set_index("municipality_id").loc["storby", "population_approx"]) is True


def test_value_helper():
    assert data.value("lys-prosjekt-nfr") == 12.6
    with pytest.raises(KeyError, match="indicators.csv"):
        data.value("finnes-ikke")


# --- broken input: each kind of problem gets a message naming file, row (line) and column ---

def test_missing_column(data_copy):
    rows = _rows(data_copy / "municipalities.csv")
    i = rows[0].index("setting")
    _write(data_copy / "municipalities.csv", [r[:i] + r[i + 1:] for r in rows])
    problems = data.validate_package(data_copy)
    assert any("municipalities.csv, linje 1, kolonne «setting»: kolonnen mangler" in p for p in problems), problems


def test_wrong_type(data_copy):
    _edit(data_copy / "municipalities.csv", "population", 2, "mange")
    problems = data.validate_package(data_copy)
    assert any("municipalities.csv, linje 3, kolonne «population»: feil type (verdi «mange»)" in p for p in problems), problems


def test_empty_required_field(data_copy):
    _edit(data_copy / "indicators.csv", "label", 1, "")
    problems = data.validate_package(data_copy)
    assert any("indicators.csv, linje 2, kolonne «label»" in p and "required" in p for p in problems), problems


def test_duplicate_key(data_copy):
    rows = _rows(data_copy / "risk_points.csv")
    rows.append(rows[1])
    _write(data_copy / "risk_points.csv", rows)
    problems = data.validate_package(data_copy)
    assert any(f"risk_points.csv, linje {len(rows)}" in p and "dobbel nøkkel" in p for p in problems), problems


def test_dangling_reference(data_copy):
    _edit(data_copy / "quotes.csv", "theme_id", 1, "tema-som-ikke-finnes")
    problems = data.validate_package(data_copy)
    assert any("quotes.csv, linje 2" in p and "theme_id" in p and "viser til en rad som ikke finnes" in p for p in problems), problems


def test_unknown_source(data_copy):
    _edit(data_copy / "events.csv", "source_id", 2, "kap99")
    problems = data.validate_package(data_copy)
    assert any("events.csv, linje 3" in p and "source_id" in p for p in problems), problems


def test_value_outside_allowed_set(data_copy):
    _edit(data_copy / "factors.csv", "direction", 3, "kanskje")
    problems = data.validate_package(data_copy)
    assert any("factors.csv, linje 4, kolonne «direction»" in p and "kanskje" in p for p in problems), problems


def test_malformed_csv_unclosed_quote(data_copy):
    path = data_copy / "paradoxes.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace(",", ',"', 1)  # opens a quote that is never closed
    path.write_text("".join(lines), encoding="utf-8")
    problems = data.validate_package(data_copy)
    assert any("paradoxes.csv, linje 3" in p and "ødelagt CSV" in p for p in problems), problems


def test_extra_cell(data_copy):
    path = data_copy / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].rstrip("\n") + ",ekstra\n"
    path.write_text("".join(lines), encoding="utf-8")
    problems = data.validate_package(data_copy)
    assert any("sources.csv, linje 2" in p for p in problems), problems


def test_not_utf8(data_copy):
    path = data_copy / "glossary.csv"
    path.write_bytes(path.read_bytes() + "Ærlig,,Feil koding,kap2,x,1\n".encode("latin-1"))
    problems = data.validate_package(data_copy)
    assert any("glossary.csv" in p and "UTF-8" in p for p in problems), problems


def test_bad_line_range(data_copy):
    _edit(data_copy / "risk_points.csv", "lines", 1, "linje 300")
    problems = data.validate_package(data_copy)
    assert any("risk_points.csv, linje 2, kolonne «lines»" in p for p in problems), problems


def test_loader_raises_data_error(data_copy):
    _edit(data_copy / "municipalities.csv", "population", 1, "x")
    with pytest.raises(data.DataError, match=r"municipalities.csv, linje 2, kolonne «population»"):
        data.load("municipalities", data_copy)


def test_check_data_command_exit_codes(data_copy):
    ok = subprocess.run([sys.executable, "-m", "ropbook.data"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "Datapakken er gyldig" in ok.stdout
    _edit(data_copy / "events.csv", "start_year", 1, "tjueatten")
    bad = subprocess.run([sys.executable, "-m", "ropbook.data", str(data_copy)], capture_output=True, text=True)
    assert bad.returncode == 1
    assert "events.csv, linje 2, kolonne «start_year»" in bad.stderr


def test_book_build_refuses_bad_data(data_copy, monkeypatch):
    """The Sphinx extension validates the package when the build starts, and stops it."""
    from sphinx.errors import ExtensionError

    from ropbook import sphinx_ext

    _edit(data_copy / "municipalities.csv", "municipality_id", 1, "hovedstaden")
    monkeypatch.setattr(data, "DATA_DIR", data_copy)
    monkeypatch.setattr(sphinx_ext, "_data_dir", lambda: data_copy, raising=False)
    with pytest.raises(ExtensionError, match="municipalities.csv, linje 2, kolonne «municipality_id»"):
        sphinx_ext._validate_data(None, None)


def test_voice_names_cover_the_schema():
    """Every allowed voice has a Norwegian name, and the explorer can filter on it (issue 10)."""
    from ropbook import explore, labels

    enum = data.schema("factors")["schema"]["fields"]
    enum = next(f for f in enum if f["name"] == "voice")["constraints"]["enum"]
    assert set(labels.VOICE) == set(enum)
    assert explore.FILTERS["voice"] == "Stemme" and explore.value_names("voice") == labels.VOICE
    for name in data.table_names():
        fields = {f["name"]: f for f in data.schema(name)["schema"]["fields"]}
        if "voice" in fields:
            assert fields["voice"]["constraints"].get("required") is True, f"{name}: voice er ikke påkrevd"
