"""The daemon's side of the JSON-RPC connection, on top of pygls.

pygls reads and writes the messages; the methods of the editor service's table go to the
`Editor` with their params as plain JSON values (the service decodes them into `lichen.protocol`
types), and its `EditorError`s become JSON-RPC errors with their codes. pygls itself keeps
`exit` (closing the connection) and what the service does not serve (`$/cancelRequest`,
`$/setTrace`). A message that cannot be read is answered with a JSON-RPC error (parse error,
invalid request, a body that is not UTF-8, an id that is neither a string nor an integer)
instead of being dropped. The event loop reads the input pipe itself (pygls hands every header
line and body to a thread, and those hand-offs cost more than a quick cell), through
`framing.FrameReader`, which recovers from a wrong frame instead of going deaf.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import traceback
from typing import TYPE_CHECKING, Any, Callable

from pygls.exceptions import JsonRpcException
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import JsonRPCNotification, JsonRPCRequestMessage

from lichen.daemon.framing import FrameReader
from lichen.editor.errors import EditorError
from lichen.editor.handlers import METHODS, handle
from lichen.editor.json_codec import encode
from lichen.protocol import ERROR_CODES, EXIT, SHUTDOWN

if TYPE_CHECKING:
    from lichen.editor import Editor

log = logging.getLogger("lichen.daemon")
PARSE_ERROR, INVALID_REQUEST, INTERNAL_ERROR = (
    ERROR_CODES[k] for k in ("parseError", "invalidRequest", "internalError"))


class LichenProtocol(LanguageServerProtocol):
    editor: Editor  # set by the server

    def structure_message(self, data: dict[str, Any]) -> Any:
        if "jsonrpc" in data and "method" in data and "id" in data and not _valid_id(data["id"]):
            return _BadId()
        method = data.get("method") if "jsonrpc" in data else None
        if isinstance(method, str) and method in METHODS:
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
        elif isinstance(message, _BadId):
            self.send_error(None, INVALID_REQUEST,
                            "Invalid request: an id must be a string or an integer")
        elif getattr(message, "jsonrpc", None) != "2.0":
            msg_id = (message.get("id") if isinstance(message, dict)
                      else getattr(message, "id", None))
            self.send_error(msg_id, INVALID_REQUEST, "Invalid request: not a JSON-RPC 2.0 message")
        elif getattr(message, "method", None) in METHODS and not (
                self._shutdown and message.method != EXIT):
            self._serve(message)
        else:
            super().handle_message(message)

    def _serve(self, message: Any) -> None:
        """A method of the editor service: its answer (or error), once it is known."""
        method = message.method
        msg_id = message.id if isinstance(message, JsonRPCRequestMessage) else None
        try:
            result = handle(self.editor, method, message.params)
        except BaseException as error:  # noqa: BLE001 - answered, or logged for a notification
            self._answer_error(msg_id, method, error)
            return
        if inspect.isawaitable(result):
            task = asyncio.ensure_future(result)
            task.add_done_callback(lambda done: self._answer_task(msg_id, method, done))
            return
        self._answer(msg_id, method, result)

    def _answer_task(self, msg_id: Any, method: str, task: asyncio.Future[Any]) -> None:
        if task.cancelled():
            self._answer_error(msg_id, method, asyncio.CancelledError())
        elif task.exception() is not None:
            self._answer_error(msg_id, method, task.exception())
        else:
            self._answer(msg_id, method, task.result())

    def _answer(self, msg_id: Any, method: str, result: Any) -> None:
        if method == SHUTDOWN:
            self._shutdown = True  # as pygls: only `exit` is read from now on
        if method == EXIT:
            super().handle_message(JsonRPCNotification(method=EXIT, jsonrpc="2.0", params=None))
        elif msg_id is not None:
            self.send_raw({"jsonrpc": "2.0", "id": msg_id, "result": result})

    def _answer_error(self, msg_id: Any, method: str, error: BaseException) -> None:
        data = None
        if isinstance(error, EditorError):
            code, text, data = error.number, error.message, error.data
        else:
            log.error("%s failed\n%s", method, "".join(traceback.format_exception(error)))
            code, text = INTERNAL_ERROR, f"{method} failed: {type(error).__name__}: {error}"
        if msg_id is None:
            if isinstance(error, EditorError):
                log.warning("%s: %s", method, text)
            return
        self.send_error(msg_id, code, text, data)

    def send_error(self, msg_id: Any, code: int, message: str, data: Any = None) -> None:
        error = {"code": code, "message": message}
        if data is not None:
            error["data"] = data
        self.send_raw({"jsonrpc": "2.0", "id": msg_id, "error": error})

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


def _valid_id(msg_id: Any) -> bool:
    return msg_id is None or isinstance(msg_id, str) or (
        isinstance(msg_id, int) and not isinstance(msg_id, bool))


class _BadId:
    """A request whose id cannot be echoed back: answered with id null."""


class _Unreadable:
    def __init__(self, msg_id: Any, error: JsonRpcException) -> None:
        self.id = msg_id
        self.error = error


async def read_messages(stdin: Any, protocol: LichenProtocol, stop: Any, thread_pool: Any,
                        on_error: Callable[[Exception, Any], None]) -> None:
    """Hand every message of `stdin` to `protocol` until the input ends or `stop` is set."""
    frames = FrameReader(await _chunks(stdin, thread_pool))
    try:
        while not stop.is_set():
            body = await frames.next_body()
            if body is None:
                log.info("the editor's input ended")
                return
            dispatch(body, protocol, on_error)
    except Exception as error:
        log.error("reading the editor's messages failed, so the daemon ends: %s\n%s", error,
                  "".join(traceback.format_exception(error)))
        raise


def dispatch(body: bytes, protocol: LichenProtocol,
             on_error: Callable[[Exception, Any], None]) -> None:
    """Decode one body and hand it to `protocol`; what cannot be read is answered."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        _answer_undecodable(body, error, protocol)
        return
    try:
        protocol.handle_message(json.loads(text, object_hook=protocol.structure_message))
    except Exception as error:  # noqa: BLE001 - answered or logged by on_error
        log.exception("Unable to handle message")
        on_error(error, JsonRpcException)


def _answer_undecodable(body: bytes, error: UnicodeDecodeError, protocol: LichenProtocol) -> None:
    """A parse error, with the request's id when the rest of the body can be read."""
    msg_id = None
    try:
        data = json.loads(body.decode("utf-8", "surrogateescape"))
        if isinstance(data, dict) and "method" in data and _valid_id(data.get("id")):
            msg_id = data.get("id")
    except ValueError:
        pass
    protocol.send_error(msg_id, PARSE_ERROR,
                        f"Parse error: the message is not UTF-8 (byte 0x{body[error.start]:02x} "
                        f"at {error.start}); LSP messages are UTF-8 JSON")


async def _chunks(stdin: Any, thread_pool: Any) -> Callable[[], Any]:
    """A function giving the next bytes of `stdin` (b"" at its end): the loop reads a pipe
    itself; anything else (a file, a terminal) is read on a thread."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    try:
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), stdin)
    except (ValueError, OSError):
        read = getattr(stdin, "read1", None) or stdin.read
        return lambda: loop.run_in_executor(thread_pool, read, _CHUNK)
    return lambda: reader.read(_CHUNK)


_CHUNK = 1 << 16
