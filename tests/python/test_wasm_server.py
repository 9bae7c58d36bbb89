"""The worker's server (`lichen.wasm`) under CPython: the daemon's methods with the daemon's
answers, and what the worker adds (installing missing packages before a run).

The same server runs in Pyodide in `tests/wasm/`; here it runs in this process, fast, and side by
side with the real daemon.
"""

from __future__ import annotations

import json
import sys
import textwrap

import pytest
from daemon_client import DaemonClient, RpcError
from lichen import protocol as P
from lichen.editor.handlers import DECLARED, METHODS
from wasm_client import WasmClient, on_both_hosts

NB = "file:///notebooks/notebook.py"

CELLS = [
    "import math\nradius = 2.0",
    "area = math.pi * radius ** 2\nprint('area', round(area, 2))\narea",
    "1 / 0 if radius > 5 else 'small'",
    "import lichen\nlichen.md(f'**r** = {radius}')",
    "doubled = area * 2",
    "doubled + undefined_name",
]


# Import and export: a py:percent script with a name defined twice; a notebook and what it shows.
PERCENT = "# %%\nx = 1\n# %% [markdown]\n# # Title\n# %%\nx = 2\n"
EXPORTED = ('import lichen\n\n__generated_with = "0.1.0"\napp = lichen.App()\n\n\n@app.cell\n'
            'def _():\n    print("hi")\n    x = 1\n    x\n    return (x,)\n')
EXPORTED_OUTPUTS = [{"output": {"text/plain": "1"}, "streams": [{"name": "stdout", "text": "hi\n"}]}]


def done_events(client, notebook: str = NB) -> list[dict]:
    """The `done` events received so far, without the fields that differ between runs."""
    found = []
    for event in client.cell_events(notebook):
        body = event["event"]
        if body["kind"] == "done":
            found.append({"cell": event["cellUri"], **{k: v for k, v in body.items()
                                                       if k not in ("duration", "runId")}})
    return found


def run_scenario(client) -> dict:
    """Run all, edit the root, delete a cell; everything the editor would be shown."""
    seen: dict = {"initialize": client.initialize()["capabilities"]["notebookDocumentSync"]}
    cells = client.open_notebook(NB, CELLS)
    seen["run all"] = client.request("lichen/runAll", {"notebookUri": NB})
    seen["run all events"] = done_events(client)
    client.set_text(NB, cells[0], "import math\nradius = 10.0")
    seen["edit"] = client.request("lichen/run", {"notebookUri": NB, "cellUris": [cells[0]]})
    seen["edit events"] = done_events(client)
    client.delete_cells(NB, 4, [cells[4]])
    seen["after delete"] = client.request("lichen/run", {"notebookUri": NB, "cellUris": [cells[5]]})
    seen["after delete events"] = done_events(client)
    client.insert_cells(NB, 4, {f"{NB}#dup": "radius = 3"})
    # The notebook's own diagnostics (Ruff's, where it is installed, come when typing pauses).
    found = client.diagnostics(cells[0], match=lambda d: any(
        x["code"] == "multiple-definition" for x in d))
    seen["diagnostics"] = [d for d in found if d["source"] == "lichen"]
    return seen


class Recording:
    """A client whose requests and notifications are noted by method, to show which methods of
    the table a scenario went through."""

    def __init__(self, client) -> None:
        self.client = client
        self.methods: set[str] = set()

    def request(self, method, params=None):
        self.methods.add(method)
        try:
            return {"result": self.client.request(method, params)}
        except RpcError as error:
            return {"error": error.code}

    def notify(self, method, params=None):
        self.methods.add(method)
        self.client.notify(method, params)


LANGUAGE_NB = "file:///notebooks/language.py"
LANGUAGE_CELLS = ['import math\ndef scale(values, factor=2):\n    """Multiply."""\n'
                  "    return values * factor\ndata = 3\n", "scaled = scale(data)\n", "math.sq"]


