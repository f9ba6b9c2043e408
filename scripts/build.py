"""make book: build the book, doing only the work that an input change calls for.

1. Nothing changed since the last good build (every file under chapters/, _toc.yml, _config.yml,
   references.bib, the package ropbook/, data/, pyproject.toml, requirements.txt and this script
   hashed together): say so and stop. Returns in well under a second.
2. The package, the data or the configuration changed: clear the notebook cache and Sphinx's
   doctrees, so that every notebook runs again (as before).
3. Run the notebooks that have no cached result (all of them after step 2; after an edit to one
   chapter, that chapter only), several at a time (``--jobs``, default: the number of cores), and
   put the results in the cache that myst-nb reads (``_build/.jupyter_cache``).
4. Build the HTML with Jupyter Book (warnings as errors), which now finds every notebook cached.
5. Record the hash of all inputs, only when the build succeeded (the package hash is recorded
   when the cache is cleared: from then on the cache holds results for those inputs only).

``--jobs 1`` runs the notebooks one after another; ``--no-preexecute`` leaves execution to
myst-nb inside Jupyter Book (one at a time), as the book was built before.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
CACHE = BUILD / ".jupyter_cache"
# Everything a notebook's output depends on besides the notebook itself: when this changes, all run again.
PACKAGE_STAMP = BUILD / ".inputs"
# Everything the built site depends on: when this is unchanged, there is nothing to do.
BOOK_STAMP = BUILD / ".book-inputs"
SKIP_DIRS = {"__pycache__", ".ipynb_checkpoints", "node_modules", ".pytest_cache"}
# Compiled message catalogues (.mo) are made from the .po files by the build itself: not an input.


def _files(*patterns: str) -> list[Path]:
    out = set()
    for pattern in patterns:
        for p in ROOT.glob(pattern):
            if p.is_file() and not SKIP_DIRS & set(p.relative_to(ROOT).parts) and p.suffix not in (".pyc", ".mo"):
                out.add(p)
    return sorted(out)


def digest(files: list[Path]) -> str:
    h = hashlib.sha256()
    for p in files:
        h.update(p.relative_to(ROOT).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()[:20]


def package_inputs() -> list[Path]:
    return _files("pyproject.toml", "requirements.txt", "ropbook/**/*", "data/**/*", "references.bib", "_config.yml")


def book_inputs() -> list[Path]:
    return package_inputs() + _files("_toc.yml", "chapters/**/*", "scripts/build.py")


def notebooks() -> list[Path]:
    """The notebooks the book executes: every .ipynb under chapters/."""
    return _files("chapters/**/*.ipynb")


def execution_settings() -> dict:
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8")) or {}
    ex = config.get("execute", {}) or {}
    return {"timeout": int(ex.get("timeout", 30)), "allow_errors": bool(ex.get("allow_errors", False))}


def _execute(path: str, timeout: int, allow_errors: bool):
    """Worker: run one notebook in its own folder. Returns (path, notebook, seconds, error text)."""
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    nb = nbformat.read(path, as_version=4)
    result = single_nb_execution(nb, cwd=str(Path(path).parent), timeout=timeout, allow_errors=allow_errors)
    return path, result.nb, result.time, result.exc_string


def _notebooks(n: int) -> str:
    return f"{n} notatbok" if n == 1 else f"{n} notatbøker"


def preexecute(jobs: int) -> list[str]:
    """Run every notebook without a cached result, ``jobs`` at a time. Returns error messages (empty if all ran)."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(str(CACHE))
    for nb in notebooks():
        cache.add_nb_to_project(str(nb))
    todo = [r.uri for r in cache.list_unexecuted()]
    if not todo:
        print("Alle notatbøkene er kjørt fra før (mellomlageret er gyldig).")
        return []
    settings = execution_settings()
    jobs = max(1, min(jobs, len(todo)))
    print(f"Kjører {_notebooks(len(todo))} ({jobs} om gangen) …", flush=True)
    errors = []
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_execute, uri, settings["timeout"], settings["allow_errors"]) for uri in todo]
        for future in futures:
            path, nb, seconds, error = future.result()
            name = Path(path).relative_to(ROOT)
            if error:
                errors.append(f"{name}: kjøringen feilet\n{error}")
                print(f"  {name}: FEILET etter {seconds:.1f} s", flush=True)
                continue
            # The cache is written here only, from one process, so its database never sees two writers.
            cache.cache_notebook_bundle(CacheBundleIn(nb, path, data={"execution_seconds": seconds}),
                                        check_validity=False, overwrite=True)
            print(f"  {name}: {seconds:.1f} s", flush=True)
    print(f"Notatbøkene kjørt på {time.perf_counter() - start:.1f} s.", flush=True)
    return errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bygger boka, og gjør bare det som endringene krever.")
    parser.add_argument("--jobs", "-j", type=int, default=int(os.environ.get("ROPBOOK_JOBS", os.cpu_count() or 1)),
                        help="hvor mange notatbøker som kjøres samtidig (standard: antall kjerner, eller ROPBOOK_JOBS)")
    parser.add_argument("--no-preexecute", action="store_true", help="la Jupyter Book kjøre notatbøkene, én om gangen")
    parser.add_argument("--force", action="store_true", help="bygg selv om ingenting er endret")
    args = parser.parse_args(argv)

    book_hash = digest(book_inputs())
    if (not args.force and (BUILD / "html" / "index.html").exists()
            and BOOK_STAMP.exists() and BOOK_STAMP.read_text().strip() == book_hash):
        print("Ingen endringer siden forrige bygging: boka i _build/html er oppdatert.")
        return 0

    package_hash = digest(package_inputs())
    if not PACKAGE_STAMP.exists() or PACKAGE_STAMP.read_text().strip() != package_hash:
        print("Pakken, dataene eller oppsettet er endret: alle notatbøker kjøres på nytt.")
        shutil.rmtree(CACHE, ignore_errors=True)
        shutil.rmtree(BUILD / ".doctrees", ignore_errors=True)
        BOOK_STAMP.unlink(missing_ok=True)
        # From here on the cache holds results for these inputs only: a build that fails later keeps
        # the notebooks that did run, and the next build does not clear them again.
        BUILD.mkdir(exist_ok=True)
        PACKAGE_STAMP.write_text(package_hash + "\n")
    BUILD.mkdir(exist_ok=True)

    if not args.no_preexecute:
        # The book's kernelspec (ropbook/jupyter: ipykernel less its TCP warning), as inside Sphinx.
        from ropbook.sphinx_ext import _use_book_kernel

        _use_book_kernel()
        errors = preexecute(args.jobs)
        if errors:
            print("\n".join(errors), file=sys.stderr)
            print(f"{_notebooks(len(errors))} feilet; boka er ikke bygget.", file=sys.stderr)
            return 1

    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run([str(jupyter_book), "build", str(ROOT), "--warningiserror", "--nitpick", "--keep-going"], cwd=ROOT)
    if result.returncode != 0:
        return result.returncode
    # The book's stamp last, and only after a good build: a failed build is tried again next time.
    BOOK_STAMP.write_text(book_hash + "\n")
    print("Boka er bygget: _build/html/index.html (make serve for å åpne den på localhost)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
