"""Kernels in Slurm jobs, against a real one-node Slurm (`tests/slurm/start.sh` starts it; it
needs root, as CI has, and installs Slurm from apt when missing)."""

from __future__ import annotations

import concurrent.futures
import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import pytest

from dap_client import connect_session
from daemon_client import DaemonClient
from kernel_helpers import WAIT, notebook, session_for
from lichen import Session
from lichen.kernel.errors import KernelDied
from lichen.kernel.launchers import SlurmLauncher
from lichen.protocol import INTERRUPTED, SUCCESS, CellRunning, CellStream, KernelPlacement

ROOT = Path(__file__).resolve().parents[2]
SLURM = SlurmLauncher(("--partition=debug", "--time=10"))


@pytest.fixture(scope="module", autouse=True)
def slurm() -> str:
    """The node's name, once Slurm accepts jobs."""
    started = subprocess.run(["bash", str(ROOT / "tests/slurm/start.sh")], capture_output=True,
                             text=True, timeout=600)
    assert started.returncode == 0, f"Slurm did not start:\n{started.stdout}{started.stderr}"
    return started.stdout.split("slurm up:")[-1].strip()


class Events:
    """What a session's kernel sent, for a test to wait on."""

    def __init__(self):
        self.seen: list = []
        self._changed = threading.Condition()

    def __call__(self, event) -> None:
        with self._changed:
            self.seen.append(event)
            self._changed.notify_all()

    def wait_for(self, kind: type, test=lambda event: True, timeout: float = WAIT):
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [e for e in self.seen if type(e) is kind and test(e)]
                if found:
                    return found[-1]
                left = deadline - time.monotonic()
                assert left > 0, f"no {kind.__name__} within {timeout} s: {self.seen}"
                self._changed.wait(left)

    def placed(self, session, test, timeout: float = WAIT) -> KernelPlacement:
        """The newest placement passing `test`, the session polled meanwhile: between two
        commands a Session hands the kernel's events over only when asked (the daemon asks
        every quarter second), and a placement may come after the kernel's hello."""
        deadline = time.monotonic() + timeout
        while True:
            found = [e for e in self.seen if type(e) is KernelPlacement and test(e)]
            if found:
                return found[-1]
            assert time.monotonic() < deadline, f"no such placement within {timeout} s: {self.seen}"
            session.poll(0.1)

    def stdout(self) -> str:
        return "".join(e.text for e in self.seen if type(e) is CellStream and e.name == "stdout")


def slurm_session(text: str, launcher: SlurmLauncher = SLURM, **options):
    events = Events()
    return session_for(text, launcher=launcher, on_event=events, **options), events


def in_queue(job_id: str) -> bool:
    """Whether Slurm lists the job (squeue asked again when it fails: slurmctld may be busy)."""
    for _ in range(20):
        done = subprocess.run(["squeue", "-h", "-j", job_id, "-o", "%T"], capture_output=True,
                              text=True, timeout=30)
        if done.returncode == 0:
            return bool(done.stdout.strip())
        if "Invalid job id" in done.stderr:  # already purged from slurmctld's memory
            return False
        time.sleep(0.5)
    raise AssertionError(f"squeue keeps failing: {done.stderr}")


