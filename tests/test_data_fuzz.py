"""Property-based test of the data checks (Hypothesis).

It makes broken versions of every table: cells of the wrong type, missing and extra columns,
duplicate keys, dangling references, quotes left open, empty files, byte-order marks and CRLF,
stray whitespace, very long cells and bytes that are not UTF-8. Each must be either accepted and
load to the same frame as the clean table, or refused with messages that name the file and a
line. No exception escapes, no example runs long, and never a silently different table.

Speed: each example validates a package of the broken table plus the tables it refers to
(transitively), with the same :func:`ropbook.data.validate_package` the build uses; tables that
refer to the broken one are unchanged, so leaving them out cannot hide a problem in it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import signal
import tempfile
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ropbook import DATA_DIR, data

settings.register_profile(
    "ropbook",
    max_examples=150,  # bounded: about 20-40 s on a shared 2-core machine
    deadline=timedelta(seconds=15),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    database=None,  # nothing written into the repository; a failure prints the blob to replay it
    print_blob=True,
)
settings.load_profile("ropbook")

DESCRIPTOR = data._descriptor(DATA_DIR)
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}
NAMES = sorted(RESOURCES)
CLEAN_TEXT = {n: data.read_text(DATA_DIR / RESOURCES[n]["path"]) for n in NAMES}
CLEAN_ROWS = {n: list(csv.reader(io.StringIO(CLEAN_TEXT[n], newline=""))) for n in NAMES}
MAX_CELL = int(DESCRIPTOR.get("x-maxCellLength", data.MAX_CELL))
SECONDS_PER_EXAMPLE = 30  # "no hang": an example that runs longer fails


def _closure(name: str) -> list[str]:
    """The table and every table it refers to, directly or through others."""
    seen, todo = [], [name]
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.append(n)
        for fk in RESOURCES[n]["schema"].get("foreignKeys", []):
            todo.append(fk["reference"].get("resource") or n)
    return seen


@pytest.fixture(scope="module")
def clean_frames():
    assert data.validate_package() == [], "de ekte dataene må være gyldige før denne testen gir mening"
    return {n: data.read_table(n) for n in NAMES}


def _csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _field(name, column):
    return next(f for f in RESOURCES[name]["schema"]["fields"] if f["name"] == column)


def _invalid_for(field: dict, value: str) -> bool:
    """True when the value breaks the field's type or rules, so that accepting it would change the table."""
    c = field.get("constraints", {})
    if value == "":
        return bool(c.get("required"))
    # The package's own formats (ropbook.data._FORMATS): anything else is broken, whatever Frictionless thinks.
    if field["type"] in ("integer", "year") and not re.fullmatch(r"-?[0-9]+", value):
        return True
    if field["type"] == "number" and not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", value):
        return True
    if field["type"] == "boolean" and value not in {"true", "false"}:
        return True
    if "enum" in c and value not in [str(v) for v in c["enum"]]:
        return True
    if "pattern" in c and not re.fullmatch(c["pattern"], value):
        return True
    return False


CURATED = ["", "mange", "12,5", "1 000", "ja", "nei", "—", "NaN", "nan", "inf", "-", "1_000", "0x10", "١٢",
           "12.", "+", "e3", "TRUE ", "null", "None", "N/A", "kap99", "12-", "3–5", "1e400", "٣"]


