"""Kept kernels outlive their controller (killed with SIGKILL here, as a dropped connection or
a crashed daemon would be) and are reattached to with their variables; `lichen kernels list |
stop` show and end them. Each test keeps its kernel directories in a temporary directory of its
own (TMPDIR), where the listing looks."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time

import pytest

from kernel_helpers import WAIT, notebook
from lichen import Session
from lichen.kernel import detached
from lichen.protocol import CellDone, CellStale, CellStream

pytestmark = pytest.mark.timeout(180)

# A controller that opens the notebook kept, runs it, says its kernel's id, and waits to be
# killed. argv: the notebook, the idle seconds, then "run" (wait) or "busy" (kill it mid-run).
CONTROLLER = textwrap.dedent("""
    import sys, time
    from lichen import Session
    path, idle, what = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    session = Session.open(path, keep_running=idle)
    if what == "busy":  # the second cell is slow
        session.run([session.cells[0]])
        print(session.kernel_id, flush=True)
        session.run([session.cells[1]])
    else:
        session.run_all()
        print(session.kernel_id, flush=True)
    time.sleep(600)
""")


@pytest.fixture
def kept_dir(tmp_path, monkeypatch):
    """Kernel directories in `tmp_path/kernels`, for this process and the ones it starts."""
    directory = tmp_path / "kernels"
    directory.mkdir()
    monkeypatch.setenv("TMPDIR", str(directory))
    monkeypatch.setattr(tempfile, "tempdir", str(directory))
    return directory


def start_controller(path, idle: float = 60, what: str = "run") -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, "-c", CONTROLLER, str(path), str(idle), what],
                               stdout=subprocess.PIPE, text=True)
    kernel_id = process.stdout.readline().strip()
    assert kernel_id, "the controller said no kernel id"
    return process, kernel_id


def kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait()


def kernels_list() -> list[dict]:
    done = subprocess.run([sys.executable, "-m", "lichen", "kernels", "list", "--json"],
                          capture_output=True, text=True, timeout=WAIT)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def wait_until(test, what: str, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not test():
        assert time.monotonic() < deadline, f"not within {timeout} s: {what}"
        time.sleep(0.1)


def test_a_kept_kernel_outlives_its_killed_controller_and_is_reattached_with_its_state(
        kept_dir, tmp_path):
    path = tmp_path / "nb.py"
    path.write_text(notebook("import os\nx = 41", "y = x + 1"))
    controller, kernel_id = start_controller(path)
    kill(controller)
    [listed] = kernels_list()
    assert (listed["id"], listed["state"], listed["notebook"]) == (kernel_id, "detached",
                                                                   str(path))
    events: list = []
    with Session.open(path, reattach=True, on_event=events.append, run_timeout=WAIT) as session:
        assert session.reattached.kernel_id == kernel_id and session.reattached.stale == ()
        assert [row["state"] for row in kernels_list()] == ["attached"]
        reader = session.add("print('x is', x, 'y is', y)")
        assert session.run([reader]).ok  # nothing re-ran: the values are the kernel's own
        printed = "".join(e.text for e in events if type(e) is CellStream)
        assert "x is 41 y is 42" in printed
        pid = session.kernel_pid
    assert not detached.process_alive(pid)  # a session's close ends even a kept kernel
    assert kernels_list() == []


def test_without_reattach_a_new_kernel_starts(kept_dir, tmp_path):
    path = tmp_path / "nb.py"
    path.write_text(notebook("x = 1"))
    controller, kernel_id = start_controller(path)
    kill(controller)
    with Session.open(path) as session:
        assert session.reattached is None and session.kernel_id != kernel_id
    assert [row["id"] for row in kernels_list()] == [kernel_id]  # still there, detached


def test_a_run_under_way_goes_on_and_its_missed_output_comes_on_reattach(kept_dir, tmp_path):
    path = tmp_path / "nb.py"
    path.write_text(notebook("import time", "time.sleep(1.5)\nprint('slept')\ndone = True"))
    controller, _ = start_controller(path, what="busy")
    time.sleep(0.3)  # inside the sleep
    kill(controller)
    events: list = []
    with Session.open(path, reattach=True, on_event=events.append, run_timeout=WAIT) as session:
        first, slow = session.cells
        assert session.reattached.ran == (slow,)
        assert any(type(e) is CellStream and "slept" in e.text and e.cell_id == slow
                   for e in events)
        assert any(type(e) is CellDone and e.cell_id == slow and e.status == "success"
                   for e in events)
        check = session.add("print('done is', done)")
        assert session.run([check]).ok


def test_cells_changed_meanwhile_become_stale_and_the_others_keep_their_values(
        kept_dir, tmp_path):
    path = tmp_path / "nb.py"
    path.write_text(notebook("a = 1", "b = a + 1", "c = b * 10", "d = 5"))
    controller, _ = start_controller(path)
    kill(controller)
    path.write_text(notebook("a = 1", "b = a + 2", "c = b * 10", "d = 5", "e = d"))
    events: list = []
    with Session.open(path, reattach=True, on_event=events.append, run_timeout=WAIT) as session:
        a, b, c, d, e = session.cells
        assert session.reattached.stale == (b, c, e)
        assert {ev.cell_id for ev in events if type(ev) is CellStale} == {b, c, e}
        probe = session.add("print(a, b, c, d)")
        assert session.run([probe]).ok
        assert "1 2 20 5" in "".join(ev.text for ev in events if type(ev) is CellStream)
        assert session.run_stale().ok  # b, c and e run with the new code
        events.clear()
        assert session.run([probe]).ok
        assert "1 3 30 5" in "".join(ev.text for ev in events if type(ev) is CellStream)


def test_a_detached_kernel_ends_after_its_idle_time(kept_dir, tmp_path):
    path = tmp_path / "nb.py"
    path.write_text(notebook("x = 1"))
    session = Session.open(path, keep_running=1.0)
    session.run_all()
    pid = session.kernel_pid
    session.detach()
    assert detached.process_alive(pid)
    wait_until(lambda: not detached.process_alive(pid), "the idle kernel ended", timeout=10)
    assert kernels_list() == []


def test_lichen_kernels_stop_ends_a_detached_kernel(kept_dir, tmp_path):
    path = tmp_path / "nb.py"
    path.write_text(notebook("x = 1"))
    controller, kernel_id = start_controller(path)
    kill(controller)
    [listed] = kernels_list()
    stop = subprocess.run([sys.executable, "-m", "lichen", "kernels", "stop", kernel_id],
                          capture_output=True, text=True, timeout=WAIT)
    assert stop.returncode == 0 and f"stopped {kernel_id}" in stop.stdout, stop.stderr
    assert kernels_list() == []
    assert not os.path.exists(kept_dir / kernel_id)
    unknown = subprocess.run([sys.executable, "-m", "lichen", "kernels", "stop", kernel_id],
                             capture_output=True, text=True, timeout=WAIT)
    assert unknown.returncode == 1 and "lichen kernels list" in unknown.stderr


def test_a_kernel_not_kept_still_ends_with_its_controller(kept_dir, tmp_path):
    script = "import time\nfrom lichen import Session\ns = Session.from_text({text!r})\n" \
             "s.run_all()\nprint(s.kernel_pid, flush=True)\ntime.sleep(600)\n"
    process = subprocess.Popen(
        [sys.executable, "-c", script.format(text=notebook("x = 1"))],
        stdout=subprocess.PIPE, text=True)
    pid = int(process.stdout.readline())
    kill(process)
    wait_until(lambda: not detached.process_alive(pid), "the kernel ended with its controller")


def test_a_caller_with_ids_of_its_own_gets_the_kernels_cells_under_them(kept_dir, tmp_path):
    path = tmp_path / "nb.py"
    path.write_text(notebook("import time", "time.sleep(1)\n_hidden = 7\nx = _hidden * 6",
                             "y = x + 1"))
    controller, _ = start_controller(path, what="busy")
    time.sleep(0.3)
    kill(controller)
    path.write_text(notebook("import time", "time.sleep(1)\n_hidden = 7\nx = _hidden * 6",
                             "y = x + 2"))
    events: list = []
    ids = ["uri-0", "uri-1", "uri-2"]
    with Session.open(path, reattach=True, cell_ids=ids, on_event=events.append,
                      run_timeout=WAIT) as session:
        assert session.cells == tuple(ids)
        assert session.reattached.ran == ("uri-1", "uri-2")  # the run under way, then y
        assert session.reattached.stale == ("uri-2",)
        assert {e.cell_id for e in events if hasattr(e, "cell_id")} <= set(ids)
        probe = session.add("print('x', x, 'y', y)", cell_id="uri-3")
        assert session.run([probe]).ok
        assert session.run(["uri-2"]).ok  # y = x + 2, and its reader again
        session.edit("uri-1", "_hidden = 1\nx = _hidden * 6")
        printed = "".join(e.text for e in events if type(e) is CellStream)
        assert "x 42 y 43" in printed and "x 42 y 44" in printed and "x 6 y 8" in printed


# --- through the daemon ------------------------------------------------------------------------


def test_the_daemons_kept_kernel_outlives_it_and_the_next_daemon_reattaches(kept_dir, tmp_path):
    from daemon_client import DaemonClient

    path = tmp_path / "nb.py"
    path.write_text(notebook("x = 41"))
    uri = path.as_uri()
    settings = {"pythonPath": sys.executable, "keepRunning": True, "keepRunningMinutes": 5}
    first = DaemonClient()
    try:
        first.initialize(settings)
        [cell] = first.open_notebook(uri, ["x = 41"])
        assert first.request("lichen/runAll", {"notebookUri": uri}, timeout=WAIT)["ok"]
    finally:
        first.process.kill()  # SIGKILL: the daemon has no say
        first.process.wait()
    [listed] = kernels_list()
    assert listed["state"] == "detached" and listed["notebook"] == str(path)
    with DaemonClient() as second:
        second.initialize(settings)
        cells = second.open_notebook(uri, ["x = 41", "print('x is', x + 1)"])
        assert second.request("lichen/run", {"notebookUri": uri, "cellUris": [cells[1]]},
                              timeout=WAIT)["ok"]
        second.wait_for(lambda m: m["method"] == "lichen/kernelStatus"
                        and "Reattached to the kernel" in m["params"]["message"], WAIT,
                        "the status saying the kernel was reattached")
        printed = "".join(e["event"]["text"] for e in second.cell_events(uri)
                          if e["event"]["kind"] == "stream")
        assert "x is 42" in printed  # the first cell did not run again: x is the kernel's
        assert kernels_list()[0]["state"] == "attached"
        second.notify("notebookDocument/didClose", {"notebookDocument": {"uri": uri},
                                                    "cellTextDocuments": [{"uri": c}
                                                                          for c in cells]})
        second.barrier()
    wait_until(lambda: [k["state"] for k in kernels_list()] == ["detached"],
               "the closed notebook's kernel kept, detached")
    subprocess.run([sys.executable, "-m", "lichen", "kernels", "stop", "--all"], check=True,
                   capture_output=True, timeout=WAIT)
    assert kernels_list() == []
