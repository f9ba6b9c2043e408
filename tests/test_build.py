"""make book (scripts/build.py) does only the work an input change calls for; make bench keeps the build cache."""

import importlib.util
import json
import sys

import pytest

from ropbook import ROOT


def _load(name):
    spec = importlib.util.spec_from_file_location(f"_script_{name}", ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A small book tree and build.py pointed at it, with execution and Jupyter Book replaced by recorders."""
    build = _load("build")
    for rel, text in {
        "chapters/a.ipynb": json.dumps({"cells": [{"cell_type": "code", "source": "1", "metadata": {}, "outputs": [], "execution_count": None}],
                                        "metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
        "chapters/b.ipynb": json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
        "_toc.yml": "root: chapters/a\n", "_config.yml": "execute:\n  timeout: 5\n", "references.bib": "",
        "pyproject.toml": "", "requirements.txt": "", "ropbook/x.py": "X = 1\n", "data/t.csv": "a\n1\n",
        "scripts/build.py": "# copy\n",
    }.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    monkeypatch.setattr(build, "ROOT", tmp_path)
    monkeypatch.setattr(build, "BUILD", tmp_path / "_build")
    monkeypatch.setattr(build, "CACHE", tmp_path / "_build" / ".jupyter_cache")
    monkeypatch.setattr(build, "PACKAGE_STAMP", tmp_path / "_build" / ".inputs")
    monkeypatch.setattr(build, "BOOK_STAMP", tmp_path / "_build" / ".book-inputs")
    calls = []

    def fake_book(cmd, cwd):
        calls.append("jupyter-book")
        (tmp_path / "_build" / "html").mkdir(parents=True, exist_ok=True)
        (tmp_path / "_build" / "html" / "index.html").write_text("ok")
        return type("R", (), {"returncode": 0})()

    monkeypatch.setattr(build.subprocess, "run", fake_book)
    monkeypatch.setattr(build, "preexecute", lambda jobs: calls.append(("execute", jobs)) or [])
    return build, tmp_path, calls


def test_unchanged_build_does_nothing(project):
    build, root, calls = project
    assert build.main([]) == 0 and calls == [("execute", calls[0][1]), "jupyter-book"]
    calls.clear()
    assert build.main([]) == 0
    assert calls == [], "en uendret bygging skal verken kjøre notatbøker eller Jupyter Book"


def test_chapter_edit_keeps_the_cache_and_package_edit_clears_it(project):
    build, root, calls = project
    build.main(["--jobs", "2"])
    sentinel = root / "_build" / ".jupyter_cache" / "kept"
    sentinel.parent.mkdir(parents=True)
    sentinel.write_text("")
    calls.clear()
    (root / "chapters" / "b.ipynb").write_text((root / "chapters" / "b.ipynb").read_text() + "\n")
    assert build.main(["--jobs", "2"]) == 0
    assert calls == [("execute", 2), "jupyter-book"] and sentinel.exists(), "et endret kapittel skal ikke tømme mellomlageret"
    calls.clear()
    (root / "data" / "t.csv").write_text("a\n2\n")
    assert build.main([]) == 0
    assert not sentinel.exists(), "endrede data skal kjøre alle notatbøkene på nytt"
    assert "jupyter-book" in calls


def test_failed_build_is_tried_again(project, monkeypatch):
    build, root, calls = project
    monkeypatch.setattr(build.subprocess, "run", lambda cmd, cwd: type("R", (), {"returncode": 2})())
    assert build.main([]) == 2
    assert not (root / "_build" / ".book-inputs").exists()


def test_bench_keeps_the_build_and_its_cache(monkeypatch):
    """make bench builds cold in a temporary copy and runs make book here only as the no-op it must be."""
    bench = _load("bench")
    made, removed = [], []

    def fake_make(cwd, env=None):
        made.append(cwd)
        return 1.0, 1.0, "Kjører 1 notatbok (1 om gangen) …"

    real_rmtree = bench.shutil.rmtree
    monkeypatch.setattr(bench, "make_book", fake_make)
    monkeypatch.setattr(bench.shutil, "rmtree", lambda p, **kw: removed.append(p) or real_rmtree(p, **kw))
    out = {}
    bench.bench_builds(out)
    assert made and all(cwd != ROOT and ROOT not in cwd.parents for cwd in made), made
    assert removed and all(ROOT not in __import__("pathlib").Path(p).resolve().parents for p in removed), removed
    assert not made[0].exists(), "kopien skal være ryddet bort"
    assert out["one_chapter_changed_executed"] == 1
    source = (ROOT / "scripts" / "bench.py").read_text(encoding="utf-8")
    assert '"_build"' not in source and "'_build'" not in source, "make bench skal ikke slette _build"


if __name__ == "__main__":
    sys.exit(pytest.main([__file__]))
