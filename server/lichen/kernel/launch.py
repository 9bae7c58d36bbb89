"""Starting a kernel process and holding on to it: its sockets, its lifeline, its log.

The kernel runs `python -m lichen.kernel` with the user's interpreter, in a session of its own
(so SIGINT to its process group reaches the subprocesses its cells start), and holds one end of
a socket pair whose other end stays here: the pair tells each side when the other is gone.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
from collections.abc import Mapping

import zmq

from lichen.kernel import beacon, endpoints, interrupts
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
                 launcher: Launcher = LOCAL):
        if os.name != "posix":  # process groups, descriptor passing and IPC sockets
            raise KernelStartError("Lichen's kernel process needs Linux or macOS for now; "
                                   "on Windows, open the folder in WSL.")
        self.python = python
        self.launcher = launcher
        self.directory = endpoints.make_directory()
        context = zmq.Context.instance()
        self.commands = context.socket(zmq.PUSH)
        self.commands.setsockopt(zmq.LINGER, 0)
        self.commands.bind(endpoints.commands(self.directory))
        self.events = context.socket(zmq.PULL)
        self.events.setsockopt(zmq.LINGER, 0)
        self.events.bind(endpoints.events(self.directory))
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
        self.commands.close(linger=0)
        self.events.close(linger=0)
        self.lifeline.close()
        self.interrupts.close()
        endpoints.remove_directory(self.directory)

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
