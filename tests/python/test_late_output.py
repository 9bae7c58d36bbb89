"""Output written after its cell ended, by a thread or a subprocess the cell started, is the
starting cell's: never shown in the cell that happens to run next, and not lost when none runs."""

from __future__ import annotations

import pytest
from lichen.protocol import CellStream

from kernel_helpers import WAIT, notebook, session_for
from test_kernel import Events, poll_until

pytestmark = pytest.mark.timeout(90)


def waits_then_prints(kind: str, go: str, printed: str) -> str:
    """A cell starting a thread or a subprocess that prints 'late text' once `go` exists."""
    body = (f"import pathlib, time\n"
            f"while not pathlib.Path({go!r}).exists(): time.sleep(0.01)\n"
            f"print('late text', flush=True)\n"
            f"pathlib.Path({printed!r}).touch()\n")
    if kind == "thread":
        return ("import threading\n"
                f"def _later():\n" + "".join(f"    {line}\n" for line in body.splitlines())
                + "threading.Thread(target=_later, daemon=True).start()\n")
    return f"import subprocess, sys\nsubprocess.Popen([sys.executable, '-c', {body!r}])\n"


def lets_it_print(go: str, printed: str) -> str:
    """A cell that lets the other cell's thread print, and runs until it has."""
    return (f"import pathlib as _p, time as _t\n_p.Path({go!r}).touch()\n"
            f"_end = _t.monotonic() + {WAIT}\n"
            f"while not _p.Path({printed!r}).exists() and _t.monotonic() < _end: _t.sleep(0.01)\n"
            f"_t.sleep(0.3)\nprint('own text')\n")


def text_of(events: Events, cell: str) -> str:
    return "".join(e.text for e in events.seen if isinstance(e, CellStream) and e.cell_id == cell)


@pytest.mark.parametrize("kind", ["thread", "subprocess"])
def test_late_output_goes_to_the_cell_that_started_it_not_the_one_running(kind, tmp_path):
    go, printed = str(tmp_path / "go"), str(tmp_path / "printed")
    events = Events()
    text = notebook(waits_then_prints(kind, go, printed), lets_it_print(go, printed))
    with session_for(text, on_event=events) as s:
        starter, runner = s.cells
        assert s.run([starter]).ok
        assert s.run([runner]).ok
        assert (tmp_path / "printed").exists()
        poll_until(s, events, lambda e: isinstance(e, CellStream) and e.cell_id == starter
                   and "late text" in e.text)
        assert "late text" not in text_of(events, runner)
        assert "own text" in text_of(events, runner)


@pytest.mark.parametrize("kind", ["thread", "subprocess"])
def test_late_output_while_no_cell_runs_is_the_starting_cells(kind, tmp_path):
    go, printed = str(tmp_path / "go"), str(tmp_path / "printed")
    events = Events()
    other = "y = 2\nprint('other')"
    with session_for(notebook(waits_then_prints(kind, go, printed), other),
                     on_event=events) as s:
        starter, second = s.cells
        assert s.run([starter]).ok
        assert s.run([second]).ok  # a later cell ran meanwhile: the text is still not its
        (tmp_path / "go").touch()
        poll_until(s, events, lambda e: isinstance(e, CellStream) and e.cell_id == starter
                   and "late text" in e.text)
        assert "late text" not in text_of(events, second)


def test_the_daemon_sends_late_output_without_waiting_for_another_run(tmp_path):
    from daemon_client import DaemonClient

    go, printed = str(tmp_path / "go"), str(tmp_path / "printed")
    with DaemonClient() as daemon:
        daemon.initialize()
        nb = "file:///notebooks/late.py"
        (cell,) = daemon.open_notebook(nb, [waits_then_prints("thread", go, printed)])
        assert daemon.request("lichen/runAll", {"notebookUri": nb})["ok"] is True
        (tmp_path / "go").touch()
        message = daemon.wait_for(
            lambda m: m["method"] == "lichen/cellEvents" and any(
                e["cellUri"] == cell and e["event"]["kind"] == "stream"
                and "late text" in e["event"]["text"] for e in m["params"]["events"]),
            what="the late text")
        assert message["params"]["notebookUri"] == nb