@st.composite
def broken(draw):
    """(table, kind, bytes) for one broken version of one table."""
    name = draw(st.sampled_from(NAMES))
    rows = [list(r) for r in CLEAN_ROWS[name]]
    header = rows[0]
    schema = RESOURCES[name]["schema"]
    kind = draw(st.sampled_from([
        "wrong_type", "wrong_type", "missing_column", "extra_column", "duplicate_key", "dangling_reference",
        "open_quote", "empty", "bom_crlf", "whitespace", "long_cell", "not_utf8",
    ]))
    line = draw(st.integers(1, len(rows) - 1))  # index of a data row (line line+1 in the file)
    if kind == "wrong_type":
        checkable = [f for f in schema["fields"] if _invalid_for(f, "") or f["type"] != "string"
                     or {"enum", "pattern"} & set(f.get("constraints", {}))]
        field = draw(st.sampled_from(checkable))
        value = draw(st.one_of(st.sampled_from(CURATED), st.text(max_size=12)).filter(lambda v: _invalid_for(field, v)))
        rows[line][header.index(field["name"])] = value
        return name, kind, _csv(rows)
    if kind == "missing_column":
        i = draw(st.integers(0, len(header) - 1))
        return name, kind, _csv([r[:i] + r[i + 1:] for r in rows])
    if kind == "extra_column":
        i = draw(st.integers(0, len(header)))
        label = draw(st.text(min_size=0, max_size=10).filter(lambda t: t not in header or header.count(t) == 1))
        fill = draw(st.text(max_size=8))
        return name, kind, _csv([r[:i] + [label if j == 0 else fill] + r[i:] for j, r in enumerate(rows)])
    if kind == "duplicate_key":
        at = draw(st.integers(1, len(rows)))
        rows.insert(at, list(rows[line]))
        return name, kind, _csv(rows)
    if kind == "dangling_reference":
        fks = schema.get("foreignKeys", [])
        assume(fks)
        fk = draw(st.sampled_from(fks))
        column = fk["fields"] if isinstance(fk["fields"], str) else fk["fields"][0]
        target = fk["reference"].get("resource") or name
        target_col = fk["reference"]["fields"] if isinstance(fk["reference"]["fields"], str) else fk["reference"]["fields"][0]
        trows = CLEAN_ROWS[target]
        existing = {r[trows[0].index(target_col)] for r in trows[1:]}
        value = draw(st.one_of(st.sampled_from(["kap99", "kap", "storby2", "ukjent"]), st.text(min_size=1, max_size=12))
                     .filter(lambda v: v not in existing))
        rows[line][header.index(column)] = value
        return name, kind, _csv(rows)
    if kind == "open_quote":
        text = CLEAN_TEXT[name]
        lines = text.split("\n")
        starts = [0] + [m.end() for m in re.finditer(",", lines[line])]
        at = draw(st.sampled_from(starts))
        lines[line] = lines[line][:at] + '"' + lines[line][at:]
        return name, kind, "\n".join(lines).encode("utf-8")
    if kind == "empty":
        variant = draw(st.sampled_from(["", "header", "header+blank"]))
        text = {"": "", "header": CLEAN_TEXT[name].split("\n")[0] + "\n",
                "header+blank": CLEAN_TEXT[name].split("\n")[0] + "\n\n\n"}[variant]
        return name, kind, text.encode("utf-8")
    if kind == "bom_crlf":
        raw = CLEAN_TEXT[name].encode("utf-8")
        if draw(st.booleans()):
            raw = raw.replace(b"\n", b"\r\n")
        if draw(st.booleans()):
            raw = b"\xef\xbb\xbf" + raw
        return name, kind, raw
    if kind == "whitespace":
        row = draw(st.integers(0, len(rows) - 1))
        col = draw(st.integers(0, len(header) - 1))
        pad = draw(st.sampled_from([" ", "  ", "\t", "\u00a0", " \n"]))
        cell = rows[row][col]
        rows[row][col] = draw(st.sampled_from([pad + cell, cell + pad, pad + cell + pad]))
        return name, kind, _csv(rows)
    if kind == "long_cell":
        col = draw(st.integers(0, len(header) - 1))
        size = draw(st.integers(MAX_CELL + 1, 300_000))
        rows[line][col] = ("lang tekst " * (size // 11 + 1))[:size].strip() + "x"
        return name, kind, _csv(rows)
    # not_utf8: bytes that are not UTF-8, somewhere in the file
    raw = CLEAN_TEXT[name].encode("utf-8")
    at = draw(st.integers(0, len(raw)))
    junk = draw(st.binary(min_size=1, max_size=4))
    broken_raw = raw[:at] + junk + raw[at:]
    try:
        broken_raw.decode("utf-8")
        assume(False)
    except UnicodeDecodeError:
        pass
    return name, kind, broken_raw


@contextlib.contextmanager
def _time_limit(seconds: int):
    def _raise(signum, frame):
        raise TimeoutError(f"et eksempel brukte mer enn {seconds} s")

    old = signal.signal(signal.SIGALRM, _raise)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _package(tmp: Path, name: str, raw: bytes) -> Path:
    keep = _closure(name)
    descriptor = {**DESCRIPTOR, "resources": [RESOURCES[n] for n in keep]}
    (tmp / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    for n in keep:
        (tmp / RESOURCES[n]["path"]).write_bytes(raw if n == name else CLEAN_TEXT[n].encode("utf-8"))
    return tmp


@given(broken())
def test_broken_tables_are_refused_clearly_or_load_unchanged(clean_frames, case):
    name, kind, raw = case
    with tempfile.TemporaryDirectory() as tmp, _time_limit(SECONDS_PER_EXAMPLE):
        package = _package(Path(tmp), name, raw)
        problems = data.validate_package(package)
        if problems:
            file = RESOURCES[name]["path"]
            for p in problems:
                assert re.search(r"[\w-]+\.(csv|json), linje \d+", p), f"{kind}: meldingen mangler fil og linje: {p}"
            assert any(re.search(rf"\b{re.escape(file)}, linje \d+", p) for p in problems), f"{kind}: {problems}"
            assert kind != "bom_crlf", f"UTF-8 med BOM/CRLF skal godtas: {problems}"
            return
        frame = data.read_table(name, package)
        pd.testing.assert_frame_equal(frame, clean_frames[name], obj=f"{name} ({kind})")
