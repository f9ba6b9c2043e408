"""Sphinx extension for the book.

- Validates the data package when the build starts, unless the check before the build passed
  the same data (a stamp keyed by the data's hash, see :func:`ropbook.data.ensure_valid`): bad
  data fail the build with the file, row and column of each problem (before any notebook runs).
- Serves plotly.js from the site itself: one copy of the vendored partial bundle (see
  :mod:`ropbook.charts`), versioned, in ``_static/vendor/``, added only to pages that have a
  chart, and cached by the browser across pages.
- Runs the notebooks in the book's own kernelspec (:mod:`ropbook.kernel`), without the
  kernel's TCP warning at every start.
- Serves plotly.js from the site itself: one copy of the book's own bundle (see
  :mod:`ropbook.charts` and scripts/plotly-bundle/), versioned, in ``_static/vendor/``, added
  only to pages that have a chart, deferred so that it never holds up the text, and cached by
  the browser across pages. ``charts.js`` (deferred after it) draws the charts.
- Adds the book's CSS and a small script that restyles charts for the theme's dark mode and
  drives the charts' view switches.
- Accessibility and the Norwegian interface, where configuration and CSS cannot reach:
  the themes' strings in bokmål through translation catalogues (``ropbook/locale``, compiled to
  ``.mo`` here at start-up), a few theme components rendered from the book's own copies
  (``ropbook/templates``), myst-nb's code toggle named by its visible «Vis koden», citation lists
  with valid list roles, ``lang`` per page (front matter ``lang: en``), and a description
  per page (``<meta name="description">`` from the page's first paragraph).
- Lightens every page: no fontawesome.js (1.49 MB; templates/layout.html), the theme's icon CSS
  and webfonts cut down to the icons in use and its stylesheet to the rules the pages can match
  when the build finishes, no search index outside the search page, sphinx-design's assets only
  where its components are used.
"""

from __future__ import annotations

import html
import os
import re
import sys
from pathlib import Path

from docutils import nodes


from .charts import PLOTLY_BUNDLE

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"
LOCALE = Path(__file__).parent / "locale"
# Message domains with bokmål catalogues in ropbook/locale: "sphinx" (pydata-sphinx-theme's strings,
# and Sphinx's own that its nb_NO catalogue leaves empty), "booktheme" (sphinx-book-theme) and
# "togglebutton" (sphinx-togglebutton). Their own packages ship none for nb_NO ("no" at most, which
# Sphinx does not try for language nb_NO).
CATALOGS = ("sphinx", "booktheme", "togglebutton")
PLOTLY_JS = f"vendor/{PLOTLY_BUNDLE.name}"


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




def drop_script(html: str, path: str) -> str:
    """``html`` without the ``<script src=".../path">`` tags (a Jinja filter for templates/layout.html)."""
    pattern = r'\s*<script[^>]*\ssrc="(?:[^"]*/)?' + re.escape(path) + r'(?:\?[^"]*)?"[^>]*>\s*</script>'
    return re.sub(pattern, "", html)


PLOTLY_JS = f"vendor/{PLOTLY_BUNDLE.name}"


def _add_templates(app, config):
    config.templates_path = [str(TEMPLATES)] + list(config.templates_path or [])


