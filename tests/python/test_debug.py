"""Debugging cells: a real kernel with debugpy, driven over the Debug Adapter Protocol the way
VS Code drives it, with breakpoints set on the cells' editor URIs.

A run blocks until it ends, and a run paused at a breakpoint does not end: each test runs cells
on a thread of its own and drives the debugger from the test's thread.
"""

from __future__ import annotations

import concurrent.futures
import sys
import textwrap
import threading

import pytest
import debugpy  # noqa: F401  (a declared test dependency: without it the tests fail)

import debugpy  # noqa: F401 - a missing debugger is a failure here, not a skip

from dap_client import DapClient, connect_session
from lichen import Session
from lichen.kernel.debug import client_prefix, path_mappings, server_name
from lichen.kernel.errors import DebugUnavailable
from lichen.notebook import Cell, Notebook, serialize
from lichen.protocol import CellStream

pytestmark = pytest.mark.timeout(120)
WAIT = 30.0


def notebook_text(*codes: str) -> str:
    return serialize(Notebook(cells=tuple(Cell(textwrap.dedent(c).strip()) for c in codes)))


class Debugged:
    """A Session on a notebook file, its cells' editor URIs, and runs on a background thread."""

    def __init__(self, directory, *codes: str, **options):
        path = directory / "nb.py"
        path.write_text(notebook_text(*codes))
        self.session = Session.open(path, run_timeout=WAIT, **options)
        self.uris = {cell_id: f"vscode-notebook-cell:{path}#W{i}sZmlsZQ%3D%3D"
                     for i, cell_id in enumerate(self.session.cells)}
        self._runs = concurrent.futures.ThreadPoolExecutor(1)

    def uri(self, index: int) -> str:
        return self.uris[self.session.cells[index]]

    def attach(self, breakpoints=None, **options) -> DapClient:
        where = self.session.debug(self.uris)
        client = connect_session(self.session)
        self.answered = client.attach(where["pathMappings"], breakpoints or {}, **options)
        return client

    def run(self, *indexes: int) -> concurrent.futures.Future:
        ids = [self.session.cells[i] for i in indexes]
        return self._runs.submit(self.session.run, ids)

    def close(self) -> None:
        self.session.close()
        self._runs.shutdown(wait=True)


@pytest.fixture
def make(tmp_path):
    made = []

    def factory(*codes, **options) -> Debugged:
        debugged = Debugged(tmp_path, *codes, **options)
        made.append(debugged)
        return debugged

    yield factory
    for debugged in made:
        debugged.close()


def top(client: DapClient, stop: dict) -> dict:
    return client.frames(stop["threadId"])[0]


# --- the names cells have inside debugpy --------------------------------------------------------


def test_a_cell_uri_maps_to_a_name_in_angle_brackets_by_its_notebook_prefix():
    uri = "vscode-notebook-cell:/home/me/nb.py#W0sZmlsZQ%3D%3D"
    assert client_prefix(uri) == "vscode-notebook-cell:/home/me/nb.py#"
    assert server_name(uri) == "<lichen-cell:W0sZmlsZQ%3D%3D"
    assert path_mappings(client_prefix(uri)) == [
        {"localRoot": "vscode-notebook-cell:/home/me/nb.py#", "remoteRoot": "<lichen-cell:"},
        {"localRoot": "/", "remoteRoot": "/"}]


def test_a_uri_without_a_fragment_is_not_a_cell():
    assert client_prefix("file:///home/me/nb.py") is None
    assert path_mappings(None) == [{"localRoot": "/", "remoteRoot": "/"}]


def test_the_relay_splits_a_dap_stream_into_messages_whatever_the_chunks():
    from lichen.kernel.debug_relay import Deframer, frame

    stream = frame(b'{"seq": 1}') + frame("{\"é\": 2}".encode()) + frame(b"{}")
    for size in (1, 3, len(stream)):
        deframer, bodies = Deframer(), []
        for start in range(0, len(stream), size):
            bodies += deframer.feed(stream[start:start + size])
        assert bodies == [b'{"seq": 1}', "{\"é\": 2}".encode(), b"{}"]


# --- breakpoints in cells -------------------------------------------------------------------------


