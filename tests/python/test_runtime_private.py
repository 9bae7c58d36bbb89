"""Private names: which `_x` are renamed to the cell's namespace key, and which keep their name."""

from __future__ import annotations

import ast

import pytest

from lichen.runtime.private import demangle, is_private, mangle

P = "_cell_c"


def renamed(code: str) -> str:
    tree = ast.parse(code)
    mangle(tree, P)
    return ast.unparse(tree)


def run(code: str) -> dict:
    tree = ast.parse(code)
    mangle(tree, P)
    ns: dict = {}
    exec(compile(tree, "<cell>", "exec"), ns)
    ns.pop("__builtins__")
    return ns


@pytest.mark.parametrize("name, private", [
    ("_x", True), ("_", True), ("__", True), ("x", False), ("__name__", False), ("__x", False),
])
def test_which_names_are_private(name, private):
    assert is_private(name) is private


@pytest.mark.parametrize("code, expected", [
    # module level: every binding and use
    ("_x = 1\ny = _x", "_cell_c_x = 1\ny = _cell_c_x"),
    ("import _thread", "import _thread as _cell_c_thread"),
    ("from m import _a", "from m import _a as _cell_c_a"),
    ("def _f():\n    pass", "def _cell_c_f():\n    pass"),
    ("class _C:\n    pass", "class _cell_c_C:\n    pass"),
    ("for _i in r:\n    pass", "for _cell_c_i in r:\n    pass"),
    ("del _x", "del _cell_c_x"),
    ("f'{_x}'", "f'{_cell_c_x}'"),
    # function bodies: globals renamed, locals and parameters kept
    ("def f(_a):\n    return _a + _g", "def f(_a):\n    return _a + _cell_c_g"),
    ("def f():\n    _l = 1\n    return _l", "def f():\n    _l = 1\n    return _l"),
    ("def f():\n    global _g\n    _g = 1", "def f():\n    global _cell_c_g\n    _cell_c_g = 1"),
    ("def f(_d=_x):\n    pass", "def f(_d=_cell_c_x):\n    pass"),
    ("lambda _a: _a + _b", "lambda _a: _a + _cell_c_b"),
    # enclosing function locals are not globals
    ("def f():\n    _e = 1\n    def g():\n        return _e", "def f():\n    _e = 1\n\n    def g():\n        return _e"),
    # class bodies: attributes keep their names; methods do not see class names
    ("class C:\n    _a = 1\n    b = _a", "class C:\n    _a = 1\n    b = _a"),
    ("class C:\n    _a = 1\n    def m(self):\n        return _a",
     "class C:\n    _a = 1\n\n    def m(self):\n        return _cell_c_a"),
    # comprehensions: their targets are local, the rest resolves outward
    ("[_i for _i in _xs]", "[_i for _i in _cell_c_xs]"),
    ("[(_w := i) for i in x]", "[(_cell_c_w := i) for i in x]"),
    # keyword arguments and attributes are not names
    ("f(_k=1)\no._a", "f(_k=1)\no._a"),
    # dunders are shared
    ("__name__", "__name__"),
])
def test_renaming(code, expected):
    assert renamed(code) == expected


def test_mangle_returns_the_names_to_scrub():
    tree = ast.parse("_x = 1\ndef f(_p):\n    return _p")
    assert mangle(tree, P) == {"_cell_c_x"}


def test_renamed_code_behaves_like_the_original():
    ns = run("_n = 2\ndef scale(v, _k=3):\n    return v * _n * _k\n"
             "out = [scale(_i) for _i in range(3)]\nclass C:\n    _a = 5\n    b = _a\n")
    assert ns["out"] == [0, 6, 12]
    assert ns["C"]._a == 5 and ns["C"].b == 5
    assert "_n" not in ns and ns["_cell_c_n"] == 2


def test_demangle_shows_the_written_name():
    assert demangle("name '_cell_c_x' is not defined", P) == "name '_x' is not defined"
