"""Where a kernel and its controller meet: IPC sockets in a fresh private directory.

Why IPC in a 0700 directory rather than loopback TCP with signed messages: the operating system
then does the authentication. Only the user who created the directory can reach the sockets, no
port is open to other local users, and no message pays for a signature. The directory also holds
the kernel's log (crash reports, start-up errors).
"""

from __future__ import annotations

import functools
import os

# Unix socket paths are limited to 104 bytes on macOS, 108 on Linux.
_MAX_SOCKET_PATH = 100


def make_directory() -> str:
    """A new directory only its owner can enter (mkdtemp creates it with mode 0700), naming
    this process as its controller; the first one a process makes removes those left behind by
    controllers that were killed."""
    import tempfile  # the controller's side only: the kernel starts without it

    from lichen.kernel import stale_dirs

    _remove_stale_once(tempfile.gettempdir())
    directory = tempfile.mkdtemp(prefix=stale_dirs.PREFIX)
    stale_dirs.write_owner(directory)
    if len(events(directory)) > _MAX_SOCKET_PATH:
        remove_directory(directory)
        raise OSError(f"the temporary directory {tempfile.gettempdir()!r} has too long a path "
                      "for a kernel socket: set TMPDIR to a shorter directory")
    return directory


@functools.cache
def _remove_stale_once(parent: str) -> None:
    from lichen.kernel import stale_dirs

    stale_dirs.remove_stale(parent)


def commands(directory: str) -> str:
    return f"ipc://{directory}/commands"


def events(directory: str) -> str:
    return f"ipc://{directory}/events"


def debug(directory: str) -> str:
    """The debugger's messages (`lichen.kernel.debug_relay`)."""
    return f"ipc://{directory}/debug"


def log(directory: str) -> str:
    return os.path.join(directory, "kernel.log")


def exit_reason(directory: str) -> str:
    """Written by a launcher that knows better than the exit code why the kernel ended."""
    return os.path.join(directory, "exit-reason.txt")


def beacon(directory: str) -> str:
    return os.path.join(directory, "beacon")


def interrupts(directory: str) -> str:
    return os.path.join(directory, "interrupts")


def remove_directory(directory: str) -> None:
    import shutil

    shutil.rmtree(directory, ignore_errors=True)