def _register_bib_style():
    """Citations as short labels the reader recognises, e.g. [Kap. 2], from each entry's ``shorthand``."""
    from pybtex.plugin import register_plugin
    from pybtex.style.formatting.plain import Style as PlainStyle
    from pybtex.richtext import Text
    from pybtex.style.labels import BaseLabelStyle
    from pybtex.style.template import FieldIsMissing, join, node

    class ShorthandLabels(BaseLabelStyle):
        def format_labels(self, sorted_entries):
            for entry in sorted_entries:
                yield entry.fields.get("shorthand", entry.key)

    def joined_nb(context, role, format_name, short: bool = False):
        """An entry's names joined in bokmål: «A og B», «A, B og C». A list that ends in «others» (BibTeX's
        «and others») gets «mfl.», as the book writes it («Hansen mfl.»), not pybtex's English «and
        others»; ``short``: three or more names as the first and «mfl.» (for citations in the text)."""
        try:
            persons = list(context["entry"].persons[role])
        except KeyError:
            raise FieldIsMissing(role, context["entry"])
        others = bool(persons) and str(persons[-1]).strip().lower() == "others"
        formatted = [format_name(p) for p in (persons[:-1] if others else persons)]
        if short and len(formatted) > 2:
            formatted, others = formatted[:1], True
        text = join(sep=", ", sep2=" og ", last_sep=" og ")[formatted].format_data(context)
        return Text(text, " mfl.") if others else text

    @node
    def names_nb(children, context, role):
        """The reference list's names (pybtex's formatting style), joined in bokmål."""
        if children:
            raise ValueError(children)
        style = context["style"]
        return joined_nb(context, role, lambda p: style.format_name(p, style.abbreviate_names))

    class BookStyle(PlainStyle):
        default_label_style = "ropbook-shorthand"

        def format_names(self, role, as_sentence=True):
            from pybtex.style.template import sentence

            formatted = names_nb(role)
            return sentence[formatted] if as_sentence else formatted

        def format_title(self, e, which_field, as_sentence=True):
            # Titles as written: the plain style lowercases them («ropit», «tsb», «nou»).
            from pybtex.style.template import field, sentence

            return sentence[field(which_field)] if as_sentence else field(which_field)

    register_plugin("pybtex.style.labels", "ropbook-shorthand", ShorthandLabels, force=True)
    register_plugin("pybtex.style.formatting", "ropbook", BookStyle, force=True)

    # Textual citations ({cite:t}) name the authors through sphinxcontrib-bibtex's own referencing
    # style: the same bokmål joining there («Borge mfl. [Kap. 14]», not «Borge and others»).
    from dataclasses import dataclass, field as dc_field

    from sphinxcontrib.bibtex.style.referencing import PersonStyle
    from sphinxcontrib.bibtex.style.referencing.label import LabelReferenceStyle

    @node
    def citation_names_nb(children, data, role, full=False):
        """Names in citations (sphinxcontrib-bibtex's referencing style), joined in bokmål."""
        if children:
            raise ValueError(children)
        person = data["style"].person
        return joined_nb(data, role, lambda p: person.style_plugin.format(p, person.abbreviate), short=not full)

    class BokmalPersons(PersonStyle):
        def names(self, role, full):
            return citation_names_nb(role=role, full=full)

        def author_or_editor_or_title(self, full):
            from pybtex.style.template import field, first_of, optional, tag

            return first_of[
                optional[citation_names_nb(role="author", full=full)],
                optional[citation_names_nb(role="editor", full=full)],
                tag("em")[field("title")],
            ]

    @dataclass
    class BookReferenceStyle(LabelReferenceStyle):
        person: PersonStyle = dc_field(default_factory=BokmalPersons)

    from sphinxcontrib.bibtex.plugin import register_plugin as register_bibtex_plugin

    register_bibtex_plugin("sphinxcontrib.bibtex.style.referencing", "ropbook-label", BookReferenceStyle, force=True)


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

_FA_TOKEN = re.compile(r"\bfa-[a-z0-9-]+")
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
_CSS_ESCAPE = re.compile(r'content:\s*"\\([ef][0-9a-f]{3})"')
# One icon rule of Font Awesome's CSS, with one or more selectors: .fa-bars:before,.fa-navicon:before{content:"\f0c9"}
_FA_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+:(?:before|after),?)+)\{content:\s*"\\([ef][0-9a-f]{3})"\}')
_FA_NAME = re.compile(r"\.(fa-[a-z0-9-]+):")
THEME_CSS = "styles/pydata-sphinx-theme.css"


def _theme_static() -> Path:
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"


