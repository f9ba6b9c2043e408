"""The data package: it validates, loads with the right types, and refuses bad input clearly."""

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from ropbook import ROOT, data


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
    assert any("municipalities.csv, linje 3, kolonne «population»: feil type: «mange» er ikke et heltall" in p for p in problems), problems


def test_empty_required_field(data_copy):
    _edit(data_copy / "indicators.csv", "label", 1, "")
    problems = data.validate_package(data_copy)
    assert any("indicators.csv, linje 2, kolonne «label»" in p and "må fylles ut" in p for p in problems), problems


def test_duplicate_key(data_copy):
    rows = _rows(data_copy / "risk_points.csv")
    rows.append(rows[1])
    _write(data_copy / "risk_points.csv", rows)
    problems = data.validate_package(data_copy)
    assert any(f"risk_points.csv, linje {len(rows)}" in p and "dobbel nøkkel" in p for p in problems), problems


def test_dangling_reference(data_copy):
    _edit(data_copy / "quotes.csv", "theme_id", 1, "tema-som-ikke-finnes")
    problems = data.validate_package(data_copy)
    assert any("quotes.csv, linje 2" in p and "theme_id" in p and "finnes ikke i kolonnen «theme_id»" in p and "themes.csv" in p for p in problems), problems


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


def test_book_build_refuses_bad_data(data_copy, monkeypatch, capsys):
    """The Sphinx extension validates the package when the build starts, and stops it with the message alone."""
    from ropbook import sphinx_ext

    _edit(data_copy / "municipalities.csv", "municipality_id", 1, "hovedstaden")
    monkeypatch.setattr(data, "DATA_DIR", data_copy)
    monkeypatch.setattr(sphinx_ext, "_data_dir", lambda: data_copy, raising=False)
    with pytest.raises(SystemExit) as stop:
        sphinx_ext._validate_data(None, None)
    assert stop.value.code == 1
    assert "municipalities.csv, linje 2, kolonne «municipality_id»" in capsys.readouterr().err


# --- tables saved from Excel, and other encodings ---

def _as_excel(path):
    """What Excel's «CSV UTF-8» writes: a byte-order mark and CRLF line ends."""
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))


def test_excel_csv_utf8_with_bom_and_crlf_is_accepted(data_copy):
    clean = data.load("glossary", data_copy)
    data._validated.cache_clear()
    _as_excel(data_copy / "glossary.csv")
    assert data.validate_package(data_copy) == []
    pd.testing.assert_frame_equal(data.load("glossary", data_copy), clean)


