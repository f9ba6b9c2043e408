import shutil
from pathlib import Path

import pytest

from ropbook import DATA_DIR

import seeds


@pytest.fixture(scope="module")
def site():
    """The built book on a local server and a headless Chromium, for the browser tests: (base URL, browser).
    Without the book or Chromium: a failure under CI, a skip elsewhere (ropbook.browser.require)."""
    from ropbook import browser as rb

    rb.require()
    with rb.serve() as base, rb.browser() as b:
        yield base, b


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A fresh copy of the real data package, to break on purpose.

    The validation stamp goes to tmp_path too, so a test never touches the book's own stamp.
    """
    dst = tmp_path / "data"
    shutil.copytree(DATA_DIR, dst, ignore=shutil.ignore_patterns("parts"))
    monkeypatch.setenv("ROPBOOK_DATA_STAMP", str(tmp_path / "data-validated"))
    return dst


# --- the source texts (seeds): provenance tests need them --------------------------------------
# A test that reads the sources is marked ``@pytest.mark.seeds`` (or ``pytestmark = pytest.mark.seeds``)
# and reads them through tests/seeds.py. Without the sources, outside CI those tests are skipped with
# one reason (seeds.reason()); with CI=true, test_provenance.py::test_sources_are_found fails with it.

def pytest_configure(config):
    config.addinivalue_line("markers", "seeds: the test reads the source texts (see tests/seeds.py)")


def pytest_collection_modifyitems(config, items):
    if not seeds.missing():
        return
    skip = pytest.mark.skip(reason=seeds.reason())
    for item in items:
        if item.get_closest_marker("seeds") and item.originalname != "test_sources_are_found":
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    # One line for all the skipped tests (in CI the failing test_sources_are_found shows it instead).
    if seeds.missing() and not seeds.in_ci() and terminalreporter.stats.get("skipped"):
        terminalreporter.write_line(seeds.reason(), yellow=True)
