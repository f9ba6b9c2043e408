"""Shared code for the ROP textbook: loading and validating the data package, and building figures.

Notebooks call it in a line or two::

    from ropbook import data, figures
    figures.municipality_profile()
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ROPBOOK_DATA_DIR lets a test point the whole book at another (e.g. deliberately broken) data folder.
DATA_DIR = Path(os.environ.get("ROPBOOK_DATA_DIR", ROOT / "data")).resolve()

__all__ = ["ROOT", "DATA_DIR"]