def test_fix_writes_the_file_back_only_when_asked(data_copy):
    path = data_copy / "glossary.csv"
    original = path.read_bytes()
    _as_excel(path)
    excel = path.read_bytes()
    check = subprocess.run([sys.executable, "-m", "ropbook.data", str(data_copy)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert path.read_bytes() == excel, "make check-data uten FIX=1 skal ikke endre filen"
    assert "glossary.csv" in check.stdout and "FIX=1" in check.stdout, check.stdout
    fix = subprocess.run([sys.executable, "-m", "ropbook.data", "--fix", str(data_copy)], capture_output=True, text=True)
    assert fix.returncode == 0, fix.stderr
    assert path.read_bytes() == original, "FIX=1 skal skrive filen som UTF-8 uten BOM, med LF"


def test_utf16_is_refused_naming_the_encoding(data_copy):
    path = data_copy / "glossary.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    problems = data.validate_package(data_copy)
    assert len(problems) == 1, problems
    assert "glossary.csv, linje 1" in problems[0] and "UTF-16" in problems[0] and "CSV UTF-8" in problems[0], problems


def test_windows_1252_is_refused_naming_the_encoding_and_line(data_copy):
    path = data_copy / "glossary.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("cp1252"))
    first = next(i for i, line in enumerate(text.splitlines(), 1) if any(ord(c) > 127 for c in line))
    problems = data.validate_package(data_copy)
    assert len(problems) == 1, problems
    assert f"glossary.csv, linje {first}" in problems[0], problems
    assert "Windows-1252" in problems[0] and "CSV UTF-8" in problems[0], problems


# --- empty tables: the least number of rows the book needs, in the package's metadata, checked first ---

def _header_only(path):
    path.write_text(path.read_text(encoding="utf-8").splitlines(keepends=True)[0], encoding="utf-8")


def test_every_table_states_the_rows_the_book_needs():
    descriptor = data._descriptor(data.DATA_DIR)
    for res in descriptor["resources"]:
        need = res.get("x-minRows")
        assert isinstance(need, int) and need >= 1, f"{res['name']}: x-minRows mangler"
        assert len(data.load(res["name"])) >= need


@pytest.mark.parametrize("table", ["paradoxes", "recommendations", "glossary", "risk_points"])
def test_table_with_only_its_header_is_refused_by_name(data_copy, table):
    _header_only(data_copy / f"{table}.csv")
    problems = data.validate_package(data_copy)
    assert problems and all(f"{table}.csv" in p for p in problems), problems
    assert "ingen rader" in problems[0], problems


def test_empty_referenced_table_is_named_not_the_rows_pointing_to_it(data_copy):
    _header_only(data_copy / "sources.csv")
    problems = data.validate_package(data_copy)
    assert problems and all("sources.csv" in p for p in problems), problems
    assert "ingen rader" in problems[0] and "minst 5" in problems[0], problems


def test_zero_byte_file_is_refused_by_name(data_copy):
    (data_copy / "risk_points.csv").write_bytes(b"")
    problems = data.validate_package(data_copy)
    assert problems == [p for p in problems if "risk_points.csv, linje 1" in p and "tom" in p] and problems, problems


def test_dangling_reference_to_an_empty_table_names_it(data_copy):
    """Even when the package allows an empty table, the dangling rows say which file is empty."""
    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        if res["name"] == "themes":
            res["x-minRows"] = 0
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    _header_only(data_copy / "themes.csv")
    problems = data.validate_package(data_copy)
    dangling = [p for p in problems if "quotes.csv" in p]
    assert dangling and all("themes.csv" in p and "tom" in p for p in dangling), problems


# --- messages in Norwegian: file, line, column, value, the table it should be in, a close match ---

ENGLISH = re.compile(r"\b(not found|lookup|values?|constraint|required|is not|type is|the|row|cell|field)\b", re.I)


def test_dangling_reference_message_is_norwegian_with_a_close_match(data_copy):
    _edit(data_copy / "events.csv", "source_id", 2, "kap99")
    problems = data.validate_package(data_copy)
    msg = next(p for p in problems if "events.csv" in p)
    assert "events.csv, linje 3, kolonne «source_id»" in msg, msg
    assert "«kap99»" in msg and "sources.csv" in msg, msg
    assert "«kap9»" in msg, msg  # the close match
    assert not ENGLISH.search(msg), msg


@pytest.mark.parametrize("table,column,row,value", [
    ("municipalities", "population", 2, "mange"),
    ("indicators", "label", 1, ""),
    ("factors", "direction", 3, "kanskje"),
    ("risk_points", "lines", 1, "linje 300"),
    ("quotes", "theme_id", 1, "tema-som-ikke-finnes"),
    ("municipalities", "population_approx", 1, "ja"),
])
def test_every_message_is_norwegian(data_copy, table, column, row, value):
    _edit(data_copy / f"{table}.csv", column, row, value)
    problems = data.validate_package(data_copy)
    assert problems, "feilen ble ikke funnet"
    for p in problems:
        assert f"{table}.csv, linje {row + 1}, kolonne «{column}»" in p, p
        assert not ENGLISH.search(p.split(": ", 1)[1]), p


def test_duplicate_key_names_the_first_line(data_copy):
    rows = _rows(data_copy / "risk_points.csv")
    rows.append(rows[1])
    _write(data_copy / "risk_points.csv", rows)
    problems = data.validate_package(data_copy)
    msg = next(p for p in problems if "dobbel nøkkel" in p)
    assert f"linje {len(rows)}" in msg and "linje 2" in msg and not ENGLISH.search(msg.split(": ", 1)[1]), msg


def test_stray_whitespace_is_refused(data_copy):
    _edit(data_copy / "events.csv", "source_id", 1, "kap2 ")
    problems = data.validate_package(data_copy)
    assert any("events.csv, linje 2, kolonne «source_id»" in p and "mellomrom" in p for p in problems), problems


# --- validation once per build, keyed by the data's hash ---

def test_validation_runs_once_per_data_hash(data_copy, monkeypatch):
    stamp = Path(os.environ["ROPBOOK_DATA_STAMP"])
    data.ensure_valid(data_copy)
    assert stamp.read_text().strip() == data.data_hash(data_copy)
    calls = []
    real = data.validate_package
    monkeypatch.setattr(data, "validate_package", lambda d=None: calls.append(d) or real(d))
    data.ensure_valid(data_copy)
    assert calls == [], "med samme hash skal pakken ikke valideres på nytt"
    _edit(data_copy / "municipalities.csv", "population", 1, "x")
    with pytest.raises(data.DataError, match=r"municipalities.csv, linje 2, kolonne «population»"):
        data.ensure_valid(data_copy)
    assert len(calls) == 1


def test_kernel_load_validates_when_the_stamp_is_stale(data_copy):
    """A notebook kernel (a fresh process) with a stamp from the clean data still refuses a broken table."""
    data.ensure_valid(data_copy)
    _edit(data_copy / "municipalities.csv", "population", 1, "x")
    code = "from ropbook import data; data.municipalities()"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "ROPBOOK_DATA_DIR": str(data_copy)})
    assert run.returncode != 0
    assert "municipalities.csv, linje 2, kolonne «population»" in run.stderr, run.stderr[-2000:]