def used_icons(outdir: Path) -> tuple[set[str], set[int]]:
    """The Font Awesome icons the built site can show: (icon class names, codepoints).

    Icon classes written in the pages (``fa-solid fa-bars``) or in the site's own scripts (the theme
    adds a few from JavaScript), mapped to codepoints by the theme's CSS rules
    (``.fa-bars:before{content:"\\f0c9"}``), plus every glyph a stylesheet uses directly (the theme's
    admonition and breadcrumb icons are private-use characters in CSS variables).
    """
    static = outdir / "_static"
    names: dict[str, int] = {}
    direct: set[int] = set()
    for css in list(static.rglob("*.css")) + [_theme_static() / THEME_CSS]:
        text = css.read_text(encoding="utf-8", errors="replace")
        for selectors, cp in _FA_RULE.findall(text):
            for name in _FA_NAME.findall(selectors):
                names[name] = int(cp, 16)
        rest = _FA_RULE.sub("", text)
        direct |= {ord(c) for c in _PRIVATE_USE.findall(rest)} | {int(cp, 16) for cp in _CSS_ESCAPE.findall(rest)}
    tokens: set[str] = set()
    for page in outdir.rglob("*.html"):
        tokens |= set(_FA_TOKEN.findall(page.read_text(encoding="utf-8", errors="replace")))
    for js in static.rglob("*.js"):
        if js.name != "fontawesome.js" and "vendor" not in js.parts:
            tokens |= set(_FA_TOKEN.findall(js.read_text(encoding="utf-8", errors="replace")))
    used = {t for t in tokens if t in names}
    return used, {names[t] for t in used} | direct


def slim_icons(outdir: Path) -> dict[str, int]:
    """Cut the theme's Font Awesome down to what the built site shows. Returns the new file sizes.

    - The theme's stylesheet keeps the ``.fa-NAME:before`` rules of the icons in use only (it carries
      all 1,800 of them, about 85 KB).
    - The webfonts are replaced by subsets holding those glyphs only (300 KB down to a few KB).

    Both are cut from the theme's own files on every build, so an icon added to a page is never missing.
    """
    from fontTools import subset

    static = outdir / "_static"
    if not (static / THEME_CSS).exists():
        return {}
    names, codepoints = used_icons(outdir)
    sizes = {}
    css = (_theme_static() / THEME_CSS).read_text(encoding="utf-8")
    css = _FA_RULE.sub(lambda m: m.group(0) if names & set(_FA_NAME.findall(m.group(1))) else "", css)
    css = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css)
    (static / THEME_CSS).write_text(css, encoding="utf-8")
    sizes[THEME_CSS] = len(css.encode())
    webfonts = static / "vendor" / "fontawesome" / "webfonts"
    for src in sorted((_theme_static() / "vendor" / "fontawesome" / "webfonts").glob("*.woff2")):
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        font = subset.load_font(str(src), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codepoints)
        subsetter.subset(font)
        webfonts.mkdir(parents=True, exist_ok=True)
        subset.save_font(font, str(webfonts / src.name), options)
        sizes[src.name] = (webfonts / src.name).stat().st_size
    return sizes


# Classes that scripts build at run time from parts (Bootstrap's tooltips: "bs-" + name + "-auto"), kept whatever the scan finds.
_KEEP_CLASS_PREFIXES = ("bs-", "tooltip", "popover")
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_CLASS_IN_SELECTOR = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")


def used_class_names(outdir: Path) -> set[str]:
    """Every class any page can carry: those in the pages' HTML, and every word in the site's scripts (which add classes)."""
    names: set[str] = set()
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        for classes in re.findall(r'class="([^"]*)"', text):
            names |= set(classes.split())
        for script in re.findall(r"<script[^>]*>(.*?)</script>", text, re.S):
            names |= set(_WORD.findall(script))
    for js in (outdir / "_static").rglob("*.js"):
        if js.name != "fontawesome.js":
            names |= set(_WORD.findall(js.read_text(encoding="utf-8", errors="replace")))
    return names


def purge_css(css: str, used: set[str]) -> str:
    """The stylesheet without the rules no page can match: rules whose every selector needs a class that no page,
    and no script, ever uses. At-rules (@font-face, @keyframes, ...) and rules without classes stay."""
    import tinycss2

    def selector_possible(selector: str) -> bool:
        return all(c in used or c.startswith(_KEEP_CLASS_PREFIXES) for c in _CLASS_IN_SELECTOR.findall(selector))

    def walk(rules) -> list[str]:
        out = []
        for rule in rules:
            if rule.type == "qualified-rule":
                prelude = tinycss2.serialize(rule.prelude)
                if any(selector_possible(s) for s in prelude.split(",")):
                    out.append(prelude.strip() + "{" + tinycss2.serialize(rule.content) + "}")
            elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports", "container", "layer") and rule.content is not None:
                inner = walk(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
                if inner:
                    out.append("@" + rule.at_keyword + tinycss2.serialize(rule.prelude) + "{" + "".join(inner) + "}")
            elif rule.type != "error":
                out.append(tinycss2.serialize([rule]))
        return out

    return "".join(walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)))


