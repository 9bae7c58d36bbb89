"""The controller's side of one kernel: send a command, stream its events, wait for its reply.

The calling thread itself reads the kernel's frames while it waits (no receiver thread: a hand-off
between threads would cost more than the whole round trip of a quick cell). Every wait watches
three things: the reply, the kernel's death (the lifeline closes, or the process is gone), and a
deadline. Nothing waits forever on a dead kernel.

Not thread-safe: one command at a time (the Session serialises them). `interrupt` and `kill` may
be called from any thread. An interrupt is recorded for the kernel (`interrupts`) and signalled;
the signal waits until the kernel has said hello (its handler is installed by then: a SIGINT
during its start-up would kill it), the record stops the run asked for before it either way.
"""

from __future__ import annotations

import math
import random
import subprocess
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

import zmq

from lichen.kernel import detached, endpoints, wire
from lichen.kernel.debug_channel import DebugChannel
from lichen.kernel.errors import (KernelDied, KernelError, KernelStartError, KernelTimeout,
                                  UiValueRefused)
from lichen.kernel.launch import KernelProcess, start_failure
from lichen.kernel.launchers import LOCAL, Launcher
from lichen.kernel.tracker import RunTracker
from lichen.protocol import ERROR, INTERRUPTED, CellDone, RunReport

# How often a wait looks at the process, when the lifeline cannot tell (a forked child of the
# kernel may hold it open).
_CHECK_INTERVAL = 0.1
# How long to gather the last frames of a kernel that died.
_LAST_WORDS = 0.05

EventCallback = Callable[[Any], None]