def test_sphinx_extension_uses_the_stamp_and_still_refuses_a_broken_table(data_copy, monkeypatch, capsys):
    from ropbook import sphinx_ext

    monkeypatch.setattr(sphinx_ext, "_data_dir", lambda: data_copy)
    sphinx_ext._validate_data(None, None)
    assert Path(os.environ["ROPBOOK_DATA_STAMP"]).exists()
    _edit(data_copy / "glossary.csv", "source_id", 3, "kap99")
    with pytest.raises(SystemExit):
        sphinx_ext._validate_data(None, None)
    assert "glossary.csv, linje 4, kolonne «source_id»" in capsys.readouterr().err


def test_jupyter_book_stops_on_bad_data_with_the_message_alone(data_copy, tmp_path):
    """Even called directly (without make), the build ends with the data message once and no traceback."""
    _edit(data_copy / "glossary.csv", "source_id", 3, "kap99")
    env = {**os.environ, "ROPBOOK_DATA_DIR": str(data_copy)}
    run = subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT),
                          "--path-output", str(tmp_path / "ut")], env=env, capture_output=True, text=True, timeout=900)
    out = run.stdout + run.stderr
    assert run.returncode != 0, out[-3000:]
    assert out.count("glossary.csv, linje 4, kolonne «source_id»") == 1, out[-3000:]
    assert "Traceback" not in out, out[-3000:]


# --- make book checks the data first and keeps the notebook cache when the data are broken ---

def test_make_book_checks_data_first_and_keeps_the_cache(tmp_path):
    work = tmp_path / "repo"
    work.mkdir()
    for name in ("Makefile", "requirements.txt", "pyproject.toml", "package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, work / name)
        os.utime(work / name, (0, 0))  # older than the venv's stamp: make must not reinstall
    (work / ".venv").symlink_to(ROOT / ".venv")
    shutil.copytree(ROOT / "data", work / "data")
    cache = work / "_build" / ".jupyter_cache"
    cache.mkdir(parents=True)
    (cache / "kept").write_text("x")
    (work / "_build" / ".inputs").write_text("stale\n")
    _edit(work / "data" / "events.csv", "start_year", 1, "tjueatten")
    env = {**os.environ, "ROPBOOK_DATA_DIR": str(work / "data"), "ROPBOOK_DATA_STAMP": str(tmp_path / "stamp")}
    run = subprocess.run(["make", "-s", "book"], cwd=work, env=env, capture_output=True, text=True, timeout=900)
    out = run.stdout + run.stderr
    assert run.returncode != 0, out
    assert (cache / "kept").exists(), "en datafeil skal ikke tømme mellomlageret for notatbøkene"
    assert out.count("events.csv, linje 2, kolonne «start_year»") == 1, out
    assert "Traceback" not in out, out


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
