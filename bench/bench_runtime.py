"""Runtime benchmarks: Lichen, marimo 0.25.2 and Jupyter side by side, ratios printed.

    .venv/bin/python bench/bench_runtime.py                # all three tools
    .venv/bin/python bench/bench_runtime.py --only lichen  # Lichen alone, no network needed
    .venv/bin/python bench/bench_runtime.py --quick        # fewer repeats, no 5000-cell rows

Each tool runs in a process of its own, with its own interpreter: Lichen in this one, marimo and
Jupyter (ipykernel, jupyter_client, nbclient) in venvs this script creates under `bench/.cache/`
on first use. Every measurement goes through a separate kernel process, as a user's would:

- Lichen: `lichen.Session` (kernel process, IPC sockets, msgpack);
- marimo: its edit-mode kernel manager (a spawned kernel process fed through its control queue,
  results read from its kernel connection until `completed-run`), as `marimo edit` runs it;
- Jupyter: `jupyter_client` driving ipykernel, one `execute` per cell, waiting for the reply and
  for the kernel to be idle again; nbclient for the whole-notebook row.

A chain is cell i = `x{i} = x{i-1} + 1`. Times are medians of the repeats.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
MARIMO_VERSION = "0.25.2"
JUPYTER_PACKAGES = ["ipykernel", "jupyter_client", "nbclient", "nbformat"]
TOOLS = ("marimo", "jupyter", "lichen")

# (key, what is measured, Lichen's target in seconds)
ROWS = [
    ("start", "kernel start to first result", 0.150),
    ("trivial", "trivial cell `x = 1`, round trip", 0.00025),
    ("chain100", "re-run the root of a 100-cell chain", 0.005),
    ("chain1000", "re-run the root of a 1000-cell chain", 0.050),
    ("leaf1000", "re-run one leaf of a 1000-cell notebook", 0.001),
    ("leaf5000", "re-run one leaf of a 5000-cell notebook", 0.001),
    ("script1000", "`python nb.py`, 1000-cell chain, whole process", 0.4),
    ("first5000", "first full run of a 5000-cell chain (with start)", 1.0),
]
SLOW_ROWS = {"leaf5000", "first5000"}


def chain_codes(n: int) -> list[str]:
    return ["x0 = 1"] + [f"x{i} = x{i - 1} + 1" for i in range(1, n)]


def notebook_file(n: int, module: str) -> str:
    """A chain notebook in the `.py` format, importing its App from `module`."""
    parts = [f"import {module}\n\napp = {module}.App()\n"]
    for i in range(n):
        args = f"x{i - 1}" if i else ""
        code = f"x{i} = x{i - 1} + 1" if i else "x0 = 1"
        parts.append(f"\n\n@app.cell\ndef _({args}):\n    {code}\n    return (x{i},)\n")
    parts.append('\n\nif __name__ == "__main__":\n    app.run()\n')
    return "".join(parts)


def median_time(call, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_script(python: str, path: Path, repeats: int) -> float:
    return median_time(lambda: subprocess.run([python, str(path)], check=True,
                                              stdout=subprocess.DEVNULL), repeats)


# --- drivers: each runs inside the tool's own interpreter and prints its rows as JSON ---------


def drive_lichen(repeats: dict[str, int], rows: set[str]) -> dict[str, float]:
    from lichen import Session

    def chain(n: int) -> str:
        return notebook_file(n, "lichen")

    out: dict[str, float] = {}
    one = chain(1)
    Session.from_text(one).close()  # warm the controller's imports and the disk cache

    def start() -> None:
        with Session.from_text(one) as s:
            s.run_all()

    out["start"] = median_time(start, repeats["start"])
    with Session.from_text(one) as s:
        s.run_all()
        out["trivial"] = median_time(lambda: s.run([s.cells[0]]), repeats["trivial"])
    for n in (100, 1000, 5000):
        if f"chain{n}" not in rows and f"leaf{n}" not in rows:
            continue
        started = time.perf_counter()
        with Session.from_text(chain(n)) as s:
            assert s.run_all().ok
            if n == 5000:  # the 5000-cell kernel serves both rows: its first run is timed
                out["first5000"] = time.perf_counter() - started
            if f"chain{n}" in rows:
                out[f"chain{n}"] = median_time(lambda: s.run([s.cells[0]]), repeats["chain"])
            if f"leaf{n}" in rows:
                out[f"leaf{n}"] = median_time(lambda: s.run([s.cells[-1]]), repeats["leaf"])
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "nb.py"
        path.write_text(chain(1000))
        out["script1000"] = time_script(sys.executable, path, repeats["script"])
    out.update(floors())
    return out


def floors() -> dict[str, float]:
    """What no tool can beat: a bare interpreter's start, and exec of the chain in one dict."""
    bare = median_time(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), 5)
    floor = {"floor:start": bare}
    for n in (100, 1000, 5000):
        codes = [compile(code, "cell", "exec") for code in chain_codes(n)]

        def run_chain(codes: list = codes) -> None:
            namespace: dict = {}
            for code in codes:
                exec(code, namespace)  # noqa: S102 - the floor of running a cell

        floor[f"floor:chain{n}"] = median_time(run_chain, 20)
    floor["floor:trivial"] = zmq_floor()
    return floor


