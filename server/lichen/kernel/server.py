"""The kernel process: a `Runtime` in the main thread, driven by commands from the controller.

The main thread reads one command at a time, calls the runtime and sends the reply. Events go
through the `KernelOutbox` as they happen. Two more threads only wait: the outbox's flusher and the
readers of descriptors 1 and 2. A watcher process forked at start (`lifeline`) takes the whole
process group down when the controller is gone, so no kernel or cell subprocess outlives it.

Interrupts arrive as SIGINT to the process group, each recorded first in the shared
`interrupts` file. An interrupt that came after the command being served was asked for stops
it: the run starts no further cell (those left are cancelled), and while a cell runs the handler
raises KeyboardInterrupt in the main thread, which the runtime reports as the cell's error. At
any other time (between commands, or an interrupt older than the command) the handler does
nothing, so a late interrupt cannot break the command loop, and one that came before the kernel
read its run still cancels that run.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Callable
from typing import Any

import zmq

from lichen.kernel import endpoints, fdstreams, interrupts, wire
from lichen.kernel.beacon import Beacon
from lichen.kernel.errors import UiValueRefused
from lichen.kernel.lifeline import watch
from lichen.kernel.outbox import KernelOutbox, cap_output
from lichen.protocol import CellRunning


class KernelServer:
    def __init__(self, directory: str, log_fd: int):
        self.context = zmq.Context(io_threads=1)
        self._commands = self.context.socket(zmq.PULL)
        self._commands.connect(endpoints.commands(directory))
        self._events = self.context.socket(zmq.PUSH)
        self._events.setsockopt(zmq.LINGER, 1000)
        self._events.connect(endpoints.events(directory))
        self.outbox = KernelOutbox(self._send, Beacon(endpoints.beacon(directory)))
        self._log_fd = log_fd
        self._interrupts = interrupts.Interrupts(endpoints.interrupts(directory))
        self.directory = directory
        self._asked_at = 0  # when the command being served was asked for
        self._running = False
        self._runtime: Any = None
        self._descriptors: fdstreams.Descriptors | None = None
        self.before_run: list[Callable[[], None]] = []  # called as each run command starts

    def serve(self) -> None:
        """Answer commands until told to shut down."""
        signal.signal(signal.SIGINT, self._on_sigint)
        self.outbox.flush(reply=(wire.HELLO, True, None))
        from lichen.kernel import commands  # imports the runtime while the controller gets ready

        handlers = commands.handlers(self)
        # What was imported lives as long as the kernel: out of the collector's way, then on.
        gc.freeze()
        gc.enable()
        while True:
            request_id, method, args, self._asked_at = wire.decode_command(self._commands.recv())
            if method == "shutdown":
                if self._runtime is not None:
                    self._runtime.close()
                self.outbox.flush(reply=(request_id, True, None))
                return
            self.outbox.start_command()
            self.outbox.flush(reply=self._answer(request_id, handlers.get(method), method, args))

    def run(self, call: Callable[..., Any], *args: Any) -> wire.RunResult:
        """`call(*args)` with interrupts enabled; its RunReport, as a `wire.RunResult`."""
        for hook in self.before_run:
            hook()
        self._running = True
        try:
            report = call(*args)
        finally:
            self._running = False
        return self._compact(report)

    def _compact(self, report: Any) -> wire.RunResult:
        """The report, minus the results the controller already has from the event stream."""
        shared = 0
        for mine, sent in zip(report.cells, self.outbox.done_log):
            if mine is not sent:
                break
            shared += 1
        rest = [cap_output(c) if c.output else c for c in report.cells[shared:]]
        return (report.run_id, shared, rest)

    @property
    def runtime(self) -> Any:
        if self._runtime is None:
            raise RuntimeError("the kernel was not initialised: send 'init' first")
        return self._runtime

    def start_runtime(self, runtime: Any) -> None:
        runtime.cancel_requested = self.interrupted
        self._runtime = runtime

    def interrupted(self) -> bool:
        """Whether an interrupt came after the command being served was asked for."""
        return self._interrupts.since(self._asked_at)

    def capture_descriptors(self) -> None:
        self._descriptors = fdstreams.Descriptors(self.outbox.put)

    def emit(self, event: Any) -> None:
        """The runtime's events: to the outbox, a starting cell getting descriptors of its own
        first (so what its subprocesses write stays its own)."""
        if type(event) is CellRunning and self._descriptors is not None:
            self._descriptors.switch(event.cell_id)
        self.outbox.put(event)

    def _answer(self, request_id: int, handler: Any, method: str, args: Any) -> tuple:
        if handler is None:
            return (request_id, False, (wire.FAILED, f"unknown kernel command {method!r}"))
        try:
            return (request_id, True, handler(args))
        except KeyboardInterrupt:
            return (request_id, False, (wire.INTERRUPTED, "interrupted"))
        except UiValueRefused as refused:
            return (request_id, False, (wire.REFUSED, str(refused)))
        except Exception as error:  # noqa: BLE001 - the command failed, the kernel goes on
            self.log(f"command {method!r} failed: {error!r}\n")
            return (request_id, False, (wire.FAILED, f"{type(error).__name__}: {error}"))

    def _send(self, events: list[Any], reply: Any) -> None:
        self._events.send(wire.encode_batch(events, reply))

    def _on_sigint(self, signum: int, frame: Any) -> None:
        if self._running and self.interrupted():
            raise KeyboardInterrupt

    def log(self, text: str) -> None:
        try:
            os.write(self._log_fd, text.encode("utf-8", "replace"))
        except OSError:
            pass


def main(argv: list[str]) -> int:
    """`python -m lichen.kernel --dir DIR --lifeline FD`."""
    options = dict(zip(argv[::2], argv[1::2]))
    lifeline = int(options["--lifeline"])
    os.set_inheritable(lifeline, False)  # cell subprocesses must not keep the controller waiting
    watch(lifeline, options["--dir"])  # first: no thread runs yet
    # Descriptor 2 is the kernel's log file: crash reports go there, the controller reads it.
    log_fd = os.dup(2)
    import faulthandler

    faulthandler.enable(file=os.fdopen(log_fd, "w", closefd=False), all_threads=False)
    server = KernelServer(options["--dir"], log_fd)
    server.capture_descriptors()
    server.serve()
    sys.stdout.flush()
    return 0
