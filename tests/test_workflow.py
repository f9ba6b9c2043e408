"""The GitHub Pages workflow is valid (GitHub's workflow schema, vendored by check-jsonschema)
and runs the README's two commands before it publishes _build/html."""

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from ropbook import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def _check(path):
    exe = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    assert exe, "check-jsonschema mangler (requirements.txt)"
    return subprocess.run([exe, "--builtin-schema", "vendor.github-workflows", str(path)],
                          capture_output=True, text=True, timeout=120)


def test_workflow_matches_githubs_schema():
    run = _check(WORKFLOW)
    assert run.returncode == 0, run.stdout + run.stderr


def test_schema_check_refuses_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest"), encoding="utf-8")
    assert _check(broken).returncode != 0, "skjemasjekken skal avvise en jobb uten runs-on"


def test_workflow_tests_before_it_publishes():
    doc = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = doc["jobs"]["build"]["steps"]
    commands = " ".join(s.get("run", "") for s in steps)
    assert "make book" in commands and "make test" in commands
    upload = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-pages-artifact")]
    assert upload and upload[0]["with"]["path"].endswith("_build/html")
    assert steps.index(upload[0]) > max(i for i, s in enumerate(steps) if "make test" in s.get("run", ""))
    assert doc["jobs"]["deploy"]["needs"] == "build"
