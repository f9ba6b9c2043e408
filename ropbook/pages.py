"""Back-matter pages built from the data package: «Om dataene» and the glossary.

They return Markdown (MyST) that the notebook displays; the book renders it as part of the
page, so the glossary's terms become link targets for ``{term}`` roles in the chapters.
"""

from __future__ import annotations

from IPython.display import Markdown

from . import data

TYPE_NAMES = {"string": "tekst", "integer": "heltall", "number": "tall", "boolean": "ja/nei", "year": "årstall"}


def _cell(text) -> str:
    return str(text).replace("\n", " ")


def data_tables() -> Markdown:
    """Every table with its columns in Norwegian and a download link to the CSV."""
    out = []
    for name in data.table_names():
        res = data.schema(name)
        df = data.load(name)
        fields = res["schema"]["fields"]
        pk = ", ".join(res["schema"]["primaryKey"])
        out.append(f"### {res['title']}\n")
        out.append(f"{res['description']} {len(df)} rader. Nøkkel: `{pk}`. "
                   f"Last ned: {{download}}`{res['path']} <../data/{res['path']}>`\n")
        # A definition list rather than a wide table: it reads well on a phone too.
        for f in fields:
            cons = f.get("constraints", {})
            desc = f.get("description", "") + "."
            if "enum" in cons:
                desc += " Tillatte verdier: " + ", ".join(f"`{v}`" for v in cons["enum"]) + "."
            fks = [fk["reference"]["resource"] for fk in res["schema"].get("foreignKeys", []) if f["name"] in fk["fields"]]
            if fks:
                desc += f" Viser til tabellen `{fks[0]}`."
            required = "påkrevd" if cons.get("required") else "valgfri"
            out.append(f"`{f['name']}` – **{_cell(f.get('title', ''))}** ({TYPE_NAMES.get(f['type'], f['type'])}, {required})")
            out.append(f": {_cell(desc)}")
            out.append("")
        out.append("")
    return Markdown("\n".join(out))


def merged_terms() -> dict[str, list[str]]:
    """Glossary terms merged into another entry (``notes/glossary-renames.tsv``): new term -> old terms.

    The glossary lists an old term beside the entry it was merged into, so the reader finds «ROP»
    under «ROP-lidelser», and a ``{term}`` link to the old word still resolves until
    ``scripts/apply_glossary_renames.py`` has pointed the chapters' links at the new entry.
    """
    import csv

    from . import ROOT

    path = ROOT / "notes" / "glossary-renames.tsv"
    out: dict[str, list[str]] = {}
    if path.exists():
        for row in csv.DictReader(path.read_text(encoding="utf-8").splitlines(), delimiter="\t"):
            if row["old_term"].casefold() != row["new_term"].casefold():  # NAV -> Nav is a spelling, not a second word
                out.setdefault(row["new_term"], []).append(row["old_term"])
    return out


def glossary() -> Markdown:
    """The glossary as a MyST glossary directive, sorted alphabetically (Norwegian order).

    After each explanation: where the term is found, and whose explanation it is (the book's own
    where it goes beyond the sources, or the cited work's).
    """
    from .display import where as place
    df = data.glossary()
    order = "abcdefghijklmnopqrstuvwxyzæøå"
    key = lambda t: [order.index(c) if c in order else -1 for c in t.lower()]  # noqa: E731
    lines = ["```{glossary}"]
    for r in sorted(df.itertuples(), key=lambda r: key(r.term)):
        lines.append(r.term)
        lines.extend(merged_terms().get(r.term, []))  # old terms merged into this entry: links to them still land here
        expansion = f"*{r.expansion}.* " if isinstance(r.expansion, str) else ""
        where = place(r.source_id, r.locator)
        if r.voice == "bok":  # the explanation goes beyond the sources (issue 10): say so
            where = f"bokas egen forklaring; begrepet står i {where}"
        elif r.voice in ("forskning", "rapport"):
            where = f"{r.voice_ref}, gjengitt i {where}"
        lines.append(f"  {expansion}{r.definition} <small>({where})</small>")
        lines.append("")
    lines.append("```")
    return Markdown("\n".join(lines))
