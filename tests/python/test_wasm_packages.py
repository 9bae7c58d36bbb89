"""What the worker installs before cells run: their missing imports, a notebook's PEP 723
dependencies, each tried once."""

from __future__ import annotations

import asyncio
import textwrap

import pytest
from lichen.distributions import distribution
from lichen.wasm.packages import (
    Installer,
    explain,
    imported_modules,
    missing,
    requirement_name,
    script_dependencies,
)


@pytest.mark.parametrize("code, modules", [
    ("import numpy as np, os.path", ["numpy", "os"]),
    ("from pandas.api import types", ["pandas"]),
    ("from . import sibling\nfrom .x import y", []),
    ("def f():\n    import scipy", ["scipy"]),
    ("import a\nimport a.b", ["a"]),
    ("try:\n    import ujson\nexcept ImportError:\n    import json", ["json"]),
    ("try:\n    import fast\nexcept (ModuleNotFoundError, OSError):\n    fast = None", []),
    ("try:\n    import needed\nexcept KeyError:\n    pass", ["needed"]),
    ("import (", []),
])
def test_imported_modules_skip_relative_and_optional_imports(code, modules):
    assert imported_modules(code) == modules


def test_missing_leaves_out_the_standard_library_lichen_marimo_and_installed_packages():
    assert missing(["json", "lichen", "marimo", "pytest", "surely_not_a_module_here"]) == [
        "surely_not_a_module_here"]


def test_distributions_of_import_names_that_differ():
    assert distribution("sklearn") == "scikit-learn" and distribution("six") == "six"


@pytest.mark.parametrize("requirement, name", [
    ("six>=1.16", "six"), ("Flask [async] ==3.0", "Flask"), ("six @ file:///w/six.whl", "six"),
    ("https://host/wheels/six-1.17.0-py2.py3-none-any.whl", "six"),
])
def test_requirement_names(requirement, name):
    assert requirement_name(requirement) == name


def header(body: str) -> str:
    return "# /// script\n" + textwrap.indent(textwrap.dedent(body), "# ",
                                               lambda line: True).replace("# \n", "#\n") + "# ///\n"


def test_script_dependencies_of_a_pep_723_header():
    text = '"""A notebook."""\n' + header('requires-python = ">=3.11"\ndependencies = [\n'
                                         '  "six>=1.16",\n  "attrs",\n]\n')
    assert script_dependencies(text) == (["six>=1.16", "attrs"], None)
    assert script_dependencies("# just a comment\n") == ([], None)


def test_a_bad_script_block_is_a_problem_not_a_crash():
    deps, problem = script_dependencies(header("dependencies = 'six'\n"))
    assert deps == [] and "list of strings" in problem
    deps, problem = script_dependencies(header("dependencies = [\n"))
    assert deps == [] and "not valid TOML" in problem
    deps, problem = script_dependencies("\n".join([header("dependencies = []\n")] * 2))
    assert deps == [] and "more than one" in problem


def test_each_requirement_is_tried_once_and_failures_say_why():
    asked = []

    async def install(requirement: str) -> str:
        asked.append(requirement)
        if requirement.startswith("numpy"):
            raise ValueError("Can't find a pure Python 3 wheel for: 'numpy'")
        return "1.17.0"

    installer = Installer(install)

    async def scenario():
        return [await installer.ensure(r) for r in ("six", "Six>=1", "numpy", "numpy")]

    six, again, numpy, numpy_again = asyncio.run(scenario())
    assert asked == ["six", "numpy"]
    assert six.ok and six.version == "1.17.0" and again == six
    assert not numpy.ok and "compiled code" in numpy.problem and numpy_again == numpy


def test_explanations_of_install_failures():
    assert "offline" in explain(OSError("Failed to fetch"))
    assert explain(RuntimeError("something else")) == "something else"


def make_wheel(directory, name: str, *requires: str) -> str:
    import zipfile

    path = directory / f"{name}-1.0-py3-none-any.whl"
    metadata = "".join(f"Requires-Dist: {r}\n" for r in requires)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{name}-1.0.dist-info/METADATA",
                         f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n{metadata}\n"
                         "Requires-Dist: in-the-description-not-a-header\n")
    return str(path)


def test_a_shipped_wheel_takes_its_shipped_dependencies_first_and_the_rest_from_the_index(tmp_path):
    from packaging.requirements import Requirement

    from lichen.wasm.pyodide_install import shipped_plan, shipped_wheels

    make_wheel(tmp_path, "widget_pkg", "ipywidgets>=7", "psygnal", "Typing-Extensions",
               "pytest; extra == 'test'", "colorama; sys_platform == 'win32'", "remote-only>=2")
    make_wheel(tmp_path, "ipywidgets", "traitlets>=4.3", "comm", "typing_extensions")
    make_wheel(tmp_path, "traitlets")
    make_wheel(tmp_path, "typing_extensions")
    make_wheel(tmp_path, "psygnal")
    shipped = shipped_wheels(str(tmp_path))
    wheels, elsewhere = shipped_plan("widget-pkg", shipped, Requirement,
                                     lambda name: name == "comm")
    names = [w.rsplit("/", 1)[1].split("-")[0] for w in wheels]
    assert names == ["traitlets", "typing_extensions", "ipywidgets", "psygnal", "widget_pkg"]
    assert elsewhere == ["remote-only>=2"]
