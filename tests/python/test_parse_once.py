"""Each cell's code is parsed once: opening a notebook (the reader, then the graph) and editing it
in the editor service, whose graph, diagnostics and file writer share one analysis per code."""

from __future__ import annotations

import ast
from collections import Counter

import pytest

from kernel_helpers import notebook
from lichen.graph import Graph, analyse_cell
from lichen.notebook import parse, serialize
from wasm_client import WasmClient

CELLS = ["import math", "r = 2", "area = math.pi * r ** 2", "print(area)"]
TEXT = serialize(parse(notebook(*CELLS)))  # as the writer lays it out: each cell's parameters


@pytest.fixture
def parses(monkeypatch) -> Counter:
    """How often each text was parsed since the test began (with nothing remembered)."""
    analyse_cell.cache_clear()
    counts: Counter = Counter()
    real = ast.parse

    def counting(source, *args, **kwargs):
        counts[source] += 1
        return real(source, *args, **kwargs)

    monkeypatch.setattr(ast, "parse", counting)
    return counts


def test_opening_a_notebook_parses_each_cell_once(parses):
    read = parse(TEXT)
    graph = Graph.build((str(i), cell.code) for i, cell in enumerate(read.cells))
    assert graph.order() == ["0", "1", "2", "3"] and not graph.errors
    assert serialize(read) == TEXT  # its signatures checked with the same analysis
    assert [parses[cell.code] for cell in read.cells] == [1, 1, 1, 1]


def test_a_cell_the_reader_did_not_parse_is_parsed_by_the_analyser(parses):
    code = "only_here = read_here + 1"  # text no reader has seen
    assert analyse_cell(code).refs == {"read_here"}
    assert analyse_cell(code).defs == {"only_here"}
    assert parses[code] == 1


def test_the_editor_parses_each_cell_once_per_edit(parses):
    nb = "file:///notebooks/once.py"
    with WasmClient() as client:
        client.initialize()
        data = client.request("lichen/parse", {"text": TEXT})
        codes = [cell["code"] for cell in data["cells"]]
        cells = client.open_notebook(nb, codes)
        client.set_text(nb, cells[1], "r = 3")
        client.set_text(nb, cells[2], "area = math.pi * r ** 3")
        client.latest_diagnostics(cells[2])
    assert [parses[code] for code in codes] == [1, 1, 1, 1]
    assert parses["r = 3"] == 1 and parses["area = math.pi * r ** 3"] == 1
