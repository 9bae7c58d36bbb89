"""UI interaction benchmark: a slider's new value to the dependent cell's new output.

    .venv/bin/python bench/bench_ui.py                # Lichen and marimo 0.25.2
    .venv/bin/python bench/bench_ui.py --only lichen  # Lichen alone, no network needed
    .venv/bin/python bench/bench_ui.py --quick        # fewer repeats

The notebook has two cells: one makes a slider, the other formats its value as markdown
(`md(f"value: **{s.value:,}**")`). Each interaction gives the slider a new value and waits for the
second cell's new output, through a separate kernel process as in the editor:

- Lichen: `Session.set_ui_value` (kernel process, IPC sockets, msgpack) returns the run; the
  cell's own time is its `CellDone.duration`, and the overhead is the round trip minus it;
- marimo: an `UpdateUIElementCommand` put on its edit-mode kernel's control and UI-element
  queues, as its session routes it, waiting for `completed-run` on the kernel connection.

Then a drag, Lichen only: 100 values sent 2 ms apart, each from a thread of its own as the
daemon's requests would come, at a cell that takes 20 ms. Coalescing should run far fewer than
100 runs and show the last value shortly after it was sent.

Medians over the repeats. Target: overhead within 5 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_runtime import tool_python  # noqa: E402  (the other tools' venvs)

TARGET = 0.005
TOOLS = ("marimo", "lichen")
SLIDER = "s = mo.ui.slider(0, 1_000_000)\ns"
FORMAT = 'mo.md(f"value: **{s.value:,}**")'


def value(i: int) -> int:
    """The slider's i-th value: distinct, and easy to find in an output once formatted."""
    return 100_000 + 7919 * (i % 100)


def notebook(module: str, cells: list[str]) -> str:
    parts = [f"import {module}\n\napp = {module}.App()\n"]
    for code in ["import marimo as mo", *cells]:
        body = "".join(f"    {line}\n" for line in code.splitlines())
        parts.append(f"\n\n@app.cell\ndef _():\n{body}    return\n")
    return "".join(parts)


# --- Lichen ---------------------------------------------------------------------------------------


def drive_lichen(repeats: int) -> dict[str, float]:
    from lichen import Session
    from lichen.protocol import UI_MIME

    out: dict[str, float] = {}
    with Session.from_text(notebook("lichen", [SLIDER, FORMAT]), run_timeout=60) as session:
        _, definer, reader = session.cells
        first = session.run_all()
        element_id = json.loads(first.result(definer).output[UI_MIME])["node"]["id"]
        totals, cells = [], []
        for i in range(repeats):
            start = time.perf_counter()
            report = session.set_ui_value(element_id, value(i))
            totals.append(time.perf_counter() - start)
            done = report.result(reader)
            assert f"value: **{value(i):,}**" in done.output["text/markdown"], done
            cells.append(done.duration)
        out["round_trip"] = statistics.median(totals)
        out["cell"] = statistics.median(cells)
        out["overhead"] = statistics.median(t - c for t, c in zip(totals, cells))
        out["overhead_p90"] = statistics.quantiles([t - c for t, c in zip(totals, cells)],
                                                   n=10)[-1]
    out.update(drag())
    return out


def drag(values: int = 100, gap: float = 0.002, cell_time: float = 0.02) -> dict[str, float]:
    from lichen import Session
    from lichen.protocol import UI_MIME

    slow = f"import time\ntime.sleep({cell_time})\n{FORMAT}"
    with Session.from_text(notebook("lichen", [SLIDER, slow]), run_timeout=60) as session:
        _, definer, reader = session.cells
        element_id = json.loads(session.run_all().result(definer).output[UI_MIME])["node"]["id"]
        before = session._ui_values.applied
        finished: dict[int, float] = {}

        def send(value: int) -> None:
            session.set_ui_value(element_id, value)
            finished[value] = time.perf_counter()

        threads = []
        for value in range(1, values + 1):
            threads.append(threading.Thread(target=send, args=(value,)))
            threads[-1].start()
            last_sent = time.perf_counter()
            time.sleep(gap)
        for thread in threads:
            thread.join()
        shown = session.run([reader]).result(reader).output["text/markdown"]
        assert f"value: **{values:,}**" in shown, shown
        return {"drag_runs": session._ui_values.applied - before,
                "drag_last": finished[values] - last_sent}


# --- marimo ---------------------------------------------------------------------------------------