def zmq_floor() -> float:
    """A msgpack round trip over zmq between two threads of one process (no kernel at all)."""
    import threading

    import msgspec
    import zmq

    context = zmq.Context()
    a, b = context.socket(zmq.PAIR), context.socket(zmq.PAIR)
    a.bind("inproc://floor")
    b.connect("inproc://floor")

    def echo() -> None:
        while (frame := b.recv()) != b"stop":
            b.send(msgspec.msgpack.encode(msgspec.msgpack.decode(frame)))

    thread = threading.Thread(target=echo)
    thread.start()
    message = msgspec.msgpack.encode([1, "run", ["abcd"]])
    result = median_time(lambda: msgspec.msgpack.decode((a.send(message), a.recv())[1]), 2000)
    a.send(b"stop")
    thread.join()
    a.close()
    b.close()
    context.term()
    return result


def drive_marimo(repeats: dict[str, int], rows: set[str]) -> dict[str, float]:
    import asyncio

    from marimo._ast.app_config import _AppConfig
    from marimo._ast.cell import CellConfig
    from marimo._config.manager import get_default_config_manager
    from marimo._runtime import commands
    from marimo._session.managers.kernel import KernelManagerImpl
    from marimo._session.managers.queue import QueueManagerImpl
    from marimo._session.model import SessionMode

    class Kernel:
        """marimo's edit-mode kernel process, driven the way its session drives it."""

        def __init__(self, codes: list[str]):
            self.ids = [f"c{i}" for i in range(len(codes))]
            self.codes = codes
            self.queues = QueueManagerImpl(use_multiprocessing=True)
            self.manager = KernelManagerImpl(
                queue_manager=self.queues, mode=SessionMode.EDIT,
                configs={i: CellConfig() for i in self.ids},
                app_metadata=commands.AppMetadata(query_params={}, cli_args={},
                                                  app_config=_AppConfig(), filename=None),
                config_manager=get_default_config_manager(current_path=None),
                virtual_file_storage=None, redirect_console_to_browser=False)
            asyncio.run(self.manager.start_kernel())
            self.connection = self.manager.kernel_connection
            requests = tuple(commands.ExecuteCellCommand(cell_id=i, code=c)
                             for i, c in zip(self.ids, codes))
            self.queues.control_queue.put(commands.CreateNotebookCommand(
                execution_requests=requests, cell_ids=tuple(self.ids),
                set_ui_element_value_request=commands.UpdateUIElementCommand(
                    object_ids=[], values=[]),
                auto_run=True))
            self.wait()

        def run(self, index: int) -> None:
            self.queues.control_queue.put(commands.ExecuteCellsCommand(
                cell_ids=[self.ids[index]], codes=[self.codes[index]]))
            self.wait()

        def wait(self) -> None:
            while b"completed-run" not in self.connection.recv():
                pass

        def close(self) -> None:
            self.manager.close_kernel()
            self.queues.close_queues()

    out: dict[str, float] = {}

    def start() -> None:
        Kernel(["x = 1"]).close()

    out["start"] = median_time(start, repeats["start"])
    kernel = Kernel(["x = 1"])
    out["trivial"] = median_time(lambda: kernel.run(0), repeats["trivial"])
    kernel.close()
    for n in (100, 1000, 5000):
        if f"chain{n}" not in rows and f"leaf{n}" not in rows:
            continue
        started = time.perf_counter()
        kernel = Kernel(chain_codes(n))
        if n == 5000:  # the 5000-cell kernel serves both rows: its first run is timed
            out["first5000"] = time.perf_counter() - started
        if f"chain{n}" in rows:
            out[f"chain{n}"] = median_time(lambda k=kernel: k.run(0), repeats["chain"])
        if f"leaf{n}" in rows:
            out[f"leaf{n}"] = median_time(lambda k=kernel, n=n: k.run(n - 1), repeats["leaf"])
        kernel.close()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "nb.py"
        path.write_text(notebook_file(1000, "marimo"))
        out["script1000"] = time_script(sys.executable, path, repeats["script"])
    return out


