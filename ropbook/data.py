"""Loading and validating the structured findings in ``data/``.

The tables are described by a Frictionless Data Package (``data/datapackage.json``).
The package is validated once per build, keyed by the data's hash (:func:`ensure_valid`): the
check before the build (``make book`` runs ``python -m ropbook.data --if-changed``) or the Sphinx
extension writes a stamp with the hash; a notebook kernel whose data have the same hash skips
validation, and one whose data differ validates the whole package again. Every problem stops with
a :class:`DataError` whose Norwegian message names the file, the line and the column.

Before Frictionless, each file is read as the repository keeps it (UTF-8, LF), accepting what
Excel's «CSV UTF-8» writes (a byte-order mark, CRLF line ends); other encodings are refused with
a message naming the one found. The least number of rows the book needs is ``x-minRows`` on each
resource, checked first, so an empty table is named itself rather than through the rows that
point to it.

Row numbers are line numbers in the CSV file as an editor shows them: the header is
line 1, the first data row is line 2.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import functools
import hashlib
import io
import json
import os
import re
import sys
from pathlib import Path

import pandas as pd

from . import DATA_DIR, ROOT  # noqa: F401  (module attributes, read at call time)

csv.field_size_limit(sys.maxsize)  # a very long cell is reported by the length check, not as a broken file

MAX_CELL = 2000  # default for the package's "x-maxCellLength": longer is a paste error, not a finding

# Norwegian names for Frictionless error types, so that the message reads well for authors.
_ERROR_TEXT = {
    "missing-label": "kolonnen mangler i overskriftsraden",
    "extra-label": "ukjent kolonne i overskriftsraden",
    "blank-label": "tom kolonneoverskrift",
    "duplicate-label": "kolonnen står to ganger i overskriftsraden",
    "incorrect-label": "feil kolonnenavn (kolonnene må stå i schemaets rekkefølge)",
    "type-error": "feil type",
    "constraint-error": "verdien bryter en regel i schemaet",
    "primary-key": "dobbel nøkkel: en annen rad har samme ID",
    "unique-error": "verdien skal være unik, men står på en annen rad også",
    "foreign-key": "viser til en rad som ikke finnes",
    "extra-cell": "raden har flere celler enn det er kolonner (ødelagt CSV, f.eks. et anførselstegn som ikke er lukket)",
    "missing-cell": "raden har færre celler enn det er kolonner (ødelagt CSV?)",
    "blank-row": "tom rad",
    "encoding-error": "filen er ikke gyldig UTF-8",
    "source-error": "filen kan ikke leses",
    "scheme-error": "filen finnes ikke",
    "format-error": "filen er ikke en gyldig CSV",
}

_TYPE_TEXT = {
    "integer": "et heltall (bare sifre, f.eks. 12)",
    "number": "et tall (punktum som desimaltegn, f.eks. 12.6)",
    "boolean": "true eller false",
    "year": "et årstall (f.eks. 2016)",
    "date": "en dato (ÅÅÅÅ-MM-DD)",
}

# How the package writes numbers and truth values. Frictionless alone would also take «1_000»,
# «NaN», «inf», «١٢» or «1» for true, which pandas then reads differently or not at all.
_FORMATS = {
    "integer": (re.compile(r"-?[0-9]+"), "et heltall med sifrene 0-9, f.eks. 12"),
    "year": (re.compile(r"[0-9]{4}"), "et årstall med fire sifre, f.eks. 2016"),
    "number": (re.compile(r"-?[0-9]+(\.[0-9]+)?"), "et tall med sifrene 0-9 og punktum som desimaltegn, f.eks. 12.6"),
    "boolean": (re.compile(r"true|false"), "true eller false"),
}

_SAVE_AS_UTF8 = (
    "Lagre den på nytt som UTF-8: i Excel «Lagre som» → «CSV UTF-8 (kommadelt) (*.csv)»; "
    "i LibreOffice «Lagre som» → «Tekst CSV», «Rediger filterinnstillinger», tegnsett «Unicode (UTF-8)»."
)


class DataError(ValueError):
    """Bad data in the data package. ``problems`` holds one message per problem."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        shown = self.problems[:25]
        more = len(self.problems) - len(shown)
        text = "Feil i datapakken:\n  " + "\n  ".join(shown)
        if more:
            text += f"\n  … og {more} feil til"
        super().__init__(text)


