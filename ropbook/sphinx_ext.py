"""Sphinx extension for the book.

- Validates the data package when the build starts: bad data fails the build with the
  file, row and column of each problem (before any notebook runs).
- Serves plotly.js from the site itself: one copy of the vendored partial bundle (see
  :mod:`ropbook.charts`), versioned, in ``_static/vendor/``, added only to pages that have a
  chart, and cached by the browser across pages.
- Adds the book's CSS and a small script that restyles charts for the theme's dark mode and
  drives the charts' view switches.
- Accessibility and the Norwegian interface, where configuration and CSS cannot reach:
  the themes' strings in bokmål through translation catalogues (``ropbook/locale``, compiled to
  ``.mo`` here at start-up), a few theme components rendered from the book's own copies
  (``ropbook/templates``), myst-nb's code toggle named by its visible «Vis koden», citation lists
  with valid list roles, ``lang`` per page (front matter ``lang: en``), and a description
  per page (``<meta name="description">`` from the page's first paragraph).
"""

from __future__ import annotations

import html
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError

from .charts import PLOTLY_BUNDLE

STATIC = Path(__file__).parent / "static"
LOCALE = Path(__file__).parent / "locale"
TEMPLATES = Path(__file__).parent / "templates"
# Message domains with bokmål catalogues in ropbook/locale: "sphinx" (pydata-sphinx-theme's strings,
# and Sphinx's own that its nb_NO catalogue leaves empty), "booktheme" (sphinx-book-theme) and
# "togglebutton" (sphinx-togglebutton). Their own packages ship none for nb_NO ("no" at most, which
# Sphinx does not try for language nb_NO).
CATALOGS = ("sphinx", "booktheme", "togglebutton")
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

    register_plugin("pybtex.style.labels", "ropbook-shorthand", ShorthandLabels, force=True)
    register_plugin("pybtex.style.formatting", "ropbook", BookStyle, force=True)


def _data_dir():
    from . import data

    return data.DATA_DIR


def _validate_data(app, config):
    from .data import validate_package

    problems = validate_package(_data_dir())
    if problems:
        raise ExtensionError("Datapakken har feil, boka bygges ikke:\n  " + "\n  ".join(problems))


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


def _compile_catalogs():
    """Compile ropbook/locale/*/LC_MESSAGES/*.po to .mo (not committed) when the .po is newer."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in LOCALE.glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as f:
            catalog = read_po(f)
        with mo.open("wb") as f:
            write_mo(f, catalog)


def _add_templates(app, config):
    # The book's copies of a few theme components come first (see ropbook/templates; the themes add their own components folders after it).
    config.templates_path.insert(0, str(TEMPLATES))


def _visit_hide_cell_input(self, node):
    """myst-nb's «Vis koden» toggle without its English aria-label.

    myst-nb writes ``<summary aria-label="Toggle hidden content">``, which replaces the visible
    «Vis koden» as the accessible name (axe: label-content-name-mismatch) and cannot be set by
    configuration; this visitor, registered for its node, writes the same markup without it.
    """
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    self.body.append(f'<p class="collapsed admonition-title">{html.escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{html.escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def _depart_hide_cell_input(self, node):
    self.body.append("</details>\n")


def _accessible_translator(base):
    """Sphinx's HTML translator with citations as a plain list.

    docutils marks each citation ``role="doc-biblioentry"`` (deprecated in DPUB-ARIA 1.1) inside a
    ``role="list"`` with no list items (axe: aria-deprecated-role, aria-required-children). Here each
    citation is a ``listitem``. Only the roles change; ids, classes and content stay.
    """

    class Translator(base):
        def visit_citation(self, node):
            if not isinstance(node.previous_sibling(), type(node)):
                self.body.append('<div role="list" class="citation-list">\n')
            self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))

    Translator.__name__ = f"Ropbook{base.__name__}"
    return Translator


def _builder_inited(app):
    if app.builder.format != "html":
        return
    app.config.html_static_path.append(str(STATIC))
    app.add_css_file("ropbook.css")
    app.add_js_file("ropbook.js", defer="defer")
    from myst_nb.sphinx_ import HideCodeCellNode

    app.registry.add_translation_handlers(HideCodeCellNode, html=(_visit_hide_cell_input, _depart_hide_cell_input))
    base = app.registry.get_translator_class(app.builder) or app.builder.default_translator_class
    app.set_translator(app.builder.name, _accessible_translator(base), override=True)


def _description(doctree, limit: int = 200) -> str:
    """The page's first paragraph of prose, shortened at a word: the page's description for search engines and link previews."""
    if doctree is None:
        return ""
    for para in doctree.findall(nodes.paragraph):
        if any(isinstance(a, (nodes.admonition, nodes.Admonition, nodes.container, nodes.table, nodes.footer)) for a in _ancestors(para)):
            continue
        text = " ".join(para.astext().split())
        if len(text) < 40:
            continue
        if len(text) > limit:
            text = text[: limit - 1].rsplit(" ", 1)[0] + " …"
        return text
    return ""


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def _page_context(app, pagename, templatename, context, doctree):
    if "plotly-graph-div" in context.get("body", ""):
        # Page-only script: a chart page gets the one shared local plotly.js, other pages nothing.
        app.add_js_file(PLOTLY_JS, priority=200)
    # A page in another language says so in its front matter (``lang: en``): <html lang="en">.
    meta = app.env.metadata.get(pagename, {}) if app.env else {}
    if meta.get("lang"):
        context["language"] = str(meta["lang"])
    # Pages without prose (search, index) get the book's own description.
    description = _description(doctree) or (
        f"{app.config.html_title}. En interaktiv lærebok bygget på forskningen i ROPIT-prosjektet og en masteroppgave.")
    context["metatags"] = context.get("metatags", "") + f'\n    <meta name="description" content="{html.escape(description, quote=True)}" />'


def setup(app):
    _register_bib_style()
    _compile_catalogs()
    for catalog in CATALOGS:
        app.add_message_catalog(catalog, str(LOCALE))
    app.connect("config-inited", _validate_data)
    app.connect("config-inited", _add_templates)
    app.connect("config-inited", _drop_thebe)
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
