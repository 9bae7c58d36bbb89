"""Ruff in cells, against the real daemon over stdio and the real `ruff` binary: its findings are
published on the cells they are about, with the notebook folder's Ruff configuration, never the
ones a cell would get by being read alone (names and imports of other cells, the output
expression, top-level await), and `textDocument/formatting` formats a cell with Ruff's formatter
(VS Code's Format Cell, and Format Notebook cell by cell)."""

from __future__ import annotations

import pytest
from daemon_client import DaemonClient, RpcError
from lichen import protocol as P

pytestmark = pytest.mark.timeout(120)

CELLS = [
    "import json\nlimit = 3\nif limit == None:\n    pass\n",
    "values = [json.dumps(limit)]\nawait asyncio_sleep()\nassert (values, 1)\nvalues.copy\n",
    "x=[1,2 ,3]",
    "limit.real\nlimit == 4\nimport os\n",
]


@pytest.fixture(scope="module")
def daemon():
    with DaemonClient() as client:
        assert "documentFormattingProvider" in client.initialize()["capabilities"]
        yield client


@pytest.fixture
def nb(daemon, tmp_path):
    # The user's Ruff configuration beside the notebook applies: B (bugbear) selected too.
    (tmp_path / "ruff.toml").write_text('[lint]\nselect = ["E", "F", "B"]\n')
    uri = (tmp_path / "notebook.py").as_uri()
    return uri, daemon.open_notebook(uri, CELLS)


def ruff_findings(daemon, cell, match=bool):
    """The next Ruff findings published on `cell` that `match` accepts."""
    diagnostics = daemon.diagnostics(
        cell, match=lambda d: match([x for x in d if x.get("source") == "ruff"]))
    return sorted((d for d in diagnostics if d.get("source") == "ruff"),
                  key=lambda d: (d["range"]["start"]["line"], d["code"]))


def test_findings_are_published_on_their_cell(daemon, nb):
    uri, cells = nb
    found = ruff_findings(daemon, cells[0])
    assert [(d["code"], d["range"]) for d in found] == [
        ("E711", {"start": {"line": 2, "character": 12}, "end": {"line": 2, "character": 16}})]
    assert found[0]["severity"] == 2 and "None" in found[0]["message"]
    assert found[0]["codeDescription"]["href"].rstrip("/").endswith("/none-comparison")


def test_a_cell_is_not_blamed_for_being_a_cell(daemon, nb):
    uri, cells = nb
    # `json` and `limit` come from another cell, a cell may await at its top, and its last
    # line is its output: of all that Ruff says nothing, only that the assert is always true
    # (and Lichen, not Ruff, names `asyncio_sleep` as undefined).
    found = daemon.diagnostics(cells[1], match=lambda d: any(x.get("source") == "ruff"
                                                             for x in d))
    assert sorted((d["source"], d["code"]) for d in found) == [
        ("lichen", "undefined-name"), ("ruff", "F631")]
    # Not the last line, a useless attribute access is one (B018, selected by the config); an
    # import below code is fine in a cell, and an unused one is Lichen's to say.
    found = ruff_findings(daemon, cells[3])
    assert [(d["code"], d["range"]["start"]["line"]) for d in found] == [
        ("B018", 0), ("B015", 1)]


def test_the_configuration_of_the_notebook_folder_applies(daemon, tmp_path):
    (tmp_path / "ruff.toml").write_text('[lint]\nselect = ["E", "F"]\nignore = ["E711"]\n')
    uri = (tmp_path / "other.py").as_uri()
    cells = daemon.open_notebook(uri, [CELLS[0], CELLS[3], "a = 1; b = 2\n"])
    # Once the last cell's finding is in, the pass is done: E711 ignored, and no bugbear.
    assert [d["code"] for d in ruff_findings(daemon, cells[2])] == ["E702"]
    for cell in cells[:2]:
        assert not [d for d in daemon.latest_diagnostics(cell) or [] if d["source"] == "ruff"]


def test_a_cell_that_does_not_parse_hides_no_other_cells_findings(daemon, nb):
    uri, cells = nb
    ruff_findings(daemon, cells[0])
    daemon.set_text(uri, cells[2], "x = (")
    daemon.set_text(uri, cells[0], "import json\nlimit = 3\nif limit != None:\n    pass\n")
    found = ruff_findings(daemon, cells[0], match=lambda found: any(
        "is not None" in d["message"] for d in found))
    assert [d["code"] for d in found] == ["E711"]


def test_fixing_the_code_clears_its_findings(daemon, nb):
    uri, cells = nb
    ruff_findings(daemon, cells[0])
    daemon.set_text(uri, cells[0], "import json\nlimit = 3\nif limit is None:\n    pass\n")
    assert ruff_findings(daemon, cells[0], match=lambda found: not found) == []


def test_formatting_a_cell(daemon, nb):
    uri, cells = nb
    edits = daemon.request("textDocument/formatting", {
        "textDocument": {"uri": cells[2]}, "options": {"tabSize": 4, "insertSpaces": True}})
    assert edits == [{"range": {"start": {"line": 0, "character": 0},
                                "end": {"line": 0, "character": 10}},
                      "newText": "x = [1, 2, 3]"}]
    daemon.set_text(uri, cells[2], "x = [1, 2, 3]")
    assert daemon.request("textDocument/formatting", {
        "textDocument": {"uri": cells[2]}, "options": {}}) == []
    # A cell keeps its final newline, and `await` at its top is fine.
    daemon.set_text(uri, cells[2], "await  thing( )\n")
    edits = daemon.request("textDocument/formatting", {"textDocument": {"uri": cells[2]}})
    assert [e["newText"] for e in edits] == ["await thing()\n"]


def test_a_cell_that_does_not_parse_is_not_formatted(daemon, nb):
    uri, cells = nb
    daemon.set_text(uri, cells[2], "x = (")
    with pytest.raises(RpcError) as refused:
        daemon.request("textDocument/formatting",
                       {"textDocument": {"uri": cells[2]}, "options": {}})
    assert refused.value.code == P.ERROR_CODES["formatRefused"]
    assert "Ruff did not format the cell" in refused.value.message
    assert daemon.request("textDocument/formatting",
                          {"textDocument": {"uri": "file:///nowhere.py#cell0"}}) == []