def drive_jupyter(repeats: dict[str, int], rows: set[str]) -> dict[str, float]:
    from jupyter_client.manager import start_new_kernel

    class Kernel:
        def __init__(self) -> None:
            self.manager, self.client = start_new_kernel(kernel_name="python3")

        def execute(self, code: str) -> None:
            msg_id = self.client.execute(code)
            reply = self.client.get_shell_msg(timeout=60)
            assert reply["parent_header"]["msg_id"] == msg_id
            assert reply["content"]["status"] == "ok", reply["content"]
            while True:  # outputs are done when the kernel says it is idle again
                msg = self.client.get_iopub_msg(timeout=60)
                if (msg["parent_header"].get("msg_id") == msg_id
                        and msg["msg_type"] == "status"
                        and msg["content"]["execution_state"] == "idle"):
                    return

        def close(self) -> None:
            self.client.stop_channels()
            self.manager.shutdown_kernel(now=True)

    def run_chain(kernel: Kernel, n: int) -> None:
        for code in chain_codes(n):
            kernel.execute(code)

    out: dict[str, float] = {}

    def start() -> None:
        kernel = Kernel()
        kernel.execute("x = 1")
        kernel.close()

    out["start"] = median_time(start, repeats["start"])
    kernel = Kernel()
    out["trivial"] = median_time(lambda: kernel.execute("x = 1"), repeats["trivial"])
    out["chain100"] = median_time(lambda: run_chain(kernel, 100), repeats["chain"])
    out["chain1000"] = median_time(lambda: run_chain(kernel, 1000), max(1, repeats["chain"] // 4))
    kernel.close()
    with tempfile.TemporaryDirectory() as directory:
        out["script1000"] = nbclient_time(Path(directory), repeats["script"])
    if "first5000" in rows:
        def first() -> None:
            kernel = Kernel()
            run_chain(kernel, 5000)
            kernel.close()

        out["first5000"] = median_time(first, 1)
    return out


def nbclient_time(directory: Path, repeats: int) -> float:
    import nbformat

    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(code) for code in chain_codes(1000)])
    path = directory / "nb.ipynb"
    nbformat.write(notebook, str(path))
    script = ("import sys, nbformat, nbclient\n"
              "nb = nbformat.read(sys.argv[1], as_version=4)\n"
              "nbclient.NotebookClient(nb, kernel_name='python3').execute()\n")
    return median_time(lambda: subprocess.run([sys.executable, "-c", script, str(path)],
                                              check=True, stdout=subprocess.DEVNULL), repeats)


