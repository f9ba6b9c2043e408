"""Loading and validating the structured findings in ``data/``.

The tables are described by a Frictionless Data Package (``data/datapackage.json``).
Every loader validates the whole package once per process (types, required fields,
allowed values, primary and foreign keys) and stops with a :class:`DataError` whose
message names the file, the row and the column of each problem.

Row numbers are line numbers in the CSV file as an editor shows them: the header is
line 1, the first data row is line 2.
"""

from __future__ import annotations

import csv
import functools
import json
from pathlib import Path

import pandas as pd

from . import DATA_DIR  # noqa: F401  (module attribute, read at call time)

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
    "foreign-key": "viser til en rad som ikke finnes",
    "extra-cell": "raden har flere celler enn det er kolonner (ødelagt CSV, f.eks. et anførselstegn som ikke er lukket)",
    "missing-cell": "raden har færre celler enn det er kolonner (ødelagt CSV?)",
    "blank-row": "tom rad",
    "encoding-error": "filen er ikke gyldig UTF-8",
    "source-error": "filen kan ikke leses",
    "scheme-error": "filen finnes ikke",
    "format-error": "filen er ikke en gyldig CSV",
}


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
        return json.loads(path.read_text(encoding="utf-8"))
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


def _check_csv_shape(path: Path, fields: list[str]) -> list[str]:
    """Checks Frictionless is lenient about: the exact header and each row's cell count.

    Python's csv module reads a row with an unclosed quote as one long cell running to the end
    of the file; the row count check catches that with the line where the broken row starts.
    """
    problems = []
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [f"{_rel(path)}: filen finnes ikke"]
    except UnicodeDecodeError as exc:
        return [f"{_rel(path)}, byte {exc.start}: filen er ikke gyldig UTF-8"]
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            return [f"{_rel(path)}: filen er tom"]
        missing = [f for f in fields if f not in header]
        extra = [h for h in header if h not in fields]
        for name in missing:
            problems.append(f"{_rel(path)}, linje 1, kolonne «{name}»: kolonnen mangler i overskriftsraden")
        for name in extra:
            problems.append(f"{_rel(path)}, linje 1, kolonne «{name}»: ukjent kolonne i overskriftsraden")
        if not missing and not extra and header != fields:
            problems.append(
                f"{_rel(path)}, linje 1: kolonnene står i feil rekkefølge (schemaet har {', '.join(fields)})"
            )
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            if len(row) != len(header):
                col = header[min(len(row), len(header)) - 1] if header else "?"
                problems.append(
                    f"{_rel(path)}, linje {line}, kolonne «{col}»: raden har {len(row)} celler, "
                    f"overskriften {len(header)} (ødelagt CSV, f.eks. et anførselstegn som ikke er lukket)"
                )
    except csv.Error as exc:
        problems.append(f"{_rel(path)}, linje {reader.line_num}: ødelagt CSV, trolig et anførselstegn som ikke er lukket ({exc})")
    return problems


def validate_package(data_dir: Path | str = DATA_DIR) -> list[str]:
    """Validates every table in the package. Returns a list of problems (empty when all is well)."""
    import frictionless

    data_dir = Path(data_dir)
    descriptor = _descriptor(data_dir)
    problems: list[str] = []
    for res in descriptor.get("resources", []):
        fields = [f["name"] for f in res["schema"]["fields"]]
        problems += _check_csv_shape(data_dir / res["path"], fields)
    if problems:  # Frictionless' row errors are hard to read on a file whose shape is broken
        return problems
    try:
        package = frictionless.Package(descriptor, basepath=str(data_dir))
    except frictionless.FrictionlessException as exc:
        return [f"{_rel(data_dir / 'datapackage.json')}: {exc.error.message}"]
    report = package.validate()
    keys = {r["path"]: r["schema"].get("primaryKey", []) for r in descriptor.get("resources", [])}
    for task in report.tasks:
        path = data_dir / task.place if task.place else data_dir
        for err in task.errors:
            row = getattr(err, "row_number", None)
            col = getattr(err, "field_name", None) or getattr(err, "label", None)
            if err.type == "primary-key":
                col = ", ".join(keys.get(task.place, []))
            where = _rel(path)
            if row:
                where += f", linje {row}"
            if col:
                where += f", kolonne «{col}»"
            what = _ERROR_TEXT.get(err.type, err.type)
            cell = getattr(err, "cell", None)
            detail = f" (verdi «{cell}»)" if cell not in (None, "") else ""
            problems.append(f"{where}: {what}{detail}: {err.note}")
    for err in report.errors:
        problems.append(f"{_rel(data_dir / 'datapackage.json')}: {err.message}")
    if not problems and (data_dir / "quiz.csv").exists():  # the self-test's kind-specific rules (ropbook.selftest)
        from .selftest import validate_rows

        quiz_rows = list(csv.DictReader((data_dir / "quiz.csv").read_text(encoding="utf-8").splitlines()))
        problems += validate_rows(quiz_rows, _rel(data_dir / "quiz.csv"))
    return problems


@functools.lru_cache(maxsize=4)
def _validated(data_dir: str) -> bool:
    problems = validate_package(Path(data_dir))
    if problems:
        raise DataError(problems)
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
    """Loads one table as a DataFrame with the schema's dtypes, after validating the package."""
    data_dir = Path(data_dir).resolve()
    _validated(str(data_dir))
    res = schema(name, data_dir)
    fields = res["schema"]["fields"]
    df = pd.read_csv(
        data_dir / res["path"],
        dtype=str,
        keep_default_na=False,
        na_values=[""],
        encoding="utf-8",
    )
    for f in fields:
        kind = _DTYPES.get(f["type"], "string")
        col = df[f["name"]]
        if kind == "boolean":
            df[f["name"]] = col.map({"true": True, "false": False, "True": True, "False": False}).astype("boolean")
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
    """``python -m ropbook.data``: validate the package, print problems, exit non-zero on any."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(description="Validerer datapakken i data/.")
    parser.add_argument("data_dir", nargs="?", default=str(DATA_DIR))
    args = parser.parse_args(argv)
    problems = validate_package(Path(args.data_dir))
    if problems:
        print(f"{len(problems)} feil i datapakken:", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    names = table_names(args.data_dir)
    rows = sum(len(load(n, args.data_dir)) for n in names)
    print(f"Datapakken er gyldig: {len(names)} tabeller, {rows} rader.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