class KernelClient:
    def __init__(self, python: str, *, cwd: str | None = None,
                 env: Mapping[str, str] | None = None, on_event: EventCallback | None = None,
                 last_interrupt: int = 0, launcher: Launcher = LOCAL,
                 keep: detached.Keep | None = None,
                 adopt: tuple[detached.Kept, int] | None = None):
        if adopt is not None:  # a kept kernel (claimed: `detached.take`), long past its hello
            self.kernel = KernelProcess.adopt(*adopt, launcher)
        else:
            self.kernel = KernelProcess(python, cwd=cwd, env=env, last_interrupt=last_interrupt,
                                        launcher=launcher, keep=keep)
        self.adopted = adopt is not None
        self._on_event = on_event
        # A kept kernel may still send the replies of the controller before: other numbers.
        self._next_request = random.randrange(1 << 32, 1 << 48) if adopt is not None else 1
        self._poller = zmq.Poller()
        self._poller.register(self.kernel.events, zmq.POLLIN)
        self._poller.register(self.kernel.lifeline, zmq.POLLIN)
        self._tracker = RunTracker()
        self._callback_error: BaseException | None = None
        self._ready = adopt is not None  # the kernel said hello: its SIGINT handler is in place
        self._signal_lock = threading.Lock()  # one of `interrupt` and the hello at a time
        self._done_since_reply: list[Any] = []  # CellDone events since the last reply frame
        self._reply_done: list[Any] = []  # those that came before the awaited reply
        self._debug_channel: DebugChannel | None = None  # bound when debugging is first asked
        self.death: str | None = None  # why the kernel is gone, once it is
        self.stopping: str | None = None  # "restarted" / "shut down" while we end it ourselves

    # --- start-up --------------------------------------------------------------------------

    def wait_ready(self, timeout: float) -> None:
        """Wait for the kernel's hello; raise KernelStartError if it fails or is too slow."""
        try:
            self._await(wire.HELLO, time.monotonic() + timeout, "start")
            with self._signal_lock:
                self._ready = True
        except KernelDied:
            error = start_failure(self.kernel)
            self.death = str(error)
            self.close()
            raise error from None
        except KernelTimeout:
            error = KernelStartError(
                f"The kernel did not start within {timeout:g} s with the Python interpreter "
                f"{self.kernel.python}. The machine may be overloaded or the environment slow "
                f"to import: try again, or raise the start-up timeout. Its last output:\n"
                f"{self.kernel.log_tail()}")
            self.death = str(error)
            self.kill()
            self.close()
            raise error from None

    # --- commands --------------------------------------------------------------------------

    def call(self, method: str, args: Any = None, *, timeout: float | None = 30.0,
             result_type: Any = Any) -> Any:
        """Send a command that runs no cell; its result, decoded as `result_type`."""
        reply = self._request(method, args, timeout)
        if not reply.ok:
            raise _failure(method, wire.decode_value(reply.value, wire.Failure))
        return wire.decode_value(reply.value, result_type)

    def run(self, method: str, args: Any = None, *, timeout: float | None = None,
            asked_at: int | None = None) -> RunReport:
        """Send a command that runs cells; its RunReport, even if the kernel dies meanwhile.
        An interrupt after `asked_at` (`time.monotonic_ns()`; default now) stops it, even one
        that came before the command was sent."""
        if self.death is not None:
            raise KernelDied(self.death)
        self._tracker = RunTracker()
        try:
            reply = self._request(method, args, timeout,
                                  time.monotonic_ns() if asked_at is None else asked_at)
        except KernelDied:
            if self._tracker.empty():  # died before the run began: nothing to report on
                raise
            return self._abandon(ERROR, "KernelDied", self.death or "", self.kernel.log_tail())
        if reply.ok:
            run_id, shared, rest = wire.decode_value(reply.value, wire.RunResult)
            return RunReport(run_id, tuple(self._reply_done[:shared]) + tuple(rest))
        failure = wire.decode_value(reply.value, wire.Failure)
        if failure[0] == wire.INTERRUPTED:
            return self._abandon(INTERRUPTED, "KeyboardInterrupt", "interrupted")
        raise _failure(method, failure)

    def poll(self, timeout: float) -> None:
        """Deliver the events that arrive within `timeout` s (e.g. from a cell's thread)."""
        if self.death is not None:
            raise KernelDied(self.death)
        try:
            self._await(-1, time.monotonic() + timeout, "poll")
        except KernelTimeout:
            pass
        self._raise_callback_error()

    def interrupt(self, when: int | None = None) -> None:
        """Interrupt, as of `when` (`time.monotonic_ns()`; default now): the running cell stops,
        and so does every run asked for before `when`, sent or not."""
        when = time.monotonic_ns() if when is None else when
        with self._signal_lock:
            if self._ready:
                self.kernel.interrupt(when)
            else:
                self.kernel.interrupts.record(when)

    def kill(self, why: str = "shut down") -> None:
        """End the kernel now; a wait in progress in another thread reports `why`."""
        self.stopping = why
        self.kernel.kill()

    def shutdown(self, grace: float = 1.0) -> None:
        """Ask the kernel to exit (its atexit handlers run), then end its group and free it all."""
        if self.death is None and self.kernel.alive():
            try:
                self.call("shutdown", timeout=grace)
                self.kernel.process.wait(timeout=grace)
            except (KernelError, subprocess.TimeoutExpired):
                pass
        self.kill()
        self.close()

    def close(self) -> None:
        if self._debug_channel is not None:
            self._debug_channel.close()
        self.kernel.close()

    def release(self) -> None:
        """Let a kept kernel go on without this controller (`detached`)."""
        if self._debug_channel is not None:
            self._debug_channel.close()
        self.kernel.release()

    def debug_channel(self) -> DebugChannel:
        """The channel of the kernel's debugger (`lichen.kernel.debug_channel`), bound the first
        time, before the kernel is asked to start debugpy."""
        if self._debug_channel is None:
            self._debug_channel = DebugChannel(endpoints.debug(self.kernel.directory))
        return self._debug_channel

    # --- waiting ---------------------------------------------------------------------------

    def _request(self, method: str, args: Any, timeout: float | None,
                 asked_at: int = 0) -> wire.Reply:
        if self.death is not None:
            raise KernelDied(self.death)
        request_id = self._next_request
        self._next_request += 1
        deadline = None if timeout is None else time.monotonic() + timeout
        self._send(wire.encode_command(request_id, method, args, asked_at), deadline, method)
        reply = self._await(request_id, deadline, method)
        self._raise_callback_error()
        return reply

    def _send(self, frame: bytes, deadline: float | None, what: str) -> None:
        socket = self.kernel.commands
        while True:
            try:
                socket.send(frame, zmq.NOBLOCK)
                return
            except zmq.Again:  # not connected yet, or its queue is full
                pass
            self._check_alive()
            if deadline is not None and time.monotonic() >= deadline:
                raise KernelTimeout(self._timeout_message(what))
            socket.poll(int(_CHECK_INTERVAL * 1000), zmq.POLLOUT)

    def _await(self, request_id: int, deadline: float | None, what: str) -> wire.Reply:
        next_check = time.monotonic() + _CHECK_INTERVAL
        while True:
            wait = next_check if deadline is None else min(next_check, deadline)
            timeout_ms = max(1, math.ceil((wait - time.monotonic()) * 1000))
            ready = dict(self._poller.poll(timeout_ms))
            if self.kernel.events in ready:
                reply = self._drain(request_id)
                if reply is not None:
                    return reply
            now = time.monotonic()
            if self.kernel.lifeline in ready or now >= next_check:
                self._check_alive(lifeline_ready=self.kernel.lifeline in ready)
                next_check = now + _CHECK_INTERVAL
            if deadline is not None and now >= deadline:
                raise KernelTimeout(self._timeout_message(what))

    def _drain(self, request_id: int) -> wire.Reply | None:
        """Handle every frame that arrived; the reply to `request_id` if among them."""
        socket = self.kernel.events
        while True:
            try:
                frame = socket.recv(zmq.NOBLOCK)
            except zmq.Again:
                return None
            events, reply = wire.decode_batch(frame)
            for event in events:
                self._deliver(event)
            if reply is not None:
                self._reply_done, self._done_since_reply = self._done_since_reply, []
                if reply.request_id == request_id:
                    return reply

    def _deliver(self, event: Any) -> None:
        self._tracker.note(event)
        if type(event) is CellDone:
            self._done_since_reply.append(event)
        self._emit(event)

    def _emit(self, event: Any) -> None:
        if self._on_event is None:
            return
        try:
            self._on_event(event)
        except BaseException as error:  # noqa: BLE001 - raised after the command, not mid-way
            if self._callback_error is None:
                self._callback_error = error

    def _raise_callback_error(self) -> None:
        error, self._callback_error = self._callback_error, None
        if error is not None:
            raise error

    def _check_alive(self, lifeline_ready: bool = False) -> None:
        if lifeline_ready and self._lifeline_closed():
            try:
                self.kernel.process.wait(timeout=1.0)
            except subprocess.TimeoutExpired:  # closed, yet the process lives: watch it instead
                self._poller.unregister(self.kernel.lifeline)
        if not self.kernel.alive():
            self._died()

    def _lifeline_closed(self) -> bool:
        try:
            return self.kernel.lifeline.recv(1) == b""
        except BlockingIOError:
            return False
        except OSError:
            return True

    def _died(self) -> None:
        self.kernel.clear_group()
        time.sleep(_LAST_WORDS)  # frames already on their way still belong to the story
        self._drain(-1)
        self._tracker.note_beacon(self.kernel.run_state())
        running = self._tracker.running
        where = f" while running cell {running}" if running is not None else ""
        if self.stopping is not None:
            self.death = f"The kernel was {self.stopping}{where}."
        else:
            self.death = (f"The kernel {self.kernel.exit_description()}{where}. Its variables "
                          f"are lost: restart the kernel to go on.")
        if self._debug_channel is not None:  # its debugger's session ends with it
            self._debug_channel.close()
        tail = self.kernel.log_tail()
        raise KernelDied(f"{self.death}\nIts last output:\n{tail}" if tail else self.death)

    def _abandon(self, status: str, ename: str, message: str, details: str = "") -> RunReport:
        for event in self._tracker.abandon(status, ename, message, details):
            self._emit(event)  # written here, not received: no reply counts it
        self._raise_callback_error()
        return self._tracker.report()

    def _timeout_message(self, what: str) -> str:
        running = self._tracker.running
        busy = f"; it is still running cell {running}" if running is not None else ""
        return (f"The kernel did not finish {what.replace('_', ' ')!r} in time{busy}. "
                "Interrupt it or restart it.")


def _failure(method: str, failure: wire.Failure) -> KernelError:
    """The error a failed command's reply stands for."""
    kind, message = failure
    if kind == wire.REFUSED:
        return UiValueRefused(message)
    return KernelError(f"The kernel could not {method.replace('_', ' ')}: {message}")
