"""The headless Session API: cells and ids, runs and their reports, edits, modes, events.

Every test drives a real kernel process. Waits are on events, with deadlines.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time

import pytest
from lichen import Session
from lichen.kernel.errors import KernelError
from lichen.notebook import CellConfig, Notebook, parse, serialize
from lichen.protocol import CellDone, CellQueued, CellRunning, CellStale

from kernel_helpers import WAIT, notebook, session_for

CHAIN = notebook("x = 1", "y = x + 1", "y * 10")


@pytest.fixture
def session():
    with session_for(CHAIN) as s:
        yield s


def test_open_reads_the_file_and_gives_each_cell_a_short_id(tmp_path):
    path = tmp_path / "nb.py"
    path.write_text(CHAIN)
    with Session.open(path, run_timeout=WAIT) as s:
        assert len(s.cells) == 3 and len(set(s.cells)) == 3
        assert all(isinstance(c, str) and len(c) <= 8 for c in s.cells)
        assert [s.code(c) for c in s.cells] == ["x = 1", "y = x + 1", "y * 10"]


def test_the_caller_chooses_the_ids_and_events_carry_them():
    events = []
    cells = parse(CHAIN).cells
    uris = ("cell:a", "cell:b", "cell:c")
    with Session(Notebook(cells=cells), cell_ids=uris, on_event=events.append,
                 run_timeout=WAIT) as s:
        assert s.cells == uris
        report = s.run_all()
        assert report.result("cell:c").output["text/plain"] == "20"
        assert {e.cell_id for e in events} == set(uris)
        added = s.add("z = y + 1", 1, cell_id="cell:new")
        assert added == "cell:new" and s.cells == ("cell:a", "cell:new", "cell:b", "cell:c")
        assert s.run(["cell:new"]).result("cell:new").status == "success"
        with pytest.raises(ValueError, match="already exists"):
            s.add("w = 1", cell_id="cell:a")


@pytest.mark.parametrize("ids", [("a", "b"), ("a", "a", "b")])
def test_caller_ids_name_each_cell_once(ids):
    with pytest.raises(ValueError, match="each of the 3 cells once"):
        Session(Notebook(cells=parse(CHAIN).cells), cell_ids=ids)


def test_run_all_reports_each_cell_with_status_output_and_timing(session):
    report = session.run_all()
    assert report.ok
    assert [r.cell_id for r in report.cells] == list(session.cells)
    assert all(r.status == "success" and r.duration >= 0 for r in report.cells)
    assert report.result(session.cells[2]).output["text/plain"] == "20"


def test_edit_reruns_the_cell_and_its_descendants(session):
    define, use, show = session.cells
    session.run_all()
    report = session.edit(define, "x = 5")
    assert [r.cell_id for r in report.cells] == [define, use, show]
    assert report.result(show).output["text/plain"] == "60"
    assert session.code(define) == "x = 5"
    assert "x = 5" in serialize(session.notebook)


def test_run_of_a_leaf_runs_only_that_leaf(session):
    session.run_all()
    report = session.run([session.cells[2]])
    assert [r.cell_id for r in report.cells] == [session.cells[2]]


def test_lazy_mode_marks_descendants_stale_and_run_stale_runs_them():
    events = []
    with session_for(CHAIN, mode="lazy", on_event=events.append) as s:
        define, use, show = s.cells
        s.run_all()
        report = s.edit(define, "x = 2")
        assert report.result(define).status == "success"
        assert report.result(use).status == "stale"
        assert any(isinstance(e, CellStale) and e.cell_id == show for e in events)
        report = s.run_stale()
        assert report.result(show).output["text/plain"] == "30"
        s.set_mode("autorun")
        assert s.edit(define, "x = 3").result(show).output["text/plain"] == "40"


def test_delete_scrubs_the_definitions_and_descendants_fail(session):
    define, use, show = session.cells
    session.run_all()
    report = session.delete(define)
    assert session.cells == (use, show)
    assert report.result(use).status == "error"
    assert "x" in report.result(use).error.evalue


def test_add_inserts_without_running(session):
    session.run_all()
    new = session.add("z = y + 100", index=2)
    assert session.cells.index(new) == 2
    assert session.run([new]).result(new).status == "success"
    assert session.add("w = 1") == session.cells[-1]


def test_move_reorders_without_running(session):
    first, second, third = session.cells
    session.move([third, first, second])
    assert session.cells == (third, first, second)
    assert session.run_all().ok


def test_disabled_cells_block_their_descendants(session):
    _, use, _ = session.cells
    session.run_all()
    report = session.set_config(use, CellConfig(disabled=True))
    assert session.config(use).disabled
    assert {r.status for r in report.cells} <= {"disabled"}
    assert report.result(use).status == "disabled"


def test_cells_run_with_the_garbage_collector_on(session):
    new = session.add("import gc\ngc.isenabled()")
    assert session.run([new]).result(new).output["text/plain"] == "True"


def test_async_cells_run(session):
    new = session.add("import asyncio\nawait asyncio.sleep(0)\nz = 1\nz")
    assert session.run([new]).result(new).output["text/plain"] == "1"


def test_events_stream_in_order_per_cell():
    events = []
    with session_for(CHAIN, on_event=events.append) as s:
        s.run_all()
        for cell in s.cells:
            kinds = [type(e) for e in events if getattr(e, "cell_id", None) == cell]
            assert kinds == [CellQueued, CellRunning, CellDone]
        queued = [e.cell_id for e in events if isinstance(e, CellQueued)]
        assert queued == list(s.cells)


def test_an_exception_in_the_callback_is_raised_after_the_run():
    failures = ["callback failed"]
    seen = []

    def callback(event):
        seen.append(event)
        if failures:
            raise ValueError(failures.pop())

    with session_for(CHAIN, on_event=callback) as s:
        with pytest.raises(ValueError, match="callback failed"):
            s.run_all()
        assert sum(isinstance(e, CellDone) for e in seen) == 3  # later events still came
        assert s.run([s.cells[2]]).ok


def test_unknown_cell_ids_are_named(session):
    with pytest.raises(KeyError, match="nope"):
        session.run(["nope"])
    with pytest.raises(ValueError, match="mode"):
        session.set_mode("eager")


def test_the_kernel_runs_in_the_notebooks_directory(tmp_path):
    path = tmp_path / "nb.py"
    path.write_text(notebook("import os\nos.getcwd()"))
    with Session.open(path, run_timeout=WAIT) as s:
        output = s.run_all().cells[0].output["text/plain"]
        assert os.path.realpath(output.strip("'")) == os.path.realpath(tmp_path)


def test_local_modules_import_but_cannot_shadow_the_kernels_own(tmp_path):
    (tmp_path / "helper.py").write_text("VALUE = 7\n")
    (tmp_path / "zmq.py").write_text("raise ImportError('a local zmq.py')\n")
    path = tmp_path / "nb.py"
    path.write_text(notebook("import helper\nhelper.VALUE"))
    with Session.open(path, run_timeout=WAIT) as s:
        assert s.run_all().cells[0].output["text/plain"] == "7"


def test_restart_from_another_thread_ends_a_blocked_run():
    running = queue.Queue()
    text = notebook("import time\ntime.sleep(100)")
    with session_for(text, on_event=running.put) as s:
        box = []
        thread = threading.Thread(target=lambda: box.append(s.run_all()))
        thread.start()
        deadline = time.monotonic() + WAIT
        while not isinstance(running.get(timeout=WAIT), CellRunning):
            assert time.monotonic() < deadline
        s.restart()
        thread.join(WAIT)
        result = box[0].cells[0]
        assert result.error.ename == "KernelDied" and "restarted" in result.error.evalue
        assert s.edit(s.cells[0], "x = 1").cells[0].status == "success"


def test_close_from_another_thread_ends_a_blocked_run():
    started = queue.Queue()
    s = session_for(notebook("import time\ntime.sleep(100)"), on_event=started.put)
    box = []
    thread = threading.Thread(target=lambda: box.append(s.run_all()))
    thread.start()
    while not isinstance(started.get(timeout=WAIT), CellRunning):
        pass
    s.close()
    thread.join(WAIT)
    assert "shut down" in box[0].cells[0].error.evalue


def test_close_ends_the_kernel_and_is_idempotent():
    s = session_for(CHAIN)
    pid = s.kernel_pid
    s.close()
    s.close()
    assert not _alive(pid)
    with pytest.raises(KernelError, match="closed"):
        s.run_all()


def test_import_lichen_does_not_import_zmq():
    code = "import sys, lichen; lichen.Session; print('zmq' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True,
                         text=True, timeout=WAIT)
    assert out.stdout.strip() == "False", out.stderr


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat_file:
            return stat_file.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
