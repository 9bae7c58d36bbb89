"""The two relays that carry a kernel's frames over a Slurm job step's stdin and stdout.

    controller --zmq--> login relay --srun stdio--> compute relay --zmq--> kernel
    (daemon)            (login node)               (compute node)         (compute node)

Neither side opens a port: `srun` carries the step's stdio back to the login node, which is the
one channel every site allows. Each relay speaks zmq on its side exactly as the peer it stands
in for would, so the controller and the kernel are the ones of a local kernel, unchanged:

- The login relay is what the controller starts in place of the kernel (the same directory,
  sockets and lifeline). It runs `srun`, forwards commands and events, turns SIGINT (the
  controller's interrupt) into an interrupt message, and reports the job's place in the queue as
  `KernelPlacement` events (looking again at once when the step starts, so RUNNING comes as the
  kernel boots). When the step ends without the kernel having ended (Slurm cancelled
  the job, its time ran out, the node failed) it writes Slurm's reason where
  `KernelProcess.exit_description` finds it. A kept kernel's relay (`detached.py`) outlives the
  controller: it waits, until the job ends, for the next controller's lifeline.
- The debugger's channel (`debug_channel.py` in the controller, `debug_relay.py` in the kernel,
  a zmq PAIR on the directory's `debug` endpoint) is carried the same way: the login relay
  connects to the controller's end as the kernel would, the compute relay binds one for the
  kernel as the controller would, and their frames travel as `D` messages. A breakpoint in a
  cell on a compute node stops as it does here, with no port opened for debugpy either.
- The compute relay runs under `srun` and starts the kernel there as a local controller would
  (`KernelProcess`), in a private directory of the compute node. The end of its stdin means the
  login side is gone: it kills the kernel, so the step and with it the job end.
"""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import threading

import zmq

from lichen.kernel import detached, endpoints, interrupts, pipe, slurm, wire

# What `srun` runs on the compute node (the kernel's own boot, see launch.py, for the relay).
NODE_BOOT = ("import sys; first = sys.path.pop(0); "
             "from lichen.kernel.relay import on_compute_node; sys.path.insert(0, first); "
             "sys.exit(on_compute_node())")


# How often the compute relay looks at the kernel's process (the lifeline may be held open).
_CHECK_MS = 100
# How often the login relay of a kept kernel without a controller looks for the next one.
_LOOK_MS = 250


# --- the compute node --------------------------------------------------------------------------

def on_compute_node() -> int:
    """Start the kernel here and relay its frames over stdin/stdout until either side ends."""
    pipe.write(1, pipe.STARTED)  # before the kernel's imports: the job runs, say so at once
    from lichen.kernel.launch import KernelProcess

    kernel = KernelProcess(sys.executable, cwd=os.getcwd(), env=os.environ,
                           last_interrupt=int(sys.argv[1]))
    stdin = pipe.Reader(0)
    debugger = _DebugEnd(endpoints.debug(kernel.directory), bind=True)
    poller = zmq.Poller()
    poller.register(kernel.events, zmq.POLLIN)
    poller.register(kernel.lifeline, zmq.POLLIN)
    poller.register(0, zmq.POLLIN)
    try:
        while True:
            debugger.watch(poller)
            ready = dict(poller.poll(_CHECK_MS))
            if kernel.events in ready:
                _forward_events(kernel.events)
            if debugger.socket in ready:
                debugger.flush()
                debugger.forward(1)
            if 0 in ready:
                for kind, payload in stdin.read():
                    if kind == pipe.COMMAND:
                        kernel.commands.send(payload)
                    elif kind == pipe.INTERRUPT:
                        kernel.interrupt(int(payload))
                    elif kind == pipe.DEBUG:
                        debugger.send(payload)
                if stdin.closed:  # the login side is gone: so is the kernel
                    kernel.kill()
                    return 0
            if kernel.lifeline in ready and _closed(kernel.lifeline):
                poller.unregister(kernel.lifeline)  # a child of the kernel may still hold it
            if not kernel.alive():
                _forward_events(kernel.events)
                _report_end(kernel)
                return 0
    finally:
        debugger.close()
        kernel.kill()
        kernel.close()


