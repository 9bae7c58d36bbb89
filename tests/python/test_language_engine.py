"""`lichen.language` on graphs built here, without a host: the virtual module and its position
map, the mentions of a global scope by scope, the name problems, and the engine's answers where
positions are not ASCII or lead out of the notebook."""

from __future__ import annotations

import sys

import pytest
from lichen.graph import Graph
from lichen.language.diagnostics import name_problems
from lichen.language.engine import LanguageEngine
from lichen.language.occurrences import global_mentions
from lichen.language.text import from_utf16, to_utf16, word_at
from lichen.language.virtual import layout_for

NB = "file:///notebooks/engine.py"


def graph(*codes: str) -> Graph:
    return Graph.build([(f"c{i}", code) for i, code in enumerate(codes)])


def test_the_module_holds_the_other_cells_in_run_order_then_the_cell():
    g = graph("b = a + 1\n", "a = 1\n", "c = b\n", "print(\n", "d = 2")
    layout = layout_for(g, "c4")
    # c1 runs before c0 (c0 reads a); c3 does not parse, so it would swallow what follows
    assert layout.cells == ("c1", "c0", "c2", "c4")
    assert layout.text == "a = 1\nb = a + 1\nc = b\nd = 2"
    assert layout.offset == 3
    assert layout.cell_at(1) == ("c0", 0)
    assert layout.cell_at(3) == ("c4", 0)


def test_the_module_leaves_out_the_cells_descendants():
    g = graph("a = 1\n", "b = a\n", "c = b\n", "z = 0\n")
    assert layout_for(g, "c0").cells == ("c3", "c0")
    assert layout_for(g, "c1").cells == ("c0", "c3", "c1")


def test_global_mentions_skip_locals_parameters_and_comprehension_targets():
    code = ("x = 1\n"
            "def f(x):\n    return x\n"
            "def g():\n    global x\n    x = 2\n"
            "ys = [x for x in range(3)]\n"
            "class K:\n    x = 3\n    y = x\n"
            "print(x)\n")
    places = [(m.line, m.column, m.binding) for m in global_mentions(code, "x")]
    assert places == [(0, 0, True), (4, 11, False), (5, 4, True), (10, 6, False)]


def test_comprehension_targets_hide_the_global_in_every_kind_of_comprehension():
    code = ("x = [1]\n"
            "a = {x: 1 for x in x}\n"
            "b = {x for y in x for x in y}\n"
            "c = (x for x in x)\n"
            "d = [lambda: x for x in x]\n"
            "e = [x for y in x]\n")
    places = [(m.line, m.column) for m in global_mentions(code, "x")]
    assert places == [(0, 0), (1, 19), (2, 16), (3, 16), (4, 24), (5, 5), (5, 16)]


def test_global_mentions_of_imports_and_decorators():
    code = "import os.path\nfrom json import dumps as d\n@d\ndef h(v=os):\n    return d(v)\n"
    assert [(m.line, m.column, m.imported) for m in global_mentions(code, "os")] == [
        (0, 7, True), (3, 8, False)]
    assert [(m.line, m.column) for m in global_mentions(code, "d")] == [(1, 26), (2, 1), (4, 11)]


def test_name_problems_know_every_cell_and_the_builtins():
    g = graph("import os\nimport sys\nvalue = 1\n", "print(value, len(sys.argv), missing)\n")
    problems = [(p.code, p.line, p.character) for p in name_problems(g, "c1")]
    assert problems == [("undefined-name", 0, 28)]
    assert [(p.code, p.line) for p in name_problems(g, "c0")] == [("unused-import", 0)]


def test_an_import_star_anywhere_silences_undefined_names():
    g = graph("from math import *\n", "print(tau_or_anything)\n")
    assert [p.code for p in name_problems(g, "c1")] == []


def test_utf16_columns_round_trip_and_words():
    line = "s = '😀'; math.sq"
    assert to_utf16(line, len(line)) == len(line) + 1
    assert from_utf16(line, len(line) + 1) == len(line)
    assert word_at(line, len(line)) == ("sq", len(line) - 2)
    assert word_at("a + ", 4) is None


@pytest.fixture(scope="module")
def engine():
    return LanguageEngine()


def test_completion_after_an_astral_character_counts_utf16(engine):
    line = "s = '😀'; math.sq"
    g = graph("import math\n", line)
    result = engine.completion(g, NB, "c1", 0, to_utf16(line, len(line)))
    assert [i["label"] for i in result["items"]] == ["sqrt"]


def test_definition_of_a_library_name_goes_to_its_source_on_disk(engine):
    g = graph("import json\n", "json.dumps(1)\n")
    (found,) = engine.definition(g, NB, "c1", 0, 7)
    assert found["uri"].startswith("file://") and found["uri"].endswith("json/__init__.py")


def test_hover_and_definition_of_a_descendants_name_find_nothing(engine):
    g = graph("a = 1\nb\n", "b = a\n")  # reading `b` in c0 would make a cycle
    assert engine.definition(g, NB, "c0", 1, 0) == []


def test_references_of_a_global_in_a_cell_that_defines_it_twice(engine):
    g = graph("n = 1\nn += 1\n", "m = n\n")
    refs = engine.references(g, NB, "c1", 0, 4)
    assert [(r["uri"], r["range"]["start"]["line"]) for r in refs] == [
        ("c0", 0), ("c0", 1), ("c1", 0)]