def slim_theme_css(outdir: Path) -> int:
    """The theme's big stylesheet (Bootstrap and all) cut to the rules the site can use. Returns the new size."""
    path = outdir / "_static" / THEME_CSS
    if not path.exists():
        return 0
    css = purge_css(path.read_text(encoding="utf-8"), used_class_names(outdir))
    path.write_text(css, encoding="utf-8")
    return len(css.encode())


def _build_finished(app, exception):
    if exception is None and app.builder.format == "html":
        slim_icons(Path(app.outdir))
        slim_theme_css(Path(app.outdir))


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
    app.builder.templates.environment.filters["rop_drop_script"] = drop_script
    app.add_css_file("ropbook.css")
    app.add_js_file("ropbook.js", defer="defer")
    app.add_css_file("quiz.css")  # «Sjekk deg selv» (ropbook/selftest.py)
    app.add_js_file("quiz.js", defer="defer")
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
    # A page in another language says so in its front matter (``lang: en``): <html lang="en">.
    meta = app.env.metadata.get(pagename, {}) if app.env else {}
    if meta.get("lang"):
        context["language"] = str(meta["lang"])
    # Pages without prose (search, index) get the book's own description.
    description = _description(doctree) or (
        f"{app.config.html_title}. En interaktiv lærebok bygget på forskningen i ROPIT-prosjektet og en masteroppgave.")
    context["metatags"] = context.get("metatags", "") + f'\n    <meta name="description" content="{html.escape(description, quote=True)}" />'
    body = context.get("body", "")
    if 'class="sd-' not in body and ' sd-' not in body:
        # sphinx-design's stylesheet and tab script (60 KB) only on pages that use its components.
        context["css_files"][:] = [c for c in context["css_files"] if "sphinx-design" not in str(getattr(c, "filename", c))]
        context["script_files"][:] = [j for j in context["script_files"] if "design-tabs" not in str(getattr(j, "filename", j))]
    if "plotly-graph-div" in body:
        # Page-only scripts: a chart page gets the one shared local plotly.js and the small script that
        # draws the charts from their JSON, both deferred (run in document order once the page is
        # parsed: plotly.js, then ropbook.js with the theme's chart colours, then charts.js); other
        # pages get neither.
        app.add_js_file(PLOTLY_JS, priority=200, defer="defer")
        app.add_js_file("charts.js", priority=501, defer="defer")
    if "data-rop-explorer" in body:
        # «Utforsk dataene» in the browser: the data as a script file, plotly.js and the explorer, all
        # deferred (they run in this order once the page is parsed).
        if "plotly-graph-div" not in body:
            app.add_js_file(PLOTLY_JS, priority=200, defer="defer")
        app.add_js_file("rop-data.js", priority=300, defer="defer")
        app.add_js_file("explorer.js", defer="defer")
        app.add_css_file("workshop.css")
    if pagename == "chapters/arbeidsmoter":
        app.add_css_file("workshop.css")  # each plan printed on pages of its own
    if "data-rop-selfassessment" in body:
        # The self-assessment that works in the static book (ropbook.workshop), on its page only.
        app.add_js_file("selfassess.js", defer="defer")
        app.add_css_file("workshop.css")


def setup(app):
    _register_bib_style()
    _compile_catalogs()
    for catalog in CATALOGS:
        app.add_message_catalog(catalog, str(LOCALE))
    _use_book_kernel()
    app.connect("config-inited", _validate_data)
    app.connect("config-inited", _drop_thebe)
    app.connect("config-inited", _add_templates)
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _write_explorer_data)
    app.connect("build-finished", _build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
