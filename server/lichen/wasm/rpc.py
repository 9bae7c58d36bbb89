"""JSON-RPC 2.0 over whole messages: one JSON text in, replies and notifications out.

The worker's host hands over each message the editor sent (framing is postMessage's job), and
`Dispatcher.receive` calls its handler. A handler returns its result, or an awaitable of it (the
reply goes out when it is done); it raises `RpcError` to answer with an error. Notifications get
no reply; a notification nobody handles (`$/setTrace`, `initialized`) is ignored, an unknown
request is answered "method not found", and a message that is not JSON-RPC gets the standard
error, as the daemon answers them.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import sys
import traceback
from typing import Any, Callable, Mapping

from lichen.protocol import ERROR_CODES

PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INTERNAL_ERROR = (
    ERROR_CODES[k] for k in ("parseError", "invalidRequest", "methodNotFound", "internalError"))

Send = Callable[[dict[str, Any]], None]
Handler = Callable[[Any], Any]  # params -> result, or an awaitable of it


class RpcError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Dispatcher:
    def __init__(self, handlers: Mapping[str, Handler], send: Send) -> None:
        self._handlers = handlers
        self._send = send
        self.tasks: set[asyncio.Future[Any]] = set()  # replies still being worked out

    def receive(self, text: str) -> None:
        """Handle one message (called on the event loop's thread)."""
        try:
            message = json.loads(text)
        except (ValueError, TypeError) as error:
            self._error(None, PARSE_ERROR, f"Parse error: {error}")
            return
        if not isinstance(message, dict) or message.get("jsonrpc") != "2.0":
            msg_id = message.get("id") if isinstance(message, dict) else None
            self._error(msg_id, INVALID_REQUEST, "Invalid request: not a JSON-RPC 2.0 message")
            return
        method = message.get("method")
        if not isinstance(method, str):
            return  # a reply to a request of ours: none are sent
        if "id" in message:
            self._request(message["id"], method, message.get("params"))
        else:
            self._notification(method, message.get("params"))

    def _request(self, msg_id: Any, method: str, params: Any) -> None:
        handler = self._handlers.get(method)
        if handler is None:
            self._error(msg_id, METHOD_NOT_FOUND, f"Method not found: {method}")
            return
        try:
            result = handler(params)
        except BaseException as error:  # KeyboardInterrupt too: an interrupt that came late
            self._failed(msg_id, method, error)
            return
        if inspect.isawaitable(result):
            task = asyncio.ensure_future(result)
            self.tasks.add(task)
            task.add_done_callback(lambda done: self._finish(msg_id, method, done))
        else:
            self._reply(msg_id, result)

    def _notification(self, method: str, params: Any) -> None:
        handler = self._handlers.get(method)
        if handler is None:
            return
        try:
            result = handler(params)
            if inspect.isawaitable(result):
                task = asyncio.ensure_future(result)
                self.tasks.add(task)
                task.add_done_callback(lambda done: self._finish(None, method, done))
        except BaseException as error:
            _log(f"the notification {method} failed", error)

    def _finish(self, msg_id: Any, method: str, task: asyncio.Future[Any]) -> None:
        self.tasks.discard(task)
        if task.cancelled():
            if msg_id is not None:
                self._error(msg_id, INTERNAL_ERROR, f"{method} was cancelled")
            return
        error = task.exception()
        if msg_id is None:
            if error is not None:
                _log(f"the notification {method} failed", error)
        elif error is not None:
            self._failed(msg_id, method, error)
        else:
            self._reply(msg_id, task.result())

    def _failed(self, msg_id: Any, method: str, error: BaseException) -> None:
        if isinstance(error, RpcError):
            self._error(msg_id, error.code, error.message)
            return
        _log(f"{method} failed", error)
        self._error(msg_id, INTERNAL_ERROR, f"{method} failed: {type(error).__name__}: {error}")

    def _reply(self, msg_id: Any, result: Any) -> None:
        self._send({"jsonrpc": "2.0", "id": msg_id, "result": result})

    def _error(self, msg_id: Any, code: int, message: str) -> None:
        self._send({"jsonrpc": "2.0", "id": msg_id, "error": {"code": code, "message": message}})


def _log(what: str, error: BaseException | None = None) -> None:
    """To the worker's console (stderr): failures of the server itself, not of cells."""
    detail = "" if error is None else "".join(traceback.format_exception(error))
    print(f"lichen worker: {what}\n{detail}", file=sys.stderr)
