"""The kernel process: interrupts, restarts, deaths, huge outputs, orphans, start-up failures.

Every test drives a real kernel process through a Session. Waits are on events, with deadlines.
"""

from __future__ import annotations

import os
import queue
import signal
import stat
import subprocess
import sys
import threading
import time

import pytest
import zmq
from lichen.kernel.errors import KernelDied, KernelStartError, KernelTimeout
from lichen.kernel.launch import KernelProcess
from lichen.protocol import CellDone, CellRunning, CellStream

from kernel_helpers import WAIT, notebook, session_for

class Events:
    """Collects a session's events; `wait_for` blocks until one matches."""

    def __init__(self) -> None:
        self.seen: list = []
        self._queue: queue.Queue = queue.Queue()

    def __call__(self, event) -> None:
        self.seen.append(event)
        self._queue.put(event)

    def wait_for(self, predicate, timeout: float = WAIT):
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no matching event within {timeout} s; saw {self.seen}")
            try:
                event = self._queue.get(timeout=remaining)
            except queue.Empty:
                continue
            if predicate(event):
                return event


class Background:
    """Runs `call()` in a thread; `result()` waits for it with a deadline."""

    def __init__(self, call) -> None:
        self._box: list = []
        self._thread = threading.Thread(target=lambda: self._box.append(self._safe(call)))
        self._thread.start()

    @staticmethod
    def _safe(call):
        try:
            return call()
        except BaseException as error:  # noqa: BLE001 - handed to the test thread
            return error

    def result(self, timeout: float = WAIT):
        self._thread.join(timeout)
        assert not self._thread.is_alive(), "the call did not return in time"
        value = self._box[0]
        if isinstance(value, BaseException):
            raise value
        return value


def running(cell_id: str):
    return lambda e: isinstance(e, CellRunning) and e.cell_id == cell_id


@pytest.fixture
def events():
    return Events()


# --- interrupt -----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", [
    "import time\ntime.sleep(100)",
    "while True:\n    pass",
    'import subprocess\nsubprocess.run(["sleep", "100"])',
], ids=["sleep", "busy-loop", "subprocess"])
def test_interrupt_stops_the_running_cell_and_cancels_the_queued_ones(events, code):
    with session_for(notebook("a = 1", f"b = a\n{code}", "c = b"), on_event=events) as s:
        first, slow, queued = s.cells
        run = Background(s.run_all)
        events.wait_for(running(slow))
        s.interrupt()
        report = run.result()
        assert report.result(first).status == "success"
        assert report.result(slow).status == "interrupted"
        assert report.result(slow).error.ename == "KeyboardInterrupt"
        assert report.result(queued).status in ("cancelled", "skipped")
        quick = s.add("z = 1")
        assert s.run([quick]).result(quick).status == "success"  # still usable


def test_interrupt_ends_the_subprocesses_a_cell_started(events, tmp_path):
    pid_file = tmp_path / "pid"
    code = f"""
    import subprocess
    child = subprocess.Popen(["sleep", "100"])
    open({str(pid_file)!r}, "w").write(str(child.pid))
    child.wait()
    """
    with session_for(notebook(code), on_event=events) as s:
        run = Background(s.run_all)
        events.wait_for(running(s.cells[0]))
        child = int(wait_until(lambda: pid_file.exists() and pid_file.read_text()))
        s.interrupt()
        assert run.result().result(s.cells[0]).status == "interrupted"
        wait_until(lambda: not process_exists(child))


def test_an_interrupted_cell_traceback_shows_the_user_frames_only(events):
    code = "import time\ndef wait():\n    time.sleep(100)\nwait()"
    with session_for(notebook(code), on_event=events) as s:
        run = Background(s.run_all)
        events.wait_for(running(s.cells[0]))
        s.interrupt()
        error = run.result().result(s.cells[0]).error
        assert error.ename == "KeyboardInterrupt"
        frames = [line for line in error.traceback.splitlines() if line.startswith("  File ")]
        assert frames and all('"notebook, cell 1"' in line for line in frames), error.traceback


def test_an_interrupt_deep_in_a_recursion_lands(events):
    code = ("import sys, time\nsys.setrecursionlimit(300_000)\n"
            "def down(n):\n    return down(n + 1) if n < 250_000 else time.sleep(100)\ndown(0)")
    with session_for(notebook(code), on_event=events) as s:
        run = Background(s.run_all)
        events.wait_for(running(s.cells[0]))
        time.sleep(1)  # deep down by now
        s.interrupt()
        done = run.result().result(s.cells[0])
        assert done.status == "interrupted"
        assert "more frames ...]" in done.error.traceback


