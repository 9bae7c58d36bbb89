"""Interrupting a cell on a Slurm compute node, next to interrupting it in a local kernel.

    .venv/bin/python bench/bench_interrupt.py                 # 10 rounds, partition debug
    .venv/bin/python bench/bench_interrupt.py --rounds 20 --slurm-arg=--partition=short

One kernel of each kind, started once (`lichen.Session` with the local launcher and with
`SlurmLauncher`), each round alternating the two so that the machine's load weighs on both:

- interrupt: a cell runs `time.sleep(60)`; a quarter second into it, `Session.interrupt()`
  (what the editor's interrupt button ends in) and the time until the run returns with the cell
  interrupted. Target for Slurm: within 1 s;
- round trip: a trivial cell `x = 1`, run and reported, to show what the relays and `srun`'s
  stdio add to every message.

Needs a Slurm that accepts jobs: as root, with none answering, it starts the test cluster of
one node (`tests/slurm/start.sh`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INTERRUPT_TARGET_S = 1.0
SLEEPING = "import time\ntime.sleep(60)"


def ensure_slurm() -> None:
    answered = subprocess.run(["sinfo", "-h", "-o", "%T"], capture_output=True, text=True)
    if answered.returncode == 0 and answered.stdout.strip():
        return
    if os.geteuid() != 0:
        sys.exit("bench_interrupt: no Slurm answers (sinfo); start one, or run as root to "
                 "start the test cluster (tests/slurm/start.sh)")
    subprocess.run(["bash", str(ROOT / "tests/slurm/start.sh")], check=True)


class Kernel:
    """A session with two cells: the sleeping one and a trivial one."""

    def __init__(self, launcher) -> None:
        from lichen import Session
        from lichen.notebook import Cell, Notebook, serialize

        text = serialize(Notebook(cells=(Cell(SLEEPING), Cell("x = 1"))))
        self.running = threading.Event()  # set when a cell starts
        self.session = Session.from_text(text, launcher=launcher, on_event=self._event)
        self.sleeping, self.trivial = self.session.cells
        self.session.run([self.trivial])

    def interrupt_time(self) -> float:
        """Seconds from `interrupt()` to the interrupted run's return."""
        from lichen.protocol import INTERRUPTED

        self.running.clear()
        done: dict = {}
        runner = threading.Thread(target=lambda: done.update(report=self.session.run(
            [self.sleeping])))
        runner.start()
        if not self.running.wait(120):
            sys.exit("bench_interrupt: the sleeping cell did not start")
        time.sleep(0.25)  # inside time.sleep
        asked = time.perf_counter()
        self.session.interrupt()
        runner.join(120)
        took = time.perf_counter() - asked
        if runner.is_alive() or done["report"].cells[0].status != INTERRUPTED:
            sys.exit("bench_interrupt: the cell was not interrupted")
        return took

    def _event(self, event) -> None:
        from lichen.protocol import CellRunning

        if type(event) is CellRunning:
            self.running.set()

    def round_trip(self, repeats: int) -> float:
        """Median seconds of a run of the trivial cell."""
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            self.session.run([self.trivial])
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    def close(self) -> None:
        self.session.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10, help="rounds (default 10)")
    parser.add_argument("--repeats", type=int, default=20,
                        help="trivial runs per round (default 20)")
    parser.add_argument("--slurm-arg", action="append", default=None,
                        help="an srun argument (repeatable; default --partition=debug)")
    args = parser.parse_args()
    from lichen.kernel.launchers import LOCAL, SlurmLauncher

    ensure_slurm()
    slurm_args = tuple(args.slurm_arg or ("--partition=debug",))
    kernels = {"local": Kernel(LOCAL), "slurm": Kernel(SlurmLauncher(slurm_args))}
    interrupts: dict[str, list[float]] = {name: [] for name in kernels}
    trips: dict[str, list[float]] = {name: [] for name in kernels}
    try:
        for _ in range(args.rounds):
            for name, kernel in kernels.items():
                interrupts[name].append(kernel.interrupt_time())
                trips[name].append(kernel.round_trip(args.repeats))
    finally:
        for kernel in kernels.values():
            kernel.close()
    report(interrupts, trips, args)
    return 0


def report(interrupts, trips, args) -> None:
    median = statistics.median
    print(f"medians of {args.rounds} rounds (round trip: of {args.repeats} runs each)\n")
    print(f"{'what':<36} {'local':>10} {'slurm':>10} {'slurm/local':>12}")
    local, slurm = median(interrupts["local"]), median(interrupts["slurm"])
    print(f"{'interrupt of time.sleep(60), ms':<36} {local * 1e3:>10.1f} {slurm * 1e3:>10.1f}"
          f" {slurm / local:>11.1f}x")
    print(f"{'  worst, ms':<36} {max(interrupts['local']) * 1e3:>10.1f}"
          f" {max(interrupts['slurm']) * 1e3:>10.1f}")
    local, slurm = median(trips["local"]), median(trips["slurm"])
    print(f"{'trivial cell round trip, ms':<36} {local * 1e3:>10.2f} {slurm * 1e3:>10.2f}"
          f" {slurm / local:>11.1f}x")
    worst = max(interrupts["slurm"])
    verdict = "within" if worst <= INTERRUPT_TARGET_S else "OVER"
    print(f"\nSlurm interrupt: worst {worst * 1e3:.0f} ms, {verdict} the "
          f"{INTERRUPT_TARGET_S:.0f} s target")


if __name__ == "__main__":
    sys.exit(main())