def _descriptor(data_dir: Path) -> dict:
    path = data_dir / "datapackage.json"
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise DataError([f"{_rel(path)}: filen finnes ikke"]) from None
    except json.JSONDecodeError as exc:
        raise DataError([f"{_rel(path)}, linje {exc.lineno}: ugyldig JSON ({exc.msg})"]) from None


def _rel(path: Path) -> str:
    path = Path(path)
    try:
        return str(path.resolve().relative_to(DATA_DIR.parent.resolve()))
    except ValueError:
        return str(path)


# --- reading a CSV file the way an author may have saved it ---

def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def _decode(path: Path) -> tuple[str | None, list[str], list[str]]:
    """The file's text as the repository keeps it (no BOM, LF), problems, and notes on what was accepted.

    Accepted: UTF-8 with or without a byte-order mark, LF or CRLF line ends.
    Refused, naming the encoding found: UTF-16/UTF-32 (Excel's «Unicode-tekst»), and bytes that are
    not UTF-8 (most likely Windows-1252, Excel's plain «CSV (kommadelt)», or ISO-8859-1).
    """
    where = _rel(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [f"{where}, linje 1: filen finnes ikke"], []
    for bom, name in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                      (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
        if raw.startswith(bom):
            return None, [f"{where}, linje 1: filen er lagret som {name} («Unicode-tekst»), ikke UTF-8. {_SAVE_AS_UTF8}"], []
    notes = []
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
        notes.append("BOM (byte-rekkefølgemerke)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _line_of(raw, exc.start)
        if b"\x00" in raw:
            found = "UTF-16 uten BOM"
        else:
            try:
                raw.decode("cp1252")
                found = "Windows-1252 (ANSI, det Excel kaller «CSV (kommadelt)»)"
            except UnicodeDecodeError:
                found = "ISO-8859-1 (latin-1) eller en annen 8-biters tegnkoding"
        return None, [
            f"{where}, linje {line}: filen er ikke UTF-8; byte {exc.start} (0x{raw[exc.start]:02x}) tyder på "
            f"{found}. {_SAVE_AS_UTF8}"
        ], []
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [f"{where}, linje {line}: filen inneholder NUL-tegn (trolig UTF-16 uten BOM). {_SAVE_AS_UTF8}"], []
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            line = text.count("\n", 0, text.index("\r")) + 1
            return None, [f"{where}, linje {line}: linjeskift med bare CR (gammelt Mac-format); lagre filen med vanlige linjeskift"], []
        notes.append("CRLF-linjeskift")
    return text, [], notes


def read_text(path: Path | str) -> str:
    """The text of one CSV file as the repository keeps it; raises :class:`DataError` on an encoding problem."""
    text, problems, _ = _decode(Path(path))
    if problems:
        raise DataError(problems)
    return text


def _check_csv_shape(path: Path, fields: list[str], min_rows: int = 1, max_cell: int = MAX_CELL,
                     text: str | None = None, types: dict[str, str] | None = None) -> list[str]:
    """Checks Frictionless is lenient about: the exact header, each row's cell count, cells with
    spaces at either end or of absurd length, and the least number of rows the book needs.

    Python's csv module reads a row with an unclosed quote as one long cell running to the end
    of the file; the row count check catches that with the line where the broken row starts.
    """
    where = _rel(path)
    if text is None:
        text, problems, _ = _decode(path)
        if problems:
            return problems
    if not text.strip():
        return [f"{where}, linje 1: filen er tom (overskriftsraden mangler: {','.join(fields)})"]
    problems = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = 0
    try:
        header = next(reader)
        missing = [f for f in fields if f not in header]
        extra = [h for h in header if h not in fields]
        for name in missing:
            problems.append(f"{where}, linje 1, kolonne «{name}»: kolonnen mangler i overskriftsraden")
        for name in extra:
            hint = " (mellomrom i navnet?)" if name.strip() in fields else ""
            problems.append(f"{where}, linje 1, kolonne «{name}»: ukjent kolonne i overskriftsraden{hint}")
        if not missing and not extra and header != fields:
            if len(set(header)) != len(header):
                dup = next(h for h in header if header.count(h) > 1)
                problems.append(f"{where}, linje 1, kolonne «{dup}»: kolonnen står to ganger i overskriftsraden")
            else:
                problems.append(f"{where}, linje 1: kolonnene står i feil rekkefølge (schemaet har {', '.join(fields)})")
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            if not row:
                problems.append(f"{where}, linje {line}: tom linje (slett den)")
                continue
            rows += 1
            if len(row) != len(header):
                col = header[min(len(row), len(header)) - 1] if header else "?"
                problems.append(
                    f"{where}, linje {line}, kolonne «{col}»: raden har {len(row)} celler, "
                    f"overskriften {len(header)} (ødelagt CSV, f.eks. et anførselstegn som ikke er lukket)"
                )
                continue
            for name, cell in zip(header, row):
                if cell != cell.strip():
                    problems.append(
                        f"{where}, linje {line}, kolonne «{name}»: cellen begynner eller slutter med mellomrom "
                        f"eller linjeskift («{_short(cell)}»); fjern det"
                    )
                elif len(cell) > max_cell:
                    problems.append(
                        f"{where}, linje {line}, kolonne «{name}»: cellen har {len(cell)} tegn, mer enn de "
                        f"{max_cell} en celle kan ha (limt inn for mye?)"
                    )
                elif cell and (types or {}).get(name) in _FORMATS:
                    pattern, want = _FORMATS[types[name]]
                    if not pattern.fullmatch(cell):
                        problems.append(f"{where}, linje {line}, kolonne «{name}»: feil type: «{_short(cell)}» er ikke {want}")
    except csv.Error as exc:
        problems.append(f"{where}, linje {reader.line_num}: ødelagt CSV, trolig et anførselstegn som ikke er lukket ({exc})")
        return problems
    except StopIteration:  # only blank space
        return [f"{where}, linje 1: filen er tom (overskriftsraden mangler)"]
    if not problems and rows < min_rows:
        got = "ingen rader" if rows == 0 else f"bare {rows} rad{'er' if rows > 1 else ''}"
        problems.append(
            f"{where}, linje {rows + 2}: tabellen har {got} under overskriften; boka trenger minst {min_rows} "
            f"(«x-minRows» i datapackage.json)"
        )
    return problems


def _short(cell: str, width: int = 40) -> str:
    cell = cell.replace("\n", "⏎")
    return cell if len(cell) <= width else cell[: width - 1] + "…"


# --- Frictionless' errors, in Norwegian ---

def _close(value: str, candidates) -> str:
    match = difflib.get_close_matches(value, [c for c in candidates if c], n=1, cutoff=0.6)
    return f" Mente du «{match[0]}»?" if match else ""


def _column_values(text: str, names: list[str]) -> list[tuple[int, str]]:
    """(line, value) for the given columns of a CSV text (joined with ', ' for a composite key)."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    out = []
    for row in reader:
        out.append((reader.line_num, ", ".join(row.get(n) or "" for n in names)))
    return out


def _explain(err, res: dict, texts: dict[str, str], resources: dict[str, dict], data_dir: Path) -> str:
    """What is wrong, in Norwegian, for one Frictionless error (after «file, line, column: »)."""
    cell = getattr(err, "cell", None)
    field = next((f for f in res["schema"]["fields"] if f["name"] == getattr(err, "field_name", None)), None)
    if err.type == "type-error" and field:
        want = _TYPE_TEXT.get(field["type"], f"typen {field['type']}")
        return f"feil type: «{_short(cell or '')}» er ikke {want}"
    if err.type == "constraint-error" and field:
        m = re.match(r'constraint "(\w+)" is "(.*)"', err.note or "", re.S)
        rule, arg = (m.group(1), m.group(2)) if m else ("", "")
        constraints = field.get("constraints", {})
        if rule == "required":
            return "feltet må fylles ut"
        if rule == "enum":
            allowed = [str(v) for v in constraints.get("enum", [])]
            return f"verdien «{cell}» er ikke blant de tillatte ({', '.join(allowed)}).{_close(cell or '', allowed)}"
        if rule == "pattern" and field["name"] == "lines":
            return f"verdien «{cell}» har feil form: skriv linjer som «12», «12-15» eller «3-5, 9»"
        if rule == "pattern":
            return f"verdien «{cell}» har feil form (mønster {constraints.get('pattern', arg)})"
        names = {"minimum": "er mindre enn", "maximum": "er større enn", "minLength": "er kortere enn",
                 "maxLength": "er lengre enn", "exclusiveMinimum": "er ikke større enn",
                 "exclusiveMaximum": "er ikke mindre enn"}
        if rule in names:
            return f"verdien «{cell}» {names[rule]} {arg}"
        if rule == "unique":
            return f"verdien «{cell}» skal være unik, men står på en annen rad også"
        return f"verdien «{cell}» bryter regelen «{rule}» i schemaet"
    if err.type == "primary-key":
        keys = res["schema"].get("primaryKey", [])
        m = re.search(r"position (\d+)", err.note or "")
        first = f" som linje {m.group(1)}" if m else ""
        cells = getattr(err, "cells", None) or []
        names = [f["name"] for f in res["schema"]["fields"]]
        value = ", ".join(cells[names.index(k)] for k in keys if k in names and names.index(k) < len(cells))
        return f"dobbel nøkkel: «{value}» i «{', '.join(keys)}» er den samme{first}"
    if err.type == "foreign-key":
        target = resources.get(err.reference_name or res["name"], res)
        value = ", ".join(err.field_cells or [])
        cols = ", ".join(err.reference_field_names or [])
        target_file = _rel(data_dir / target["path"])
        values = _column_values(texts.get(target["name"], ""), list(err.reference_field_names or []))
        if not values:
            return (f"verdien «{value}» skal finnes i kolonnen «{cols}» i {target_file} (tabellen «{target['name']}»), "
                    f"men den tabellen er tom")
        return (f"verdien «{value}» finnes ikke i kolonnen «{cols}» i {target_file} (tabellen «{target['name']}»)."
                f"{_close(value, [v for _, v in values])}")
    what = _ERROR_TEXT.get(err.type)
    if what:
        return what + (f" (verdi «{_short(cell)}»)" if cell not in (None, "") else "")
    return f"Frictionless melder «{err.type}»: {err.note}"


def _column_of(err, res: dict) -> str | None:
    if err.type == "primary-key":
        return ", ".join(res["schema"].get("primaryKey", []))
    if err.type == "foreign-key":
        return ", ".join(err.field_names or [])
    return getattr(err, "field_name", None) or getattr(err, "label", None)


def validate_package(data_dir: Path | str = DATA_DIR) -> list[str]:
    """Validates every table in the package. Returns a list of problems (empty when all is well).

    Order: each file on its own first (encoding, header, cell counts, spaces, length, and the least
    number of rows, ``x-minRows``); only when every file is sound, Frictionless checks types,
    rules, keys and references across tables.
    """
    import frictionless

    data_dir = Path(data_dir)
    descriptor = _descriptor(data_dir)
    resources = {r["name"]: r for r in descriptor.get("resources", [])}
    max_cell = int(descriptor.get("x-maxCellLength", MAX_CELL))
    problems: list[str] = []
    texts: dict[str, str] = {}
    needs_copy = False
    for res in resources.values():
        path = data_dir / res["path"]
        text, found, notes = _decode(path)
        if found:
            problems += found
            continue
        texts[res["name"]] = text
        needs_copy = needs_copy or bool(notes)
        fields = [f["name"] for f in res["schema"]["fields"]]
        types = {f["name"]: f.get("type", "string") for f in res["schema"]["fields"]}
        problems += _check_csv_shape(path, fields, int(res.get("x-minRows", 1)), max_cell, text, types)
    if problems:  # Frictionless' row errors are hard to read on a file whose shape is broken
        return problems
    basepath = data_dir
    tmp = None
    if needs_copy:  # Frictionless reads the files as the repository keeps them (no BOM, LF)
        import tempfile

        tmp = tempfile.TemporaryDirectory(prefix="ropbook-data-")
        basepath = Path(tmp.name)
        for res in resources.values():
            (basepath / res["path"]).parent.mkdir(parents=True, exist_ok=True)
            (basepath / res["path"]).write_text(texts[res["name"]], encoding="utf-8", newline="")
    try:
        try:
            package = frictionless.Package(descriptor, basepath=str(basepath))
        except frictionless.FrictionlessException as exc:
            return [f"{_rel(data_dir / 'datapackage.json')}: ugyldig beskrivelse av pakken ({exc.error.message})"]
        report = package.validate()
    finally:
        if tmp is not None:
            tmp.cleanup()
    by_path = {r["path"]: r for r in resources.values()}
    for task in report.tasks:
        res = by_path.get(task.place)
        path = data_dir / task.place if task.place else data_dir
        for err in task.errors:
            row = getattr(err, "row_number", None)
            col = _column_of(err, res) if res else None
            where = _rel(path)
            if row:
                where += f", linje {row}"
            if col:
                where += f", kolonne «{col}»"
            what = _explain(err, res, texts, resources, data_dir) if res else err.note
            problems.append(f"{where}: {what}")
    for err in report.errors:
        problems.append(f"{_rel(data_dir / 'datapackage.json')}: Frictionless melder «{err.type}»: {err.message}")
    from . import voice  # cross-field rule: voice_ref required for forskning and rapport (issue 10)

    problems += voice.check_package(descriptor, data_dir, _rel)
    if not problems and (data_dir / "quiz.csv").exists():  # the self-test's kind-specific rules (ropbook.selftest)
        from .selftest import validate_rows

        quiz_rows = list(csv.DictReader((data_dir / "quiz.csv").read_text(encoding="utf-8-sig").splitlines()))
        problems += validate_rows(quiz_rows, _rel(data_dir / "quiz.csv"))
    return problems


# --- once per build: a stamp with the hash of the data that passed ---

def data_hash(data_dir: Path | str = DATA_DIR) -> str:
    """Hash of what validation depends on: the package's files and the package code that checks them."""
    data_dir = Path(data_dir)
    h = hashlib.sha256()
    files = [data_dir / "datapackage.json", *sorted(data_dir.glob("*.csv"))]
    files += sorted(Path(__file__).parent.glob("*.py"))
    for path in files:
        h.update(path.name.encode() + b"\0")
        try:
            h.update(path.read_bytes())
        except FileNotFoundError:
            h.update(b"(mangler)")
        h.update(b"\0")
    return h.hexdigest()[:32]


def stamp_path() -> Path:
    """Where the hash of the last package that passed is kept (``ROPBOOK_DATA_STAMP`` overrides)."""
    return Path(os.environ.get("ROPBOOK_DATA_STAMP") or ROOT / "_build" / ".data-validated")


def _stamp_matches(digest: str) -> bool:
    try:
        return stamp_path().read_text(encoding="utf-8").strip() == digest
    except OSError:
        return False


def _write_stamp(digest: str) -> None:
    path = stamp_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(digest + "\n", encoding="utf-8")
        os.replace(tmp, path)  # atomic: kernels may run side by side
    except OSError:
        pass  # a read-only checkout validates every time, which is only slower


def ensure_valid(data_dir: Path | str = DATA_DIR) -> bool:
    """Validates the package unless a package with the same hash passed before; raises :class:`DataError`.

    Returns True when the package was validated now, False when the stamp showed it already was.
    """
    digest = data_hash(data_dir)
    if _stamp_matches(digest):
        return False
    problems = validate_package(Path(data_dir))
    if problems:
        raise DataError(problems)
    _write_stamp(digest)
    return True


@functools.lru_cache(maxsize=4)
def _validated(data_dir: str) -> bool:
    ensure_valid(Path(data_dir))
    return True


_DTYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean", "year": "Int64"}


def schema(name: str, data_dir: Path | str = DATA_DIR) -> dict:
    """The Frictionless resource descriptor of one table."""
    for res in _descriptor(Path(data_dir))["resources"]:
        if res["name"] == name:
            return res
    raise KeyError(f"ukjent tabell: {name}")


def table_names(data_dir: Path | str = DATA_DIR) -> list[str]:
    return [r["name"] for r in _descriptor(Path(data_dir))["resources"]]


def load(name: str, data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """Loads one table as a DataFrame with the schema's dtypes, after validating the package
    (once per process, and not at all when a package with the same hash passed before)."""
    data_dir = Path(data_dir).resolve()
    _validated(str(data_dir))
    return read_table(name, data_dir)


def read_table(name: str, data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """Reads one table with the schema's dtypes, without validating: use :func:`load`."""
    data_dir = Path(data_dir)
    res = schema(name, data_dir)
    fields = res["schema"]["fields"]
    df = pd.read_csv(
        io.StringIO(read_text(data_dir / res["path"])),
        dtype=str,
        keep_default_na=False,
        na_values=[""],
    )
    for f in fields:
        kind = _DTYPES.get(f["type"], "string")
        col = df[f["name"]]
        if kind == "boolean":
            df[f["name"]] = col.map({"true": True, "false": False}).astype("boolean")
        elif kind in ("Int64", "Float64"):
            df[f["name"]] = pd.to_numeric(col).astype(kind)
        else:
            df[f["name"]] = col.astype("string")
    df.attrs["table"] = name
    df.attrs["path"] = f"data/{res['path']}"
    return df


def _loader(name: str):
    def fn(data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
        return load(name, data_dir)

    fn.__name__ = name
    fn.__doc__ = f"Loads the «{name}» table (validated) as a DataFrame."
    return fn


sources = _loader("sources")
reforms = _loader("reforms")
reform_instruments = _loader("reform_instruments")
indicators = _loader("indicators")
municipalities = _loader("municipalities")
municipality_facts = _loader("municipality_facts")
events = _loader("events")
data_collection = _loader("data_collection")
units = _loader("units")
actors = _loader("actors")
coordination_links = _loader("coordination_links")
themes = _loader("themes")
informants = _loader("informants")
quotes = _loader("quotes")
coordinator_roles = _loader("coordinator_roles")
factors = _loader("factors")
risk_points = _loader("risk_points")
guideline_expectations = _loader("guideline_expectations")
paradoxes = _loader("paradoxes")
recommendations = _loader("recommendations")
glossary = _loader("glossary")
quiz = _loader("quiz")


def value(indicator_id: str) -> float:
    """The value of one indicator, for the text and the notebooks' assertion cells."""
    df = indicators()
    row = df.loc[df["indicator_id"] == indicator_id]
    if row.empty:
        raise KeyError(f"data/indicators.csv: ingen rad med indicator_id «{indicator_id}»")
    return float(row["value"].iloc[0])


def main(argv: list[str] | None = None) -> int:
    """``python -m ropbook.data``: validate the package, print problems, exit non-zero on any.

    ``--fix`` writes files saved with a BOM or CRLF back as the repository keeps them (UTF-8 without
    BOM, LF); without it they are accepted and left as they are. ``--if-changed`` (used by
    ``make book``) skips the check when the data have the hash of the last package that passed.
    """
    import argparse

    parser = argparse.ArgumentParser(description="Validerer datapakken i data/.")
    parser.add_argument("data_dir", nargs="?", default=str(DATA_DIR))
    parser.add_argument("--fix", action="store_true",
                        help="skriv filer med BOM eller CRLF tilbake som UTF-8 uten BOM, med LF")
    parser.add_argument("--if-changed", action="store_true",
                        help="hopp over kontrollen når dataene er de samme som sist de besto den")
    args = parser.parse_args(argv)
    data_dir = Path(args.data_dir)
    if args.if_changed and _stamp_matches(data_hash(data_dir)):
        print("Datapakken er uendret siden den sist besto kontrollen.")
        return 0
    try:
        descriptor = _descriptor(data_dir)
    except DataError as exc:
        print("\n".join(["1 feil i datapakken:"] + ["  " + p for p in exc.problems]), file=sys.stderr)
        return 1
    for res in descriptor.get("resources", []):
        path = data_dir / res["path"]
        text, found, notes = _decode(path)
        if found or not notes:
            continue
        if args.fix:
            path.write_text(text, encoding="utf-8", newline="")
            print(f"{_rel(path)}: skrevet tilbake som UTF-8 uten BOM, med LF (hadde {' og '.join(notes)}).")
        else:
            print(f"{_rel(path)}: lagret med {' og '.join(notes)} (slik Excel gjør); godtatt. "
                  f"«make check-data FIX=1» skriver den slik repoet har den (UTF-8 uten BOM, LF).")
    problems = validate_package(data_dir)
    if problems:
        print(f"{len(problems)} feil i datapakken:", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    _write_stamp(data_hash(data_dir))
    names = table_names(data_dir)
    rows = sum(len(load(n, data_dir)) for n in names)
    print(f"Datapakken er gyldig: {len(names)} tabeller, {rows} rader.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