def test_interrupt_just_after_a_run_was_asked_for_still_stops_it():
    with session_for(notebook("import time\ntime.sleep(100)")) as s:
        run = Background(s.run_all)
        wait_until(lambda: s.state == "busy")
        s.interrupt()  # most likely before the kernel has even read the command
        report = run.result()
        assert all(r.status in ("interrupted", "cancelled") for r in report.cells)


def test_a_run_asked_for_before_an_interrupt_starts_no_cell(tmp_path):
    ran = tmp_path / "ran"
    with session_for(notebook("x = 1", f"open({str(ran)!r}, 'w').close()")) as s:
        asked = time.monotonic_ns()  # the run is asked for, waits for its turn ...
        s.interrupt()  # ... and the interrupt comes before the kernel has it
        with s.asked_at(asked):
            report = s.run_all()
        assert [r.status for r in report.cells] == ["cancelled", "cancelled"]
        assert not ran.exists()
        assert s.run_all().ok and ran.exists()  # asked for after the interrupt: it runs


def test_an_interrupt_older_than_the_run_leaves_it_alone():
    with session_for(notebook("import time\ntime.sleep(0.3)")) as s:
        s.interrupt()
        assert s.run_all().ok


def test_interrupt_when_idle_does_nothing():
    with session_for(notebook("x = 1")) as s:
        s.interrupt()
        assert s.run_all().ok


# --- output the wire cannot carry as it is ------------------------------------------------------


def test_lone_surrogates_in_output_are_shown_and_the_kernel_lives_on(events, tmp_path):
    open(os.path.join(os.fsencode(tmp_path), b"caf\xe9"), "w").close()  # a name not UTF-8
    code = f"""
    import os
    print('\\ud800', *os.listdir({str(tmp_path)!r}))
    raise ValueError('\\udcff')
    """
    with session_for(notebook(code, "y = 1"), on_event=events) as s:
        report = s.run_all()
        printed = "".join(e.text for e in events.seen if isinstance(e, CellStream))
        assert printed == "\\ud800 caf\\xe9\n"
        failed = report.result(s.cells[0])
        assert failed.status == "error" and failed.error.evalue == "\\xff"
        assert report.result(s.cells[1]).status == "success"
        assert s.run([s.cells[1]]).result(s.cells[1]).status == "success"  # still answering


# --- restart -------------------------------------------------------------------------------------


def test_restart_gives_a_fresh_process_with_an_empty_namespace():
    counter = """
    import builtins, os
    runs = getattr(builtins, "lichen_test_runs", 0) + 1
    builtins.lichen_test_runs = runs
    pid = os.getpid()
    """
    with session_for(notebook("x = 41", counter, "x + 1")) as s:
        define, count, use = s.cells
        s.run_all()
        again = s.run([count])
        assert again.result(count).status == "success"
        old_pid = s.kernel_pid
        s.restart()
        assert s.kernel_pid != old_pid
        assert s.cells == (define, count, use)
        report = s.run([use])
        assert report.result(use).status == "error"
        assert report.result(use).error.ename == "NameError"
        assert s.run_all().ok


def test_a_cell_fixed_after_a_syntax_error_still_runs_after_a_restart():
    with session_for(notebook("y = (", "y + 1")) as s:
        broken, reader = s.cells
        assert s.run_all().cells[0].status == "error"
        assert s.edit(broken, "y = 1").ok
        s.restart()
        report = s.run_all()
        assert report.ok, report
        assert [r.status for r in report.cells] == ["success", "success"]
        assert s.notebook.cells[0].kind.value == "cell"


def test_interrupts_during_a_restart_leave_the_new_kernel_alive():
    with session_for(notebook("x = 1")) as s:
        s.run_all()
        restart = Background(s.restart)
        while restart._thread.is_alive():  # the new kernel boots meanwhile
            s.interrupt()
            time.sleep(0.001)
        restart.result()
        assert s.state == "idle"
        assert s.run_all().ok


def test_overlapping_restarts_make_one_fresh_kernel():
    with session_for(notebook("x = 1")) as s:
        s.run_all()
        old = s.kernel_pid
        first = Background(s.restart)
        wait_until(lambda: s.kernel_pid != old)  # the new kernel boots ...
        second = Background(s.restart)  # ... when another restart is asked for
        first.result()  # neither fails (as when the second killed the booting kernel)
        second.result()
        assert s.state == "idle"
        assert s.run_all().ok


