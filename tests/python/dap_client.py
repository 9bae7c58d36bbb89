"""A small Debug Adapter Protocol client for the debugging tests, over whatever carries the
messages: a Session's debugger channel (`connect_session`), or the daemon's
`lichen/debugToKernel` notifications (the daemon tests feed it what comes back). Every message
is filed as it arrives; tests wait on responses and events with deadlines (never sleeps)."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import Any

from waiting import wait_on

WAIT = 20.0  # seconds


class DapError(Exception):
    pass


class DapClient:
    def __init__(self, send: Callable[[dict[str, Any]], None],
                 close: Callable[[], None] = lambda: None) -> None:
        self._send_message = send
        self._close = close
        self._seq = itertools.count(1)
        self._cond = threading.Condition()
        self.responses: dict[int, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []
        self.closed = False

    # --- transport -------------------------------------------------------------------------

    def feed(self, message: dict[str, Any]) -> None:
        """A message from the debugger."""
        with self._cond:
            if message.get("type") == "response":
                self.responses[message["request_seq"]] = message
            elif message.get("type") == "event":
                self.events.append(message)
                if message["event"] == "terminated":
                    self.closed = True
            self._cond.notify_all()

    def send(self, command: str, **arguments: Any) -> int:
        seq = next(self._seq)
        self._send_message({"seq": seq, "type": "request", "command": command,
                            "arguments": arguments})
        return seq

    def response(self, seq: int, timeout: float = WAIT) -> dict[str, Any]:
        """The body of the response to request `seq`; DapError if it failed."""
        message = self._wait(lambda: self.responses.pop(seq, None), timeout, f"response {seq}")
        if not message.get("success"):
            raise DapError(f"{message.get('command')}: {message.get('message')}")
        return message.get("body") or {}

    def request(self, command: str, timeout: float = WAIT, **arguments: Any) -> dict[str, Any]:
        return self.response(self.send(command, **arguments), timeout)

    def event(self, name: str, match: Callable[[dict], bool] = lambda body: True,
              timeout: float = WAIT) -> dict[str, Any]:
        """The body of the first `name` event `match` accepts (removed from the list)."""
        def find() -> dict[str, Any] | None:
            for i, message in enumerate(self.events):
                if message["event"] == name and match(message.get("body") or {}):
                    return self.events.pop(i).get("body") or {}
            return None
        return self._wait(find, timeout, f"event {name}")

    def _wait(self, find: Callable[[], Any], timeout: float, what: str) -> Any:
        message = f"the debugger's session terminated while waiting for {what}"
        return wait_on(self._cond, find, timeout, what, gone=lambda: message if self.closed else None)

    def close(self) -> None:
        self._close()

    # --- a debugging session, as VS Code drives one ------------------------------------------

    def attach(self, path_mappings: list[dict[str, str]],
               breakpoints: dict[str, list[dict[str, Any]]],
               exception_filters: tuple[str, ...] = (), **options: Any) -> dict[str, Any]:
        """initialize, attach, breakpoints per path, configurationDone; the breakpoints as
        debugpy answered them, per path."""
        self.request("initialize", clientID="lichen-tests", adapterID="lichen", pathFormat="path",
                     linesStartAt1=True, columnsStartAt1=True)
        attach = self.send("attach", justMyCode=True, pathMappings=path_mappings,
                           redirectOutput=False, rules=[{"module": "lichen", "include": False}],
                           **options)
        self.event("initialized")
        answered = {}
        for path, lines in breakpoints.items():
            answered[path] = self.set_breakpoints(path, lines)
        self.request("setExceptionBreakpoints", filters=list(exception_filters))
        self.request("configurationDone")
        self.response(attach)
        return answered

    def set_breakpoints(self, path: str, lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return self.request("setBreakpoints", source={"path": path},
                            breakpoints=lines)["breakpoints"]

    def stopped(self, timeout: float = WAIT) -> dict[str, Any]:
        return self.event("stopped", timeout=timeout)

    def frames(self, thread_id: int) -> list[dict[str, Any]]:
        return self.request("stackTrace", threadId=thread_id)["stackFrames"]

    def scopes(self, frame_id: int) -> dict[str, int]:
        """Scope name -> its variablesReference."""
        return {s["name"]: s["variablesReference"]
                for s in self.request("scopes", frameId=frame_id)["scopes"]}

    def variables(self, reference: int) -> dict[str, str]:
        """Variable name -> its value as shown."""
        return {v["name"]: v["value"]
                for v in self.request("variables", variablesReference=reference)["variables"]}

    def groups(self, reference: int) -> dict[str, int]:
        """Name -> variablesReference of the expandable entries (debugpy groups functions,
        classes and modules under "function variables", ...)."""
        return {v["name"]: v["variablesReference"]
                for v in self.request("variables", variablesReference=reference)["variables"]
                if v.get("variablesReference")}

    def evaluate(self, expression: str, frame_id: int, context: str = "repl") -> str:
        return self.request("evaluate", expression=expression, frameId=frame_id,
                            context=context)["result"]

    def disconnect(self) -> None:
        self.request("disconnect", terminateDebuggee=False)
        self.close()


def connect_session(session: Any) -> DapClient:
    """A client of `session`'s debugger (`Session.debug_connect`)."""
    client: DapClient | None = None

    def deliver(message: dict[str, Any]) -> None:
        client.feed(message)  # type: ignore[union-attr]

    connection = session.debug_connect(deliver)
    client = DapClient(connection.send, connection.close)
    return client
