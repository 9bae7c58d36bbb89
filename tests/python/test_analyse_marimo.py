"""The analyser against marimo's own: the same defs and refs for every cell, where marimo's rules
depart from Python's scoping (a cell reading a name before binding it, names a class binds read
inside it) and on real code (top-level definitions of standard-library modules).

marimo 0.25.2 analyses the same cells in its own venv (`marimo_env`, `marimo_analysis.py`).
SQL cells and marimo's notion of cell-private names are covered elsewhere (`test_analyse.py`,
`test_analyse_sql.py`); here every name is public.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

from lichen.graph.analyse import analyse_cell

from marimo_env import marimo_python

HERE = Path(__file__).resolve().parent

READ_BEFORE_BINDING = [
    "x = x + 1",
    "x, y = y, x",
    "print(x)\nx = 1",
    "del x\nx = 2",
    "global g\ng = 1",
    "global g",
    "global g\nprint(g)",
    "print(x); x = 1; x",
    "x: int = x",
    "y: x = 1\nx = 1",
    "f(x := x)",
    "with open(f) as f:\n    pass",
    "with x as x:\n    pass",
    "with a as (b, c):\n    b\nb = 2",
    "try:\n    x\nexcept NameError:\n    x = 1",
    "x.a = 1\nx = 2",
    "x[0] = 1\nx = 2",
    "x = 1 if x else 2",
    "if x:\n    x = 1",
    "while x:\n    x = 0",
    "for i in x:\n    x = i",
    "for i in range(3):\n    print(x)\n    x = i",
    "match x:\n    case 1:\n        x = 2",
    "print(x)\ndef x():\n    pass",
    "print(x)\nclass x:\n    pass",
    "print(x)\nimport x",
    "print(x)\nfrom m import x",
    "print(x)\nfor x in r:\n    pass",
    "print(f'{x}')\nx = 1",
    "await x\nx = 1",
    "print(x)\nx += 1",
    "print(x)\nx: int",
    # what marimo does not count as an early read
    "x += 1",
    "x += 1\nx = 2",
    "for x in x:\n    pass",
    "x = [x for x in x]",
    "y = [x for _ in r]\nx = 1",
    "def f(a=x):\n    pass\nx = 1",
    "@x\ndef f():\n    pass\nx = 1",
    "def f(a: x) -> x:\n    pass\nx = 1",
    "lambda a=x: a\nx = 1",
    "(lambda: y)()\ny = 1",
    "class A(x, metaclass=x):\n    pass\nx = 1",
    "class A:\n    y = x\nx = 1",
    "def f():\n    return x\nx = 1",
    "def f():\n    global x\n    x = x + 1",
    "x = 1\nprint(x)",
    "x = 1\ndel x\nx",
    "import x\ndel x",
    "(x := 1) + x",
    "if c:\n    x = 1\nelse:\n    x = x",
    "if False:\n    x = 1\nprint(x)",
    "x: int\nprint(x)",
    "__x = __x + 1",
]

CLASS_SCOPES = [
    "class A:\n    n = 1\n    m = [n for _ in range(3)]",
    "class A:\n    n = 1\n    m = [i for i in range(n)]",
    "class A:\n    n = 1\n    m = [n + i for i in range(n)]",
    "class A:\n    n = 1\n    m = {k: n for k in range(3)}",
    "class A:\n    n = 1\n    m = (n for _ in range(3))",
    "class A:\n    m = [n for _ in range(3)]\n    n = 1",
    "class A:\n    n = 1\n    def f(self):\n        return n",
    "class A:\n    def f(self):\n        return n\n    n = 1",
    "class A:\n    n = 1\n    f = lambda self: n",
    "class A:\n    import os\n    def f(self):\n        return os",
    "class A:\n    def n(self):\n        pass\n    def f(self):\n        return n",
    "class A:\n    __n = 1\n    def f(self):\n        return __n",
    "class A:\n    n = 1\n    class B:\n        m = n",
    "class A:\n    n = 1\n    class B:\n        def f(self):\n            return n",
    "def g():\n    class A:\n        n = 1\n        def f(self):\n            return n\n    return A",
    "class A:\n    n = 1\nprint(n)",
    "class A:\n    x = x",
    "class A:\n    x = x + 1",
    "class A:\n    def f(self):\n        return m",
]

STDLIB = ["argparse", "dataclasses", "functools", "inspect", "json.decoder", "textwrap",
          "string", "fractions"]


def stdlib_cells() -> list[str]:
    cells = []
    for module in STDLIB:
        source = Path(importlib.util.find_spec(module).origin).read_text(encoding="utf-8")
        for node in ast.parse(source).body:
            code = ast.unparse(node)
            # marimo's private-name rule and Lichen's agree (test_analyse.py); names with one
            # leading underscore would only hide what is compared here.
            if "_" not in {n.id[:1] for n in ast.walk(node) if isinstance(n, ast.Name)}:
                cells.append(code)
    return cells


@pytest.fixture(scope="module")
def marimo_says():
    """marimo's defs and refs for every cell of this module's lists, in one run."""
    codes = READ_BEFORE_BINDING + CLASS_SCOPES + stdlib_cells()
    done = subprocess.run([str(marimo_python()), str(HERE / "marimo_analysis.py")],
                          input=json.dumps(codes), capture_output=True, text=True, check=True,
                          timeout=300, env={"PYTHONPATH": "", "PATH": ""})
    return dict(zip(codes, json.loads(done.stdout)))


def lichen_says(code: str) -> dict[str, list[str]]:
    facts = analyse_cell(code)
    assert facts.problems == (), code
    return {"defs": sorted(facts.defs), "refs": sorted(facts.refs)}


@pytest.mark.parametrize("code", READ_BEFORE_BINDING)
def test_reads_before_binding_as_marimo(marimo_says, code):
    assert lichen_says(code) == marimo_says[code]


@pytest.mark.parametrize("code", CLASS_SCOPES)
def test_class_scopes_as_marimo(marimo_says, code):
    assert lichen_says(code) == marimo_says[code]


def test_standard_library_definitions_as_marimo(marimo_says):
    cells = stdlib_cells()
    assert len(cells) > 200
    differ = [code for code in cells if lichen_says(code) != marimo_says[code]]
    assert differ == [], f"{len(differ)} of {len(cells)} differ; first:\n{differ[0]}"
