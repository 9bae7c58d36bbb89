"""A small LSP client for the daemon tests: the real `lichen lsp` as a subprocess over stdio.

A reader thread files every message the daemon sends; tests wait on them with deadlines (never
sleeps). Helpers speak the notebook sync the way VS Code does.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import threading
from typing import Any, Callable

from waiting import wait_on

WAIT = 20.0  # seconds: generous, a kernel starting on a busy machine can be slow


class RpcError(Exception):
    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(f"{error.get('code')}: {error.get('message')}")
        self.code = error.get("code")
        self.message = error.get("message", "")
        self.data = error.get("data")


class DaemonClient:
    def __init__(self, env: dict[str, str] | None = None,
                 command: list[str] | None = None) -> None:
        self.process = subprocess.Popen(
            command or [sys.executable, "-m", "lichen", "lsp"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self._ids = itertools.count(1)
        self._cond = threading.Condition()
        self.responses: dict[Any, dict[str, Any]] = {}
        self.notifications: list[dict[str, Any]] = []
        self.stderr: list[bytes] = []
        self.eof = False  # the daemon closed its stdout
        threading.Thread(target=self._read, daemon=True).start()
        self._stderr_reader = threading.Thread(target=self._drain_stderr, daemon=True)
        self._stderr_reader.start()
        self.versions: dict[str, int] = {}
        # (notebook URI, session) -> what takes `lichen/debugFromKernel` messages of that session
        self.debuggers: dict[tuple[str, int], Callable[[dict[str, Any]], None]] = {}

    # --- transport -------------------------------------------------------------------------

    def send_bytes(self, body: bytes) -> None:
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def send(self, message: dict[str, Any]) -> None:
        self.send_bytes(json.dumps(message).encode())

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    with self._cond:
                        self.eof = True
                        self._cond.notify_all()
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            message = json.loads(stream.read(length))
            if message.get("method") == "lichen/debugFromKernel":
                params = message["params"]
                feed = self.debuggers.get((params["notebookUri"], params["session"]))
                if feed is not None:
                    feed(params["message"])
                    continue
            with self._cond:
                if "method" in message and "id" not in message:
                    self.notifications.append(message)
                elif "method" in message:  # a request from the daemon: answer it
                    self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
                else:
                    self.responses[message.get("id")] = message
                self._cond.notify_all()

    def _drain_stderr(self) -> None:
        for line in self.process.stderr:
            self.stderr.append(line)

    def stderr_to_end(self, timeout: float = 20) -> bytes:
        """All the daemon wrote to stderr, once it closed it (it exited): the reading thread
        may still be behind when the process has ended."""
        self._stderr_reader.join(timeout)
        return b"".join(self.stderr)

    # --- requests and notifications ----------------------------------------------------------

    def request_async(self, method: str, params: Any = None) -> int:
        msg_id = next(self._ids)
        self.send({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
        return msg_id

    def response(self, msg_id: Any, timeout: float = WAIT) -> Any:
        message = self._wait(lambda: self.responses.pop(msg_id, None), timeout, f"reply {msg_id}")
        if "error" in message:
            raise RpcError(message["error"])
        return message.get("result")

    def request(self, method: str, params: Any = None, timeout: float = WAIT) -> Any:
        return self.response(self.request_async(method, params), timeout)

    def notify(self, method: str, params: Any = None) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_for(self, match: Callable[[dict[str, Any]], bool], timeout: float = WAIT,
                 what: str = "notification") -> dict[str, Any]:
        """The first notification (removed from the list) that `match` accepts."""
        def find():
            for i, message in enumerate(self.notifications):
                if match(message):
                    return self.notifications.pop(i)
            return None
        return self._wait(find, timeout, what)

    def _wait(self, find: Callable[[], Any], timeout: float, what: str) -> Any:
        return wait_on(
            self._cond, find, timeout, what,
            gone=lambda: f"the daemon ended while waiting for {what}" if self.eof else None,
            detail=lambda: "; stderr:\n" + b"".join(self.stderr[-30:]).decode(errors="replace"),
        )

    # --- LSP helpers -------------------------------------------------------------------------

    def initialize(self, options: dict[str, Any] | None = None, process_id: int | None = None):
        result = self.request("initialize", {
            "processId": process_id if process_id is not None else os.getpid(), "rootUri": None,
            "capabilities": {"notebookDocument": {"synchronization": {}}},
            "initializationOptions": options})
        self.notify("initialized", {})
        return result

    def open_notebook(self, uri: str, codes: list[str], metadata: list[dict] | None = None
                      ) -> list[str]:
        """Open a notebook of code cells; their URIs."""
        cells = [f"{uri}#cell{i}" for i in range(len(codes))]
        self.versions[uri] = 1
        self.notify("notebookDocument/didOpen", {
            "notebookDocument": {
                "uri": uri, "notebookType": "lichen-notebook", "version": 1,
                "cells": [{"kind": 2, "document": c,
                           **({"metadata": metadata[i]} if metadata else {})}
                          for i, c in enumerate(cells)]},
            "cellTextDocuments": [{"uri": c, "languageId": "lichen-python", "version": 1, "text": code}
                                  for c, code in zip(cells, codes)]})
        return cells

    def change(self, uri: str, cells: dict[str, Any]) -> None:
        self.versions[uri] += 1
        self.notify("notebookDocument/didChange", {
            "notebookDocument": {"uri": uri, "version": self.versions[uri]},
            "change": {"cells": cells}})

    def set_text(self, uri: str, cell: str, text: str) -> None:
        """Replace a cell's whole text (one full-range edit, as VS Code sends a paste)."""
        self.change(uri, {"textContent": [{
            "document": {"uri": cell, "version": self.versions[uri]},
            "changes": [{"text": text}]}]})

    def insert_cells(self, uri: str, index: int, cells: dict[str, str]) -> None:
        self.change(uri, {"structure": {
            "array": {"start": index, "deleteCount": 0,
                      "cells": [{"kind": 2, "document": c} for c in cells]},
            "didOpen": [{"uri": c, "languageId": "lichen-python", "version": 1, "text": t}
                        for c, t in cells.items()]}})

    def delete_cells(self, uri: str, index: int, cells: list[str]) -> None:
        self.change(uri, {"structure": {
            "array": {"start": index, "deleteCount": len(cells)},
            "didClose": [{"uri": c} for c in cells]}})

    def diagnostics(self, cell: str, timeout: float = WAIT,
                    match: Callable[[list], bool] = lambda d: True) -> list[dict[str, Any]]:
        """The next diagnostics published for `cell` that `match` accepts."""
        message = self.wait_for(
            lambda m: m["method"] == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == cell and match(m["params"]["diagnostics"]),
            timeout, f"diagnostics of {cell}")
        return message["params"]["diagnostics"]

    def barrier(self) -> None:
        """Wait until the daemon has handled everything sent so far (it answers in order)."""
        self.request("lichen/parse", {"text": ""})

    def latest_diagnostics(self, cell: str) -> list[dict[str, Any]] | None:
        """The last diagnostics published for `cell` once everything sent has been handled
        (None if none were); earlier ones are dropped."""
        self.barrier()
        with self._cond:
            found = [m for m in self.notifications
                     if m["method"] == "textDocument/publishDiagnostics"
                     and m["params"]["uri"] == cell]
            self.notifications = [m for m in self.notifications if m not in found]
        return found[-1]["params"]["diagnostics"] if found else None

    def cell_events(self, notebook: str) -> list[dict[str, Any]]:
        """Every cell event received so far for `notebook` (removed from the list), in order."""
        with self._cond:
            found = [m for m in self.notifications
                     if m["method"] == "lichen/cellEvents"
                     and m["params"]["notebookUri"] == notebook]
            self.notifications = [m for m in self.notifications if m not in found]
        return [e for m in found for e in m["params"]["events"]]

    def kernel_status(self, notebook: str, state: str, timeout: float = WAIT) -> dict[str, Any]:
        return self.wait_for(
            lambda m: m["method"] == "lichen/kernelStatus"
            and m["params"]["notebookUri"] == notebook and m["params"]["state"] == state,
            timeout, f"kernel {state}")["params"]

    # --- ending ------------------------------------------------------------------------------

    def close(self, timeout: float = WAIT) -> int:
        """Close the daemon's stdin (the editor going away) and wait for it to exit."""
        try:
            self.process.stdin.close()
        except BrokenPipeError:
            pass
        try:
            return self.process.wait(timeout)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> "DaemonClient":
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.process.poll() is None:
            self.close()


# --- the cell events of a notebook, as both clients receive them --------------------------------


def kinds(events: list[dict[str, Any]], cell: str) -> list[str]:
    """The kinds of `cell`'s events, in order."""
    return [e["event"]["kind"] for e in events if e["cellUri"] == cell]


def dones(events: list[dict[str, Any]], cell: str | None = None) -> list[dict[str, Any]]:
    """The bodies of the done events (of `cell`, or of every cell), in order."""
    return [e["event"] for e in events
            if e["event"]["kind"] == "done" and (cell is None or e["cellUri"] == cell)]
