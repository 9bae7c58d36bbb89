"""Starting a kernel process and holding on to it: its sockets, its lifeline, its log.

The kernel runs `python -m lichen.kernel` with the user's interpreter, in a session of its own
(so SIGINT to its process group reaches the subprocesses its cells start), and holds one end of
a socket pair whose other end stays here: the pair tells each side when the other is gone.

A kept kernel (`keep`, `lichen.kernel.detached`) outlives this controller, and `adopt` makes a
KernelProcess of one a controller before started: the same directory, its sockets bound again.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Mapping

import zmq

from lichen.kernel import beacon, detached, endpoints, interrupts, stale_dirs
from lichen.kernel.errors import KERNEL_PACKAGES, KernelPackagesMissing, KernelStartError
from lichen.kernel.launchers import LOCAL, Launcher

# Set by the extension's launcher of the daemon (`lichen_lsp.py`): the folder holding the Lichen
# the daemon runs, which kernels then import too, whatever the interpreter has installed.
RUNTIME_PATH = "LICHEN_RUNTIME_PATH"

# Lines of the kernel's log quoted when it fails.
LOG_TAIL_LINES = 25


class KernelProcess:
    """A kernel process started by this controller."""

    def __init__(self, python: str, *, cwd: str | None = None,
                 env: Mapping[str, str] | None = None, last_interrupt: int = 0,
                 launcher: Launcher = LOCAL, keep: detached.Keep | None = None):
        if os.name != "posix":  # process groups, descriptor passing and IPC sockets
            raise KernelStartError("Lichen's kernel process needs Linux or macOS for now; "
                                   "on Windows, open the folder in WSL.")
        self.python = python
        self.launcher = launcher
        self.directory = endpoints.make_directory()
        self._rejoined: socket.socket | None = None
        self._claim: int | None = None
        self._bind()
        beacon.create(endpoints.beacon(self.directory))
        interrupts.create(endpoints.interrupts(self.directory), last_interrupt)
        self.interrupts = interrupts.Interrupts(endpoints.interrupts(self.directory), writable=True)
        self.lifeline, theirs = socket.socketpair()
        self.lifeline.setblocking(False)  # only ever read to see whether it closed
        try:
            self.process = self._spawn(theirs.fileno(), cwd, env)
        except BaseException:
            self.close()
            raise
        finally:
            theirs.close()
        self.pid = self.process.pid
        self._group_cleared = False
        if keep is not None:
            self._claim = detached.claim(self.directory)
            detached.write_record(
                self.directory, notebook=keep.notebook, python=python, launcher=launcher.name,
                label=launcher.describe(), pid=self.pid,
                idle=None if launcher.name == "slurm" else keep.idle)

    @classmethod
    def adopt(cls, kept: detached.Kept, claim: int, launcher: Launcher) -> KernelProcess:
        """Control the kept kernel `kept`, whose controller is gone and which this process
        claimed (`detached.take`): its sockets bound again (the kernel reconnects, and sends
        what it queued meanwhile) and a new lifeline."""
        self = cls.__new__(cls)
        self.python, self.launcher, self.directory = kept.python, launcher, kept.directory
        self._claim = claim
        stale_dirs.write_owner(self.directory)  # ours now: not stale, and listed as attached
        self._bind()
        self.interrupts = interrupts.Interrupts(endpoints.interrupts(self.directory),
                                                writable=True)
        self._rejoined = detached.listen(self.directory)
        # Never readable: the kernel's end is a connection to `_rejoined`, and whether the
        # kernel lives is asked of its process.
        self.lifeline, self._lifeline_pair = socket.socketpair()
        self.lifeline.setblocking(False)
        self.process = _Adopted(kept.pid)
        self.pid = kept.pid
        self._group_cleared = False
        return self

    def _bind(self) -> None:
        context = zmq.Context.instance()
        self.commands = context.socket(zmq.PUSH)
        self.commands.setsockopt(zmq.LINGER, 0)
        self.commands.bind(endpoints.commands(self.directory))
        self.events = context.socket(zmq.PULL)
        self.events.setsockopt(zmq.LINGER, 0)
        self.events.bind(endpoints.events(self.directory))

    def _spawn(self, lifeline_fd: int, cwd: str | None,
               env: Mapping[str, str] | None) -> subprocess.Popen:
        argv = self.launcher.command(self.python, self.directory, lifeline_fd)
        with open(endpoints.log(self.directory), "wb") as log:
            try:
                return subprocess.Popen(
                    argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log, cwd=cwd,
                    env=with_runtime(env), start_new_session=True,
                    pass_fds=(lifeline_fd,))
            except OSError as error:
                raise KernelStartError(
                    f"Cannot start the kernel with the Python interpreter {self.python!r}: "
                    f"{error.strerror or error}. Choose an interpreter that exists.") from None

    def alive(self) -> bool:
        return self.process.poll() is None

    def interrupt(self, when: int) -> None:
        """Record an interrupt at `when` (`time.monotonic_ns()`), then SIGINT to the kernel and
        every process of its group."""
        self.interrupts.record(when)
        self._signal_group(signal.SIGINT)

    def kill(self) -> None:
        """End the kernel and its group at once, and reap it."""
        self._signal_group(signal.SIGKILL)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover - unkillable (stuck in the kernel)
            pass
        self.clear_group()

    def clear_group(self) -> None:
        """Kill what is left of the group of a kernel that exited: its cells' subprocesses.

        Done once, right after the exit is seen: the group's id stays reserved while members
        remain, but once it is empty the number may be reused by an unrelated process.
        """
        if self.process.poll() is None or self._group_cleared:
            return
        self._group_cleared = True
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def close(self) -> None:
        """Free the sockets, the lifeline and the directory (the process must be gone)."""
        self.release()
        endpoints.remove_directory(self.directory)

    def release(self) -> None:
        """Let go of a kept kernel, which waits for the next controller: the sockets and the
        lifeline closed, the directory left to it."""
        self.commands.close(linger=0)
        self.events.close(linger=0)
        self.lifeline.close()
        if self._rejoined is not None:
            self._rejoined.close()
            self._lifeline_pair.close()
        if self._claim is not None:
            os.close(self._claim)
            self._claim = None
        self.interrupts.close()

    def _signal_group(self, signum: int) -> None:
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signum)
        except (ProcessLookupError, PermissionError):
            pass

    def log_tail(self, lines: int = LOG_TAIL_LINES) -> str:
        """The last lines the kernel wrote to its log (crash reports, start-up errors)."""
        try:
            with open(endpoints.log(self.directory), "rb") as log:
                log.seek(0, os.SEEK_END)
                log.seek(max(0, log.tell() - 16384))
                text = log.read().decode("utf-8", "replace")
        except OSError:
            return ""
        return "\n".join(text.rstrip().splitlines()[-lines:])

    def run_state(self) -> beacon.RunState | None:
        """How far the kernel's last run got, as its beacon recorded it."""
        return beacon.read(endpoints.beacon(self.directory))

    def exit_description(self) -> str:
        """How the process ended, in words: "was killed by SIGSEGV (a segmentation fault...)"."""
        code = self.process.poll()
        if code is None:
            return "stopped answering"
        if isinstance(self.process, _Adopted):
            return "ended (a kernel reattached to: how it ended is not known here)"
        try:
            with open(endpoints.exit_reason(self.directory), encoding="utf-8") as reason:
                return reason.read()
        except OSError:
            pass
        if code >= 0:
            return f"exited with code {code}"
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"was killed by {name}{_SIGNAL_HINTS.get(name, '')}"


