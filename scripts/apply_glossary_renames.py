"""Point the chapters' glossary links at merged entries, and write «Nav» in the data tables.

Run by the lead after merging the branches (it is idempotent; --dry-run shows what it would change):

    .venv/bin/python scripts/apply_glossary_renames.py [--dry-run]

1. Glossary links. notes/glossary-renames.tsv lists terms merged into another entry (old_term, new_term).
   In every chapter (Markdown cells of chapters/*.ipynb, and chapters/*.md) a link keeps the word
   the reader sees and gets the new target:
       {term}`ROP`-lidelser                      -> {term}`ROP <ROP-lidelser>`-lidelser
       {term}`vertikal samordning <Vertikal samhandling>` -> {term}`vertikal samordning <Vertikal samordning>`
   A rename that only changes the spelling (NAV -> Nav) changes the shown word too: {term}`NAV` -> {term}`Nav`.
2. Nav. The current spelling is Nav. In the data tables and the chapters' Markdown «NAV» becomes «Nav»
   everywhere except where the text is the source's own words: verbatim quotes (quotes.text,
   paradoxes.positive/negative), locators (the source's headings), and anything inside «…» or `…`.
Notebooks are rewritten in the repository's JSON layout (indent 1, UTF-8, newline at the end).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RENAMES = ROOT / "notes" / "glossary-renames.tsv"
TERM = re.compile(r"\{term\}`([^`<]*?)(?:\s*<([^>`]+)>)?`")
VERBATIM = {("quotes", "text"), ("paradoxes", "positive"), ("paradoxes", "negative")}
KEEP_COLUMNS = {"locator", "lines", "source_id", "file", "path"}


def load_renames(path: Path = RENAMES) -> dict[str, str]:
    rows = csv.DictReader(path.read_text(encoding="utf-8").splitlines(), delimiter="\t")
    return {r["old_term"]: r["new_term"] for r in rows}


def relink(text: str, renames: dict[str, str]) -> str:
    def sub(m: re.Match) -> str:
        shown, target = m.group(1), m.group(2)
        old = (target or shown).strip()
        if old not in renames:
            return m.group(0)
        new = renames[old]
        spelling_only = old.casefold() == new.casefold()
        if target is None:
            return f"{{term}}`{new}`" if spelling_only else f"{{term}}`{shown} <{new}>`"
        if spelling_only and shown.strip() == old:
            shown = new
        return f"{{term}}`{shown.strip()} <{new}>`"

    return TERM.sub(sub, text)


def nav_spelling(text: str) -> str:
    """NAV -> Nav (and NAVs -> Navs) outside «…» and `code` (a quotation keeps the source's spelling)."""
    parts = re.split(r"(«[^»]*»|`[^`]*`)", text)
    return "".join(p if p[:1] in ("«", "`") else re.sub(r"\bNAV(?=s?\b)", "Nav", p) for p in parts)


def fix_chapters(renames: dict[str, str], chapters: Path, dry: bool) -> list[str]:
    changed = []
    for path in sorted(chapters.glob("*.ipynb")):
        raw = path.read_text(encoding="utf-8")
        nb = json.loads(raw)
        touched = False
        for cell in nb["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            src = "".join(cell["source"])
            new = nav_spelling(relink(src, renames))
            if new != src:
                cell["source"] = new.splitlines(keepends=True)
                touched = True
        if touched:
            changed.append(str(path.relative_to(chapters.parent)))
            if not dry:
                path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for path in sorted(chapters.glob("*.md")):
        src = path.read_text(encoding="utf-8")
        new = nav_spelling(relink(src, renames))
        if new != src:
            changed.append(str(path.relative_to(chapters.parent)))
            if not dry:
                path.write_text(new, encoding="utf-8")
    return changed


def fix_data(data_dir: Path, dry: bool) -> list[str]:
    changed = []
    for path in sorted(data_dir.glob("*.csv")):
        table = path.stem
        text = path.read_text(encoding="utf-8")
        rows = list(csv.reader(io.StringIO(text)))
        header, n = rows[0], 0
        for row in rows[1:]:
            for i, col in enumerate(header):
                if (table, col) in VERBATIM or col in KEEP_COLUMNS or i >= len(row):
                    continue
                new = nav_spelling(row[i])
                if new != row[i]:
                    row[i], n = new, n + 1
        if n:
            changed.append(f"{path.relative_to(data_dir.parent)} ({n} celler)")
            if not dry:
                out = io.StringIO()
                csv.writer(out, lineterminator="\n").writerows(rows)
                path.write_text(out.getvalue(), encoding="utf-8")
    return changed


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dry-run", action="store_true", help="vis hva som ville blitt endret, uten å skrive")
    ap.add_argument("--root", type=Path, default=ROOT)
    args = ap.parse_args(argv)
    renames = load_renames(args.root / "notes" / "glossary-renames.tsv")
    chapters = fix_chapters(renames, args.root / "chapters", args.dry_run)
    tables = fix_data(args.root / "data", args.dry_run)
    verb = "Ville endret" if args.dry_run else "Endret"
    print(f"{verb} ordlistelenker i: {', '.join(chapters) or 'ingen filer'}")
    print(f"{verb} NAV -> Nav i: {', '.join(tables) or 'ingen tabeller'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