# --- death ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("code,how", [
    ("import os\nos._exit(3)", "exited with code 3"),
    ("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)", "SIGKILL"),
    ("import ctypes\nctypes.string_at(0)", "SIGSEGV"),
], ids=["os._exit", "SIGKILL", "segfault"])
def test_death_is_reported_with_the_running_cell_then_restart_works(events, code, how):
    with session_for(notebook("a = 1", f"b = a\n{code}", "c = b"), on_event=events) as s:
        first, fatal, queued = s.cells
        report = s.run_all()
        assert report.result(first).status == "success"  # even if its event died unsent
        died = report.result(fatal)
        assert died.status == "error"
        assert died.error.ename == "KernelDied"
        assert how in died.error.evalue and fatal in died.error.evalue
        assert report.result(queued).status == "cancelled"
        assert [r.cell_id for r in report.cells] == [first, fatal, queued]  # each once
        dones = [e.cell_id for e in events.seen if isinstance(e, CellDone)]
        assert sorted(dones) == sorted(set(dones)), "each result is streamed once"
        assert any(isinstance(e, CellDone) and e.cell_id == fatal and e.status == "error"
                   for e in events.seen), "the death is streamed like any result"
        with pytest.raises(KernelDied, match="restart"):
            s.run([first])
        s.restart()
        s.edit(fatal, "b = a")
        assert s.run_all().ok


def test_segfault_report_quotes_the_crash_traceback():
    with session_for(notebook("import ctypes\nctypes.string_at(0)")) as s:
        died = s.run_all().result(s.cells[0])
        assert "Segmentation fault" in died.error.traceback


def test_death_while_idle_is_reported_on_the_next_call():
    with session_for(notebook("x = 1")) as s:
        s.run_all()
        assert s.state == "idle"
        os.kill(s.kernel_pid, signal.SIGKILL)
        wait_until(lambda: s.state == "dead")
        with pytest.raises(KernelDied, match="SIGKILL"):
            s.run_all()
        s.restart()
        assert s.state == "idle"
        assert s.run_all().ok


# --- huge outputs --------------------------------------------------------------------------------


def test_printing_100_mb_is_truncated_and_the_kernel_stays_responsive(events):
    with session_for(notebook('for _ in range(100):\n    print("x" * 1_000_000)'),
                           on_event=events) as s:
        report = s.run_all(timeout=WAIT)
        assert report.result(s.cells[0]).status == "success"
        text = "".join(e.text for e in events.seen if isinstance(e, CellStream))
        assert len(text) < 20_000_000
        assert "truncated" in text
        quick = s.add("y = 2")
        assert s.run([quick]).result(quick).status == "success"


def test_a_50_mb_repr_is_truncated(events):
    code = """
    class Huge:
        def __repr__(self):
            return "y" * 50_000_000
    Huge()
    """
    with session_for(notebook(code), on_event=events) as s:
        result = s.run_all(timeout=WAIT).result(s.cells[0])
        shown = "".join(result.output.values()) if result.output else ""
        assert len(shown) < 40_000_000
        assert "truncated" in shown or "not shown" in shown


def test_subprocess_output_is_shown_in_the_running_cell(events):
    code = 'import subprocess\nsubprocess.run(["echo", "from a subprocess"])'
    with session_for(notebook(code), on_event=events) as s:
        s.run_all()
        cell = s.cells[0]
        match = lambda e: (isinstance(e, CellStream) and e.cell_id == cell
                           and "from a subprocess" in e.text)
        poll_until(s, events, match)


# --- streaming -----------------------------------------------------------------------------------


def test_output_streams_before_the_cell_ends(events, tmp_path):
    flag = tmp_path / "go"
    code = f"""
    import pathlib, time
    print("waiting for the test")
    while not pathlib.Path({str(flag)!r}).exists():
        time.sleep(0.01)
    print("done")
    """
    with session_for(notebook(code), on_event=events) as s:
        cell = s.cells[0]
        run = Background(s.run_all)
        events.wait_for(lambda e: isinstance(e, CellStream) and "waiting" in e.text)
        flag.touch()
        assert run.result().result(cell).status == "success"
        kinds = [type(e).__name__ for e in events.seen if getattr(e, "cell_id", None) == cell]
        assert kinds[0] == "CellQueued" and kinds[1] == "CellRunning" and kinds[-1] == "CellDone"
        assert kinds.index("CellStream") < kinds.index("CellDone")


# --- orphans -------------------------------------------------------------------------------------


