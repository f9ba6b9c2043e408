"""Where the source texts (seeds) are, and one reason to give when they are not there.

The five sources are plain text outside the repository, in ``../shared/seeds`` beside the clone
(``ROPBOOK_SEEDS`` points elsewhere). Tests that read them are marked ``@pytest.mark.seeds`` and use
:func:`path` / :func:`lines`; tests/conftest.py skips them with :func:`reason` when the sources are
missing, and test_provenance.py::test_sources_are_found fails with the same line when ``CI`` is true.
"""

from __future__ import annotations

import csv
import os
from functools import lru_cache
from pathlib import Path

from ropbook import DATA_DIR, ROOT

DEFAULT = ROOT.parent / "shared" / "seeds"


def directory() -> Path:
    return Path(os.environ.get("ROPBOOK_SEEDS") or DEFAULT)


def files() -> dict[str, str]:
    """source_id -> file name, from data/sources.csv (read plainly: no validation needed here)."""
    with open(DATA_DIR / "sources.csv", encoding="utf-8-sig", newline="") as fh:
        return {row["source_id"]: row["file"] for row in csv.DictReader(fh)}


def missing() -> list[str]:
    """The seed files that are not there (empty when all five are found)."""
    return [name for name in files().values() if not (directory() / name).is_file()]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def reason() -> str:
    """One line: what is missing, where the sources go, and how to point to them."""
    names = missing()
    return (
        f"Fant ikke kildetekstene ({len(names)} av {len(files())} mangler) i {directory()}: "
        f"testene som leser kildene (proveniens) er hoppet over. Legg de fem tekstfilene i ../shared/seeds ved siden av "
        f"repoet, eller pek på mappen med ROPBOOK_SEEDS=/sti/til/seeds (med CI=true er dette en feil)."
    )


def path(source_id: str) -> Path:
    return directory() / files()[source_id]


@lru_cache(maxsize=None)
def lines(source_id: str) -> tuple[str, ...]:
    """The lines of one source. Fails with :func:`reason` if the file is not there."""
    import pytest

    p = path(source_id)
    if not p.is_file():
        pytest.fail(reason())
    return tuple(p.read_text(encoding="utf-8").splitlines())