def wait_gone(job_id: str, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while in_queue(job_id):
        assert time.monotonic() < deadline, f"job {job_id} still queued after {timeout} s"
        time.sleep(0.2)


def test_cells_run_on_the_compute_node_and_react(slurm):
    text = notebook("""
        import os, socket
        job = os.environ["SLURM_JOB_ID"]
        print("job", job, "on", os.environ["SLURMD_NODENAME"])
    """, """
        base = 2
    """)
    session, events = slurm_session(text)
    with session:
        first, second = session.cells
        session.run_all()
        placement = events.placed(session, lambda p: p.state == "RUNNING")
        assert placement.node == slurm and placement.launcher == "slurm"
        assert f"job {placement.job_id} on {slurm}" in events.stdout()
        session.edit(second, "base = 2")
        reader = session.add("print('twice', base * 2)")
        assert session.run([reader]).cells[0].status == SUCCESS
        events.seen.clear()
        report = session.edit(second, "base = 5")
        assert [done.cell_id for done in report.cells] == [second, reader]
        assert "twice 10" in events.stdout()


def test_interrupt_reaches_the_cell_on_the_compute_node(slurm):
    session, events = slurm_session(notebook("import time\ntime.sleep(60)"))
    with session:
        result = {}
        runner = threading.Thread(target=lambda: result.update(report=session.run_all()))
        runner.start()
        events.wait_for(CellRunning)
        time.sleep(0.3)  # inside time.sleep
        asked = time.monotonic()
        session.interrupt()
        runner.join(WAIT)
        took = time.monotonic() - asked
        assert not runner.is_alive()
        assert result["report"].cells[0].status == INTERRUPTED
        assert took < 10, f"the interrupt took {took:.1f} s"  # the sleep would take 60
        # The kernel lives on, its state with it.
        cell = session.add("print('after', time.time() > 0)")
        assert session.run([cell]).cells[0].status == SUCCESS


def test_restart_submits_a_new_job_and_ends_the_old(slurm):
    session, events = slurm_session(notebook("x = 1"))
    with session:
        old = events.placed(session, lambda p: p.state == "RUNNING").job_id
        session.run_all()
        session.restart()
        new = events.placed(session,
                            lambda p: p.state == "RUNNING" and p.job_id != old).job_id
        assert session.run_all().cells[0].status == SUCCESS
        wait_gone(old)
    wait_gone(new)


def test_a_job_slurm_cancels_is_reported_as_a_death_with_its_reason(slurm):
    session, events = slurm_session(notebook("x = 1"))
    with session:
        job = events.placed(session, lambda p: p.state == "RUNNING").job_id
        subprocess.run(["scancel", job], check=True, timeout=30)
        with pytest.raises(KernelDied) as died:
            deadline = time.monotonic() + WAIT
            while time.monotonic() < deadline:
                session.run_all()
                time.sleep(0.2)
        assert f"job {job}" in str(died.value) and "scancel" in str(died.value)
        assert session.state == "dead"
        session.restart()  # a new job
        assert session.run_all().cells[0].status == SUCCESS


def test_a_sigkilled_controller_leaves_no_job(slurm, tmp_path):
    script = tmp_path / "controller.py"
    script.write_text(textwrap.dedent(f"""
        import sys, time
        from lichen import Session
        from lichen.kernel.launchers import SlurmLauncher
        from lichen.protocol import KernelPlacement
        def on_event(event):
            if type(event) is KernelPlacement and event.state == "RUNNING":
                print(event.job_id, flush=True)
        Session.from_text({notebook("x = 1")!r}, launcher=SlurmLauncher({SLURM.srun_args!r}),
                          on_event=on_event).run_all()
        print("ran", flush=True)
        time.sleep(600)
    """))
    controller = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE,
                                  text=True)
    try:
        job = controller.stdout.readline().strip()
        assert controller.stdout.readline().strip() == "ran"
        assert in_queue(job)
    finally:
        controller.send_signal(signal.SIGKILL)
        controller.wait()
    wait_gone(job)


def test_a_held_job_reports_pending_until_released(slurm):
    held = SlurmLauncher(SLURM.srun_args + ("--hold",))
    events = Events()
    started: dict = {}

    def start():
        try:
            started["session"] = session_for(notebook("x = 1"), launcher=held, on_event=events)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            started["error"] = error

    opener = threading.Thread(target=start)
    opener.start()
    pending = events.wait_for(KernelPlacement, lambda p: p.state == "PENDING")
    assert pending.reason == "JobHeldUser" and pending.node == ""
    time.sleep(1.0)
    assert "session" not in started  # still waiting for its allocation
    subprocess.run(["scontrol", "release", pending.job_id], check=True, timeout=30)
    opener.join(WAIT * 2)
    assert "error" not in started, started.get("error")
    with started["session"] as session:
        running = events.placed(session, lambda p: p.state == "RUNNING")
        assert running.job_id == pending.job_id
        assert session.run_all().cells[0].status == SUCCESS


def _listening_inodes() -> set[str]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            next(lines)
            for line in lines:
                fields = line.split()
                if fields[3] == "0A":  # TCP_LISTEN
                    inodes.add(fields[9])
    return inodes


