"""The kernel picker: `lichen/selectKernel` runs a notebook's kernels in the interpreter chosen
for it (one VS Code kernel per Python environment), leaving other notebooks alone; a kernel
running in another interpreter ends, and an interpreter lacking what kernels need is named."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from daemon_client import DaemonClient, RpcError, dones
from lichen.protocol import ERROR_CODES

pytestmark = pytest.mark.timeout(120)


def _venv(root: Path, packages_from: str | None) -> str:
    """A virtual environment (no pip); `packages_from`: a site-packages folder it sees too."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True,
                   timeout=120)
    if packages_from is not None:
        (site,) = (root / "lib").glob("python*/site-packages")
        # addsitedir reads that folder's .pth files too (lichen's editable install is one).
        (site / "borrowed.pth").write_text(f"import site; site.addsitedir({packages_from!r})\n")
    return str(root / "bin" / "python")


@pytest.fixture(scope="module")
def other_python(tmp_path_factory) -> str:
    """Another environment than the daemon's, with this one's packages (pyzmq, msgspec)."""
    return _venv(tmp_path_factory.mktemp("env") / "venv", sysconfig.get_paths()["purelib"])


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory) -> str:
    return _venv(tmp_path_factory.mktemp("bare") / "venv", None)


def last_text(daemon, nb, cell) -> str:
    return dones(daemon.cell_events(nb), cell)[-1]["output"]["text/plain"]


def test_a_notebook_runs_in_the_interpreter_chosen_for_it_and_others_keep_theirs(other_python):
    with DaemonClient() as daemon:
        daemon.initialize()
        chosen, default = "file:///notebooks/chosen.py", "file:///notebooks/default.py"
        (a,) = daemon.open_notebook(chosen, ["import sys\nsys.executable"])
        (b,) = daemon.open_notebook(default, ["import sys\nsys.executable"])
        assert daemon.request("lichen/selectKernel",
                              {"notebookUri": chosen, "python": other_python}) is None
        daemon.request("lichen/runAll", {"notebookUri": chosen})
        daemon.request("lichen/runAll", {"notebookUri": default})
        assert last_text(daemon, chosen, a) == repr(other_python)
        assert last_text(daemon, default, b) != repr(other_python)


def test_choosing_another_interpreter_ends_the_running_kernel_and_the_next_run_uses_it(
        other_python):
    with DaemonClient() as daemon:
        daemon.initialize()
        nb = "file:///notebooks/switch.py"
        a, b = daemon.open_notebook(nb, ["x = 1", "import sys\n(sys.executable, 'x' in globals())"])
        daemon.request("lichen/run", {"notebookUri": nb, "cellUris": [a]})
        daemon.request("lichen/selectKernel", {"notebookUri": nb, "python": other_python})
        daemon.kernel_status(nb, "idle")
        daemon.request("lichen/run", {"notebookUri": nb, "cellUris": [b]})
        assert last_text(daemon, nb, b) == repr((other_python, False))
        # Back to the default: the daemon's own interpreter again.
        daemon.request("lichen/selectKernel", {"notebookUri": nb, "python": None})
        daemon.request("lichen/run", {"notebookUri": nb, "cellUris": [b]})
        assert last_text(daemon, nb, b) == repr((sys.executable, False))


def test_the_same_choice_again_keeps_the_kernel(other_python):
    with DaemonClient() as daemon:
        daemon.initialize()
        nb = "file:///notebooks/same.py"
        a, b = daemon.open_notebook(nb, ["x = 1", "x + 1"])
        daemon.request("lichen/selectKernel", {"notebookUri": nb, "python": other_python})
        daemon.request("lichen/run", {"notebookUri": nb, "cellUris": [a]})
        daemon.request("lichen/selectKernel", {"notebookUri": nb, "python": other_python})
        daemon.request("lichen/run", {"notebookUri": nb, "cellUris": [b]})
        assert last_text(daemon, nb, b) == "2"  # x is still there


def test_a_chosen_interpreter_without_the_kernel_packages_is_named_with_the_command(bare_python):
    # The kernel takes Lichen from the daemon (as from the extension's bundle), not pyzmq.
    env = {**os.environ, "LICHEN_RUNTIME_PATH": str(Path(__file__).resolve().parents[2] / "server")}
    with DaemonClient(env=env) as daemon:
        daemon.initialize()
        nb = "file:///notebooks/bare.py"
        daemon.open_notebook(nb, ["x = 1"])
        daemon.request("lichen/selectKernel", {"notebookUri": nb, "python": bare_python})
        with pytest.raises(RpcError) as raised:
            daemon.request("lichen/runAll", {"notebookUri": nb})
        assert raised.value.code == ERROR_CODES["kernelPackagesMissing"]
        assert bare_python in raised.value.message
        assert raised.value.data["python"] == bare_python


def test_a_choice_for_a_notebook_not_open_is_refused():
    with DaemonClient() as daemon:
        daemon.initialize()
        with pytest.raises(RpcError) as raised:
            daemon.request("lichen/selectKernel",
                           {"notebookUri": "file:///nowhere.py", "python": sys.executable})
        assert raised.value.code == ERROR_CODES["unknownNotebook"]
