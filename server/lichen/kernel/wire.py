"""What travels between the controller and the kernel, as msgpack frames (msgspec).

Controller -> kernel, one frame per command:
    [request_id, method, args, asked_at]
    args: a msgpack value, decoded by the method's type; asked_at: when the command was asked
    for (`time.monotonic_ns()`), so that an interrupt after it stops it (`interrupts`).

Kernel -> controller, one frame per batch of events (bursts are coalesced), maybe with a reply:
    [kinds, queued, running, streams, done, stale, others, reply]
    kinds: one byte per event, in order, saying which list holds it; the lists hold the protocol
    dataclasses of each kind, so a whole frame decodes in one typed pass (per-event decoding
    cost three times as much); `others` holds events of any other type as [type_name, event].
    reply: nil | [request_id, ok, value]; value is the result, or [failure, message]: `failure`
    one of the `FAILURES` below (what the controller tells apart), `message` a line for people.

The result of a command that runs cells is [run_id, shared, rest]: the report's cells are the
first `shared` CellDone events the controller received for this command, then `rest`. The
report mostly repeats what was streamed, so it is not sent twice.

Text the kernel sends may hold lone surrogates (`print('\\ud800')`, a file name that is not
UTF-8 from `os.listdir`), which msgpack cannot carry; such a frame is sent with each surrogate
spelled as Python itself would show it (`printable`), never refused.

The message shapes themselves live in `lichen.protocol`; this module only frames them.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

import msgspec

from lichen import protocol
from lichen.protocol import CellDone, CellQueued, CellRunning, CellStale, CellStream

# The hello's request id: sent by the kernel once its sockets are connected.
HELLO = 0

# Why a command failed, as the reply says it.
FAILED = "failed"  # it raised; the message names the error
REFUSED = "refused"  # a UI value the runtime did not take (`UiValueRefused`)
INTERRUPTED = "interrupted"  # interrupted outside any cell, between two of them
FAILURES = (FAILED, REFUSED, INTERRUPTED)
Failure = tuple[str, str]  # (one of FAILURES, message)

KINDS = (CellQueued, CellRunning, CellStream, CellDone, CellStale)
_INDEX = {kind: i for i, kind in enumerate(KINDS)}
_OTHER = len(KINDS)

_encoder = msgspec.msgpack.Encoder()
_command = msgspec.msgpack.Decoder(tuple[int, str, msgspec.Raw, int])
_batch = msgspec.msgpack.Decoder(tuple[
    bytes, list[CellQueued], list[CellRunning], list[CellStream], list[CellDone],
    list[CellStale], list[tuple[str, msgspec.Raw]], tuple[int, bool, msgspec.Raw] | None])
_typed: dict[Any, msgspec.msgpack.Decoder] = {}

RunResult = tuple[int, int, list[CellDone]]


@dataclass(frozen=True)
class Reply:
    request_id: int
    ok: bool
    value: msgspec.Raw  # decode with `decode_value`


def encode_command(request_id: int, method: str, args: Any, asked_at: int = 0) -> bytes:
    return _encoder.encode((request_id, method, args, asked_at))


def decode_command(frame: bytes) -> tuple[int, str, msgspec.Raw, int]:
    return _command.decode(frame)


def encode_batch(events: list[Any], reply: tuple[int, bool, Any] | None = None) -> bytes:
    kinds = bytearray()
    lists: tuple[list[Any], ...] = ([], [], [], [], [], [])
    for event in events:
        i = _INDEX.get(type(event), _OTHER)
        kinds.append(i)
        lists[i].append(event if i != _OTHER else (type(event).__name__, event))
    frame = (bytes(kinds), *lists, reply)
    try:
        return _encoder.encode(frame)
    except UnicodeEncodeError:
        return _encoder.encode(printable(frame))


def decode_batch(frame: bytes) -> tuple[list[Any], Reply | None]:
    """The events of a frame, as protocol dataclasses in order, and its reply if any."""
    kinds, *lists, raw_reply = _batch.decode(frame)
    lists[_OTHER] = [decode_value(raw, protocol.MESSAGES[name]) for name, raw in lists[_OTHER]]
    takers = [iter(events).__next__ for events in lists]
    events = [takers[i]() for i in kinds]
    return events, (Reply(*raw_reply) if raw_reply is not None else None)


def decode_value(raw: msgspec.Raw | bytes, type_: Any = Any) -> Any:
    """`raw` decoded (and validated) as `type_`."""
    decoder = _typed.get(type_)
    if decoder is None:
        decoder = _typed[type_] = msgspec.msgpack.Decoder(type_)
    return decoder.decode(raw)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _spell(match: re.Match[str]) -> str:
    code = ord(match.group())
    # U+DC80..U+DCFF are bytes that were not UTF-8, kept by `surrogateescape` (os.listdir, argv):
    # shown as the byte, as `backslashreplace` shows an undecodable byte; others as the code point.
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def printable(value: Any) -> Any:
    """`value` with every lone surrogate in its strings spelled out, so UTF-8 can carry it."""
    if isinstance(value, str):
        return _SURROGATE.sub(_spell, value)
    if isinstance(value, (list, tuple)):
        return type(value)(printable(item) for item in value)
    if isinstance(value, dict):
        return {printable(key): printable(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{
            f.name: printable(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init})
    return value