def test_no_kernel_outlives_a_killed_controller(tmp_path):
    text = notebook('import subprocess\nchild = subprocess.Popen(["sleep", "100"])')
    controller = f"""
import sys
from lichen import Session
text = {text!r}
s = Session.from_text(text)
s.run_all()
print(s.kernel_pid, flush=True)
sys.stdin.read()
"""
    proc = subprocess.Popen([sys.executable, "-c", controller], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        kernel = int(proc.stdout.readline())
        group = kernel  # the kernel leads its own process group
        assert process_exists(kernel)
        proc.kill()
        proc.wait(WAIT)
        wait_until(lambda: not process_exists(kernel) and not group_members(group))
    finally:
        proc.kill()


def test_no_kernel_outlives_a_killed_controller_while_c_code_holds_the_gil(tmp_path):
    started = tmp_path / "started"
    # PyDLL keeps the GIL through the call: no thread of the kernel runs until it returns.
    text = notebook(f"open({str(started)!r}, 'w').close()\n"
                    "import ctypes\nctypes.PyDLL(None).sleep(100)")
    controller = f"""
import sys
from lichen import Session
s = Session.from_text({text!r})
print(s.kernel_pid, flush=True)
s.run_all()
"""
    proc = subprocess.Popen([sys.executable, "-c", controller], stdout=subprocess.PIPE, text=True)
    try:
        kernel = int(proc.stdout.readline())
        wait_until(started.exists)
        proc.kill()
        proc.wait(WAIT)
        wait_until(lambda: not process_exists(kernel) and not group_members(kernel))
    finally:
        proc.kill()
        if process_exists(kernel):
            os.killpg(kernel, signal.SIGKILL)


# --- start-up ------------------------------------------------------------------------------------


def test_the_kernels_sockets_live_in_a_directory_only_its_user_can_enter():
    kernel = KernelProcess(sys.executable)
    try:
        assert stat.S_IMODE(os.stat(kernel.directory).st_mode) == 0o700
        assert kernel.commands.getsockopt_string(zmq.LAST_ENDPOINT).startswith(
            f"ipc://{kernel.directory}/")
    finally:
        kernel.kill()
        kernel.close()
    assert not os.path.exists(kernel.directory)


def test_an_interpreter_without_lichen_is_named_with_the_fix(tmp_path):
    python = wrapper(tmp_path, f'exec "{sys.executable}" -S "$@"')  # -S: no site-packages
    with pytest.raises(KernelStartError) as raised:
        session_for(notebook("x = 1"), python=python)
    message = str(raised.value)
    assert python in message and "cannot import" in message and "pip install lichen" in message


def test_a_missing_interpreter_is_named(tmp_path):
    missing = str(tmp_path / "no-such-python")
    with pytest.raises(KernelStartError, match="no-such-python"):
        session_for(notebook("x = 1"), python=missing)


def test_start_up_has_a_deadline(tmp_path):
    python = wrapper(tmp_path, "exec sleep 100")
    started = time.monotonic()
    with pytest.raises(KernelStartError, match="did not start within"):
        session_for(notebook("x = 1"), python=python, startup_timeout=0.5)
    assert time.monotonic() - started < WAIT


def test_a_run_has_an_optional_deadline(events):
    with session_for(notebook("import time\ntime.sleep(100)", "y = 1"),
                           on_event=events) as s:
        slow, quick = s.cells
        with pytest.raises(KernelTimeout, match=slow):
            s.run([slow], timeout=0.3)
        s.interrupt()
        assert s.run([quick]).result(quick).status == "success"


# --- helpers -------------------------------------------------------------------------------------


def wrapper(directory, line: str) -> str:
    """An executable that stands for a Python interpreter."""
    path = directory / "python"
    path.write_text(f"#!/bin/sh\n{line}\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def wait_until(condition, timeout: float = WAIT):
    """Poll `condition` (a cheap check of the system's state) until it holds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{condition} did not hold within {timeout} s")
        time.sleep(0.02)


def poll_until(session, events, predicate, timeout: float = WAIT):
    """Let the session deliver late events until one matches."""
    deadline = time.monotonic() + timeout
    while not any(predicate(e) for e in events.seen):
        assert time.monotonic() < deadline, f"no matching event; saw {events.seen}"
        session.poll(0.05)


def process_exists(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat_file:
            return stat_file.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def group_members(pgid: int) -> list[int]:
    members = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat_file:
                    fields = stat_file.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z" and int(fields[2]) == pgid:
                members.append(int(entry))
    return members