def language_requests(rec: Recording, client) -> dict:
    """Each language request once, on a notebook of its own."""
    cells = client.open_notebook(LANGUAGE_NB, LANGUAGE_CELLS)

    def at(cell, line, character, **more):
        return {"textDocument": {"uri": cells[cell]},
                "position": {"line": line, "character": character}, **more}
    seen = {"completion": rec.request(P.COMPLETION, at(2, 0, 7))}
    seen["resolve"] = rec.request(P.COMPLETION_RESOLVE, seen["completion"]["result"]["items"][0])
    seen["hover"] = rec.request(P.HOVER, at(1, 0, 10))
    seen["signature"] = rec.request(P.SIGNATURE_HELP, at(1, 0, 15))
    seen["definition"] = rec.request(P.DEFINITION, at(1, 0, 10))
    seen["references"] = rec.request(P.REFERENCES, at(1, 0, 16,
                                                      context={"includeDeclaration": True}))
    seen["highlight"] = rec.request(P.DOCUMENT_HIGHLIGHT, at(0, 4, 0))
    seen["symbols"] = rec.request(P.DOCUMENT_SYMBOL, {"textDocument": {"uri": cells[0]}})
    seen["prepare rename"] = rec.request(P.PREPARE_RENAME, at(1, 0, 16))
    seen["rename"] = rec.request(P.RENAME, at(1, 0, 16, newName="samples"))
    seen["rename refused"] = rec.request(P.RENAME, at(1, 0, 16, newName="scaled"))
    seen["formatting"] = rec.request(P.FORMATTING, {"textDocument": {"uri": cells[1]}})
    return seen


def every_method(client) -> tuple[dict, set[str]]:
    """Each method of the table once (after the notebook sync), and what each answered."""
    rec, seen = Recording(client), {}
    seen["initialize"] = rec.request("initialize", {"processId": None, "capabilities": {},
                                                    "initializationOptions": {}})
    rec.notify("initialized", {})
    rec.methods.add("notebookDocument/didOpen")
    rec.methods.add("notebookDocument/didChange")
    cells = client.open_notebook(NB, ["import lichen\ns = lichen.ui.slider(0, 10)\ns",
                                      "t = s.value + 1\nt", "u = t * 2\nu"])
    seen["language"] = language_requests(rec, client)
    seen["parse"] = rec.request(P.PARSE, {"text": "import lichen\napp = lichen.App()\n"})
    notebook = seen["parse"]["result"]
    seen["serialize"] = rec.request(P.SERIALIZE, {"notebook": notebook})
    seen["import"] = rec.request(P.IMPORT_NOTEBOOK, {"text": PERCENT, "fileName": "s.py"})
    seen["import refused"] = rec.request(P.IMPORT_NOTEBOOK, {"text": "x", "fileName": "t.txt"})
    exported = rec.request(P.PARSE, {"text": EXPORTED})["result"]
    seen["export"] = rec.request(P.EXPORT_NOTEBOOK, {"notebook": exported, "format": "ipynb",
                                                     "outputs": EXPORTED_OUTPUTS})
    seen["export md"] = rec.request(P.EXPORT_NOTEBOOK, {"notebook": exported, "format": "md"})
    seen["run all"] = rec.request(P.RUN_ALL, {"notebookUri": NB})
    element = json.loads(done_events(client)[0]["output"][P.UI_MIME])["node"]["id"]
    seen["ui value"] = rec.request(P.SET_UI_VALUE, {"notebookUri": NB, "elementId": element,
                                                    "value": 4})
    seen["table query"] = rec.request(P.TABLE_QUERY, {"notebookUri": NB, "tableId": element,
                                                      "request": {}})  # a slider: no table
    seen["variables"] = rec.request(P.VARIABLES, {"notebookUri": NB})
    seen["graph"] = rec.request(P.CELL_GRAPH, {"notebookUri": NB})
    rec.notify(P.DID_CHANGE_CONFIGURATION, {"settings": {"onCellChange": "lazy"}})
    client.set_text(NB, cells[1], "t = s.value + 2\nt")
    seen["run lazily"] = rec.request(P.RUN, {"notebookUri": NB, "cellUris": [cells[1]]})
    seen["run stale"] = rec.request(P.RUN_STALE, {"notebookUri": NB})
    seen["disable"] = rec.request(P.SET_CONFIG, {"notebookUri": NB, "cellUri": cells[2],
                                                 "config": {"disabled": True}})
    seen["interrupt"] = rec.request(P.INTERRUPT, {"notebookUri": NB})
    seen["restart"] = rec.request(P.RESTART, {"notebookUri": NB})
    # A local kernel has no scheduler's job: nothing to cancel, in either host.
    seen["cancel job"] = rec.request(P.CANCEL_KERNEL_JOB, {"notebookUri": NB})
    seen["select kernel"] = rec.request(P.SELECT_KERNEL, {"notebookUri": NB, "python": None})
    seen["debug"] = "error" in rec.request(P.DEBUG_ATTACH, {"notebookUri": "file:///nowhere.py"})
    message = {"seq": 1, "type": "request", "command": "threads", "arguments": {}}
    rec.notify(P.DEBUG_TO_KERNEL, {"notebookUri": NB, "session": 1, "message": message})
    rec.notify(P.DEBUG_DETACH, {"notebookUri": NB, "session": 1})  # no session: nothing happens
    seen["events"] = done_events(client)
    rec.notify(P.DID_SAVE_NOTEBOOK, {"notebookDocument": {"uri": NB, "version": 3}})
    rec.notify(P.DID_CLOSE_NOTEBOOK, {"notebookDocument": {"uri": NB},
                                      "cellTextDocuments": [{"uri": c} for c in cells]})
    seen["closed"] = rec.request(P.RUN_ALL, {"notebookUri": NB})
    seen["shutdown"] = rec.request(P.SHUTDOWN)
    rec.notify(P.EXIT)
    return seen, rec.methods


