"""The daemon's cost: a run as the editor sees it, next to the same run in the kernel alone.

    .venv/bin/python bench/bench_daemon.py            # 10- and 100-cell chains
    .venv/bin/python bench/bench_daemon.py --rounds 20 --sizes 10,100,1000

Two measurements of the same run (re-run the root of a chain of N cells, cell i being
`x{i} = x{i-1} + 1`, so every cell runs):

- editor: a Node client (`bench/daemon-client`, vscode-jsonrpc, as the extension speaks) sends
  `lichen/run` to `lichen lsp` over stdio and times until the last cell's done event arrives
  (and until the reply);
- kernel: `lichen.Session.run` on the same notebook in this process, no daemon in between: the
  kernel process, its transport and the Runtime.

The two alternate, round after round, so a busy machine weighs on both alike; the difference of
their medians is what the daemon and the protocol add (target: 2 ms or less). The client also
times an edit that gives a name a second definition, from the `didChange` leaving the client to
the diagnostics arriving (target: well under 200 ms). vscode-jsonrpc is installed with npm into
`bench/daemon-client/node_modules` on first use.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLIENT = HERE / "daemon-client"
OVERHEAD_TARGET_MS = 2.0  # for chains of up to TARGET_CELLS cells
TARGET_CELLS = 100
DIAGNOSTICS_TARGET_MS = 200.0


def chain_codes(n: int) -> list[str]:
    return ["x0 = 1"] + [f"x{i} = x{i - 1} + 1" for i in range(1, n)]


def ensure_client() -> None:
    if (CLIENT / "node_modules" / "vscode-jsonrpc").is_dir():
        return
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("bench_daemon: npm is needed to install the Node client (vscode-jsonrpc)")
    subprocess.run([npm, "install", "--no-audit", "--no-fund", "--silent"], cwd=CLIENT, check=True)


class EditorClient:
    """The Node client, answering one command per line (see `daemon-client/client.mjs`)."""

    def __init__(self) -> None:
        options = {"python": sys.executable}
        self.process = subprocess.Popen(["node", str(CLIENT / "client.mjs"), json.dumps(options)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, **command) -> dict:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            sys.exit("bench_daemon: the Node client ended; see its output above")
        return json.loads(line)

    def close(self) -> None:
        self.process.stdin.write(json.dumps({"quit": True}) + "\n")
        self.process.stdin.close()
        self.process.wait(30)


class KernelRuns:
    """The same runs through `lichen.Session` alone, one kernel per chain length."""

    def __init__(self) -> None:
        self.sessions: dict[int, object] = {}

    def times(self, n: int, repeats: int) -> tuple[float, float]:
        """Median wall time of `Session.run` on the chain's root, and of the cells' durations."""
        session = self.sessions.get(n)
        if session is None:
            from lichen.notebook import Cell, Notebook, serialize
            from lichen.session import Session

            text = serialize(Notebook(cells=tuple(Cell(code) for code in chain_codes(n))))
            session = self.sessions[n] = Session.from_text(text)
            session.run_all()
        root = session.cells[0]
        walls, executing = [], []
        for _ in range(repeats):
            start = time.perf_counter()
            report = session.run([root])
            walls.append(time.perf_counter() - start)
            executing.append(sum(done.duration for done in report.cells))
        return statistics.median(walls) * 1e3, statistics.median(executing) * 1e3

    def close(self) -> None:
        for session in self.sessions.values():
            session.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100", help="chain lengths (default 10,100)")
    parser.add_argument("--rounds", type=int, default=10,
                        help="rounds alternating the two measurements (default 10)")
    parser.add_argument("--repeats", type=int, default=10, help="runs per round (default 10)")
    parser.add_argument("--diagnostics-cells", type=int, default=1000,
                        help="size of the notebook edited for the diagnostics row")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    ensure_client()
    editor, kernel = EditorClient(), KernelRuns()
    try:
        seen: dict[int, list[dict]] = {n: [] for n in sizes}
        alone: dict[int, list[tuple[float, float]]] = {n: [] for n in sizes}
        for n in sizes:  # warm up: start the kernels, first runs
            editor.ask(run=n, repeats=3)
            kernel.times(n, 3)
        # Alternate the two measurements so that the machine's load weighs on both alike.
        for _ in range(args.rounds):
            for n in sizes:
                seen[n].append(editor.ask(run=n, repeats=args.repeats))
                alone[n].append(kernel.times(n, args.repeats))
        diagnostics = editor.ask(edit=args.diagnostics_cells, repeats=args.rounds * 3)
        ping = editor.ask(ping=args.rounds * args.repeats)
    finally:
        editor.close()
        kernel.close()
    report(sizes, seen, alone, diagnostics, ping, args)
    return 0


def report(sizes, seen, alone, diagnostics, ping, args) -> None:
    median = statistics.median
    print(f"medians of {args.rounds} rounds x {args.repeats} runs; times in ms\n")
    print(f"{'cells':>6} {'editor: last done':>18} {'editor: reply':>14} {'kernel: Session':>16}"
          f" {'cells executing':>16} {'daemon overhead':>16} {'per cell':>9}")
    worst = 0.0
    for n in sizes:
        last_done = median(r["lastDone"] for r in seen[n])
        reply = median(r["reply"] for r in seen[n])
        wall = median(w for w, _ in alone[n])
        executing = median(e for _, e in alone[n])
        overhead = last_done - wall
        if n <= TARGET_CELLS:
            worst = max(worst, overhead)
        print(f"{n:>6} {last_done:>18.2f} {reply:>14.2f} {wall:>16.2f} {executing:>16.2f}"
              f" {overhead:>16.2f} {overhead / n * 1e3:>7.1f}us")
    print(f"\nround trip of a request that does nothing: {ping['median']:.2f} ms")
    print(f"edit -> diagnostics, {args.diagnostics_cells}-cell notebook: median "
          f"{diagnostics['median']:.2f} ms, max {diagnostics['max']:.2f} ms "
          f"(target < {DIAGNOSTICS_TARGET_MS:.0f} ms)")
    verdict = "within" if worst <= OVERHEAD_TARGET_MS else "OVER"
    print(f"daemon + protocol overhead up to {TARGET_CELLS} cells: worst {worst:.2f} ms, "
          f"{verdict} the {OVERHEAD_TARGET_MS:.0f} ms target")


if __name__ == "__main__":
    sys.exit(main())
