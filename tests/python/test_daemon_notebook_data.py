"""`lichen/parse` and `lichen/serialize`: the file goes through the editor as JSON and comes back
byte for byte; the editor's edits rewrite only what they touched."""

import dataclasses
import json
from pathlib import Path

import pytest

from daemon_client import RpcError
from lichen.editor import notebook_data
from lichen.editor.json_codec import decode, to_json_value
from lichen.notebook import Cell, parse, serialize
from lichen.notebook.model import NOT_A_NOTEBOOK, STRAY_CODE
from lichen.protocol import ERROR_CODES, NotebookData

pytestmark = pytest.mark.timeout(60)

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "marimo").glob("*.py"))
EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.py"))

NOTEBOOK = '''import marimo

__generated_with = "0.9.0"
app = marimo.App(width="medium")


@app.cell
def _():
    import math
    return (math,)


@app.cell(hide_code=True)
def _(math):
    radius = 2  # keep this comment
    area = math.pi * radius**2
    return (area, radius)


@app.cell
def report(area):
    print(area)
    return


@app.cell
def _():
    unrelated   =   "spacing kept"
    return (unrelated,)


if __name__ == "__main__":
    app.run()
'''


def read(path):
    with open(path, encoding="utf-8", newline="") as file:
        return file.read()


@pytest.mark.parametrize("path", FIXTURES + EXAMPLES, ids=lambda p: p.name)
def test_files_come_back_byte_for_byte_through_json(daemon, path):
    text = read(path)
    data = daemon.request("lichen/parse", {"text": text, "uri": path.as_uri()})
    data = json.loads(json.dumps(data))  # as the extension stores it
    assert daemon.request("lichen/serialize", {"notebook": data})["text"] == text


def editor_save(daemon, data, edit):
    """Apply `edit` to the cells as the editor holds them, then save through the daemon."""
    cells = edit([dict(cell) for cell in data["cells"]])
    notebook = {"cells": cells, "metadata": data["metadata"]}
    return daemon.request("lichen/serialize", {"notebook": notebook})["text"]


def expected(edit_cells):
    """What the file format writes for the same edit made on the parsed Notebook."""
    notebook = parse(NOTEBOOK)
    return serialize(dataclasses.replace(notebook, cells=tuple(edit_cells(list(notebook.cells)))))


def test_editing_one_cell_rewrites_only_that_cell(daemon):
    data = daemon.request("lichen/parse", {"text": NOTEBOOK})

    def edit(cells):
        cells[3] = {**cells[3], "code": 'unrelated = "changed"'}
        return cells

    text = editor_save(daemon, data, edit)
    assert text == expected(lambda cells: cells[:3] + [dataclasses.replace(
        cells[3], code='unrelated = "changed"')])
    assert "radius = 2  # keep this comment" in text
    assert 'unrelated = "changed"' in text and "spacing kept" not in text


def test_reorder_delete_and_a_new_cell_without_metadata(daemon):
    data = daemon.request("lichen/parse", {"text": NOTEBOOK})

    def edit(cells):
        return [cells[3], cells[0], cells[1], {"code": "extra = area * 2"}]

    text = editor_save(daemon, data, edit)
    assert text == expected(lambda cells: [cells[3], cells[0], cells[1], Cell("extra = area * 2")])
    assert "def report" not in text
    assert 'unrelated   =   "spacing kept"' in text  # moved, not rewritten


def test_config_edits_are_saved(daemon):
    data = daemon.request("lichen/parse", {"text": NOTEBOOK})
    assert data["cells"][1]["metadata"]["config"]["hideCode"] is True

    def edit(cells):
        meta = cells[2]["metadata"]
        cells[2] = {**cells[2], "metadata": {**meta, "config": {**meta["config"],
                                                                  "disabled": True}}}
        return cells

    text = editor_save(daemon, data, edit)
    assert "@app.cell(disabled=True)\ndef report(area):" in text


