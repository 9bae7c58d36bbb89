"""A cell failing with ModuleNotFoundError names the distribution that provides the module (what
VS Code offers to install into the kernel's environment), with the usual import-name mapping;
once it is installed, running the cell again imports it in the same kernel."""

from __future__ import annotations

import os

import pytest

from daemon_client import DaemonClient, dones
from lichen.distributions import distribution, missing_distribution

pytestmark = pytest.mark.timeout(90)


def _raised(code: str) -> BaseException:
    try:
        exec(code, {})
    except BaseException as error:  # noqa: BLE001 - the error is what is tested
        return error
    raise AssertionError(f"{code!r} raised nothing")


@pytest.mark.parametrize("module, package", [("sklearn", "scikit-learn"), ("cv2", "opencv-python"),
                                             ("PIL", "pillow"), ("bs4", "beautifulsoup4"),
                                             ("yaml", "pyyaml"), ("polars", "polars")])
def test_import_names_map_to_their_distributions(module, package):
    assert distribution(module) == package


def test_only_a_missing_top_level_module_asks_for_a_package():
    assert missing_distribution(_raised("import lichen_no_such_package")) == "lichen_no_such_package"
    assert missing_distribution(_raised("import lichen_no_such_package.sub")) == "lichen_no_such_package"
    # An installed package's missing submodule, the standard library's, a name it lacks, or
    # another error: installing would not help.
    assert missing_distribution(_raised("import json.nope")) is None
    assert missing_distribution(_raised("import pytest.nope")) is None
    assert missing_distribution(_raised("from json import nope")) is None
    assert missing_distribution(_raised("1 / 0")) is None


def test_the_kernel_names_the_package_and_imports_it_once_installed(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))}
    with DaemonClient(env=env) as daemon:
        daemon.initialize()
        nb = "file:///notebooks/missing.py"
        (cell,) = daemon.open_notebook(nb, ["import lichen_fresh_package\nlichen_fresh_package.ANSWER"])
        daemon.request("lichen/runAll", {"notebookUri": nb})
        (failed,) = dones(daemon.cell_events(nb), cell)
        assert failed["status"] == "error"
        assert failed["error"]["ename"] == "ModuleNotFoundError"
        assert failed["error"]["package"] == "lichen_fresh_package"
        # What an install puts in the kernel's environment, while the kernel runs on.
        (site / "lichen_fresh_package").mkdir()
        (site / "lichen_fresh_package" / "__init__.py").write_text("ANSWER = 42\n")
        daemon.request("lichen/runAll", {"notebookUri": nb})
        (done,) = dones(daemon.cell_events(nb), cell)
        assert done["status"] == "success" and done["output"] == {"text/plain": "42"}


def test_other_errors_name_no_package(daemon, nb):
    (cell,) = daemon.open_notebook(nb, ["1 / 0"])
    daemon.request("lichen/runAll", {"notebookUri": nb})
    (failed,) = dones(daemon.cell_events(nb), cell)
    assert failed["error"]["ename"] == "ZeroDivisionError"
    assert failed["error"].get("package") is None
