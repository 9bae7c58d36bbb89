"""Debugging through the real daemon (`lichen/debugAttach`, `lichen/debugToKernel`,
`lichen/debugFromKernel`, `lichen/debugDetach`): debugpy starts in the notebook's kernel, and a
debugger whose messages travel as notifications (no port opens) stops at breakpoints set on cell
URIs during runs the editor asks for, cells added later included."""

import pytest
import debugpy  # noqa: F401  (a declared test dependency: without it the tests fail)

from daemon_client import DaemonClient, RpcError
from dap_client import DapClient
from lichen.protocol import ERROR_CODES

pytestmark = pytest.mark.timeout(120)


def connect(daemon, nb):
    """A debugger client session of `nb`'s kernel, through the daemon."""
    where = daemon.request("lichen/debugAttach", {"notebookUri": nb})
    session = where["session"]

    def send(message):
        daemon.notify("lichen/debugToKernel",
                      {"notebookUri": nb, "session": session, "message": message})

    def close():
        daemon.notify("lichen/debugDetach", {"notebookUri": nb, "session": session})

    client = DapClient(send, close)
    daemon.debuggers[(nb, session)] = client.feed
    return where, client


def attach(daemon, nb, breakpoints):
    where, client = connect(daemon, nb)
    client.attach(where["pathMappings"], breakpoints)
    return where, client


def test_debug_attach_starts_the_kernel_and_runs_nothing(daemon, nb):
    daemon.open_notebook(nb, ["print('ran')"])
    where = daemon.request("lichen/debugAttach", {"notebookUri": nb})
    daemon.kernel_status(nb, "idle")
    assert set(where) == {"session", "pathMappings"}  # no host, no port
    assert where["pathMappings"][0] == {"localRoot": f"{nb}#", "remoteRoot": "<lichen-cell:"}
    again = daemon.request("lichen/debugAttach", {"notebookUri": nb})
    assert again["session"] != where["session"]
    assert daemon.cell_events(nb) == []


def test_a_run_the_editor_asks_for_stops_at_a_breakpoint_in_a_cell(daemon, nb):
    _, b = daemon.open_notebook(nb, ["x = 20", "y = x + 1\nz = y * 2"])
    _, client = attach(daemon, nb, {b: [{"line": 2}]})
    run = daemon.request_async("lichen/runAll", {"notebookUri": nb})
    stop = client.stopped()
    frame = client.frames(stop["threadId"])[0]
    assert (frame["source"]["path"], frame["line"]) == (b, 2)
    assert client.evaluate("y", frame["id"]) == "21"
    client.request("continue", threadId=stop["threadId"])
    assert daemon.response(run)["ok"] is True
    client.disconnect()


def test_a_detached_client_lets_the_paused_cell_finish(daemon, nb):
    (a,) = daemon.open_notebook(nb, ["x = 1\ny = x + 1"])
    _, client = attach(daemon, nb, {a: [{"line": 2}]})
    run = daemon.request_async("lichen/runAll", {"notebookUri": nb})
    client.stopped()
    client.close()  # lichen/debugDetach: the editor's session ended without a disconnect
    assert daemon.response(run)["ok"] is True


def test_a_cell_inserted_while_debugging_stops_at_its_breakpoint(daemon, nb):
    daemon.open_notebook(nb, ["x = 1"])
    _, client = attach(daemon, nb, {})
    added = f"{nb}#added"
    daemon.insert_cells(nb, 1, {added: "y = x * 5\nw = y + 1"})
    client.set_breakpoints(added, [{"line": 2}])
    run = daemon.request_async("lichen/runAll", {"notebookUri": nb})
    stop = client.stopped()
    frame = client.frames(stop["threadId"])[0]
    assert (frame["source"]["path"], frame["line"]) == (added, 2)
    client.request("continue", threadId=stop["threadId"])
    assert daemon.response(run)["ok"] is True
    client.disconnect()


def test_a_restart_terminates_the_session_and_the_new_kernel_is_debugged_on_request(daemon, nb):
    (a,) = daemon.open_notebook(nb, ["x = 1"])
    _, old = attach(daemon, nb, {})
    daemon.request("lichen/restart", {"notebookUri": nb})
    old.event("terminated")
    _, client = attach(daemon, nb, {a: [{"line": 1}]})
    run = daemon.request_async("lichen/run", {"notebookUri": nb, "cellUris": [a]})
    stop = client.stopped()
    client.request("continue", threadId=stop["threadId"])
    assert daemon.response(run)["ok"] is True
    client.disconnect()


def test_a_kernel_without_debugpy_answers_what_to_install(tmp_path):
    blocker = tmp_path / "no-debugpy" / "debugpy"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('debugpy is not here')\n")
    env_file = tmp_path / "kernel.env"
    env_file.write_text(f"PYTHONPATH={blocker.parent}\n")
    with DaemonClient() as daemon:
        daemon.initialize({"envFile": str(env_file)})
        nb = "file:///notebooks/no_debugpy.py"
        daemon.open_notebook(nb, ["x = 1"])
        with pytest.raises(RpcError) as raised:
            daemon.request("lichen/debugAttach", {"notebookUri": nb})
        assert raised.value.code == ERROR_CODES["debugUnavailable"]
        assert "pip install debugpy" in raised.value.message
        assert daemon.request("lichen/runAll", {"notebookUri": nb})["ok"] is True


def test_debugging_needs_a_trusted_workspace():
    with DaemonClient() as daemon:
        daemon.initialize({"trusted": False})
        nb = "file:///notebooks/untrusted.py"
        daemon.open_notebook(nb, ["x = 1"])
        with pytest.raises(RpcError) as raised:
            daemon.request("lichen/debugAttach", {"notebookUri": nb})
        assert raised.value.code == ERROR_CODES["untrusted"]