def drive_marimo(repeats: int) -> dict[str, float]:
    import asyncio

    from marimo._ast.app_config import _AppConfig
    from marimo._ast.cell import CellConfig
    from marimo._config.manager import get_default_config_manager
    from marimo._runtime import commands
    from marimo._session.managers.kernel import KernelManagerImpl
    from marimo._session.managers.queue import QueueManagerImpl
    from marimo._session.model import SessionMode

    codes = ["import marimo as mo", SLIDER, FORMAT]
    ids = [f"c{i}" for i in range(len(codes))]
    queues = QueueManagerImpl(use_multiprocessing=True)
    manager = KernelManagerImpl(
        queue_manager=queues, mode=SessionMode.EDIT, configs={i: CellConfig() for i in ids},
        app_metadata=commands.AppMetadata(query_params={}, cli_args={}, app_config=_AppConfig(),
                                          filename=None),
        config_manager=get_default_config_manager(current_path=None), virtual_file_storage=None,
        redirect_console_to_browser=False)
    asyncio.run(manager.start_kernel())
    connection = manager.kernel_connection

    def wait() -> bytes:
        seen = b""
        while True:
            message = connection.recv()
            seen += message
            if b"completed-run" in message:
                return seen

    queues.control_queue.put(commands.CreateNotebookCommand(
        execution_requests=tuple(commands.ExecuteCellCommand(cell_id=i, code=c)
                                 for i, c in zip(ids, codes)),
        cell_ids=tuple(ids), set_ui_element_value_request=commands.UpdateUIElementCommand(
            object_ids=[], values=[]), auto_run=True))
    found = re.search(rb"object-id=(?:\\)?[\"'&#;x27quot]*([A-Za-z0-9_-]+)", wait())
    element_id = found.group(1).decode()
    totals = []
    for i in range(repeats):
        command = commands.UpdateUIElementCommand(object_ids=[element_id], values=[value(i)])
        start = time.perf_counter()
        queues.control_queue.put(command)
        queues.set_ui_element_queue.put(command)
        seen = wait()
        totals.append(time.perf_counter() - start)
        assert f"value: <strong>{value(i):,}</strong>".encode() in seen, seen[-500:]
    manager.close_kernel()
    queues.close_queues()
    return {"round_trip": statistics.median(totals)}


DRIVERS = {"lichen": drive_lichen, "marimo": drive_marimo}


# --- the report -----------------------------------------------------------------------------------


def measure(tool: str, repeats: int) -> dict[str, float]:
    command = [tool_python(tool), str(Path(__file__).resolve()), "--driver", tool,
               "--repeats", str(repeats)]
    env = dict(os.environ, PYTHONPATH="") if tool != "lichen" else None
    print(f"measuring {tool} ...", flush=True)
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        print(f"{tool} failed:\n{done.stderr[-3000:]}", file=sys.stderr)
        return {}
    return json.loads(done.stdout.strip().splitlines()[-1])


def ms(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return f"{seconds * 1e3:.2f} ms" if seconds >= 1e-3 else f"{seconds * 1e6:.0f} us"


def report(results: dict[str, dict[str, float]]) -> str:
    lichen, marimo = results.get("lichen", {}), results.get("marimo", {})
    ratio = (f"{marimo['round_trip'] / lichen['round_trip']:.1f}x"
             if marimo.get("round_trip") and lichen.get("round_trip") else "-")
    over = lichen.get("overhead")
    lines = [
        f"slider value -> formatted output, round trip: Lichen {ms(lichen.get('round_trip'))}, "
        f"marimo {ms(marimo.get('round_trip'))} (marimo/Lichen {ratio})",
        f"Lichen: the cell's own time {ms(lichen.get('cell'))}; overhead {ms(over)} "
        f"(p90 {ms(lichen.get('overhead_p90'))}), target {ms(TARGET)}"
        + (" !" if over is not None and over > TARGET else ""),
    ]
    if "drag_runs" in lichen:
        lines.append(f"Lichen drag: 100 values 2 ms apart at a 20 ms cell: "
                     f"{lichen['drag_runs']:.0f} runs; last value shown "
                     f"{ms(lichen['drag_last'])} after it was sent")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=TOOLS)
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--driver", choices=TOOLS, help=argparse.SUPPRESS)
    options = parser.parse_args()
    repeats = options.repeats or (50 if options.quick else 300)
    if options.driver:
        print(json.dumps(DRIVERS[options.driver](repeats)))
        return
    results = {tool: measure(tool, repeats) for tool in (options.only or TOOLS)}
    print(report(results))


if __name__ == "__main__":
    main()
