"""Completion and hover as the editor sees them: Lichen's daemon on a notebook next to
jedi-language-server on the same code as one plain script, both language servers over stdio.

    .venv/bin/python bench/bench_language_servers.py [--sizes 200,1000] [--repeats 40]

The notebook is `bench_language.cells(N)` (one cell imports `math`, each other cell defines a
function and a global reading an earlier cell's). Each request follows the edit that types its
last characters, as in an editor (the text alternates between two states), and is timed from the
edit leaving to the reply:

- completion of `math.s` / `math.sq` at the end of the last cell, and of `val_1` / `val_12` in
  the middle cell (then many names of other cells match);
- hover on `step_M(1)` / `step_M(2)`, a call of a function the middle cell defines, typed at the
  end of the last cell.

The servers:

- Lichen: `lichen lsp` (this interpreter), the notebook opened with `notebookDocument/didOpen`,
  the edit a `notebookDocument/didChange` of the cell; once with no kernel (the static items
  only), and once more after `lichen/runAll`, when completion and hover also ask the idle kernel
  (`lichen.language.live_items`: its values' attributes, the hovered global's current value);
- jedi-language-server, ty and basedpyright (`--servers`; each in a venv of its own under
  `bench/.cache/`, set up with pip on first use): the notebook as a script (the other cells in
  run order, then the edited cell) in one file, the edit a `textDocument/didChange` of it.

Against jedi-language-server the ratio is what the notebook layer costs (the cell graph, the
virtual module per cell, the position maps, the kernel's part) over Jedi alone behind the same
protocol; against ty and basedpyright, what another engine would give on the same code, and
whether its answers are right (the expected item in the list, the docstring in the hover). Medians and 95th
percentiles in ms, warm (the first request of each kind, Jedi's first inference, is left out);
the servers take turns request by request, each round starting with the next, so a busy
machine and a server's background work weigh on all alike.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import venv
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
sys.path.insert(0, str(HERE))

from bench_language import cells  # noqa: E402
from lsp_client import LspClient  # noqa: E402

CELL_LANGUAGE = "lichen-python"
# Other language servers on PyPI, on the notebook as one script: each in a venv of its own under
# bench/.cache/, set up with pip on first use (pip package, server command).
SERVERS = {
    "jedi-language-server": ("jedi-language-server==0.47.0", ["jedi-language-server"]),
    "ty": ("ty==0.0.104", ["ty", "server"]),
    "basedpyright": ("basedpyright==1.40.2", ["basedpyright-langserver", "--stdio"]),
}


def server_command(name: str) -> list[str]:
    """The command of server `name`, in its venv (created on first use)."""
    package, (program, *arguments) = SERVERS[name]
    env = CACHE / package.replace("==", "-")
    binary = env / "bin" / program
    if not binary.exists():
        print(f"setting up {package} in {env.relative_to(HERE.parent)}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(env)
        subprocess.run([str(env / "bin" / "python"), "-m", "pip", "install", "-q", package],
                       check=True)
    return [str(binary), *arguments]


def initialize(client: LspClient, root: Path) -> None:
    client.request("initialize", {
        "processId": None, "rootUri": root.as_uri(),
        "capabilities": {"notebookDocument": {"synchronization": {}},
                         "textDocument": {"completion": {"completionItem": {}},
                                          "hover": {"contentFormat": ["markdown"]}}}})
    client.notify("initialized", {})


def _end(text: str, back: int = 0) -> dict[str, int]:
    lines = text.split("\n")
    return {"line": len(lines) - 1, "character": len(lines[-1]) - back}


class LichenSide:
    """The notebook in Lichen's daemon; `ask(method, cell, text, back)` types `text` in the cell
    and asks `method` `back` characters before its end."""

    def __init__(self, codes: list[tuple[str, str]], folder: Path, name: str) -> None:
        self.name = name
        self.client = LspClient([sys.executable, "-m", "lichen", "lsp"], cwd=str(folder))
        initialize(self.client, folder)
        self.uri = (folder / f"bench-notebook-{name}.py").as_uri()
        self.cells = {cid: f"{self.uri}#{cid}" for cid, _ in codes}
        self.version = 1
        self.client.notify("notebookDocument/didOpen", {
            "notebookDocument": {"uri": self.uri, "notebookType": "lichen-notebook", "version": 1,
                                 "cells": [{"kind": 2, "document": u} for u in self.cells.values()]},
            "cellTextDocuments": [{"uri": self.cells[cid], "languageId": CELL_LANGUAGE,
                                   "version": 1, "text": code} for cid, code in codes]})

    def run_all(self) -> None:
        result = self.client.request("lichen/runAll", {"notebookUri": self.uri})
        assert result["ok"], result

    def ask(self, method: str, cell: str, text: str, back: int) -> Any:
        self.version += 1
        uri = self.cells[cell]
        self.client.notify("notebookDocument/didChange", {
            "notebookDocument": {"uri": self.uri, "version": self.version},
            "change": {"cells": {"textContent": [{"document": {"uri": uri, "version": self.version},
                                                  "changes": [{"text": text}]}]}}})
        return self.client.request(method, {"textDocument": {"uri": uri},
                                            "position": _end(text, back)})


class PlainSide:
    """The notebook as one script in another language server, the edited cell last."""

    def __init__(self, codes: list[tuple[str, str]], folder: Path, name: str) -> None:
        self.name = name
        self.client = LspClient(server_command(name), cwd=str(folder))
        initialize(self.client, folder)
        self.codes = dict(codes)
        self.order = [cid for cid, _ in codes]
        self.uri = (folder / f"bench-plain-{name}.py").as_uri()
        self.version = 1
        self.opened = False

    def ask(self, method: str, cell: str, text: str, back: int) -> Any:
        whole = "".join(self.codes[c] for c in self.order if c != cell) + text
        self.version += 1
        if not self.opened:
            self.client.notify("textDocument/didOpen", {"textDocument": {
                "uri": self.uri, "languageId": "python", "version": self.version, "text": whole}})
            self.opened = True
        else:
            self.client.notify("textDocument/didChange", {
                "textDocument": {"uri": self.uri, "version": self.version},
                "contentChanges": [{"text": whole}]})
        return self.client.request(method, {"textDocument": {"uri": self.uri},
                                            "position": _end(whole, back)})


def labels(result: Any) -> set[str]:
    items = result["items"] if isinstance(result, dict) else result or []
    return {item["label"] for item in items}


def hover_text(result: Any) -> str:
    if not result:
        return ""
    contents = result["contents"]
    return contents["value"] if isinstance(contents, dict) else str(contents)


def measure(sides: list, method: str, cell: str, base: str, states: tuple[str, str],
            back: int, check: Any, repeats: int) -> list[tuple[float, float, int]]:
    """p50 and p95 (ms) of each side's edit-then-request, the sides taking turns, and how many
    of its answers `check` accepted (Lichen's must all be right)."""
    times: list[list[float]] = [[] for _ in sides]
    right = [0 for _ in sides]
    for k in range(-1, repeats):
        # Each round starts with the next side: a server's work in the background after an edit
        # (a type checker's) weighs on whichever request comes next, so on each side in turn.
        for index in [(k + 1 + i) % len(sides) for i in range(len(sides))]:
            side = sides[index]
            text = base + states[k % 2]
            t0 = time.perf_counter()
            result = side.ask(method, cell, text, back)
            took = (time.perf_counter() - t0) * 1000
            good = bool(check(result))
            if isinstance(side, LichenSide):
                assert good, f"{side.name}: {method} of {states[k % 2]!r}: {result!r:.300}"
            if k >= 0:  # the first request is Jedi's first inference: left out
                times[index].append(took)
                right[index] += good
    out = []
    for found, good in zip(times, right):
        found.sort()
        out.append((statistics.median(found),
                    found[min(len(found) - 1, int(len(found) * 0.95))], good))
    return out


def requests(n: int) -> list[tuple[str, str, str, tuple[str, str], int, Any]]:
    """(what, method, cell, states, characters back from the end, check of the answer)."""
    last, middle, mid = f"c{n - 1}", f"c{n // 2}", n // 2
    return [
        ("completion math.sq (last cell)", "textDocument/completion", last,
         ("\nmath.s", "\nmath.sq"), 0, lambda r: "sqrt" in labels(r)),
        ("completion val_1 (middle cell)", "textDocument/completion", middle,
         ("\nval_1", "\nval_12"), 0, lambda r: "val_12" in labels(r)),
        (f"hover step_{mid} (last cell)", "textDocument/hover", last,
         (f"\nstep_{mid}(1)", f"\nstep_{mid}(2)"), 4,
         lambda r: f"Scale x by {mid}" in hover_text(r)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="200,1000")
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--servers", default=",".join(SERVERS),
                        help="the other servers, of: " + ", ".join(SERVERS))
    args = parser.parse_args()
    others = [name for name in args.servers.split(",") if name]
    CACHE.mkdir(exist_ok=True)
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        codes = dict(cells(n))
        live = LichenSide(list(codes.items()), CACHE, "kernel")
        sides = [LichenSide(list(codes.items()), CACHE, "static"), live,
                 *(PlainSide(list(codes.items()), CACHE, name) for name in others)]
        try:
            live.run_all()
            for what, method, cell, states, back, check in requests(n):
                found = measure(sides, method, cell, codes[cell], states, back, check,
                                args.repeats)
                rows.append((n, what, found))
        finally:
            for side in sides:
                side.client.close()
    names = ["Lichen", "Lichen + kernel", *others]
    print(f"ms, median (p95); x: the median over Lichen's (no kernel); right: answers that had "
          f"the expected item, of {args.repeats}")
    print("| cells | request | " + " | ".join(names) + " |")
    print("| ---: | --- |" + " ---: |" * len(names))
    for n, what, found in rows:
        base = found[0][0]
        shown = [f"{p50:.1f} ({p95:.0f})" if i == 0 else
                 f"{p50:.1f} ({p95:.0f}) {p50 / base:.2f}x" + ("" if good == args.repeats
                                                               else f", right {good}")
                 for i, (p50, p95, good) in enumerate(found)]
        print(f"| {n} | {what} | " + " | ".join(shown) + " |")


if __name__ == "__main__":
    main()
