"""Elements fed by the browser over time: `refresh` (a timer) and `microphone` (a recording).

- refresh: raw value, the number of ticks so far (the renderer adds one per interval, and per
  click of its button); the value is that count. Props: options (intervals such as "1s", "5m",
  or seconds), default_interval (or null: off until chosen).
- microphone: raw value, the recording as base64 (or null before one); the value is an
  `io.BytesIO` of it (empty before). Recording needs the browser's permission, which a VS Code
  webview may refuse: the renderer then says so beside the element.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
from typing import Any, Callable, Sequence

from lichen.runtime.ui.base import UIElement

OnChange = Callable[[Any], Any] | None
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")
_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, None: 1}


def seconds(interval: Any) -> float:
    """An interval ("1s", "5m", 10) in seconds."""
    if isinstance(interval, (int, float)) and not isinstance(interval, bool):
        return float(interval)
    match = _INTERVAL.match(str(interval))
    if not match:
        raise ValueError(f"refresh: {interval!r} is not an interval like '1s', '5m' or 10")
    return float(match.group(1)) * _SECONDS[match.group(2)]


class refresh(UIElement):
    """A timer: the cells reading it run again every interval (chosen among `options`)."""

    kind = "refresh"

    def __init__(self, options: Sequence[Any] | None = None,
                 default_interval: Any = None, *, label: str = "",
                 on_change: OnChange = None):
        options = list(options or ())
        for option in options:
            seconds(option)
        if default_interval is not None:
            seconds(default_interval)
            if options and default_interval not in options:
                options.insert(0, default_interval)
        self._options = {"options": [str(o) for o in options],
                         "seconds": [seconds(o) for o in options],
                         "default_interval": None if default_interval is None
                         else str(default_interval),
                         "default_seconds": None if default_interval is None
                         else seconds(default_interval)}
        super().__init__(0, label=label, on_change=on_change)

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        if not isinstance(raw, int) or isinstance(raw, bool) or raw < 0:
            raise self._fail(f"takes a tick count, not {raw!r}")
        return raw, raw

    def _props(self) -> dict[str, Any]:
        return self._options


class microphone(UIElement):
    """A button that records audio in the browser; the value is the recording's bytes."""

    kind = "microphone"

    def __init__(self, *, label: str = "", on_change: OnChange = None):
        super().__init__(None, label=label, on_change=on_change)

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        if raw is None:
            return None, io.BytesIO()
        if not isinstance(raw, str):
            raise self._fail("takes a base64 recording")
        try:
            return raw, io.BytesIO(base64.b64decode(raw, validate=True))
        except (binascii.Error, ValueError):
            raise self._fail("its recording is not base64") from None
