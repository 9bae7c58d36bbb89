"""A minimal LSP client over a server's stdio, for the benchmarks: one request at a time, its
reply, notifications skipped (what an editor sends, without an editor)."""

from __future__ import annotations

import itertools
import json
import subprocess
from typing import Any


class LspClient:
    def __init__(self, command: list[str], cwd: str | None = None) -> None:
        self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL, cwd=cwd)
        self._ids = itertools.count(1)

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: Any) -> Any:
        msg_id = next(self._ids)
        self._send({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
        while True:
            message = self._read()
            if message.get("id") == msg_id and "method" not in message:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result")
            if "method" in message and "id" in message:  # a request of the server's
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": _answer(message)})

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self._process.wait(timeout=10)
        except Exception:  # noqa: BLE001 - a benchmark's server that will not stop is killed
            self._process.kill()

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode()
        assert self._process.stdin is not None
        self._process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self._process.stdin.flush()

    def _read(self) -> dict[str, Any]:
        stream = self._process.stdout
        assert stream is not None
        length = 0
        while True:
            line = stream.readline()
            if not line:
                raise EOFError("the language server ended")
            line = line.strip()
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        return json.loads(stream.read(length))


def _answer(request: dict[str, Any]) -> Any:
    """What an editor with no settings answers a server's request: no value for each setting
    asked (`workspace/configuration`), nothing otherwise."""
    if request["method"] == "workspace/configuration":
        return [None for _ in request.get("params", {}).get("items", [])]
    return None
