"""Reading the editor's LSP frames (header lines, an empty line, then `Content-Length` bytes of
JSON), recovering from a bad frame instead of trusting it.

A frame-trusting reader goes deaf for good after one wrong length (it waits for bytes that never
come, or reads the next message as the rest of this one) and dies on an overlong header line. Here:
- a body that holds the start of another frame was declared too long: it ends where that frame
  begins. JSON text never holds `Content-Length: N` followed by a raw line break (raw control
  characters cannot appear in its strings), so the cut is never inside a real body;
- a body declared too short fails to parse (the caller answers a parse error), and its remaining
  bytes are skipped as header lines until a `Content-Length` header appears, also mid-line;
- a header line over `MAX_HEADER_LINE` bytes is discarded up to its line end, and logged;
- a declared length over `MAX_BODY` is refused like a missing one (the bytes are skipped);
- the input ending inside a frame is logged, so the daemon never ends without a reason.
"""

from __future__ import annotations

import logging
import re
from typing import Awaitable, Callable

log = logging.getLogger("lichen.daemon")

MAX_HEADER_LINE = 64 * 1024
MAX_BODY = 1 << 30  # 1 GiB: far above any notebook, below what would exhaust memory at once
_LENGTH = re.compile(rb"content-length[ \t]*:[ \t]*(\d+)[ \t]*$", re.IGNORECASE)
_FRAME_START = re.compile(rb"Content-Length[ \t]*:[ \t]*\d+[ \t]*\r?\n\Z", re.IGNORECASE)
_TAIL = 128  # bytes kept of an overlong line


class FrameReader:
    """The bodies of the frames `read_some` delivers (each call: some bytes, b"" at the end)."""

    def __init__(self, read_some: Callable[[], Awaitable[bytes]]) -> None:
        self._read_some = read_some
        self._buffer = bytearray()
        self._ended = False

    async def next_body(self) -> bytes | None:
        """The next frame's body; None once the input has ended."""
        while True:
            length = await self._headers()
            if length is None:
                return None
            body = await self._body(length)
            if body is not None:
                return body

    async def _more(self) -> bool:
        if self._ended:
            return False
        chunk = await self._read_some()
        if not chunk:
            self._ended = True
            return False
        self._buffer += chunk
        return True

    async def _line(self) -> bytes | None:
        """The next line without its line break; None at the end of the input. An overlong
        line comes back as a marker plus its tail: never blank, and a `Content-Length` at its
        end (after the rest of a body declared too short) still counts."""
        dropped = False
        searched = 0
        while True:
            end = self._buffer.find(b"\n", searched)
            if end >= 0:
                line = bytes(self._buffer[:end]).rstrip(b"\r")
                del self._buffer[:end + 1]
                if dropped or len(line) > MAX_HEADER_LINE:
                    log.warning("a header line over %d bytes was skipped", MAX_HEADER_LINE)
                    return b"\x00" + line[-_TAIL:]
                return line
            if len(self._buffer) > MAX_HEADER_LINE:
                dropped = True
                del self._buffer[:-_TAIL]
            searched = len(self._buffer)
            if not await self._more():
                if self._buffer.strip():
                    log.warning("the editor's input ended inside a message's headers")
                return None

    async def _headers(self) -> int | None:
        """Read header lines up to the empty line that ends them; the declared length."""
        length: int | None = None
        while True:
            line = await self._line()
            if line is None:
                return None
            if not line.strip():
                if length is not None:
                    return length
                continue  # stray blank lines between frames
            found = _LENGTH.search(line)  # mid-line too: the tail of a body declared too short
            if found:
                declared = int(found.group(1))
                if declared > MAX_BODY:
                    log.warning("a message declared %d bytes (over %d) and was skipped",
                                declared, MAX_BODY)
                    length = None
                else:
                    length = declared

    async def _body(self, length: int) -> bytes | None:
        """`length` bytes, or fewer where the next frame starts inside them; None when the
        input ends first."""
        scanned = 0
        while True:
            cut = self._next_frame(length, max(0, scanned - _TAIL))
            if cut is not None:
                log.warning("a message declared %d bytes but the next one began after %d; "
                            "reading on from there", length, cut)
                return self._take(cut)
            if len(self._buffer) >= length:
                return self._take(length)
            scanned = len(self._buffer)
            if not await self._more():
                log.warning("the editor's input ended inside a message (%d of %d bytes)",
                            len(self._buffer), length)
                self._buffer.clear()
                return None

    def _next_frame(self, length: int, start: int) -> int | None:
        """Where a frame's header starts within the first `length` bytes (looking from
        `start`): found from the line breaks, as JSON bodies rarely hold raw ones."""
        buffer = self._buffer
        end = min(length, len(buffer))
        newline = buffer.find(b"\n", start, end)
        while newline >= 0:
            found = _FRAME_START.search(buffer, max(0, newline - _TAIL), newline + 1)
            if found:
                return found.start()
            newline = buffer.find(b"\n", newline + 1, end)
        return None

    def _take(self, count: int) -> bytes:
        with memoryview(self._buffer) as view:
            body = bytes(view[:count])
        del self._buffer[:count]
        return body