def test_a_breakpoint_in_a_cell_stops_there_with_its_variables_then_steps_and_continues(make):
    nb = make("""
        def double(v):
            w = v * 2
            return w
        """, """
        base = 20
        doubled = double(base)
        total = doubled + 1
        print("total", total)
        """)
    cell = nb.uri(1)
    nb.session.run([nb.session.cells[0]])
    client = nb.attach({cell: [{"line": 2}]})
    assert [b["verified"] for b in nb.answered[cell]] == [True]
    run = nb.run(1)

    stop = client.stopped()
    assert stop["reason"] == "breakpoint"
    frame = top(client, stop)
    assert (frame["source"]["path"], frame["line"]) == (cell, 2)
    assert frame["source"].get("sourceReference", 0) == 0  # the editor's cell, not a copy
    scopes = client.scopes(frame["id"])
    assert client.variables(scopes["Locals"])["base"] == "20"
    functions = client.groups(scopes["Globals"])["function variables"]
    assert "double" in client.variables(functions)  # the notebook's names, from other cells too
    assert client.evaluate("base * 2 + 1", frame["id"]) == "41"

    client.request("stepIn", threadId=stop["threadId"])  # into the function of the other cell
    frame = top(client, client.stopped())
    assert (frame["source"]["path"], frame["line"], frame["name"]) == (nb.uri(0), 2, "double")
    assert client.variables(client.scopes(frame["id"])["Locals"]) == {"v": "20"}
    client.request("stepOut", threadId=stop["threadId"])
    frame = top(client, client.stopped())
    assert (frame["source"]["path"], frame["line"]) == (cell, 2)
    client.request("next", threadId=stop["threadId"])
    frame = top(client, client.stopped())
    assert (frame["source"]["path"], frame["line"]) == (cell, 3)
    assert client.variables(client.scopes(frame["id"])["Locals"])["doubled"] == "40"

    client.request("continue", threadId=stop["threadId"])
    report = run.result(WAIT)
    assert report.ok
    client.disconnect()


def test_output_printed_before_a_breakpoint_shows_while_the_cell_is_paused(make):
    printed = threading.Event()

    def on_event(event):
        if isinstance(event, CellStream) and "before the stop" in event.text:
            printed.set()

    nb = make("""
        import sys
        sys.stdout.write("before the stop")  # no newline: sent by the kernel's flusher thread
        after = 1
        """, on_event=on_event)
    client = nb.attach({nb.uri(0): [{"line": 3}]})
    run = nb.run(0)
    stop = client.stopped()
    assert printed.wait(WAIT)
    client.request("continue", threadId=stop["threadId"])
    assert run.result(WAIT).ok
    client.disconnect()


def test_a_conditional_breakpoint_stops_only_when_its_condition_holds(make):
    nb = make("""
        seen = []
        for i in range(5):
            seen.append(i)
        """)
    client = nb.attach({nb.uri(0): [{"line": 3, "condition": "i == 3"}]})
    run = nb.run(0)
    stop = client.stopped()
    frame = top(client, stop)
    assert client.evaluate("i", frame["id"]) == "3"
    assert client.evaluate("seen", frame["id"]) == "[0, 1, 2]"
    client.request("continue", threadId=stop["threadId"])
    assert run.result(WAIT).ok
    assert not [e for e in client.events if e["event"] == "stopped"]
    client.disconnect()


def test_a_logpoint_logs_without_stopping(make):
    nb = make("""
        for i in range(3):
            square = i * i
        """)
    client = nb.attach({nb.uri(0): [{"line": 2, "logMessage": "square of {i}"}]})
    assert nb.run(0).result(WAIT).ok
    for i in range(3):
        logged = f"square of {i}"
        client.event("output", lambda body, text=logged: body.get("output", "").startswith(text))
    assert not [e for e in client.events if e["event"] == "stopped"]
    client.disconnect()


def test_a_breakpoint_in_an_imported_module_of_the_user_stops_there(make, tmp_path):
    module = tmp_path / "shapes.py"
    module.write_text("def area(r):\n    result = 3 * r * r\n    return result\n")
    nb = make("import shapes", "a = shapes.area(2)")
    nb.session.run([nb.session.cells[0]])
    client = nb.attach({str(module): [{"line": 2}]})
    run = nb.run(1)
    stop = client.stopped()
    frames = client.frames(stop["threadId"])
    assert (frames[0]["source"]["path"], frames[0]["line"]) == (str(module), 2)
    assert frames[0]["source"].get("sourceReference", 0) == 0  # the real file, not a copy
    assert (frames[1]["source"]["path"], frames[1]["line"]) == (nb.uri(1), 1)
    assert client.variables(client.scopes(frames[0]["id"])["Locals"]) == {"r": "2"}
    client.request("continue", threadId=stop["threadId"])
    assert run.result(WAIT).ok
    client.disconnect()