def test_an_unedited_notebook_of_new_cells_is_written_afresh(daemon):
    text = daemon.request("lichen/serialize", {"notebook": {"cells": [{"code": "x = 1"},
                                                                      {"code": "y = x"}]}})["text"]
    assert parse(text).cells == (Cell("x = 1"), Cell("y = x"))
    assert "import lichen" in text


def test_parse_reports_format_problems(daemon):
    text = NOTEBOOK.replace("if __name__", "stray = 1\n\n\nif __name__")
    data = daemon.request("lichen/parse", {"text": text})
    assert any("outside any cell" in p["message"] and p["code"] == STRAY_CODE
               for p in data["problems"])


def test_serialize_refuses_a_malformed_notebook_with_invalid_params(daemon):
    with pytest.raises(RpcError) as error:
        daemon.request("lichen/serialize", {"notebook": {"cells": [{"code": 3}]}})
    assert error.value.code == ERROR_CODES["invalidParams"]
    assert "$.notebook.cells[0].code" in error.value.message


@pytest.mark.parametrize("path", FIXTURES[:3], ids=lambda p: p.name)
def test_the_standard_library_codec_gives_the_same_data(path, monkeypatch):
    data = notebook_data.to_data(parse(read(path)))
    value = json.loads(json.dumps(to_json_value(data)))
    fast = decode(value, NotebookData)
    monkeypatch.setattr("lichen.editor.json_codec.msgspec", None)
    assert decode(value, NotebookData) == fast
    assert json.loads(json.dumps(to_json_value(fast))) == value


def test_a_cell_read_as_unparsable_is_written_as_a_cell_once_fixed():
    text = ('import marimo\napp = marimo.App()\n\n'
            'app._unparsable_cell(\n    r"""\n    y = (\n    """,\n    name="_"\n)\n')
    data = notebook_data.parse_to_data(text)
    assert notebook_data.serialize_data(data) == text  # untouched: kept as it was
    (cell,) = data.cells
    fixed = dataclasses.replace(data, cells=(dataclasses.replace(cell, code="y = 1"),))
    written = notebook_data.serialize_data(fixed)
    assert "_unparsable_cell" not in written and "@app.cell" in written
    compile(written, "nb.py", "exec")
    still_broken = dataclasses.replace(data, cells=(dataclasses.replace(cell, code="y = (("),))
    assert "_unparsable_cell" in notebook_data.serialize_data(still_broken)


# Expressions Python's parser gives up on (MemoryError, RecursionError), not a SyntaxError.
DEEP = {"unary minus": "-" * 100_000 + "1", "sum": "1+" * 20_000 + "1",
        "calls": "f" + "()" * 20_000, "not": "not " * 100_000 + "x"}


def deep_notebook(expression):
    return (f"import marimo\n\napp = marimo.App()\n\n\n@app.cell\ndef _():\n    x = 1\n    return\n"
            f"\n\n@app.cell\ndef _():\n    y = {expression}\n    return\n")


@pytest.mark.parametrize("expression", DEEP.values(), ids=DEEP.keys())
def test_a_deeply_nested_cell_is_read_as_unparsable_text(daemon, expression):
    text = deep_notebook(expression)
    data = daemon.request("lichen/parse", {"text": text})
    assert [c["metadata"]["kind"] for c in data["cells"]] == ["cell", "unparsable"]
    assert data["cells"][1]["code"] == f"y = {expression}"
    assert daemon.request("lichen/serialize", {"notebook": data})["text"] == text
    data["cells"][1]["code"] += "\nz = 2"  # edited: written afresh, still read back the same
    written = daemon.request("lichen/serialize", {"notebook": data})["text"]
    assert parse(written).cells[1].code == f"y = {expression}\nz = 2"


def test_a_script_is_read_with_the_not_a_notebook_code(daemon):
    data = daemon.request("lichen/parse", {"text": "import os\nprint(os.getcwd())\n"})
    assert [p["code"] for p in data["problems"]] == [NOT_A_NOTEBOOK]
