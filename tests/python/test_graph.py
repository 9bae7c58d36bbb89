"""The dependency graph: edges, order, errors, and incremental updates matching a fresh build.

Most tests use a tiny stand-in analyser so they are about the graph, not Python's scoping: a cell
is `;`-separated statements `lhs = rhs`; names left of `=` are defs, names right of it refs
(minus the cell's defs); `_`-names are private; `!` is a syntax error; `*` an import-star.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lichen.graph import Graph, GraphError
from lichen.graph.analyse import CellFacts, Problem
from lichen.graph.order import all_cycles, component_of, connected, cycles_among, topological

NAME = re.compile(r"[A-Za-z_]\w*")


def fake(code: str) -> CellFacts:
    if "!" in code:
        problem = Problem("syntax", "bad", 1, code.index("!") + 1)
        return CellFacts(frozenset(), frozenset(), (problem,))
    defs: set[str] = set()
    reads: set[str] = set()
    for statement in filter(None, (s.strip() for s in code.split(";"))):
        lhs, _, rhs = statement.rpartition("=")
        defs.update(NAME.findall(lhs))
        reads.update(NAME.findall(rhs))
    problems = (Problem("import-star", "star", 1, code.index("*") + 1),) if "*" in code else ()
    public = {name for name in defs if not name.startswith("_")}
    refs = {name for name in reads if not name.startswith("_")} - defs
    return CellFacts(frozenset(public), frozenset(refs), problems)


def graph(*codes: str) -> Graph:
    """Cells named a0, a1, ... in the order given."""
    return Graph.build([(f"a{i}", code) for i, code in enumerate(codes)], analyse=fake)


def kinds(g: Graph) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return [(e.kind, e.cells, e.names) for e in g.errors]


# -- edges ---------------------------------------------------------------------------------------


def test_edge_runs_from_definer_to_reader():
    g = graph("x = 1", "y = x", "z = y x")
    assert g.parents("a2") == {"a0", "a1"}
    assert g.children("a0") == {"a1", "a2"}
    assert g.parents("a0") == frozenset()


def test_reader_of_a_name_defined_twice_has_an_edge_from_each_definer():
    g = graph("x = 1", "x = 2", "y = x")
    assert g.parents("a2") == {"a0", "a1"}
    assert g.definers("x") == ("a0", "a1")


def test_name_defined_nowhere_gives_no_edge():
    g = graph("y = undefined_thing")
    assert g.parents("a0") == frozenset()
    assert g.errors == ()


def test_private_names_join_no_cells():
    g = graph("_x = 1", "y = _x")
    assert g.children("a0") == frozenset()


def test_ancestors_and_descendants_exclude_the_given_cells():
    g = graph("a = 1", "b = a", "c = b", "d = 1")
    assert g.descendants(["a0"]) == {"a1", "a2"}
    assert g.ancestors(["a2"]) == {"a0", "a1"}
    assert g.descendants(["a0", "a1"]) == {"a2"}
    assert g.ancestors(["a3"]) == frozenset()


def test_unknown_cell_is_a_callers_bug():
    g = graph("x = 1")
    with pytest.raises(KeyError):
        g.descendants(["nope"])
    with pytest.raises(KeyError):
        g.with_code("nope", "x = 2")


def test_duplicate_cell_ids_are_refused():
    with pytest.raises(ValueError):
        Graph.build([("a", "x = 1"), ("a", "y = 1")], analyse=fake)
    with pytest.raises(ValueError):
        graph("x = 1").with_cell("a0", "y = 1")


# -- order ---------------------------------------------------------------------------------------


def test_order_puts_definer_before_reader_whatever_the_positions():
    assert graph("z = y", "y = x", "x = 1").order() == ["a2", "a1", "a0"]


def test_order_breaks_ties_by_position():
    g = graph("b = a", "c = 1", "a = 1", "d = 1")
    assert g.order() == ["a1", "a2", "a0", "a3"]


def test_order_of_a_diamond():
    g = graph("d = b c", "c = a", "b = a", "a = 1")
    assert g.order() == ["a3", "a1", "a2", "a0"]


def test_order_of_a_subset_sorts_only_that_subset():
    g = graph("a = 1", "c = b", "b = a", "d = 1")
    assert g.order(["a1", "a2"]) == ["a2", "a1"]
    assert g.order({"a0"} | g.descendants(["a0"])) == ["a0", "a2", "a1"]


def test_order_of_a_subset_follows_paths_through_cells_outside_it():
    g = graph("c = b", "b = a", "a = 1")
    assert g.order(["a0", "a2"]) == ["a2", "a0"]


def test_cycle_cells_come_after_their_ancestors_in_position_order():
    g = graph("after = p", "p = q", "q = p root", "root = 1")
    assert g.order() == ["a3", "a1", "a2", "a0"]


# -- errors --------------------------------------------------------------------------------------


def test_multiple_definition_names_the_name_and_every_definer():
    g = graph("x = 1", "y = 1", "x = 2", "x = 3")
    (error,) = g.errors
    assert error.kind == "multiple-definition"
    assert (error.cells, error.names) == (("a0", "a2", "a3"), ("x",))
    assert "x" in error.message and "one cell" in error.message


def test_cycle_names_its_cells_and_the_names_joining_them():
    g = graph("a = c", "b = a", "c = b", "d = c")
    assert kinds(g) == [("cycle", ("a0", "a1", "a2"), ("a", "b", "c"))]
    assert "break the cycle" in g.errors[0].message


def test_two_separate_cycles_are_two_errors():
    g = graph("a = b", "b = a", "c = d", "d = c")
    assert kinds(g) == [("cycle", ("a0", "a1"), ("a", "b")), ("cycle", ("a2", "a3"), ("c", "d"))]


def test_syntax_error_keeps_line_and_column_and_spares_other_cells():
    g = graph("x = 1", "  !", "y = x")
    (error,) = g.errors
    assert error == GraphError("syntax", ("a1",), (), "bad", 1, 3)
    assert g.parents("a2") == {"a0"}


def test_import_star_is_an_error_but_the_cell_keeps_its_facts():
    g = graph("x = *", "y = x")
    assert kinds(g) == [("import-star", ("a0",), ())]
    assert g.parents("a1") == {"a0"}


def test_errors_are_ordered_by_first_cell_then_kind():
    g = graph("x = 1; y = z", "x = 2", "z = y", "!")
    assert [e.kind for e in g.errors] == ["multiple-definition", "cycle", "syntax"]


def test_errors_of_a_cell_are_those_involving_it():
    g = graph("x = 1", "x = 2; p = q", "q = p", "y = x")
    assert [e.kind for e in g.errors_of("a1")] == ["multiple-definition", "cycle"]
    assert [e.kind for e in g.errors_of("a2")] == ["cycle"]
    assert g.errors_of("a3") == ()


# -- updates -------------------------------------------------------------------------------------


def counting(calls: list[str]):
    def analyse(code: str) -> CellFacts:
        calls.append(code)
        return fake(code)

    return analyse


def test_editing_a_cell_re_analyses_that_cell_only():
    calls: list[str] = []
    g = Graph.build([("a", "x = 1"), ("b", "y = x"), ("c", "z = y")], analyse=counting(calls))
    calls.clear()
    g.with_code("b", "y = x 2").with_cell("d", "w = z").without_cell("a")
    assert calls == ["y = x 2", "w = z"]


def test_an_update_leaves_the_old_snapshot_as_it_was():
    old = graph("x = 1", "y = x")
    new = old.with_code("a0", "w = 1")
    assert old.children("a0") == {"a1"} and old.facts("a0").defs == {"x"}
    assert new.children("a0") == frozenset()


def test_same_code_gives_the_same_snapshot():
    g = graph("x = 1")
    assert g.with_code("a0", "x = 1") is g


def test_deleting_a_cell_drops_its_definitions_and_edges():
    g = graph("x = 1", "x = 2", "y = x").without_cell("a1")
    assert g.cells == ("a0", "a2")
    assert g.parents("a2") == {"a0"} and g.errors == ()


def test_inserting_a_cell_at_a_position():
    g = graph("x = 1", "z = y").with_cell("new", "y = x", index=1)
    assert g.cells == ("a0", "new", "a1")
    assert g.order() == ["a0", "new", "a1"] and g.position("a1") == 2


def test_moving_cells_changes_ties_not_edges():
    g = graph("a = 1", "b = 1", "c = a").with_order(["a1", "a2", "a0"])
    assert g.order() == ["a1", "a0", "a2"]
    with pytest.raises(ValueError):
        g.with_order(["a0", "a1"])


def test_breaking_one_cycle_keeps_another_through_the_same_cells():
    g = graph("a = b", "b = a c", "c = b")
    assert kinds(g) == [("cycle", ("a0", "a1", "a2"), ("a", "b", "c"))]
    assert kinds(g.with_code("a2", "c = 1")) == [("cycle", ("a0", "a1"), ("a", "b"))]


def test_an_edit_that_joins_two_cycles_makes_one():
    g = graph("a = b", "b = a x", "c = d", "d = c", "x = 1")
    joined = g.with_code("a4", "x = c").with_code("a2", "c = d b")
    assert kinds(joined) == [("cycle", ("a0", "a1", "a2", "a3", "a4"), ("a", "b", "c", "d", "x"))]


def test_fixing_a_multiple_definition_clears_the_error():
    g = graph("x = 1", "x = 2", "y = x")
    fixed = g.with_code("a1", "w = 2")
    assert fixed.errors == () and fixed.parents("a2") == {"a0"}


CODES = st.builds(
    lambda defs, refs: " ".join(defs) + " = " + " ".join(refs),
    st.lists(st.sampled_from("abcde"), max_size=2),
    st.lists(st.sampled_from("abcdef"), max_size=3),
) | st.sampled_from(["!", "a = *", "_p = a", ""])


def assert_same(g: Graph, fresh: Graph) -> None:
    assert g.cells == fresh.cells
    for cell in g.cells:
        assert (g.parents(cell), g.children(cell)) == (fresh.parents(cell), fresh.children(cell))
        assert g.errors_of(cell) == fresh.errors_of(cell)
    assert g.errors == fresh.errors
    assert g.order() == fresh.order()
    for name in "abcdef":
        assert g.definers(name) == fresh.definers(name)


@settings(max_examples=300, deadline=None)
@given(st.lists(CODES, min_size=1, max_size=8), st.data())
def test_any_sequence_of_updates_matches_a_fresh_build(codes, data):
    g = graph(*codes)
    cells = dict(zip(g.cells, codes))
    for step in range(data.draw(st.integers(1, 12))):
        action = data.draw(st.sampled_from(["edit", "insert", "delete", "move"]))
        if action == "edit" or (action == "delete" and len(cells) == 1):
            cell = data.draw(st.sampled_from(g.cells))
            cells[cell] = data.draw(CODES)
            g = g.with_code(cell, cells[cell])
        elif action == "insert":
            at = data.draw(st.integers(0, len(g.cells)))
            cell, code = f"n{step}", data.draw(CODES)
            g = g.with_cell(cell, code, at)
            ids = list(cells)
            ids.insert(at, cell)
            cells = {c: cells.get(c, code) for c in ids}
        elif action == "delete":
            cell = data.draw(st.sampled_from(g.cells))
            g = g.without_cell(cell)
            del cells[cell]
        else:
            ids = data.draw(st.permutations(g.cells))
            g = g.with_order(ids)
            cells = {c: cells[c] for c in ids}
        assert_same(g, Graph.build(cells.items(), analyse=fake))


@given(st.lists(CODES, min_size=1, max_size=10), st.data())
def test_order_respects_every_path_outside_cycles(codes, data):
    g = graph(*codes)
    chosen = data.draw(st.sets(st.sampled_from(g.cells)))
    ordered = g.order(chosen)
    assert sorted(ordered) == sorted(chosen)
    rank = {cell: i for i, cell in enumerate(ordered)}
    for cell in chosen:
        for later in g.descendants([cell]) & chosen - g.ancestors([cell]):
            assert rank[cell] < rank[later]


# -- the algorithms on plain dicts ---------------------------------------------------------------


def test_cycles_among_a_long_chain_needs_no_recursion():
    n = 20_000
    children = {str(i): [str(i + 1)] for i in range(n)}
    children[str(n)] = ["0"]
    (cycle,) = cycles_among(set(children), children.__getitem__)
    assert len(cycle) == n + 1


def test_all_cycles_ignores_cells_above_and_below_a_cycle():
    children = {"top": ["p"], "p": ["q"], "q": ["p", "tail"], "tail": []}
    parents = {"top": [], "p": ["top", "q"], "q": ["p"], "tail": ["q"]}
    assert all_cycles(children, parents.__getitem__, children.__getitem__) == [{"p", "q"}]


def test_component_of_a_cell_on_no_cycle_is_itself():
    children = {"a": ["b"], "b": ["c"], "c": []}
    parents = {"a": [], "b": ["a"], "c": ["b"]}
    assert component_of("b", parents.__getitem__, children.__getitem__) == {"b"}
    children["c"] = ["a"]
    parents["a"] = ["c"]
    assert component_of("b", parents.__getitem__, children.__getitem__) == {"a", "b", "c"}


def test_connected_finds_a_path_in_either_direction_only_forward():
    children = {"a": ["b"], "b": ["c"], "c": [], "d": ["c"]}
    parents = {"a": [], "b": ["a"], "c": ["b", "d"], "d": []}
    step_up, step_down = parents.__getitem__, children.__getitem__
    assert connected(["a"], ["c"], step_up, step_down)
    assert not connected(["c"], ["a"], step_up, step_down)
    assert not connected(["a"], ["d"], step_up, step_down)


def test_topological_ignores_edges_leaving_the_cells_given():
    children = {"a": ["b", "x"], "b": [], "x": []}
    parents = {"a": [], "b": ["a"], "x": ["a"]}
    order = topological({"b", "a"}, parents.__getitem__, children.__getitem__, {"b": 0, "a": 1}, {})
    assert order == ["a", "b"]


# -- with the real analyser ----------------------------------------------------------------------


def test_python_cells_with_the_default_analyser():
    g = Graph.build([("use", "y = f(x) + 1"), ("def", "def f(v):\n    return v\nx = 2")])
    assert g.parents("use") == {"def"}
    assert g.order() == ["def", "use"]


def test_a_long_python_chain_builds_and_orders():
    n = 3000
    cells = [(f"c{i}", f"x_{i} = x_{i - 1} + 1") for i in range(n, 0, -1)]
    g = Graph.build(cells)
    assert g.order() == [f"c{i}" for i in range(1, n + 1)]
    assert g.descendants(["c1"]) == {f"c{i}" for i in range(2, n + 1)}
