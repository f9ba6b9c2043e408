"""What a newcomer sees: no warnings of ours from the install, the build's kernels, or the notebooks' checks."""

import ast
import json
import os
import subprocess
import sys

import pytest

from ropbook import ROOT


def test_book_kernels_start_without_the_tcp_warning(tmp_path):
    """The build's kernels (kernelspec put first on JUPYTER_PATH by the Sphinx extension) start quietly."""
    from jupyter_client import KernelManager

    from ropbook import sphinx_ext

    env_before = os.environ.get("JUPYTER_PATH")
    try:
        sphinx_ext._use_book_kernel()
        km = KernelManager(kernel_name="python3")
        err = tmp_path / "kernel-stderr.txt"
        with open(err, "w") as fh:
            km.start_kernel(stderr=fh, stdout=subprocess.DEVNULL, cwd=str(tmp_path))
            client = km.client()
            client.start_channels()
            try:
                client.wait_for_ready(timeout=120)
                msg_id = client.execute("import logging; logging.getLogger('IPKernelApp').warning('ekte advarsel')")
                client.get_shell_msg(timeout=60)
            finally:
                client.stop_channels()
                km.shutdown_kernel(now=False)
        text = err.read_text()
        assert "without encryption" not in text, text
        assert msg_id
    finally:
        if env_before is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = env_before


def test_kernel_filter_drops_only_the_tcp_warning():
    import logging

    from ropbook.kernel import DropTcpWarning

    f = DropTcpWarning()

    def record(text, level=logging.WARNING):
        return logging.LogRecord("IPKernelApp", level, __file__, 1, text, None, None)

    assert not f.filter(record("Kernel is running over TCP without encryption. All communication ..."))
    assert f.filter(record("Failed to load connection file", logging.ERROR))
    assert f.filter(record("noe annet gikk galt"))


OWN_NOTEBOOKS = ["utforsk-dataene", "hvor-star-var-kommune", "om-dataene", "ordliste"]


@pytest.mark.parametrize("name", OWN_NOTEBOOKS)
def test_every_assert_in_the_notebooks_has_a_message(name):
    nb = json.loads((ROOT / "chapters" / f"{name}.ipynb").read_text(encoding="utf-8"))
    bare = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        try:
            tree = ast.parse("\n".join(l for l in source.splitlines() if not l.lstrip().startswith(("%", "!"))))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Assert) and not (isinstance(node.msg, (ast.Constant, ast.JoinedStr))):
                bare.append(f"celle {i}, linje {node.lineno}: {ast.unparse(node.test)[:60]}")
    assert not bare, f"chapters/{name}.ipynb: assert uten norsk melding: {bare}"


def test_editable_install_prints_no_warnings(tmp_path):
    """The package's own install step (the last one in make's set-up) says nothing when all is well."""
    run = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "-e", str(ROOT)],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    ours = [l for l in (run.stdout + run.stderr).splitlines() if l.strip() and "Location 'file:" not in l]
    assert not ours, "\n".join(ours)