def _processes_of_job(job_id: str) -> list[int]:
    """Lichen's processes in the job (the compute relay, the kernel and its watcher); Slurm's
    own slurmstepd, which carries the step's stdio, is the scheduler's."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            environ = Path(f"/proc/{entry}/environ").read_bytes().split(b"\0")
            command = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        if f"SLURM_JOB_ID={job_id}".encode() in environ and b"lichen" in command:
            found.append(int(entry))
    return found


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[len("socket:["):-1])
    except OSError:
        pass
    return inodes


def test_no_tcp_listener_on_either_side(slurm):
    session, events = slurm_session(notebook("x = 1"))
    with session:
        session.run_all()
        job = events.placed(session, lambda p: p.state == "RUNNING").job_id
        on_node = _processes_of_job(job)
        assert on_node, "no Lichen process found in the job"
        ours = [session.kernel_pid, *on_node]  # the login relay, then the compute side
        listening = _listening_inodes()
        for pid in ours:
            assert not _socket_inodes(pid) & listening, f"process {pid} listens on TCP"


def test_a_breakpoint_stops_a_cell_on_the_compute_node(slurm, tmp_path):
    path = tmp_path / "nb.py"
    path.write_text(notebook("import os\nbase = 20", """
        node = os.environ["SLURMD_NODENAME"]
        doubled = base * 2
        print("doubled", doubled)
    """))
    events = Events()
    with Session.open(path, launcher=SLURM, on_event=events, run_timeout=WAIT) as session:
        first, second = session.cells
        uris = {cell: f"vscode-notebook-cell:{path}#W{i}sZmlsZQ%3D%3D"
                for i, cell in enumerate(session.cells)}
        assert session.run([first]).ok
        job = events.placed(session, lambda p: p.state == "RUNNING").job_id
        where = session.debug(uris)
        client = connect_session(session)
        answered = client.attach(where["pathMappings"], {uris[second]: [{"line": 2}]})
        assert [b["verified"] for b in answered[uris[second]]] == [True]
        with concurrent.futures.ThreadPoolExecutor(1) as runs:
            run = runs.submit(session.run, [second])
            stop = client.stopped()
            assert stop["reason"] == "breakpoint"
            frame = client.frames(stop["threadId"])[0]
            assert (frame["source"]["path"], frame["line"]) == (uris[second], 2)
            assert client.evaluate("node", frame["id"]) == repr(slurm)
            assert client.evaluate("base + 1", frame["id"]) == "21"
            # Paused: debugpy on the compute node listens on no port, nor does anything of ours.
            listening = _listening_inodes()
            for pid in (session.kernel_pid, *_processes_of_job(job)):
                assert not _socket_inodes(pid) & listening, f"process {pid} listens on TCP"
            client.request("continue", threadId=stop["threadId"])
            assert run.result(WAIT).ok
        assert "doubled 40" in events.stdout()
        client.disconnect()


# --- kept kernels --------------------------------------------------------------------------------


def test_a_kept_slurm_kernel_outlives_its_killed_controller_until_stopped(slurm, tmp_path,
                                                                          monkeypatch):
    kernels = tmp_path / "kernels"
    kernels.mkdir()
    monkeypatch.setenv("TMPDIR", str(kernels))  # where this test's kept kernels are listed
    monkeypatch.setattr(tempfile, "tempdir", str(kernels))
    path = tmp_path / "nb.py"
    path.write_text(notebook("import os\nnode = os.environ['SLURMD_NODENAME']\nx = 41"))
    script = tmp_path / "controller.py"
    script.write_text(textwrap.dedent(f"""
        import sys, time
        from lichen import Session
        from lichen.kernel.launchers import SlurmLauncher
        from lichen.protocol import KernelPlacement
        def on_event(event):
            if type(event) is KernelPlacement and event.state == "RUNNING":
                print(event.job_id, flush=True)
        session = Session.open({str(path)!r}, launcher=SlurmLauncher({SLURM.srun_args!r}),
                               keep_running=60, on_event=on_event)
        session.run_all()
        print(session.kernel_id, flush=True)
        time.sleep(600)
    """))
    controller = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE,
                                  text=True)
    try:
        job = controller.stdout.readline().strip()
        kernel_id = controller.stdout.readline().strip()
    finally:
        controller.send_signal(signal.SIGKILL)
        controller.wait()
    time.sleep(1.0)
    assert in_queue(job), "the kept kernel's job ended with its controller"
    [listed] = _kernels_list()
    assert listed["id"] == kernel_id and listed["state"] == "detached"
    assert listed["where"].startswith(f"job {job} RUNNING on {slurm}"), listed
    events = Events()
    with Session.open(path, launcher=SLURM, reattach=True, on_event=events,
                      run_timeout=WAIT) as session:
        assert session.reattached.kernel_id == kernel_id
        reader = session.add("print('x is', x + 1, 'on', node)")
        assert session.run([reader]).ok  # the values the kernel kept
        assert f"x is 42 on {slurm}" in events.stdout()
        session.detach()
    assert in_queue(job)
    stop = subprocess.run([sys.executable, "-m", "lichen", "kernels", "stop", kernel_id],
                          capture_output=True, text=True, timeout=WAIT)
    assert stop.returncode == 0, stop.stderr
    wait_gone(job)
    assert _kernels_list() == []


def _kernels_list() -> list[dict]:
    done = subprocess.run([sys.executable, "-m", "lichen", "kernels", "list", "--json"],
                          capture_output=True, text=True, timeout=WAIT)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# --- through the daemon ------------------------------------------------------------------------

SLURM_SETTINGS = {"pythonPath": sys.executable, "kernelLauncher": "slurm",
                  "slurm": {"partition": "debug", "time": "10"}}
PRINT_JOB = "import os\nprint('job', os.environ['SLURM_JOB_ID'], os.environ['SLURMD_NODENAME'])"


def _open(daemon, uri: str, code: str, header: str = "") -> None:
    daemon.notify("notebookDocument/didOpen", {
        "notebookDocument": {"uri": uri, "notebookType": "lichen-notebook", "version": 1,
                             "metadata": {"header": header},
                             "cells": [{"kind": 2, "document": f"{uri}#cell0"}]},
        "cellTextDocuments": [{"uri": f"{uri}#cell0", "languageId": "python", "version": 1,
                               "text": code}]})


def _placement(daemon, uri: str, state: str) -> dict:
    return daemon.wait_for(
        lambda m: m["method"] == "lichen/kernelStatus" and m["params"]["notebookUri"] == uri
        and (m["params"]["placement"] or {}).get("state") == state,
        WAIT, f"placement {state}")["params"]


def _printed(daemon, uri: str) -> str:
    return "".join(e["event"]["text"] for e in daemon.cell_events(uri)
                   if e["event"]["kind"] == "stream")


def test_the_launcher_setting_runs_kernels_in_slurm_and_says_where(slurm, tmp_path):
    uri = (tmp_path / "nb.py").as_uri()
    with DaemonClient() as daemon:
        daemon.initialize(SLURM_SETTINGS)
        _open(daemon, uri, PRINT_JOB)
        assert daemon.request("lichen/runAll", {"notebookUri": uri}, timeout=WAIT * 2)["ok"]
        status = _placement(daemon, uri, "RUNNING")
        placement = status["placement"]
        assert placement["node"] == slurm and placement["label"] == "Slurm (debug, 10)"
        assert f"job {placement['jobId']} {slurm}" in _printed(daemon, uri)


def test_a_notebooks_tool_lichen_table_chooses_slurm(slurm, tmp_path):
    header = textwrap.dedent("""\
        # /// script
        # dependencies = []
        # [tool.lichen]
        # launcher = "slurm"
        # [tool.lichen.slurm]
        # partition = "debug"
        # cpus = 1
        # ///
    """)
    uri = (tmp_path / "nb.py").as_uri()
    with DaemonClient() as daemon:
        daemon.initialize({"pythonPath": sys.executable})  # the workspace says: local
        _open(daemon, uri, PRINT_JOB, header)
        assert daemon.request("lichen/runAll", {"notebookUri": uri}, timeout=WAIT * 2)["ok"]
        placement = _placement(daemon, uri, "RUNNING")["placement"]
        assert placement["label"] == "Slurm (debug, 1 CPUs)"
        assert f"job {placement['jobId']}" in _printed(daemon, uri)


def test_cancelling_a_waiting_job_ends_the_start_with_slurms_reason(slurm, tmp_path):
    uri = (tmp_path / "nb.py").as_uri()
    settings = {**SLURM_SETTINGS, "slurm": {**SLURM_SETTINGS["slurm"], "args": ["--hold"]}}
    with DaemonClient() as daemon:
        daemon.initialize(settings)
        _open(daemon, uri, "x = 1")
        run = daemon.request_async("lichen/runAll", {"notebookUri": uri})
        pending = _placement(daemon, uri, "PENDING")
        assert pending["state"] == "starting" and pending["placement"]["reason"] == "JobHeldUser"
        daemon.request("lichen/cancelKernelJob", {"notebookUri": uri})
        with pytest.raises(Exception) as failed:
            daemon.response(run, timeout=WAIT)
        assert "scancel" in str(failed.value), failed.value
        wait_gone(pending["placement"]["jobId"])


# --- the command line --------------------------------------------------------------------------


def test_lichen_run_with_the_slurm_launcher(slurm, tmp_path):
    path = tmp_path / "nb.py"
    path.write_text(notebook(PRINT_JOB, "import lichen as lc\nprint('args', lc.cli_args())",
                             "1 / 0"))
    done = subprocess.run(
        [sys.executable, "-m", "lichen", "run", "--launcher", "slurm",
         "--slurm-arg=--partition=debug", str(path), "--", "--n", "3"],
        capture_output=True, text=True, timeout=WAIT * 2)
    assert done.returncode == 1, done.stderr  # the third cell fails
    job = done.stdout.split("job ", 1)[1].split()[0]
    assert f"job {job} {slurm}" in done.stdout and "args ['--n', '3']" in done.stdout
    assert f"lichen: job {job} running on {slurm}" in done.stderr
    assert "cell 3 failed" in done.stderr and "ZeroDivisionError" in done.stderr
