"""Language requests on cells, against the real daemon over stdio and the worker's server
(parity): every answer is about the notebook, not one cell alone."""

from __future__ import annotations

import pytest
from daemon_client import RpcError
from lichen import protocol as P

pytestmark = pytest.mark.timeout(120)

REFUSED = P.ERROR_CODES["renameRefused"]

CELLS = [
    "import math\n_secret = 1\ndata = [1, 2, 3]\n"
    "def scale(values, factor=2):\n    '''Multiply every value by factor.'''\n"
    "    return [v * factor for v in values]\n",
    "scaled = scale(data)\n",
    "def report():\n    data = 'local, not the global'\n    return data\n"
    "summary = len(scaled) + len(data)\n",
    "",
]


@pytest.fixture
def nb(request, host):
    """A notebook of the test's own with CELLS; its cell URIs."""
    uri = f"file:///notebooks/{request.node.name.replace('[', '_').replace(']', '')}.py"
    return uri, host.open_notebook(uri, CELLS)


def at(cell, line, character):
    return {"textDocument": {"uri": cell}, "position": {"line": line, "character": character}}


def type_in(host, uri, cell, text):
    host.set_text(uri, cell, text)
    last = text.split("\n")
    return len(last) - 1, len(last[-1])


def complete(host, uri, cell, text):
    line, character = type_in(host, uri, cell, text)
    result = host.request("textDocument/completion", at(cell, line, character))
    return [item["label"] for item in result["items"]], result


def test_completion_lists_names_of_other_cells(host, nb):
    uri, cells = nb
    labels, _ = complete(host, uri, cells[3], "sca")
    assert "scale" in labels and "scaled" in labels


def test_completion_hides_private_names_of_other_cells(host, nb):
    uri, cells = nb
    labels, _ = complete(host, uri, cells[3], "_se")
    assert "_secret" not in labels
    labels, _ = complete(host, uri, cells[3], "_mine = 1\n_mi")
    assert "_mine" in labels  # the cell's own private names are offered


def test_completion_hides_names_of_descendants(host, nb):
    uri, cells = nb
    # The first cell feeds the others: `summary` (cell 3) would make a cycle.
    labels, _ = complete(host, uri, cells[0], CELLS[0] + "summ")
    assert "summary" not in labels
    labels, _ = complete(host, uri, cells[3], "summ")
    assert "summary" in labels


def test_completion_of_attributes_and_resolve_gives_documentation(host, nb):
    uri, cells = nb
    labels, result = complete(host, uri, cells[3], "math.sq")
    assert labels == ["sqrt"]
    resolved = host.request("completionItem/resolve", result["items"][0])
    assert "square root" in resolved["documentation"]["value"]
    assert resolved["detail"].startswith("sqrt(")


def test_an_import_alias_gets_no_completion_to_accept(host, nb):
    uri, cells = nb
    labels, _ = complete(host, uri, cells[3], "import math as ma")
    assert labels == []


def test_hover_shows_docstring_and_defining_cell(host, nb):
    uri, cells = nb
    hover = host.request("textDocument/hover", at(cells[1], 0, 10))
    text = hover["contents"]["value"]
    assert "scale(values, factor=2)" in text
    assert "Multiply every value by factor." in text
    assert "Defined in cell 1" in text


def test_signature_help_inside_a_call(host, nb):
    uri, cells = nb
    line, character = type_in(host, uri, cells[3], "scale(data, ")
    help_ = host.request("textDocument/signatureHelp", at(cells[3], line, character))
    assert help_["signatures"][0]["label"] == "scale(values, factor=2)"
    assert help_["activeParameter"] == 1


def test_definition_goes_to_the_defining_cell(host, nb):
    uri, cells = nb
    found = host.request("textDocument/definition", at(cells[1], 0, 10))
    assert found == [{"uri": cells[0], "range": {"start": {"line": 3, "character": 4},
                                                 "end": {"line": 3, "character": 9}}}]


def test_references_list_every_cell_reading_or_defining_a_global(host, nb):
    uri, cells = nb
    found = host.request("textDocument/references",
                         {**at(cells[1], 0, 16), "context": {"includeDeclaration": True}})
    places = [(f["uri"], f["range"]["start"]["line"], f["range"]["start"]["character"])
              for f in found]
    # cell 3's function has a local `data` of its own: not a reference
    assert places == [(cells[0], 2, 0), (cells[1], 0, 15), (cells[2], 3, 28)]


def test_rename_across_cells_leaves_locals_alone(host, nb):
    uri, cells = nb
    assert host.request("textDocument/prepareRename", at(cells[1], 0, 16)) == {
        "range": {"start": {"line": 0, "character": 15}, "end": {"line": 0, "character": 19}},
        "placeholder": "data"}
    edit = host.request("textDocument/rename", {**at(cells[1], 0, 16), "newName": "samples"})
    changes = edit["changes"]
    assert sorted(changes) == sorted([cells[0], cells[1], cells[2]])
    assert [e["range"]["start"] for e in changes[cells[2]]] == [{"line": 3, "character": 28}]
    assert all(e["newText"] == "samples" for edits in changes.values() for e in edits)


def test_rename_of_a_private_name_stays_in_its_cell(host, nb):
    uri, cells = nb
    host.set_text(uri, cells[3], "_secret = 5\nprint(_secret)\n")
    edit = host.request("textDocument/rename", {**at(cells[3], 1, 8), "newName": "_hidden"})
    assert list(edit["changes"]) == [cells[3]]
    assert len(edit["changes"][cells[3]]) == 2


@pytest.mark.parametrize("new_name, says", [
    ("scaled", "already defined in cell 2"),
    ("class", "not a Python name"),
    ("2x", "not a Python name"),
    ("_data", "private to its cell"),
])
def test_rename_refuses_collisions_and_bad_names(host, nb, new_name, says):
    uri, cells = nb
    with pytest.raises(RpcError) as refused:
        host.request("textDocument/rename", {**at(cells[1], 0, 16), "newName": new_name})
    assert refused.value.code == REFUSED
    assert says in refused.value.message


def test_rename_refuses_a_name_local_where_the_global_is_read(host, nb):
    uri, cells = nb
    host.set_text(uri, cells[3], "def f():\n    total = 0\n    return total + len(data)\n")
    with pytest.raises(RpcError) as refused:
        host.request("textDocument/rename", {**at(cells[3], 2, 26), "newName": "total"})
    assert "local name" in refused.value.message


def test_highlight_and_symbols(host, nb):
    uri, cells = nb
    marks = host.request("textDocument/documentHighlight", at(cells[2], 3, 29))
    assert [(m["range"]["start"]["line"], m["kind"]) for m in marks] == [(3, 2)]
    symbols = host.request("textDocument/documentSymbol", {"textDocument": {"uri": cells[0]}})
    assert [s["name"] for s in symbols] == ["math", "_secret", "data", "scale"]


def test_diagnostics_name_undefined_names_and_unused_imports_only(host, nb):
    uri, cells = nb
    host.set_text(uri, cells[3], "import os\nprint(scaled, undefined_thing)\n")
    found = host.diagnostics(cells[3], match=lambda d: any(x["code"] == "undefined-name"
                                                           for x in d))
    kinds = sorted((d["code"], d["range"]["start"]["line"]) for d in found)
    assert kinds == [("undefined-name", 1), ("unused-import", 0)]
    unused = next(d for d in found if d["code"] == "unused-import")
    assert unused["tags"] == [1] and unused["severity"] == 4
    assert host.latest_diagnostics(cells[1]) in (None, [])  # `scale`, `data`: other cells