def test_every_method_of_the_table_is_answered_alike_by_both_hosts():
    with DaemonClient() as daemon:
        expected, methods = every_method(daemon)
        assert daemon.process.wait(20) == 0  # exit after shutdown ends the daemon cleanly
    with WasmClient() as wasm:
        got, _ = every_method(wasm)
    assert methods >= set(METHODS)
    assert got == expected
    assert expected["run stale"]["result"]["cells"]  # the lazy edit left stale cells to run
    assert expected["closed"] == {"error": P.ERROR_CODES["unknownNotebook"]}
    assert expected["import"]["result"]["redefined"] == ["x"]
    assert expected["import refused"] == {"error": P.ERROR_CODES["notConvertible"]}
    cell = json.loads(expected["export"]["result"]["text"])["cells"][0]
    assert cell["outputs"][0] == {"output_type": "stream", "name": "stdout", "text": ["hi\n"]}
    assert cell["outputs"][1]["data"] == {"text/plain": ["1"]}
    language = expected["language"]
    assert [i["label"] for i in language["completion"]["result"]["items"]] == ["sqrt"]
    assert "Defined in cell 1" in language["hover"]["result"]["contents"]["value"]
    assert language["rename refused"] == {"error": P.ERROR_CODES["renameRefused"]}


def test_the_same_answers_and_outputs_as_the_daemon():
    expected, got = on_both_hosts(run_scenario)
    assert got == expected
    assert any(e["output"] == {"text/plain": "314.1592653589793"} for e in got["edit events"])


def test_every_declared_method_has_its_one_handler_served_by_both_hosts(wasm):
    assert set(METHODS) == set(DECLARED)
    assert {m.name for m in P.EDITOR_METHODS if not m.to_editor} <= set(METHODS)
    assert set(wasm.server.rpc._handlers) == set(METHODS)


def test_an_edit_reruns_the_cells_that_read_it(wasm):
    cells = wasm.open_notebook(NB, ["x = 1", "y = x + 1\ny", "z = 5\nz"])
    wasm.request("lichen/runAll", {"notebookUri": NB})
    wasm.cell_events(NB)
    wasm.set_text(NB, cells[0], "x = 41")
    result = wasm.request("lichen/run", {"notebookUri": NB, "cellUris": [cells[0]]})
    assert [c["cellUri"] for c in result["cells"]] == cells[:2]
    outputs = {e["cell"]: e["output"] for e in done_events(wasm)}
    assert outputs == {cells[0]: None, cells[1]: {"text/plain": "42"}}