def test_a_function_defined_before_debugging_started_stops_at_its_breakpoint(make):
    nb = make("""
        def greet(name):
            text = "hello " + name
            return text
        """, "message = greet('you')")
    assert nb.session.run_all().ok  # compiled and run with no debugger around
    client = nb.attach({nb.uri(0): [{"line": 2}]})
    run = nb.run(1)
    stop = client.stopped()
    frame = top(client, stop)
    assert (frame["source"]["path"], frame["line"], frame["name"]) == (nb.uri(0), 2, "greet")
    client.request("continue", threadId=stop["threadId"])
    assert run.result(WAIT).ok
    client.disconnect()


def test_a_reactive_run_stops_in_the_dependent_cell(make):
    nb = make("x = 1", "y = x + 1\nz = y * 2")
    assert nb.session.run_all().ok
    client = nb.attach({nb.uri(1): [{"line": 2}]})
    run = nb.run(0)  # its dependent runs too
    stop = client.stopped()
    frame = top(client, stop)
    assert (frame["source"]["path"], frame["line"]) == (nb.uri(1), 2)
    assert client.evaluate("y", frame["id"]) == "2"
    client.request("continue", threadId=stop["threadId"])
    report = run.result(WAIT)
    assert [r.status for r in report.cells] == ["success", "success"]
    client.disconnect()


def test_an_exception_a_cell_raises_stops_as_uncaught_and_the_cell_still_fails(make):
    nb = make("""
        values = [1, 2]
        third = values[2]
        """)
    client = nb.attach({}, exception_filters=("uncaught",))
    run = nb.run(0)
    stop = client.stopped()
    assert stop["reason"] == "exception"
    frame = top(client, stop)
    assert (frame["source"]["path"], frame["line"]) == (nb.uri(0), 2)
    info = client.request("exceptionInfo", threadId=stop["threadId"])
    assert "IndexError" in info["exceptionId"]
    client.request("continue", threadId=stop["threadId"])
    report = run.result(WAIT)
    assert report.cells[0].status == "error" and report.cells[0].error.ename == "IndexError"
    client.disconnect()


def test_without_the_uncaught_filter_a_failing_cell_does_not_stop(make):
    nb = make("1 / 0")
    client = nb.attach({})
    assert nb.run(0).result(WAIT).cells[0].status == "error"
    assert not [e for e in client.events if e["event"] == "stopped"]
    client.disconnect()


def test_an_interrupt_while_paused_ends_the_cell_and_later_runs_still_stop(make):
    nb = make("""
        spins = 0
        while True:
            spins += 1
        """, "after = 1\nafter += 1")
    client = nb.attach({nb.uri(0): [{"line": 3}], nb.uri(1): [{"line": 2}]})
    run = nb.run(0)
    client.stopped()
    nb.session.interrupt()
    report = run.result(WAIT)
    assert report.cells[0].status == "interrupted"
    assert "pydevd" not in report.cells[0].error.traceback  # raised in the cell, not the debugger
    client.event("continued")
    run = nb.run(1)
    stop = client.stopped()
    assert top(client, stop)["source"]["path"] == nb.uri(1)
    client.request("continue", threadId=stop["threadId"])
    assert run.result(WAIT).ok
    client.disconnect()


# --- sessions come and go; the kernel stays ------------------------------------------------------


def test_detaching_keeps_the_kernel_and_its_state_and_a_new_attach_stops_again(make):
    nb = make("count = 41", "count + 1")
    assert nb.session.run([nb.session.cells[0]]).ok
    client = nb.attach({nb.uri(1): [{"line": 1}]})
    run = nb.run(1)
    stop = client.stopped()
    client.request("continue", threadId=stop["threadId"])
    assert run.result(WAIT).ok
    client.disconnect()

    report = nb.session.run([nb.session.cells[1]])  # no debugger: nothing stops
    assert report.result(nb.session.cells[1]).output == {"text/plain": "42"}
    client = nb.attach({nb.uri(1): [{"line": 1}]})
    run = nb.run(1)
    stop = client.stopped()
    assert client.evaluate("count", top(client, stop)["id"]) == "41"
    client.request("continue", threadId=stop["threadId"])
    assert run.result(WAIT).ok
    client.disconnect()


