"""Whatever the editor sends, the daemon answers with a JSON-RPC error or ignores it, and keeps
serving."""

import pytest

from daemon_client import DaemonClient, RpcError
from lichen.protocol import ERROR_CODES

pytestmark = pytest.mark.timeout(60)


def error_of(daemon, method, params):
    with pytest.raises(RpcError) as error:
        daemon.request(method, params)
    return error.value


# An empty file reads as a new notebook: an import cell and an empty cell.
NEW_NOTEBOOK = ["import lichen", ""]


def alive(daemon):
    assert [c["code"] for c in daemon.request("lichen/parse", {"text": ""})["cells"]] == NEW_NOTEBOOK


def test_unreadable_json_gets_a_parse_error(daemon):
    daemon.send_bytes(b'{"jsonrpc": "2.0", "id": 99, "method": ')
    reply = daemon._wait(lambda: daemon.responses.pop(None, None), 10, "parse error")
    assert reply["error"]["code"] == ERROR_CODES["parseError"]
    alive(daemon)


def test_an_unknown_method_gets_method_not_found(daemon):
    assert error_of(daemon, "lichen/noSuchThing", {}).code == ERROR_CODES["methodNotFound"]
    assert error_of(daemon, "textDocument/noSuchThing", {}).code == ERROR_CODES["methodNotFound"]
    alive(daemon)


def test_an_unknown_notification_is_ignored(daemon):
    daemon.notify("lichen/noSuchThing", {"x": 1})
    daemon.notify("$/somethingElse", None)
    alive(daemon)


@pytest.mark.parametrize("params", [None, [], {"cellUris": []}, {"notebookUri": 1, "cellUris": []},
                                    {"notebookUri": "x", "cellUris": "not a list"}])
def test_malformed_params_get_invalid_params_naming_the_field(daemon, params):
    error = error_of(daemon, "lichen/run", params)
    assert error.code == ERROR_CODES["invalidParams"]
    assert "Invalid params" in error.message
    alive(daemon)


def test_a_message_that_is_not_json_rpc_2_gets_invalid_request(daemon):
    daemon.send({"jsonrpc": "1.0", "id": "old", "method": "lichen/parse", "params": {"text": ""}})
    reply = daemon._wait(lambda: daemon.responses.pop("old", None), 10, "invalid request")
    assert reply["error"]["code"] == ERROR_CODES["invalidRequest"]
    daemon.send_bytes(b"[1, 2, 3]")
    reply = daemon._wait(lambda: daemon.responses.pop(None, None), 10, "invalid request")
    assert reply["error"]["code"] == ERROR_CODES["invalidRequest"]
    alive(daemon)


def test_a_standard_request_with_malformed_params_gets_an_error(daemon):
    error = error_of(daemon, "workspace/executeCommand", {"command": 5})
    assert error.code == ERROR_CODES["invalidParams"]
    alive(daemon)


def test_malformed_notebook_sync_is_survived(daemon):
    daemon.notify("notebookDocument/didChange", {"notebookDocument": {"uri": "file:///nope.py",
                                                                       "version": 2},
                                                 "change": {"cells": {"textContent": []}}})
    daemon.notify("notebookDocument/didOpen", {"notebookDocument": "garbage"})
    alive(daemon)


def test_a_notebook_that_is_not_open_is_named_in_the_error(daemon):
    error = error_of(daemon, "lichen/runAll", {"notebookUri": "file:///never-opened.py"})
    assert error.code == ERROR_CODES["unknownNotebook"]
    assert "never-opened.py" in error.message


def test_an_untrusted_workspace_runs_nothing():
    with DaemonClient() as daemon:
        daemon.initialize({"trusted": False})
        nb = "file:///notebooks/untrusted.py"
        (cell,) = daemon.open_notebook(nb, ["x = 1"])
        for method, params in [("lichen/runAll", {"notebookUri": nb}),
                               ("lichen/run", {"notebookUri": nb, "cellUris": [cell]}),
                               ("lichen/runStale", {"notebookUri": nb})]:
            error = error_of(daemon, method, params)
            assert error.code == ERROR_CODES["untrusted"]
            assert "trust" in error.message
        assert [c["code"] for c in daemon.request("lichen/parse", {"text": ""})["cells"]] == NEW_NOTEBOOK
        daemon.barrier()
        assert not [m for m in daemon.notifications if m["method"] == "lichen/kernelStatus"]


def test_bad_settings_fall_back_to_the_defaults_with_a_message():
    with DaemonClient() as daemon:
        daemon.initialize({"onCellChange": "sometimes"})
        message = daemon.wait_for(lambda m: m["method"] == "window/logMessage"
                                  and "settings ignored" in m["params"]["message"])
        assert "onCellChange" in message["params"]["message"]
        nb = "file:///notebooks/defaults.py"
        daemon.open_notebook(nb, ["x = 1"])
        assert daemon.request("lichen/runAll", {"notebookUri": nb})["ok"] is True
