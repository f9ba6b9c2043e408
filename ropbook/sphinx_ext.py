"""Sphinx extension for the book.

- Validates the data package when the build starts, unless the check before the build passed
  the same data (a stamp keyed by the data's hash, see :func:`ropbook.data.ensure_valid`): bad
  data fail the build with the file, row and column of each problem (before any notebook runs).
- Serves plotly.js from the site itself: one copy of the vendored partial bundle (see
  :mod:`ropbook.charts`), versioned, in ``_static/vendor/``, added only to pages that have a
  chart, and cached by the browser across pages.
- Runs the notebooks in the book's own kernelspec (:mod:`ropbook.kernel`), without the
  kernel's TCP warning at every start.
- Adds the book's CSS and a small script that restyles charts for the theme's dark mode.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


from .charts import PLOTLY_BUNDLE

STATIC = Path(__file__).parent / "static"
PLOTLY_JS = f"vendor/{PLOTLY_BUNDLE.name}"


def _register_bib_style():
    """Citations as short labels the reader recognises, e.g. [Kap. 2], from each entry's ``shorthand``."""
    from pybtex.plugin import register_plugin
    from pybtex.style.formatting.plain import Style as PlainStyle
    from pybtex.style.labels import BaseLabelStyle

    class ShorthandLabels(BaseLabelStyle):
        def format_labels(self, sorted_entries):
            for entry in sorted_entries:
                yield entry.fields.get("shorthand", entry.key)

    class BookStyle(PlainStyle):
        default_label_style = "ropbook-shorthand"

        def format_title(self, e, which_field, as_sentence=True):
            # Titles as written: the plain style lowercases them («ropit», «tsb», «nou»).
            from pybtex.style.template import field, sentence

            return sentence[field(which_field)] if as_sentence else field(which_field)

    register_plugin("pybtex.style.labels", "ropbook-shorthand", ShorthandLabels, force=True)
    register_plugin("pybtex.style.formatting", "ropbook", BookStyle, force=True)


def _data_dir():
    from . import data

    return data.DATA_DIR


def _validate_data(app, config):
    """Once per build, keyed by the data's hash: skipped when ``make book``'s check just passed them.

    A data error ends the build with the data message alone: it is written once to stderr and the
    build exits (SystemExit, which neither Sphinx nor Jupyter Book wraps in a traceback).
    """
    from .data import DataError, ensure_valid

    try:
        ensure_valid(_data_dir())
    except DataError as exc:
        sys.stderr.write("Datapakken har feil, boka bygges ikke:\n  " + "\n  ".join(exc.problems) + "\n")
        sys.stderr.flush()
        raise SystemExit(1) from None


def _use_book_kernel():
    """Notebooks run in the book's kernelspec (``ropbook/jupyter``): ipykernel less its TCP warning (see ropbook.kernel)."""
    here = str(Path(__file__).parent / "jupyter")
    paths = [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    if here not in paths:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([here, *paths])


def _drop_thebe(app, config):
    """Unhook sphinx-thebe, which Jupyter Book always loads.

    The book has no live kernel in the browser (no Binder), and thebe would put a script
    pointing at a CDN on every page and declare THEBE_JS_URL once per build pass
    ("Identifier 'THEBE_JS_URL' has already been declared" in the console).
    """
    for event, listeners in app.events.listeners.items():
        listeners[:] = [lst for lst in listeners if not getattr(lst.handler, "__module__", "").startswith("sphinx_thebe")]
    # Its stylesheet was registered in setup(); with its static folder unhooked it would be a 404.
    app.registry.css_files[:] = [(name, attrs) for name, attrs in app.registry.css_files if "thebe" not in str(name)]


def _write_explorer_data(app, exception):
    """Write _static/rop-data.js, the tables for the browser explorer (see ropbook.workshop)."""
    if exception is not None or app.builder.format != "html":
        return
    from .workshop import explorer_data_js

    target = Path(app.outdir) / "_static" / "rop-data.js"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(explorer_data_js(), encoding="utf-8")


def _builder_inited(app):
    if app.builder.format != "html":
        return
    app.config.html_static_path.append(str(STATIC))
    app.add_css_file("ropbook.css")
    app.add_js_file("ropbook.js", defer="defer")
    app.add_css_file("quiz.css")  # «Sjekk deg selv» (ropbook/selftest.py)
    app.add_js_file("quiz.js", defer="defer")


def _page_context(app, pagename, templatename, context, doctree):
    if "plotly-graph-div" in context.get("body", ""):
        # Page-only script: a chart page gets the one shared local plotly.js, other pages nothing.
        app.add_js_file(PLOTLY_JS, priority=200)
    if "data-rop-explorer" in context.get("body", ""):
        # «Utforsk dataene» in the browser: the data as a script file, plotly.js and the explorer.
        app.add_js_file(PLOTLY_JS, priority=200)
        app.add_js_file("rop-data.js", priority=300)
        app.add_js_file("explorer.js", defer="defer")
        app.add_css_file("workshop.css")
    if pagename == "chapters/arbeidsmoter":
        app.add_css_file("workshop.css")  # each plan printed on pages of its own
    if "data-rop-selfassessment" in context.get("body", ""):
        # The self-assessment that works in the static book (ropbook.workshop), on its page only.
        app.add_js_file("selfassess.js", defer="defer")
        app.add_css_file("workshop.css")


def setup(app):
    _register_bib_style()
    _use_book_kernel()
    app.connect("config-inited", _validate_data)
    app.connect("config-inited", _drop_thebe)
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _write_explorer_data)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
