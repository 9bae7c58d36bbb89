"""The editor service's notebook sync: LSP text edits (lines and UTF-16 columns) and structure changes."""

from __future__ import annotations

import pytest
from lichen import protocol as P
from lichen.editor.json_codec import decode
from lichen.editor.sync import Notebooks
from lichen.editor.sync import apply_edit as apply_typed_edit


def apply_edit(text: str, change: dict) -> str:
    return apply_typed_edit(text, decode(change, P.TextChange))


def opening(data: dict) -> P.DidOpenNotebookDocumentParams:
    return decode(data, P.DidOpenNotebookDocumentParams)


def changing(data: dict) -> P.DidChangeNotebookDocumentParams:
    return decode(data, P.DidChangeNotebookDocumentParams)


def closing(data: dict) -> P.DidCloseNotebookDocumentParams:
    return decode(data, P.DidCloseNotebookDocumentParams)


def at(line: int, character: int) -> dict:
    return {"line": line, "character": character}


def edit(start: tuple[int, int], end: tuple[int, int], text: str) -> dict:
    return {"range": {"start": at(*start), "end": at(*end)}, "text": text}


@pytest.mark.parametrize("text, change, expected", [
    ("x = 1", edit((0, 4), (0, 5), "2"), "x = 2"),
    ("a\nb\nc", edit((1, 0), (2, 0), ""), "a\nc"),
    ("a\nb", edit((1, 1), (1, 1), "\nc"), "a\nb\nc"),
    ("a", {"text": "whole new"}, "whole new"),
    # columns count UTF-16 units: the emoji is two of them
    ("s = '😀x'", edit((0, 7), (0, 8), "y"), "s = '😀y'"),
    ("é = 1", edit((0, 0), (0, 1), "e"), "e = 1"),
    # past the end of a line means its end; past the last line means the end of the text
    ("ab\ncd", edit((0, 99), (0, 99), "!"), "ab!\ncd"),
    ("ab", edit((5, 0), (5, 0), "\nz"), "ab\nz"),
    ("ab\r\ncd", edit((0, 9), (0, 9), "!"), "ab!\r\ncd"),
])
def test_edits_apply_as_lsp_positions_say(text, change, expected):
    assert apply_edit(text, change) == expected


def cell(uri: str, kind: int = 2, **metadata) -> dict:
    return {"kind": kind, "document": uri, **({"metadata": metadata} if metadata else {})}


def opened(notebooks: Notebooks) -> None:
    notebooks.open(opening({"notebookDocument": {"uri": "nb", "metadata": {"header": "# h"}, "cells": [
        cell("a"), cell("md", kind=1), cell("b")]},
        "cellTextDocuments": [{"uri": u, "text": u.upper()} for u in ("a", "md", "b")]}))


def test_open_keeps_order_kinds_texts_and_metadata():
    notebooks = Notebooks()
    opened(notebooks)
    notebook = notebooks.get("nb")
    assert [c.uri for c in notebook.graph_cells()] == ["a", "md", "b"]
    assert [c.kind for c in notebook.cells] == [2, 1, 2]
    assert notebook.metadata == {"header": "# h"} and notebooks.text("b") == "B"


def test_structure_changes_insert_delete_and_name_the_new_cells():
    notebooks = Notebooks()
    opened(notebooks)
    touched = notebooks.change(changing({"notebookDocument": {"uri": "nb"}, "change": {"cells": {
        "structure": {"array": {"start": 1, "deleteCount": 1, "cells": [cell("c")]},
                      "didOpen": [{"uri": "c", "text": "C"}], "didClose": [{"uri": "md"}]}}}}))
    assert touched == {"c"}
    assert [c.uri for c in notebooks.get("nb").cells] == ["a", "c", "b"]
    assert notebooks.text("c") == "C" and "md" not in notebooks.texts


def test_metadata_and_text_changes_name_their_cells():
    notebooks = Notebooks()
    opened(notebooks)
    touched = notebooks.change(changing({"notebookDocument": {"uri": "nb"}, "change": {"cells": {
        "data": [cell("a", name="load")],
        "textContent": [{"document": {"uri": "b"}, "changes": [edit((0, 0), (0, 1), "bee")]}]}}}))
    assert touched == {"a", "b"}
    assert notebooks.get("nb").cells[0].metadata == {"name": "load"}
    assert notebooks.text("b") == "bee"


def test_close_forgets_the_notebook_and_its_texts():
    notebooks = Notebooks()
    opened(notebooks)
    notebooks.close(closing({"notebookDocument": {"uri": "nb"}, "cellTextDocuments": [{"uri": "a"}]}))
    assert notebooks.get("nb") is None and notebooks.texts == {}