def test_incremental_edits_are_applied_as_the_editor_sends_them(wasm):
    cells = wasm.open_notebook(NB, ["value = 'café'\nvalue"])
    wasm.change(NB, {"textContent": [{"document": {"uri": cells[0], "version": 2}, "changes": [
        {"range": {"start": {"line": 0, "character": 13}, "end": {"line": 0, "character": 13}},
         "text": " au lait"}]}]})
    wasm.request("lichen/run", {"notebookUri": NB, "cellUris": cells})
    assert done_events(wasm)[0]["output"] == {"text/plain": "'café au lait'"}


def test_errors_are_answered_as_the_daemon_answers_them(wasm):
    with pytest.raises(RpcError) as unknown:
        wasm.request("lichen/runAll", {"notebookUri": "file:///nowhere.py"})
    assert unknown.value.code == P.ERROR_CODES["unknownNotebook"]
    with pytest.raises(RpcError) as invalid:
        wasm.request("lichen/run", {"notebookUri": NB, "cellUris": "not a list"})
    assert invalid.value.code == P.ERROR_CODES["invalidParams"] and "cellUris" in invalid.value.message
    with pytest.raises(RpcError) as missing:
        wasm.request("lichen/noSuchMethod", {})
    assert missing.value.code == P.ERROR_CODES["methodNotFound"]
    wasm.send_bytes(b"{not json")
    reply = wasm._wait(lambda: wasm.responses.pop(None, None), 5, "parse error")
    assert reply["error"]["code"] == P.ERROR_CODES["parseError"]


def test_nothing_runs_in_an_untrusted_workspace(wasm):
    wasm.notify("workspace/didChangeConfiguration", {"settings": {"trusted": False}})
    wasm.open_notebook(NB, ["print('ran')"])
    with pytest.raises(RpcError) as refused:
        wasm.request("lichen/runAll", {"notebookUri": NB})
    assert refused.value.code == P.ERROR_CODES["untrusted"]
    assert wasm.cell_events(NB) == []


def test_a_ui_value_runs_the_cells_that_read_it(wasm):
    cells = wasm.open_notebook(NB, ["import lichen\ns = lichen.ui.slider(0, 10)\ns",
                                    "s.value * 10"])
    wasm.request("lichen/runAll", {"notebookUri": NB})
    element = json.loads(done_events(wasm)[0]["output"][P.UI_MIME])["node"]["id"]
    result = wasm.request(P.SET_UI_VALUE, {"notebookUri": NB, "elementId": element, "value": 7})
    assert result == {"ok": True, "cells": [{"cellUri": cells[1], "status": "success"}]}
    assert done_events(wasm)[-1]["output"] == {"text/plain": "70"}
    with pytest.raises(RpcError) as gone:
        wasm.request(P.SET_UI_VALUE, {"notebookUri": NB, "elementId": "gone", "value": 1})
    assert gone.value.code == P.ERROR_CODES["uiValueRefused"] and "gone" in gone.value.message


def test_debugging_says_why_it_is_unavailable(wasm):
    wasm.open_notebook(NB, ["x = 1"])
    with pytest.raises(RpcError) as refused:
        wasm.request(P.DEBUG_ATTACH, {"notebookUri": NB})
    assert refused.value.code == P.ERROR_CODES["debugUnavailable"]
    assert "VS Code for the Web" in refused.value.message


def test_restart_empties_the_namespace(wasm):
    cells = wasm.open_notebook(NB, ["import sys\nsys.lichen_mark = 1\nx = 1", "x"])
    wasm.request("lichen/runAll", {"notebookUri": NB})
    wasm.request("lichen/restart", {"notebookUri": NB})
    wasm.kernel_status(NB, "restarting")
    result = wasm.request("lichen/run", {"notebookUri": NB, "cellUris": [cells[1]]})
    assert result["cells"] == [{"cellUri": cells[1], "status": "error"}]


@pytest.mark.parametrize("client_class", [WasmClient, DaemonClient])
def test_a_cell_fixed_after_a_syntax_error_still_runs_after_a_restart(client_class):
    with client_class() as client:
        client.initialize()
        broken, reader = client.open_notebook(NB, ["y = (", "y + 1"])
        assert client.request("lichen/runAll", {"notebookUri": NB})["ok"] is False
        client.set_text(NB, broken, "y = 1")
        assert client.request("lichen/run", {"notebookUri": NB, "cellUris": [broken]})["ok"]
        client.request("lichen/restart", {"notebookUri": NB})
        result = client.request("lichen/runAll", {"notebookUri": NB})
        assert result["ok"] is True, result


