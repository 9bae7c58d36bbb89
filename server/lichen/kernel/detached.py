"""Kernels kept running when their controller goes (the daemon killed, a dropped connection), and
found again by the next one: `Session(..., keep_running=...)`, `lichen kernels list | stop`.

A kept kernel's private directory holds a record (`kept.json`: the notebook, the interpreter,
the launcher, how long it may wait). When the lifeline closes, the kernel's watcher (or, for a
Slurm kernel, the login relay, which holds the lifeline there) reads the record and, instead of
ending the kernel, waits for a controller to come back: a local kernel for the idle time the
record names, a Slurm kernel until its job ends. A controller that reattaches binds the
directory's sockets again (zmq on the kernel's side reconnects by itself, and hands over the
events it queued meanwhile) and a `lifeline` socket in the directory, which the waiting side
connects to: that connection is the new lifeline.

Only the kernel's user can reattach: everything is in the kernel's 0700 directory, as the
kernel's sockets always were; nothing listens anywhere else.
"""

from __future__ import annotations

import dataclasses
import fcntl
import json
import os
import select
import signal
import socket
import tempfile
import time

from lichen.kernel import stale_dirs

RECORD = "kept.json"
LIFELINE = "lifeline"
CLAIM = "claim"  # locked (flock) by the controller holding the kernel, for as long as it does
# How often a side waiting for its controller looks for one.
_RETRY = 0.25


@dataclasses.dataclass(frozen=True)
class Kept:
    """A kept kernel, as `lichen kernels list` shows it."""

    id: str  # its directory's name
    directory: str
    notebook: str  # the notebook's absolute path ("" for a notebook not on disk)
    python: str
    launcher: str  # "local" or "slurm"
    label: str  # the launcher described: "local", "Slurm (debug, 1:00:00)"
    pid: int  # the kernel's process (for Slurm: the login relay's)
    idle: float | None  # seconds a local kernel waits for a controller; None: until its job ends
    attached: bool  # a controller holds it now


@dataclasses.dataclass(frozen=True)
class Keep:
    """What a controller asks of a kernel it starts kept: the notebook it is for, and how long a
    local kernel waits for a controller (a Slurm kernel waits until its job ends)."""

    notebook: str | None
    idle: float


def write_record(directory: str, *, notebook: str | None, python: str, launcher: str,
                 label: str, pid: int, idle: float | None) -> None:
    record = {"notebook": notebook or "", "python": python, "launcher": launcher,
              "label": label, "pid": pid, "idle": idle}
    path = os.path.join(directory, RECORD)
    with open(path + ".new", "w", encoding="utf-8") as file:
        json.dump(record, file)
    os.replace(path + ".new", path)  # a reader never sees half a record


def read(directory: str) -> Kept | None:
    """The kept kernel of `directory`, if it is one and its process lives."""
    try:
        with open(os.path.join(directory, RECORD), encoding="utf-8") as file:
            record = json.load(file)
        pid = int(record["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not process_alive(pid):
        return None
    return Kept(id=os.path.basename(directory), directory=directory,
                notebook=record.get("notebook", ""), python=record.get("python", ""),
                launcher=record.get("launcher", "local"), label=record.get("label", ""),
                pid=pid, idle=record.get("idle"), attached=_claimed(directory))


def idle_time(directory: str) -> float | None:
    """How long the side holding the lifeline waits for a controller: None if the kernel is not
    kept (it ends with its controller), `inf` for a Slurm kernel (until its job ends)."""
    try:
        with open(os.path.join(directory, RECORD), encoding="utf-8") as file:
            record = json.load(file)
    except (OSError, ValueError):
        return None
    idle = record.get("idle")
    return float("inf") if idle is None else float(idle)


def kept_kernels(parent: str | None = None) -> list[Kept]:
    """The user's kept kernels that still run, oldest first."""
    parent = parent or tempfile.gettempdir()
    found = []
    for directory in stale_dirs.own_directories(parent):
        kept = read(directory)
        if kept is not None:
            found.append((os.stat(directory).st_mtime, kept))
    return [kept for _, kept in sorted(found, key=lambda pair: pair[0])]


def take(notebook: str, launcher: str) -> tuple[Kept, int] | None:
    """The newest detached kernel of the notebook at `notebook` started by that launcher,
    claimed for this process (the claim's descriptor: held for as long as it controls it)."""
    path = os.path.abspath(notebook)
    for kept in reversed(kept_kernels()):
        if kept.notebook == path and kept.launcher == launcher and not kept.attached:
            claimed = claim(kept.directory)
            if claimed is not None:
                return kept, claimed
    return None


def claim(directory: str) -> int | None:
    """Claim the kernel of `directory` for this process; None if another process holds it. The
    claim ends with the descriptor returned, or with the process, however it ends."""
    fd = os.open(os.path.join(directory, CLAIM), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def _claimed(directory: str) -> bool:
    fd = claim(directory)
    if fd is None:
        return True
    os.close(fd)
    return False


def by_id(kernel_id: str) -> Kept | None:
    """The kept kernel listed under `kernel_id`."""
    return next((k for k in kept_kernels() if k.id == kernel_id), None)


def stop(kept: Kept) -> None:
    """End a kept kernel: its Slurm job (scancel), or its process group; then its directory."""
    if kept.launcher == "slurm":
        from lichen.kernel import slurm

        slurm.cancel_by_name(kept.id)
    try:
        os.killpg(kept.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    deadline = time.monotonic() + 10
    while process_alive(kept.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    from lichen.kernel import endpoints

    endpoints.remove_directory(kept.directory)


# --- the lifeline of a reattached kernel ---------------------------------------------------------

def listen(directory: str) -> socket.socket:
    """The reattaching controller's end of the new lifeline: a Unix socket in the kernel's
    directory, never accepted from. When this process ends, however it ends, the socket closes
    and the waiting side's connection reads its end."""
    path = os.path.join(directory, LIFELINE)
    try:
        os.unlink(path)  # left by the controller before
    except FileNotFoundError:
        pass
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(1)
    return listener


def wait_for_controller(directory: str, idle: float, gone: int) -> int | None:
    """A descriptor connected to the next controller's lifeline; None once the kernel was idle
    (no run under way) for `idle` seconds without one, or as soon as descriptor `gone` becomes
    readable (the kernel ended)."""
    from lichen.kernel import beacon, endpoints

    deadline = time.monotonic() + idle
    path = os.path.join(directory, LIFELINE)
    while True:
        connection = connect(path)
        if connection is not None:
            return connection
        left = deadline - time.monotonic()
        if left <= 0:
            if not _running(beacon.read(endpoints.beacon(directory))):
                return None
            deadline = time.monotonic() + idle  # a run goes on: the idle time starts after it
        if select.select([gone], [], [], min(_RETRY, max(left, 0.0)))[0]:
            return None


def _running(state) -> bool:
    from lichen.kernel import beacon

    return state is not None and any(s in (beacon.QUEUED, beacon.RUNNING)
                                     for _, s in state.cells)


def connect(path: str) -> int | None:
    """A descriptor connected to the lifeline socket at `path`; None when no controller holds
    it (none yet, or the one that made it is gone)."""
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(path)
    except OSError:
        connection.close()
        return None
    return connection.detach()


def process_alive(pid: int) -> bool:
    """Whether `pid` runs (on Linux a zombie does not: its parent, the controller, is gone)."""
    if os.path.isdir("/proc/self"):
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as file:
                return file.read().rsplit(")", 1)[1].split()[0] != "Z"
        except (OSError, IndexError):
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