def _closed(lifeline) -> bool:
    try:
        return lifeline.recv(1) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def _forward_events(events: zmq.Socket) -> None:
    while True:
        try:
            frame = events.recv(zmq.NOBLOCK)
        except zmq.Again:
            return
        pipe.write(1, pipe.EVENT, frame)


class _DebugEnd:
    """A relay's end of the debugger channel. Frames for the peer wait here while it is not
    connected (a bound PAIR without its peer would block the relay's loop): the kernel's end
    connects only once debugpy starts."""

    def __init__(self, endpoint: str, bind: bool) -> None:
        self.socket = zmq.Context.instance().socket(zmq.PAIR)
        self.socket.setsockopt(zmq.LINGER, 0)
        (self.socket.bind if bind else self.socket.connect)(endpoint)
        self._waiting: collections.deque[list[bytes]] = collections.deque()

    def watch(self, poller: zmq.Poller) -> None:
        """Poll for frames in, and for room out while frames wait."""
        poller.register(self.socket, zmq.POLLIN | (zmq.POLLOUT if self._waiting else 0))

    def send(self, payload: bytes) -> None:
        """A `D` message's frame to the peer, or to the queue."""
        self._waiting.append(pipe.debug_frame(payload))
        self.flush()

    def flush(self) -> None:
        while self._waiting:
            try:
                self.socket.send_multipart(self._waiting[0], zmq.NOBLOCK)
            except zmq.Again:
                return
            self._waiting.popleft()

    def forward(self, fd: int) -> None:
        """The frames the peer sent, as `D` messages on `fd`."""
        while True:
            try:
                frame = self.socket.recv_multipart(zmq.NOBLOCK)
            except zmq.Again:
                return
            pipe.write(fd, pipe.DEBUG, pipe.debug_payload(*frame))

    def close(self) -> None:
        self.socket.close(linger=0)


def _report_end(kernel) -> None:
    """The kernel's beacon, its log (to stderr, which srun carries) and its exit code."""
    try:
        with open(endpoints.beacon(kernel.directory), "rb") as beacon:
            pipe.write(1, pipe.BEACON, beacon.read())
    except OSError:
        pass
    tail = kernel.log_tail()
    if tail:
        sys.stderr.write(tail + "\n")
        sys.stderr.flush()
    pipe.write(1, pipe.EXIT, str(kernel.process.returncode).encode())


# --- the login node ----------------------------------------------------------------------------