class FakeIndex:
    """An installer that writes a module for each package it knows, like micropip would."""

    def __init__(self, directory, known: dict[str, str]) -> None:
        self.directory = directory
        self.known = known
        self.asked: list[str] = []
        sys.path.insert(0, str(directory))

    async def install(self, requirement: str) -> str:
        self.asked.append(requirement)
        name = requirement.split(">")[0].split("=")[0].strip()
        if name not in self.known:
            raise ValueError(f"Can't find a pure Python 3 wheel for: '{name}'")
        (self.directory / f"{name.replace('-', '_')}.py").write_text(self.known[name])
        return "1.0"

    def close(self) -> None:
        sys.path.remove(str(self.directory))


@pytest.fixture
def index(tmp_path):
    fake = FakeIndex(tmp_path, {"lichen_fake_pkg": "ANSWER = 42\n",
                                "lichen-header-pkg": "HELLO = 'hi'\n"})
    yield fake
    fake.close()
    for name in ("lichen_fake_pkg", "lichen_header_pkg"):
        sys.modules.pop(name, None)


def test_a_missing_import_is_installed_before_its_cell_runs(index):
    with WasmClient(index.install) as wasm:
        wasm.initialize()
        optional = "try:\n    import lichen_optional_pkg\nexcept ImportError:\n    pass"
        cells = wasm.open_notebook(NB, ["import lichen_fake_pkg\nlichen_fake_pkg.ANSWER", optional])
        result = wasm.request("lichen/runAll", {"notebookUri": NB})
        assert result["ok"] and index.asked == ["lichen_fake_pkg"]
        events = wasm.cell_events(NB)
    streams = [e["event"]["text"] for e in events if e["event"]["kind"] == "stream"]
    assert streams == ["Installing lichen_fake_pkg (imported as lichen_fake_pkg)...\n",
                       "Installed lichen_fake_pkg 1.0.\n"]
    assert events[0]["cellUri"] == cells[0]
    assert [e for e in events if e["event"]["kind"] == "done"][0]["event"]["output"] == {
        "text/plain": "42"}


def test_a_package_that_cannot_be_had_is_said_so_at_each_run(index):
    with WasmClient(index.install) as wasm:
        wasm.initialize()
        wasm.open_notebook(NB, ["import lichen_compiled_pkg"])
        for _ in range(2):
            wasm.request("lichen/runAll", {"notebookUri": NB})
            events = wasm.cell_events(NB)
            errors = [e["event"]["text"] for e in events
                      if e["event"]["kind"] == "stream" and e["event"]["name"] == "stderr"]
            assert len(errors) == 1 and "no pure-Python wheel" in errors[0]
            done = [e["event"] for e in events if e["event"]["kind"] == "done"][0]
            assert done["error"]["ename"] == "ModuleNotFoundError"
        assert index.asked == ["lichen_compiled_pkg"]


def test_script_dependencies_are_installed_when_the_notebook_opens(index):
    header = textwrap.dedent("""\
        # /// script
        # dependencies = ["lichen-header-pkg>=1"]
        # ///
        """)
    with WasmClient(index.install) as wasm:
        wasm.initialize()
        wasm.send({"jsonrpc": "2.0", "method": "notebookDocument/didOpen", "params": {
            "notebookDocument": {"uri": NB, "notebookType": "lichen-notebook", "version": 1,
                                 "metadata": {"header": header},
                                 "cells": [{"kind": 2, "document": f"{NB}#a"}]},
            "cellTextDocuments": [{"uri": f"{NB}#a", "languageId": "python", "version": 1,
                                   "text": "import lichen_header_pkg\nlichen_header_pkg.HELLO"}]}})
        wasm.request("lichen/runAll", {"notebookUri": NB})
        assert index.asked == ["lichen-header-pkg>=1"]
        assert done_events(wasm)[0]["output"] == {"text/plain": "'hi'"}