DRIVERS = {"lichen": drive_lichen, "marimo": drive_marimo, "jupyter": drive_jupyter}


# --- the other tools' venvs --------------------------------------------------------------------


def tool_python(tool: str) -> str:
    """The interpreter to run `tool`'s driver with; venvs are created on first use."""
    if tool == "lichen":
        return sys.executable
    if tool == "marimo":
        return str(make_venv(f"marimo-{MARIMO_VERSION}", [f"marimo=={MARIMO_VERSION}"],
                             f"import marimo; assert marimo.__version__ == {MARIMO_VERSION!r}"))
    return str(make_venv("jupyter", JUPYTER_PACKAGES,
                         "import ipykernel, jupyter_client, nbclient, nbformat"))


def make_venv(name: str, packages: list[str], check: str) -> Path:
    env = CACHE / name
    python = env / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    if python.exists() and subprocess.run([str(python), "-c", check], check=False,
                                          capture_output=True).returncode == 0:
        return python
    print(f"setting up {name} in {env.relative_to(HERE.parent)} ...", flush=True)
    venv.EnvBuilder(with_pip=True, clear=True).create(env)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *packages], check=True)
    subprocess.run([str(python), "-c", check], check=True)
    return python


# --- the report --------------------------------------------------------------------------------


def measure(tool: str, quick: bool) -> dict[str, float]:
    """Run `tool`'s driver in its own interpreter; its results, or {} if it failed."""
    command = [tool_python(tool), str(Path(__file__).resolve()), "--driver", tool]
    if quick:
        command.append("--quick")
    env = dict(os.environ, PYTHONPATH="")  # the other tools must not see this checkout
    print(f"measuring {tool} ...", flush=True)
    done = subprocess.run(command, check=False, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        print(f"{tool} failed:\n{done.stderr[-3000:]}", file=sys.stderr)
        return {}
    return json.loads(done.stdout.strip().splitlines()[-1])


def show(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.0f} us"


def report(results: dict[str, dict[str, float]]) -> str:
    lichen = results.get("lichen", {})
    header = ["what", "marimo", "Jupyter", "floor", "Lichen", "target", "marimo/Lichen",
              "Jupyter/Lichen"]
    lines = [header]
    for key, what, target in ROWS:
        mine = lichen.get(key)
        row = [what, show(results.get("marimo", {}).get(key)),
               show(results.get("jupyter", {}).get(key)), show(lichen.get(f"floor:{key}")),
               show(mine) + (" !" if mine is not None and mine > target else ""), show(target)]
        for tool in ("marimo", "jupyter"):
            theirs = results.get(tool, {}).get(key)
            row.append(f"{theirs / mine:.1f}x" if theirs and mine else "-")
        lines.append(row)
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    text = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths)) for line in lines]
    text.append("(medians; `!` marks a Lichen time over its target; floor: bare `python` start, "
                "an in-process zmq + msgpack round trip, exec of the chain in one dict)")
    return "\n".join(text)


def repeats_for(quick: bool) -> dict[str, int]:
    if quick:
        return {"start": 3, "trivial": 100, "chain": 3, "leaf": 20, "script": 1}
    return {"start": 7, "trivial": 500, "chain": 12, "leaf": 100, "script": 3}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=TOOLS,
                        help="measure only this tool (repeatable)")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, no 5000-cell rows")
    parser.add_argument("--driver", choices=TOOLS, help=argparse.SUPPRESS)
    options = parser.parse_args()
    rows = {key for key, _, _ in ROWS} - (SLOW_ROWS if options.quick else set())
    if options.driver:
        results = DRIVERS[options.driver](repeats_for(options.quick), rows)
        print(json.dumps(results))
        return
    results = {tool: measure(tool, options.quick) for tool in (options.only or TOOLS)}
    print(report(results))


if __name__ == "__main__":
    main()
