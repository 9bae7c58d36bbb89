"""What travels between the controller and the kernel, as msgpack frames (msgspec).

Controller -> kernel, one frame per command:
    [request_id, method, args]          args: a msgpack value, decoded by the method's type
Kernel -> controller, one frame per batch (bursts of events are coalesced):
    [events, reply]
    events: [[type_name, event], ...]   protocol dataclasses, tagged with their class name
    reply:  nil | [request_id, ok, value]
            ok: value is the method's result (e.g. a RunReport) or nil
            not ok: value is a one-line error message

The message shapes themselves live in `lichen.protocol`; this module only frames them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import msgspec

from lichen import protocol

# Sent once by the kernel when its sockets are connected, before anything else.
HELLO = "hello"

_encoder = msgspec.msgpack.Encoder()
_command = msgspec.msgpack.Decoder(tuple[int, str, msgspec.Raw])
_reply_type = Optional[tuple[int, bool, msgspec.Raw]]
_batch = msgspec.msgpack.Decoder(tuple[list[tuple[str, msgspec.Raw]], _reply_type])
_typed: dict[Any, msgspec.msgpack.Decoder] = {}


@dataclass(frozen=True)
class Reply:
    request_id: int
    ok: bool
    value: msgspec.Raw  # decode with `decode_value`


def encode_command(request_id: int, method: str, args: Any) -> bytes:
    return _encoder.encode((request_id, method, args))


def decode_command(frame: bytes) -> tuple[int, str, msgspec.Raw]:
    return _command.decode(frame)


def encode_batch(events: list[Any], reply: tuple[int, bool, Any] | None = None) -> bytes:
    return _encoder.encode(([(type(e).__name__, e) for e in events], reply))


def decode_batch(frame: bytes) -> tuple[list[Any], Reply | None]:
    """The events of a frame, as protocol dataclasses, and its reply if it carries one."""
    raw_events, raw_reply = _batch.decode(frame)
    events = [decode_value(raw, protocol.MESSAGES[name]) for name, raw in raw_events]
    reply = Reply(*raw_reply) if raw_reply is not None else None
    return events, reply


def decode_value(raw: msgspec.Raw | bytes, type_: Any = Any) -> Any:
    """`raw` decoded (and validated) as `type_`."""
    decoder = _typed.get(type_)
    if decoder is None:
        decoder = _typed[type_] = msgspec.msgpack.Decoder(type_)
    return decoder.decode(raw)


def encode_value(value: Any) -> bytes:
    return _encoder.encode(value)
