"""The daemon's side of the JSON-RPC connection, on top of pygls.

pygls's protocol with three changes: the params of `lichen/*` messages stay plain JSON values
(pygls would make namedtuples of them); a message that cannot be read is answered with a JSON-RPC
error (parse error, invalid request, invalid params) instead of being dropped; and the event
loop reads the input pipe itself (pygls hands every header line and body to a thread, and those
hand-offs cost more than a quick cell).
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Callable

from pygls.exceptions import JsonRpcException
from pygls.io_ import StdinAsyncReader, run_async
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import JsonRPCNotification, JsonRPCRequestMessage

from lichen.daemon.wire import encode

log = logging.getLogger("lichen.daemon")
PARSE_ERROR, INVALID_REQUEST = -32700, -32600


class LichenProtocol(LanguageServerProtocol):
    """pygls's protocol, with two changes: the params of `lichen/*` messages stay plain JSON
    values (pygls would make namedtuples of them), and a message that cannot be read is answered
    with a JSON-RPC error instead of being dropped."""

    def structure_message(self, data: dict[str, Any]) -> Any:
        method = data.get("method") if "jsonrpc" in data else None
        if isinstance(method, str) and method.startswith("lichen/"):
            if "id" in data:
                return JsonRPCRequestMessage(id=data["id"], method=method,
                                             jsonrpc=data["jsonrpc"], params=data.get("params"))
            return JsonRPCNotification(method=method, jsonrpc=data["jsonrpc"],
                                       params=data.get("params"))
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if "id" in data and "method" in data:
                return _Unreadable(data["id"], error)
            raise

    def handle_message(self, message: Any) -> None:
        if isinstance(message, _Unreadable):
            self._send_response(message.id, None, message.error.to_response_error())
        elif getattr(message, "jsonrpc", None) != "2.0":
            msg_id = (message.get("id") if isinstance(message, dict)
                      else getattr(message, "id", None))
            self.send_error(msg_id, INVALID_REQUEST, "Invalid request: not a JSON-RPC 2.0 message")
        else:
            super().handle_message(message)

    def send_error(self, msg_id: Any, code: int, message: str) -> None:
        self.send_raw({"jsonrpc": "2.0", "id": msg_id, "error": {"code": code, "message": message}})

    def send_raw(self, message: Any) -> None:
        """Write one message (JSON data or protocol dataclasses) as it is, on the loop's thread."""
        body = encode(message)
        if self.writer is None:
            return
        result = self.writer.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        if asyncio.iscoroutine(result):
            asyncio.ensure_future(result)


class AnsweredErrors(logging.Filter):
    """Keeps pygls's tracebacks of errors the client was answered with (bad params, unknown
    methods) out of the log: they are the client's mistakes, not the daemon's."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, (JsonRpcException, json.JSONDecodeError)):
            return False
        if isinstance(record.msg, str) and record.msg.startswith("Unable to deserialize"):
            record.msg, record.args = "a message with malformed params was refused", ()
        return True


class _Unreadable:
    def __init__(self, msg_id: Any, error: JsonRpcException) -> None:
        self.id = msg_id
        self.error = error


async def read_messages(stdin: Any, protocol: LichenProtocol, stop: Any, thread_pool: Any,
                        on_error: Callable[[Exception, Any], None]) -> None:
    """Hand every message of `stdin` to `protocol` until the input ends or `stop` is set."""
    loop = asyncio.get_running_loop()
    reader: Any = asyncio.StreamReader()
    try:
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), stdin)
    except (ValueError, OSError):  # not a pipe (a file, a terminal): read it on a thread
        reader = StdinAsyncReader(stdin, thread_pool)
    await run_async(stop_event=stop, reader=reader, protocol=protocol, logger=log,
                    error_handler=on_error)