class _Adopted:
    """What `KernelProcess` asks of its `subprocess.Popen`, for a kernel this controller did not
    start (its parent, the controller before, is gone): whether it runs, and waiting for its
    end. Its exit code is not known."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and not detached.process_alive(self.pid):
            self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() >= deadline:
                raise subprocess.TimeoutExpired(f"pid {self.pid}", timeout or 0)
            time.sleep(0.02)
        return self.returncode or 0


_SIGNAL_HINTS = {
    "SIGSEGV": " (a segmentation fault, usually a crash in compiled code)",
    "SIGBUS": " (a bus error, usually a crash in compiled code)",
    "SIGABRT": " (aborted, usually by a failed check in compiled code)",
    "SIGKILL": " (killed from outside, often by the system when memory runs out)",
    "SIGTERM": " (terminated from outside)",
}


def with_runtime(env: Mapping[str, str] | None) -> dict[str, str] | None:
    """The kernel's environment: `env` (None: the controller's own), with the daemon's Lichen
    first on PYTHONPATH when the daemon runs from the extension's bundle."""
    runtime = os.environ.get(RUNTIME_PATH)
    if not runtime:
        return dict(env) if env is not None else None
    merged = dict(os.environ if env is None else env)
    paths = [p for p in merged.get("PYTHONPATH", "").split(os.pathsep) if p and p != runtime]
    merged["PYTHONPATH"] = os.pathsep.join([runtime, *paths])
    return merged


def start_failure(kernel: KernelProcess) -> KernelStartError:
    """The error for a kernel that exited before it was ready, with what to do next."""
    log = kernel.log_tail()
    python = kernel.python
    if _missing(log, "lichen"):
        return KernelStartError(
            f"The Python interpreter {python} cannot import lichen, so the kernel cannot start. "
            f"Install lichen into it (`{python} -m pip install lichen`) or choose an "
            f"interpreter that has it.\n{log}")
    if any(_missing(log, module) for module, _ in KERNEL_PACKAGES):
        return KernelPackagesMissing(python)
    return KernelStartError(
        f"The kernel {kernel.exit_description()} while starting, using the Python interpreter "
        f"{python}. Its last output:\n{log}")


def _missing(log: str, module: str) -> bool:
    return f"No module named '{module}'" in log or f"No module named {module}" in log
