"""The one error the editor service raises at its caller: a protocol error code and a message.

`code` is a key of `lichen.protocol.ERROR_CODES`; each host turns an `EditorError` into its
JSON-RPC error (`ERROR_CODES[code]`, the message as it is). The message is for people (what
happened and what to do); code that must tell errors apart reads `code`, never the text.
"""

from __future__ import annotations

from typing import Any

from lichen.protocol import ERROR_CODES


class EditorError(Exception):
    def __init__(self, code: str, message: str, data: Any = None) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"no error code {code!r} in lichen.protocol.ERROR_CODES")
        super().__init__(message)
        self.code = code
        self.message = message
        self.data = data  # the JSON-RPC error's `data` (a protocol dataclass), when it has one

    @property
    def number(self) -> int:
        """The JSON-RPC error code."""
        return ERROR_CODES[self.code]
