"""Dates and times beyond `date`: `datetime` (a moment) and `date_range` (two dates).

- datetime: raw value "YYYY-MM-DDTHH:MM" ("...:SS" with precision "second"); the value is a
  `datetime.datetime`. Props: start, stop (same format, or null), precision ("hour" | "minute" |
  "second"), full_width, disabled.
- date_range: raw value ["YYYY-MM-DD", "YYYY-MM-DD"]; the value is a tuple of two
  `datetime.date`. Props: start, stop ("YYYY-MM-DD" or null), full_width, disabled.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Callable

from lichen.runtime.ui.base import UIElement
from lichen.runtime.ui.inputs import _date

OnChange = Callable[[Any], Any] | None
_PRECISIONS = {"hour": "hours", "minute": "minutes", "second": "seconds"}


def _moment(what: str, x: Any) -> _dt.datetime | None:
    if x is None:
        return None
    if isinstance(x, _dt.datetime):
        return x.replace(tzinfo=None)
    if isinstance(x, _dt.date):
        return _dt.datetime(x.year, x.month, x.day)
    if isinstance(x, str):
        try:
            return _dt.datetime.fromisoformat(x)
        except ValueError:
            pass
    raise ValueError(f"datetime: {what} must be a datetime or an ISO string, not {x!r}")


class datetime(UIElement):
    """A date and time, optionally within [start, stop]; by default now (clamped)."""

    kind = "datetime"

    def __init__(self, start: Any = None, stop: Any = None, value: Any = None,
                 precision: str = "minute", *, label: str | None = None,
                 on_change: OnChange = None, full_width: bool = False, disabled: bool = False):
        if precision not in _PRECISIONS:
            raise ValueError(f"datetime: precision must be one of {list(_PRECISIONS)}, not "
                             f"{precision!r}")
        self._precision = precision
        self._start, self._stop = _moment("start", start), _moment("stop", stop)
        if self._start and self._stop and self._start > self._stop:
            raise ValueError("datetime: start must not be after stop")
        initial = _moment("value", value) or _dt.datetime.now()
        if self._stop and initial > self._stop:
            initial = self._stop
        if self._start and initial < self._start:
            initial = self._start
        self._options = {"start": self._iso(self._start), "stop": self._iso(self._stop),
                         "precision": precision, "full_width": bool(full_width),
                         "disabled": bool(disabled)}
        # The given value keeps its seconds whatever the precision, as marimo's does.
        super().__init__(initial.replace(microsecond=0).isoformat(), label=label or "",
                         on_change=on_change)

    def _iso(self, moment: _dt.datetime | None) -> str | None:
        return None if moment is None else moment.isoformat(timespec=_PRECISIONS[self._precision])

    start = property(lambda self: self._start)
    stop = property(lambda self: self._stop)

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        try:
            moment = _dt.datetime.fromisoformat(raw) if isinstance(raw, str) else None
        except ValueError:
            moment = None
        if moment is None:
            raise self._fail(f"takes an ISO date and time, not {raw!r}")
        if (self._start and moment < self._start) or (self._stop and moment > self._stop):
            raise self._fail(f"{raw} is outside [{self._start or '...'}, {self._stop or '...'}]")
        return self._iso(moment), moment

    def _props(self) -> dict[str, Any]:
        return self._options


class date_range(UIElement):
    """Two dates, a start and an end, optionally within [start, stop]; by default the whole
    interval (or today to today)."""

    kind = "date_range"

    def __init__(self, start: Any = None, stop: Any = None, value: Any = None, *,
                 label: str | None = None, on_change: OnChange = None,
                 full_width: bool = False, disabled: bool = False):
        self._start = _date("date_range", "start", start)
        self._stop = _date("date_range", "stop", stop)
        if self._start and self._stop and self._start > self._stop:
            raise ValueError("date_range: start must not be after stop")
        if value is None:
            today = _dt.date.today()
            low, high = self._start or today, self._stop or today
        else:
            low, high = (_date("date_range", "value", v) for v in value)
        self._options = {"start": self._start.isoformat() if self._start else None,
                         "stop": self._stop.isoformat() if self._stop else None,
                         "full_width": bool(full_width), "disabled": bool(disabled)}
        super().__init__([low.isoformat(), high.isoformat()], label=label or "",
                         on_change=on_change)

    start = property(lambda self: self._start)
    stop = property(lambda self: self._stop)

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        if not isinstance(raw, (list, tuple)) or len(raw) != 2:
            raise self._fail(f"takes [start, end] dates, not {raw!r}")
        try:
            low, high = (_dt.date.fromisoformat(d) for d in raw)
        except (TypeError, ValueError):
            raise self._fail(f"takes 'YYYY-MM-DD' dates, not {raw!r}") from None
        if low > high:
            raise self._fail(f"its start {low} is after its end {high}")
        for day in (low, high):
            if (self._start and day < self._start) or (self._stop and day > self._stop):
                raise self._fail(f"{day} is outside [{self._start or '...'}, "
                                 f"{self._stop or '...'}]")
        return [low.isoformat(), high.isoformat()], (low, high)

    def _props(self) -> dict[str, Any]:
        return self._options