def test_a_client_gone_without_a_disconnect_lets_the_paused_cell_go_on(make):
    nb = make("x = 1\ny = x + 1")
    client = nb.attach({nb.uri(0): [{"line": 2}]})
    run = nb.run(0)
    client.stopped()
    client.close()  # the editor went away mid-pause
    assert run.result(WAIT).ok
    client = nb.attach({nb.uri(0): [{"line": 2}]})  # and a new client stops again
    stop_then_finish(client, nb.run(0))


def test_a_new_client_session_ends_the_previous_one(make):
    nb = make("x = 1")
    first = nb.attach()
    second = nb.attach({nb.uri(0): [{"line": 1}]})
    first.event("terminated")
    stop_then_finish(second, nb.run(0))


def stop_then_finish(client: DapClient, run: concurrent.futures.Future) -> None:
    """The run stops at a breakpoint, goes on, and ends well; the client disconnects."""
    stop = client.stopped()
    client.request("continue", threadId=stop["threadId"])
    assert run.result(WAIT).ok
    client.disconnect()


def test_a_restart_terminates_the_debugger_session(make):
    nb = make("x = 1")
    client = nb.attach()
    nb.session.restart()
    client.event("terminated")


# --- nothing another user of the machine could reach -------------------------------------------


def test_debugging_opens_no_port_in_the_kernel(make):
    nb = make("x = 1\ny = x + 1")
    client = nb.attach({nb.uri(0): [{"line": 2}]})
    run = nb.run(0)
    stop = client.stopped()
    pid = nb.session.kernel_pid
    assert inet_sockets(pid) == []  # while paused at a breakpoint: no TCP or UDP socket at all
    client.request("continue", threadId=stop["threadId"])
    assert run.result(WAIT).ok
    client.disconnect()
    assert inet_sockets(pid) == []


def inet_sockets(pid: int) -> list[str]:
    """The TCP and UDP sockets (IPv4 and IPv6) process `pid` holds, from Linux's /proc."""
    import os

    held = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            held.add(target[len("socket:["):-1])
    found = []
    for table in ("tcp", "tcp6", "udp", "udp6"):
        with open(f"/proc/{pid}/net/{table}") as rows:
            for row in list(rows)[1:]:
                fields = row.split()
                if fields[9] in held:
                    found.append(f"{table} {fields[1]}")
    return found


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="debugpy traces by sys.monitoring there")
def test_cells_run_untraced_unless_a_debugger_is_attached(make):
    nb = make("import sys\ntraced = sys.gettrace() is not None\ntraced")

    def traced() -> str:
        return nb.run(0).result(WAIT).cells[0].output["text/plain"]

    where = nb.session.debug(nb.uris)
    assert traced() == "False"  # listening, nobody attached: full speed
    client = connect_session(nb.session)
    client.attach(where["pathMappings"], {})
    assert traced() == "True"
    client.disconnect()
    assert traced() == "False"


def test_a_cell_added_while_debugging_stops_once_it_is_mapped(make):
    nb = make("a = 1")
    assert nb.session.run_all().ok
    client = nb.attach()
    added = nb.session.add("b = a + 1\nc = b * 3")
    nb.uris[added] = f"{client_prefix(nb.uri(0))}W9sZmlsZQ%3D%3D"
    assert client.set_breakpoints(nb.uris[added], [{"line": 2}])[0]["verified"]
    nb.session.debug(nb.uris)  # what the daemon does before a run that follows an added cell
    run = nb.run(1)
    stop = client.stopped()
    frame = top(client, stop)
    assert (frame["source"]["path"], frame["line"]) == (nb.uris[added], 2)
    client.request("continue", threadId=stop["threadId"])
    assert run.result(WAIT).ok
    client.disconnect()


def test_a_kernel_without_debugpy_says_how_to_install_it(tmp_path):
    blocker = tmp_path / "no-debugpy" / "debugpy"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('debugpy is not here')\n")
    import os

    env = {**os.environ, "PYTHONPATH": str(blocker.parent)}
    with Session.from_text(notebook_text("x = 1"), env=env, run_timeout=WAIT) as session:
        with pytest.raises(DebugUnavailable, match="pip install debugpy"):
            session.debug({})
        assert session.run_all().ok  # the kernel goes on
