"""The daemon and its kernels end with the editor: end of input, `exit`, or its process gone."""

import os
import select
import subprocess
import sys

import pytest

from daemon_client import DaemonClient

pytestmark = pytest.mark.timeout(90)


def ends_within(pid, timeout):
    """Whether process `pid` ends (or has ended) within `timeout` seconds."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        readable, _, _ = select.select([fd], [], [], timeout)
        return bool(readable)
    finally:
        os.close(fd)


def start_kernel(daemon, nb, code="import os\nos.getpid()"):
    """Run a cell giving its kernel's pid; the pid."""
    (cell,) = daemon.open_notebook(nb, [code])
    daemon.request("lichen/runAll", {"notebookUri": nb})
    events = daemon.cell_events(nb)
    return int([e["event"] for e in events if e["event"]["kind"] == "done"][-1]["output"]["text/plain"])


def test_end_of_input_ends_the_daemon_and_its_kernels():
    daemon = DaemonClient()
    daemon.initialize()
    pids = [start_kernel(daemon, f"file:///notebooks/eof{i}.py") for i in range(2)]
    assert daemon.close() == 0
    assert all(ends_within(pid, 10) for pid in pids)


def test_end_of_input_during_an_endless_cell():
    daemon = DaemonClient()
    daemon.initialize()
    pid = start_kernel(daemon, "file:///notebooks/busy.py")
    nb2 = "file:///notebooks/busy2.py"
    daemon.open_notebook(nb2, ["while True:\n    pass"])
    daemon.request_async("lichen/runAll", {"notebookUri": nb2})
    daemon.wait_for(lambda m: m["method"] == "lichen/cellEvents" and any(
        e["event"]["kind"] == "running" for e in m["params"]["events"]), what="running")
    assert daemon.close() == 0
    assert ends_within(pid, 10)


def test_shutdown_and_exit_end_the_kernels():
    daemon = DaemonClient()
    daemon.initialize()
    pid = start_kernel(daemon, "file:///notebooks/exit.py")
    assert daemon.request("shutdown") is None
    assert ends_within(pid, 10)
    daemon.notify("exit")
    assert daemon.process.wait(10) == 0


def test_the_editor_process_going_away_ends_the_daemon():
    editor = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                              stdin=subprocess.PIPE)
    daemon = DaemonClient()
    try:
        daemon.initialize(process_id=editor.pid)
        pid = start_kernel(daemon, "file:///notebooks/orphan.py")
        editor.stdin.close()
        editor.wait(10)
        assert daemon.process.wait(15) == 0  # stdin still open: only the watch can end it
        assert ends_within(pid, 10)
    finally:
        if daemon.process.poll() is None:
            daemon.close()


def test_exit_without_shutdown_still_ends_the_kernels():
    daemon = DaemonClient()
    daemon.initialize()
    pid = start_kernel(daemon, "file:///notebooks/abrupt.py")
    daemon.notify("exit")
    assert daemon.process.wait(10) == 1  # LSP: exit before shutdown is an error
    assert ends_within(pid, 10)
