"""Kernel directories left behind by a controller that was killed (SIGKILL, a crash), removed
when the next controller starts.

Each directory names its controller in an `owner` file: the process id and, on Linux, its
start time (so a reused process id is not taken for the owner). A directory is stale when its
owner file names a process that no longer runs, unless it holds a kept kernel that still runs
(`lichen.kernel.detached`: it waits for a controller to reattach). Only the user's own
`lichen-*` directories that hold an owner file are touched: anything else in the temporary
directory is left alone.
"""

from __future__ import annotations

import os
import shutil

OWNER = "owner"
PREFIX = "lichen-"


def write_owner(directory: str) -> None:
    """Name this process as the directory's controller."""
    pid = os.getpid()
    with open(os.path.join(directory, OWNER), "w", encoding="ascii") as file:
        file.write(f"{pid} {_start_time(pid) or ''}".strip())


def own_directories(parent: str):
    """The user's own `lichen-*` directories in `parent`."""
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return
    uid = os.getuid()
    for entry in entries:
        if not entry.name.startswith(PREFIX):
            continue
        try:
            if entry.is_dir(follow_symlinks=False) and entry.stat().st_uid == uid:
                yield entry.path
        except OSError:
            continue


def remove_stale(parent: str) -> list[str]:
    """Remove the stale kernel directories in `parent`; the ones removed."""
    from lichen.kernel import detached

    removed = []
    for directory in own_directories(parent):
        if owner_gone(directory) and detached.read(directory) is None:
            shutil.rmtree(directory, ignore_errors=True)
            removed.append(directory)
    return removed


def owner_gone(directory: str) -> bool:
    """Whether the controller the directory names has ended (False without an owner file)."""
    try:
        with open(os.path.join(directory, OWNER), encoding="ascii") as file:
            fields = file.read(64).split()
        pid = int(fields[0])
        started = int(fields[1]) if len(fields) > 1 else None
    except (OSError, ValueError, IndexError):
        return False  # no owner file: not ours to judge
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # a process of another user holds the id now
        return True
    return started is not None and _start_time(pid) not in (None, started)


def _start_time(pid: int) -> int | None:
    """When process `pid` started, in clock ticks since boot (Linux); None elsewhere."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as file:
            return int(file.read().rsplit(")", 1)[1].split()[19])
    except (OSError, ValueError, IndexError):
        return None
