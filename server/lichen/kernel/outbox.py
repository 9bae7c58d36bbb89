"""The kernel's outgoing events: gathered from any thread, sent to the controller in batches.

`put` is called by the runtime for every event, from the main thread while a cell runs and from
whatever thread prints. It only appends to a deque, so it is cheap and safe to interrupt. A
flusher thread sends what gathered a few milliseconds after the first event of a burst, so a
printing loop streams while a run of a thousand quick cells costs a handful of frames; the reply
that ends a command goes out with whatever is still pending, in the same frame.

The transport must neither block nor balloon on huge output, whatever the runtime's own caps:
stream text beyond `STREAM_CAP` characters per cell and run is dropped (with a note), and MIME
values beyond `OUTPUT_CAP` are replaced by a note.
"""

from __future__ import annotations

import collections
import dataclasses
import itertools
import threading
import time
from collections.abc import Callable
from typing import Any

from lichen.kernel.beacon import QUEUED, RUNNING
from lichen.protocol import CellDone, CellQueued, CellRunning, CellStream

# How long the first event of a burst waits for company before it is sent.
FLUSH_WINDOW = 0.004
STREAM_CAP = 8 * 1024 * 1024
OUTPUT_CAP = 32 * 1024 * 1024


class KernelOutbox:
    def __init__(self, send: Callable[[list[Any], Any], None], beacon: Any = None,
                 window: float = FLUSH_WINDOW):
        self._send = send  # (events, reply) -> None; only ever called under self._lock
        self._beacon = beacon  # a Beacon that follows the run, or None
        self.done_log: list[CellDone] = []  # CellDone events put since `start_command`
        self._window = window
        self._pending: collections.deque[Any] = collections.deque()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._armed = False
        self._closed = False
        self._streamed: dict[str, int] = {}  # characters streamed per cell since it started
        self._truncated: set[str] = set()  # cells past the cap, their note sent
        self._thread = threading.Thread(target=self._flush_loop, name="lichen-outbox", daemon=True)
        self._thread.start()

    def put(self, event: Any) -> None:
        kind = type(event)
        if kind is CellStream:
            event = self._admit(event)
            if event is None:
                return
        elif kind is CellQueued:
            if self._beacon is not None:
                self._beacon.set(event.run_id, event.cell_id, QUEUED)
        elif kind is CellRunning:
            self._streamed[event.cell_id] = 0
            self._truncated.discard(event.cell_id)
            if self._beacon is not None:
                self._beacon.set(event.run_id, event.cell_id, RUNNING)
        elif kind is CellDone:
            self.done_log.append(event)
            if self._beacon is not None:
                self._beacon.set(event.run_id, event.cell_id, event.status)
            if event.output:
                event = cap_output(event)
        self._pending.append(event)
        if not self._armed:
            self._armed = True
            self._wake.set()

    def start_command(self) -> None:
        self.done_log = []

    def flush(self, reply: Any = None) -> None:
        """Send every pending event now, followed by `reply` if given."""
        with self._lock:
            events = []
            pending = self._pending
            while pending:
                events.append(pending.popleft())
            if events or reply is not None:
                self._send(coalesce(events), reply)

    def close(self) -> None:
        self._closed = True
        self._wake.set()

    def _flush_loop(self) -> None:
        while True:
            self._wake.wait()
            if self._closed:
                return
            time.sleep(self._window)
            # Clear before disarming: an event put in between re-arms and is not lost.
            self._wake.clear()
            self._armed = False
            self.flush()

    def _admit(self, event: CellStream) -> CellStream | None:
        sent = self._streamed.get(event.cell_id, 0) + len(event.text)
        self._streamed[event.cell_id] = sent
        if sent <= STREAM_CAP:
            return event
        if event.cell_id in self._truncated:
            return None
        self._truncated.add(event.cell_id)
        room = max(0, len(event.text) - (sent - STREAM_CAP))
        note = f"\n[output truncated: more than {STREAM_CAP // (1024 * 1024)} MB streamed]\n"
        return dataclasses.replace(event, text=event.text[:room] + note)


def coalesce(events: list[Any]) -> list[Any]:
    """`events` with each run of stream text of one cell and stream joined into one event."""
    out: list[Any] = []
    for key, group in itertools.groupby(events, _stream_key):
        if key is None:
            out.extend(group)
            continue
        parts = list(group)
        if len(parts) == 1:
            out.append(parts[0])
        else:
            out.append(dataclasses.replace(parts[0], text="".join(p.text for p in parts)))
    return out


def _stream_key(event: Any) -> tuple[str, str] | None:
    if type(event) is CellStream:
        return (event.cell_id, event.name)
    return None


def cap_output(event: CellDone) -> CellDone:
    """`event` with MIME values too large to carry replaced by a note."""
    output = event.output or {}
    if all(len(value) <= OUTPUT_CAP for value in output.values()):
        return event
    kept = {mime: value for mime, value in output.items() if len(value) <= OUTPUT_CAP}
    size = max(len(value) for value in output.values()) / (1024 * 1024)
    note = f"[output of {size:.0f} MB not shown: too large to display]"
    plain = output.get("text/plain", "")
    if len(plain) > OUTPUT_CAP:
        kept["text/plain"] = plain[:OUTPUT_CAP] + "\n" + note
    elif not kept:
        kept["text/plain"] = note
    return dataclasses.replace(event, output=kept)
