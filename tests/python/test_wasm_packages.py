"""What the worker installs before cells run: their missing imports, a notebook's PEP 723
dependencies, each tried once."""

from __future__ import annotations

import asyncio
import textwrap

import pytest
from lichen.wasm.packages import (
    Installer,
    distribution,
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
