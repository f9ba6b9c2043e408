"""`make zip`: the built book as one zip file that works unpacked, opened from the folder (file://).

The zip holds the site under one folder (``rop-laerebok/``) with a short Norwegian «LES-MEG.txt»
for workshop hosts, so unpacking it never scatters files. Nothing in the site needs a server or a
network: plotly.js, the styles and the search index are files beside the pages.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from . import ROOT

SITE = ROOT / "_build" / "html"
ZIP_PATH = ROOT / "_build" / "rop-laerebok.zip"
FOLDER = "rop-laerebok"

README = """\
Samtidige rus- og psykiske lidelser: tjenester i endring
Interaktiv lærebok – kopi til bruk uten nett
========================================================

Slik åpner du boka
1. Pakk ut hele zip-filen (høyreklikk og «Pakk ut alle» i Windows, dobbeltklikk på Mac).
   Boka virker ikke direkte fra inne i zip-filen.
2. Åpne mappen rop-laerebok og dobbeltklikk på index.html. Boka åpnes i nettleseren.
3. Ingen installasjon og ingen nettilgang trengs. Boka henter ingenting fra internett
   og sender ingenting noe sted.

Til arbeidsmøter
- Figurene er interaktive: velg visning med knappene over figuren, og åpne
  «Vis tallene som tabell» under hver figur for alle tallene.
- Hvert kapittel slutter med «Til drøfting i praksis»: spørsmål til møtet.
- Under «Utforsk» finner dere «Utforsk dataene» og selvvurderingen «Hvor står vår kommune?».
- Vis boka på storskjerm: Ctrl og + (Cmd og + på Mac) gjør teksten større.
- Kapitlene kan skrives ut (Ctrl+P) til møtereferatet.

Live-modus (valgfritt)
Med Python på maskinen kan en møteleder kjøre «make live» i kildekoden til boka.
Se README.md i prosjektet. Den statiske boka i denne mappen virker uten.

Kildene
Alle fakta, tall og sitater kommer fra ROPIT-prosjektet og en masteroppgave;
se «Referanser» og «Om dataene» i boka.
"""


def build(site: Path = SITE, target: Path = ZIP_PATH) -> Path:
    """Writes the zip. Fails with a Norwegian message if the book has not been built."""
    if not (site / "index.html").exists():
        raise FileNotFoundError(f"{site}/index.html finnes ikke: bygg boka først (make book)")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(f"{FOLDER}/LES-MEG.txt", README)
        for path in sorted(site.rglob("*")):
            rel = path.relative_to(site)
            if path.is_dir() or rel.parts[0] in (".buildinfo",) or rel.name == ".buildinfo":
                continue
            z.write(path, f"{FOLDER}/{rel.as_posix()}")
    tmp.replace(target)
    return target


def main() -> int:
    try:
        path = build()
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 1
    size = path.stat().st_size / 1e6
    print(f"Zip-filen er laget: {path.relative_to(ROOT)} ({size:.1f} MB). Pakk den ut og åpne rop-laerebok/index.html.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
