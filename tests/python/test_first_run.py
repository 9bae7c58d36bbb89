"""What a new user meets on a fresh machine: the daemon runs from the extension's bundle
(`scripts/bundle-python.sh`, what `make vsix` carries) with a Python that has nothing installed,
so a notebook opens, shows its problems and saves; the kernel, which needs pyzmq and msgspec in
the user's interpreter, says so with the interpreter and the exact command, and works once they
are there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from daemon_client import DaemonClient, RpcError
from lichen.protocol import ERROR_CODES

pytestmark = pytest.mark.timeout(240)
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """The extension's Python, as `make vsix` bundles it."""
    dest = tmp_path_factory.mktemp("bundle") / "bundled"
    subprocess.run(["bash", str(REPO / "scripts" / "bundle-python.sh"), sys.executable, str(dest)],
                   check=True, timeout=180)
    return dest


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory) -> str:
    """A fresh virtual environment with nothing installed (not even pip)."""
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    python = str(venv / "bin" / "python")
    for module in ("lichen", "pygls", "zmq", "msgspec"):
        found = subprocess.run([python, "-c", f"import {module}"], capture_output=True)
        assert found.returncode != 0, f"{module} should not import in a fresh environment"
    return python


def bundled_daemon(bundle: Path, python: str) -> DaemonClient:
    return DaemonClient(env=_clean_env(), command=[python, str(bundle / "lichen_lsp.py")])


def test_a_notebook_opens_shows_its_problems_completes_and_saves_with_nothing_installed(bundle, bare_python):
    with bundled_daemon(bundle, bare_python) as daemon:
        daemon.initialize({"pythonPath": bare_python})
        nb = "file:///notebooks/first.py"
        a, b = daemon.open_notebook(nb, ["x = 1", "x = 2\ny = ("])
        problems = daemon.diagnostics(b)
        assert problems, "the cell's syntax error and the second definition of x are shown"
        parsed = daemon.request("lichen/parse", {"text": "import lichen\napp = lichen.App()\n"})
        text = daemon.request("lichen/serialize", {"notebook": parsed})["text"]
        assert "app = lichen.App()" in text
        # Completion comes from the bundle's Jedi: another cell's name is offered.
        daemon.set_text(nb, b, "y = x")
        position = {"textDocument": {"uri": b}, "position": {"line": 0, "character": 5}}
        items = daemon.request("textDocument/completion", position)["items"]
        assert "x" in [item["label"] for item in items]


def test_running_says_what_the_kernel_needs_with_the_command_then_works_once_installed(
        bundle, bare_python, tmp_path):
    with bundled_daemon(bundle, bare_python) as daemon:
        daemon.initialize({"pythonPath": bare_python})
        nb = "file:///notebooks/needs.py"
        daemon.open_notebook(nb, ["x = 6 * 7"])
        with pytest.raises(RpcError) as raised:
            daemon.request("lichen/runAll", {"notebookUri": nb})
        error = raised.value
        assert error.code == ERROR_CODES["kernelPackagesMissing"]
        assert bare_python in error.message and "pyzmq" in error.message
        assert error.data == {"python": bare_python, "packages": ["pyzmq", "msgspec"],
                              "install": [bare_python, "-m", "pip", "install", "pyzmq",
                                          "msgspec"]}
    # Once they are there (copied from this environment: the same Python, offline), the same
    # interpreter runs the cell, with the bundle's Lichen.
    site = tmp_path / "site"
    packages = Path(zmq_dir()).parent
    for name in ("zmq", "pyzmq.libs", "msgspec"):
        if (packages / name).exists():
            shutil.copytree(packages / name, site / name)
    with DaemonClient(env={**_clean_env(), "PYTHONPATH": str(site)},
                      command=[bare_python, str(bundle / "lichen_lsp.py")]) as daemon:
        daemon.initialize({"pythonPath": bare_python})
        nb = "file:///notebooks/needs.py"
        (cell,) = daemon.open_notebook(nb, ["import os, lichen\nos.path.dirname(lichen.__file__)"])
        assert daemon.request("lichen/runAll", {"notebookUri": nb})["ok"] is True
        done = [e["event"] for e in daemon.cell_events(nb) if e["event"]["kind"] == "done"]
        assert str(bundle / "lichen" / "lichen") in done[-1]["output"]["text/plain"]


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}


def zmq_dir() -> str:
    import zmq

    return os.path.dirname(zmq.__file__)


def test_a_kernel_interpreter_without_them_is_named_with_the_command(bare_python):
    """The daemon has pyzmq and msgspec, the interpreter chosen for kernels has not."""
    env = {**_clean_env(), "LICHEN_RUNTIME_PATH": str(REPO / "server")}
    with DaemonClient(env=env) as daemon:
        daemon.initialize({"pythonPath": bare_python})
        nb = "file:///notebooks/kernel_needs.py"
        daemon.open_notebook(nb, ["x = 1"])
        with pytest.raises(RpcError) as raised:
            daemon.request("lichen/runAll", {"notebookUri": nb})
        assert raised.value.code == ERROR_CODES["kernelPackagesMissing"]
        assert raised.value.data["install"] == [bare_python, "-m", "pip", "install", "pyzmq",
                                                "msgspec"]
        assert daemon.kernel_status(nb, "dead")["message"] == raised.value.message