def on_login_node(argv: list[str]) -> int:
    """`... --dir DIR --lifeline FD --python PY --name JOB -- SRUN_ARGS...`: run the kernel
    through srun and relay between the controller's sockets in DIR and the step's stdio."""
    split = argv.index("--") if "--" in argv else len(argv)
    options = dict(zip(argv[:split:2], argv[1:split:2]))
    directory, name = options["--dir"], options["--name"]
    lifeline: int | None = int(options["--lifeline"])
    os.set_inheritable(lifeline, False)
    recorded = interrupts.Interrupts(endpoints.interrupts(directory))
    command = slurm.srun_command(argv[split + 1:], name, options["--python"], NODE_BOOT,
                                 str(recorded.last()))
    # A session of its own: the controller's SIGINT to our group must not reach srun, which would
    # take it as a request to end the step.
    step = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            start_new_session=True)
    context = zmq.Context.instance()
    commands = context.socket(zmq.PULL)
    commands.connect(endpoints.commands(directory))
    events = context.socket(zmq.PUSH)
    events.setsockopt(zmq.LINGER, 2000)
    events.connect(endpoints.events(directory))
    # The controller binds its end when a debugger is first asked for; zmq connects then.
    debugger = _DebugEnd(endpoints.debug(directory), bind=False)
    to_step = step.stdin.fileno()
    interrupts_r, interrupts_w = os.pipe()
    signal.signal(signal.SIGINT, lambda *_: os.write(interrupts_w, b"i"))
    started = threading.Event()  # the step has shown life
    threading.Thread(target=slurm.watch_placement, name="lichen-slurm-placement",
                     args=(name, _placement_sender(context, directory), started),
                     daemon=True).start()

    from_step = pipe.Reader(step.stdout.fileno())
    poller = zmq.Poller()
    for source in (commands, from_step.fd, lifeline, interrupts_r):
        poller.register(source, zmq.POLLIN)
    exit_code: int | None = None
    try:
        while True:
            debugger.watch(poller)
            if lifeline is None:  # kept, and no controller holds it: look for the next one
                lifeline = detached.connect(os.path.join(directory, detached.LIFELINE))
                if lifeline is not None:
                    poller.register(lifeline, zmq.POLLIN)
            ready = dict(poller.poll(None if lifeline is not None else _LOOK_MS))
            if commands in ready:
                while True:
                    try:
                        pipe.write(to_step, pipe.COMMAND, commands.recv(zmq.NOBLOCK))
                    except zmq.Again:
                        break
            if debugger.socket in ready:
                debugger.flush()
                debugger.forward(to_step)
            if interrupts_r in ready:  # the controller wrote the interrupt's time, then signalled
                os.read(interrupts_r, 64)
                pipe.write(to_step, pipe.INTERRUPT, str(recorded.last()).encode())
            if from_step.fd in ready:
                started.set()
                for kind, payload in from_step.read():
                    if kind == pipe.EVENT:
                        events.send(payload)
                    elif kind == pipe.BEACON:
                        _write_beacon(directory, payload)
                    elif kind == pipe.EXIT:
                        exit_code = int(payload)
                    elif kind == pipe.DEBUG:
                        debugger.send(payload)
                if from_step.closed:
                    break
            if lifeline is not None and lifeline in ready and not _read_or_end(lifeline):
                # The controller is gone: so is the kernel, unless it is kept.
                poller.unregister(lifeline)
                os.close(lifeline)
                lifeline = None
                if detached.idle_time(directory) is None:
                    break
    except (BrokenPipeError, OSError):
        pass
    finally:
        debugger.close()
        step.stdin.close()
        _end_step(step)
    if exit_code is None:  # the step ended, not the kernel: Slurm says why
        slurm.record_end(directory, name, step.returncode)
        return 1
    return _exit_like(exit_code)


def _read_or_end(lifeline: int) -> bytes:
    try:
        return os.read(lifeline, 4096)
    except OSError:  # a reattached controller's lifeline resets when it ends
        return b""


def _placement_sender(context: zmq.Context, directory: str):
    """A function sending one placement event, from the watcher's thread (a socket of its own)."""
    socket = context.socket(zmq.PUSH)
    socket.setsockopt(zmq.LINGER, 0)
    socket.connect(endpoints.events(directory))
    return lambda placement: socket.send(wire.encode_batch([placement]))


def _write_beacon(directory: str, data: bytes) -> None:
    try:
        with open(endpoints.beacon(directory), "r+b") as beacon:
            beacon.write(data)
    except OSError:
        pass


def _end_step(step: subprocess.Popen) -> None:
    """The step ends by itself once its stdin closes; srun is asked to cancel it if it lingers."""
    try:
        step.wait(timeout=5)
    except subprocess.TimeoutExpired:
        step.terminate()
        try:
            step.wait(timeout=5)
        except subprocess.TimeoutExpired:
            step.kill()
            step.wait()


def _exit_like(code: int) -> int:
    """Exit as the kernel did: with its code, or killed by the same signal."""
    if code < 0:
        sys.stdout.flush()
        signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
    return code


def main(argv: list[str]) -> int:
    return on_login_node(argv)
