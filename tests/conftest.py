import shutil
from pathlib import Path

import pytest

from ropbook import DATA_DIR


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A fresh copy of the real data package, to break on purpose."""
    dst = tmp_path / "data"
    shutil.copytree(DATA_DIR, dst, ignore=shutil.ignore_patterns("parts"))
    return dst
