"""The graph view's model: one node per cell with its label and defs, one edge per definer and
reader labelled with the names it carries, errors on the nodes and edges concerned."""

from __future__ import annotations

from lichen.editor import graph_view
from lichen.editor.documents import open_doc
from lichen.protocol import CellMetadata


def graph(*codes: str, names: dict[int, str] | None = None):
    meta = {f"c{i}": CellMetadata(name=n) for i, n in (names or {}).items()}
    return graph_view.of(open_doc("file:///nb.py", [(f"c{i}", c) for i, c in enumerate(codes)], meta))


def test_one_node_per_cell_with_its_label_and_definitions():
    g = graph("# load\nimport pandas as pd\nx = 1", "y = x + 1", "", names={1: "add_one"})
    assert [(n.cellUri, n.label, n.defines) for n in g.nodes] == [
        ("c0", "import pandas as pd", ("pd", "x")), ("c1", "add_one", ("y",)), ("c2", "(empty cell)", ())]


def test_edges_carry_the_names_from_definer_to_reader():
    g = graph("a = 1\nb = 2", "c = a + b", "print(a, c)")
    assert [(e.source, e.target, e.names, e.error) for e in g.edges] == [
        ("c0", "c1", ("a", "b"), None), ("c0", "c2", ("a",), None), ("c1", "c2", ("c",), None)]


def test_a_long_first_line_is_clipped():
    label = graph("value = " + "1 + " * 40 + "1").nodes[0].label
    assert len(label) == graph_view.LABEL_LENGTH and label.endswith("…")


def test_a_cycle_is_on_its_edges_and_cells():
    g = graph("a = b", "b = a", "c = a")
    assert {(e.source, e.target): e.error for e in g.edges} == {
        ("c1", "c0"): "cycle", ("c0", "c1"): "cycle", ("c0", "c2"): None}
    assert all("depend on each other" in n.errors[0] for n in g.nodes[:2])
    assert g.nodes[2].errors == ()


def test_a_name_defined_twice_marks_its_definers_and_the_edges_carrying_it():
    g = graph("x = 1", "x = 2", "y = x")
    assert [(e.source, e.target, e.error) for e in g.edges] == [
        ("c0", "c2", "multiple-definition"), ("c1", "c2", "multiple-definition")]
    assert ["defined by 2 cells" in (n.errors[0] if n.errors else "") for n in g.nodes] == [True, True, False]
