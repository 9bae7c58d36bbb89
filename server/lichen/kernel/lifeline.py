"""The kernel ends with its controller, even while a cell runs C code that holds the GIL.

The controller passes the kernel one end of a socket pair (the lifeline) and keeps the other:
when the controller ends, however it ends, the kernel's end reads EOF. A thread of the kernel
could wait for that, but a thread needs the GIL to act, and a cell in a long C call holds it.
So, before anything else starts, the kernel forks a watcher: a process that only waits, on the
lifeline and on a pipe whose writing end only the kernel holds. The lifeline closing means the
controller is gone: the watcher kills the kernel's whole process group (the kernel, the
processes its cells started, itself). The pipe closing means the kernel ended first: the watcher
just exits. The watcher ignores SIGINT, which interrupts reach the whole group with.

A kept kernel (`lichen.kernel.detached`) outlives its controller: when the lifeline closes, the
watcher waits for the next controller's lifeline instead, for the idle time the kernel's record
names, and ends the kernel only once that passed with none.
"""

from __future__ import annotations

import os
import select
import signal

_kept: list[int] = []  # the kernel's end of the pipe, held open for as long as it lives


def watch(lifeline: int, directory: str) -> None:
    """Fork the watcher of `lifeline` (a descriptor) of the kernel of `directory`; call before
    any thread starts."""
    kernel = os.getpid()
    kernel_gone, kernel_alive = os.pipe()
    if os.fork() == 0:
        try:
            os.close(kernel_alive)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            _wait(lifeline, kernel_gone, kernel, directory)
        finally:
            os._exit(0)
    os.close(kernel_gone)
    os.close(lifeline)  # the watcher has it; the kernel's copy would only outlive its purpose
    _kept.append(kernel_alive)


def _wait(lifeline: int, kernel_gone: int, kernel: int, directory: str) -> None:
    while True:
        readable, _, _ = select.select([lifeline, kernel_gone], [], [])
        if kernel_gone in readable:
            return
        try:
            if os.read(lifeline, 4096):
                continue
        except OSError:
            pass
        os.close(lifeline)
        following = _next_lifeline(directory, kernel_gone)
        if following is None:
            _end(kernel)
            return
        lifeline = following


def _next_lifeline(directory: str, kernel_gone: int) -> int | None:
    """The next controller's lifeline, for a kept kernel that one reattaches to in time."""
    from lichen.kernel import detached

    idle = detached.idle_time(directory)
    if idle is None:
        return None
    return detached.wait_for_controller(directory, idle, kernel_gone)


def _end(kernel: int) -> None:
    """SIGKILL to the kernel and its group (it leads one when started by a controller)."""
    try:
        if os.getpgid(kernel) == kernel:
            os.killpg(kernel, signal.SIGKILL)
        else:
            os.kill(kernel, signal.SIGKILL)
    except ProcessLookupError:
        pass
