"""Notebook sync: the daemon's graph follows every edit and publishes problems on the cells
before anything runs."""

import pytest

pytestmark = pytest.mark.timeout(60)


def has(kind):
    return lambda diagnostics: any(d["code"] == kind for d in diagnostics)


def test_multiple_definitions_are_reported_on_every_defining_cell(daemon, nb):
    a, b, c = daemon.open_notebook(nb, ["x = 1", "y = x", "x = 2"])
    first = daemon.diagnostics(a, match=has("multiple-definition"))
    third = daemon.diagnostics(c, match=has("multiple-definition"))
    assert "also defined in cell 3" in first[0]["message"]
    assert "also defined in cell 1" in third[0]["message"]
    assert first[0]["range"]["start"] == {"line": 0, "character": 0}
    assert first[0]["range"]["end"] == {"line": 0, "character": 1}
    assert first[0]["source"] == "lichen" and first[0]["severity"] == 1


def test_fixing_a_second_definition_clears_both_cells(daemon, nb):
    a, b = daemon.open_notebook(nb, ["x = 1", "x = 2"])
    daemon.diagnostics(a, match=has("multiple-definition"))
    daemon.diagnostics(b, match=has("multiple-definition"))
    daemon.set_text(nb, b, "z = 2")
    assert daemon.latest_diagnostics(a) == []
    assert daemon.latest_diagnostics(b) == []


def test_a_cycle_is_reported_on_each_cell_in_it(daemon, nb):
    a, b, c = daemon.open_notebook(nb, ["a = b + 1", "print('unrelated')", "b = a * 2"])
    first = daemon.diagnostics(a, match=has("cycle"))
    last = daemon.diagnostics(c, match=has("cycle"))
    assert "cycle goes through cell 3" in first[0]["message"]
    assert "cycle goes through cell 1" in last[0]["message"]
    assert first[0]["range"]["start"] == {"line": 0, "character": 4}  # the `b` it reads


def test_a_syntax_error_is_reported_at_its_line_and_column(daemon, nb):
    (cell,) = daemon.open_notebook(nb, ["x = 1\ny = (2 +\n"])
    (diagnostic,) = daemon.diagnostics(cell, match=has("syntax"))
    assert diagnostic["message"].startswith("SyntaxError")
    assert diagnostic["range"]["start"]["line"] == 1


def test_import_star_is_reported(daemon, nb):
    (cell,) = daemon.open_notebook(nb, ["import os\nfrom math import *"])
    found = daemon.diagnostics(cell, match=has("import-star"))
    (diagnostic,) = [d for d in found if d["code"] == "import-star"]
    assert diagnostic["range"]["start"] == {"line": 1, "character": 0}
    assert "import them by name" in diagnostic["message"]


def test_a_cell_without_problems_gets_no_diagnostics(daemon, nb):
    a, b = daemon.open_notebook(nb, ["x = 1", "y = x + 1"])
    assert daemon.latest_diagnostics(a) is None
    assert daemon.latest_diagnostics(b) is None


def test_an_inserted_cell_joins_the_graph_and_moves_the_positions_named(daemon, nb):
    a, b = daemon.open_notebook(nb, ["x = 1", "y = x"])
    daemon.insert_cells(nb, 0, {f"{nb}#new": "x = 0"})
    old = daemon.diagnostics(a, match=has("multiple-definition"))
    new = daemon.diagnostics(f"{nb}#new", match=has("multiple-definition"))
    assert "also defined in cell 1" in old[0]["message"]
    assert "also defined in cell 2" in new[0]["message"]


def test_deleting_a_cell_clears_the_error_it_caused(daemon, nb):
    a, b, c = daemon.open_notebook(nb, ["x = 1", "y = x", "x = 2"])
    daemon.diagnostics(a, match=has("multiple-definition"))
    daemon.delete_cells(nb, 2, [c])
    assert daemon.latest_diagnostics(a) == []
    assert daemon.latest_diagnostics(c) == []


def test_moving_a_cell_renames_the_positions_in_messages(daemon, nb):
    a, b, c = daemon.open_notebook(nb, ["x = 1", "print('b')", "x = 2"])
    daemon.diagnostics(a, match=has("multiple-definition"))
    # VS Code sends a move as one splice that takes the cells out and puts them back in order
    daemon.change(nb, {"structure": {"array": {"start": 0, "deleteCount": 3, "cells": [
        {"kind": 2, "document": c}, {"kind": 2, "document": a}, {"kind": 2, "document": b}]}}})
    moved = daemon.diagnostics(a, match=lambda d: d and "also defined in cell 1" in d[0]["message"])
    assert moved[0]["code"] == "multiple-definition"


def test_incremental_text_edits_are_applied(daemon, nb):
    a, b = daemon.open_notebook(nb, ["x = 1", "y = 2"])
    daemon.change(nb, {"textContent": [{"document": {"uri": b, "version": 2}, "changes": [
        {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}},
         "text": "x"}]}]})
    assert "also defined in cell 1" in daemon.diagnostics(b, match=has("multiple-definition"))[0]["message"]


def test_nothing_starts_a_kernel_while_editing(daemon, nb):
    a, b = daemon.open_notebook(nb, ["x = 1", "x = 2"])
    daemon.diagnostics(a, match=has("multiple-definition"))
    daemon.set_text(nb, b, "y = 2")
    assert daemon.latest_diagnostics(b) == []
    assert not [m for m in daemon.notifications if m["method"] == "lichen/kernelStatus"]


def test_closing_a_notebook_clears_its_diagnostics(daemon, nb):
    a, b = daemon.open_notebook(nb, ["x = 1", "x = 2"])
    daemon.diagnostics(a, match=has("multiple-definition"))
    daemon.notify("notebookDocument/didClose", {
        "notebookDocument": {"uri": nb}, "cellTextDocuments": [{"uri": a}, {"uri": b}]})
    assert daemon.latest_diagnostics(a) == []
    with pytest.raises(Exception, match="not open"):
        daemon.request("lichen/runAll", {"notebookUri": nb})
