"""Input elements: slider, range_slider, number, text, text_area, checkbox, switch, dropdown,
radio, multiselect, date.

Raw values (what the renderer shows and sends back) and props (the node's "props"), by kind:

- slider: a number, within [start, stop] or one of `steps`. Props: start, stop, step (never
  null), steps (list or null), orientation ("horizontal" | "vertical"), show_value,
  include_input, debounce (send on release only), full_width, disabled.
- range_slider: [low, high]. Props: as slider, without include_input.
- number: a number, or null for an empty box. Props: start, stop, step (each may be null),
  debounce, full_width, disabled.
- text: a string. Props: placeholder, input_kind ("text" | "password" | "email" | "url"),
  max_length (or null), debounce (true, false or milliseconds), full_width, disabled.
- text_area: a string. Props: placeholder, max_length, rows, debounce, full_width, disabled.
- checkbox, switch: true or false. Props: disabled.
- dropdown: an option's label, or null when nothing is chosen. Props: options (labels, in
  order), allow_select_none, searchable, full_width, disabled.
- radio: an option's label, or null. Props: options, inline, disabled.
- multiselect: a list of labels. Props: options, max_selections (or null), full_width, disabled.
- date: "YYYY-MM-DD". Props: start, stop ("YYYY-MM-DD" or null), full_width, disabled.
"""

from __future__ import annotations

import datetime
import math
from typing import Any, Callable, Mapping, Sequence

from lichen.runtime.ui.base import UIElement

OnChange = Callable[[Any], Any] | None


# -- numbers ---------------------------------------------------------------------------------------


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _plain(x: Any) -> Any:
    """A numpy scalar (a series' min, say) as the Python number it holds."""
    if x is not None and not isinstance(x, (int, float)) and hasattr(x, "item"):
        return x.item()
    return x


class _Numeric:
    """The interval, step and number type shared by slider, range_slider and number."""

    def __init__(self, owner: str, start: Any, stop: Any, step: Any, steps: Any, values: list,
                 bounded: bool):
        start, stop, step = _plain(start), _plain(stop), _plain(step)
        values = [_plain(v) for v in values]
        if steps is not None:
            if start is not None or stop is not None or step is not None:
                raise ValueError(f"{owner} takes either steps or start/stop/step, not both")
            steps = [_plain(s) for s in steps]
            if not steps or not all(_is_number(s) for s in steps):
                raise ValueError(f"{owner}: steps must be a non-empty list of numbers")
            if any(b <= a for a, b in zip(steps, steps[1:])):
                raise ValueError(f"{owner}: steps must increase")
            start, stop = steps[0], steps[-1]
        elif bounded:
            start = 0 if start is None else start
            stop = 100 if stop is None else stop
        for name, x in (("start", start), ("stop", stop), ("step", step)):
            if x is not None and not _is_number(x):
                raise TypeError(f"{owner}: {name} must be a number, not {x!r}")
        if start is not None and stop is not None and start > stop:
            raise ValueError(f"{owner}: start ({start}) must not exceed stop ({stop})")
        if step is not None and step <= 0:
            raise ValueError(f"{owner}: step must be positive, not {step}")
        given = [x for x in (start, stop, step, *(steps or ()), *values) if x is not None]
        self.integral = all(isinstance(x, int) for x in given)
        if step is None and steps is None and bounded:
            step = 1 if self.integral else (stop - start) / 100 or 1
        self.start, self.stop, self.step, self.steps = start, stop, step, steps

    def number(self, raw: Any, fail: Callable[[str], ValueError]) -> int | float:
        """A raw number checked against the interval, in the element's number type."""
        if not _is_number(raw):
            raise fail(f"takes a number, not {raw!r}")
        if self.steps is not None:
            match = [s for s in self.steps if math.isclose(s, raw, rel_tol=1e-9, abs_tol=1e-12)]
            if not match:
                raise fail(f"{raw!r} is not one of its steps {self.steps}")
            return match[0]
        if (self.start is not None and raw < self.start) or (
                self.stop is not None and raw > self.stop):
            raise fail(f"{raw!r} is outside [{_bound(self.start)}, {_bound(self.stop)}]")
        if self.integral:
            if raw != int(raw):
                raise fail(f"takes whole numbers, not {raw!r}")
            return int(raw)
        return float(raw)

    def props(self) -> dict[str, Any]:
        return {"start": self.start, "stop": self.stop, "step": self.step, "steps": self.steps}


def _number_series(cls: Any, series: Any, **options: Any) -> Any:
    """An element over a pandas or polars series' range, labelled with its name."""
    options.setdefault("start", series.min())
    options.setdefault("stop", series.max())
    options.setdefault("label", str(getattr(series, "name", "") or ""))
    return cls(**options)


def _choice_series(cls: Any, series: Any, **options: Any) -> Any:
    """An element over a series' distinct values, labelled with its name."""
    if "options" not in options:
        options["options"] = sorted({str(x) for x in series.unique()})
    options.setdefault("label", str(getattr(series, "name", "") or ""))
    return cls(**options)


def _bound(x: Any) -> str:
    return "..." if x is None else repr(x)


class slider(UIElement):
    """A number chosen on a slider between `start` and `stop` (or among `steps`).

    Defaults: start 0, stop 100, step 1 for whole numbers (a hundredth of the interval
    otherwise), value `start`.
    """

    kind = "slider"
    from_series = classmethod(_number_series)

    def __init__(self, start: float | None = None, stop: float | None = None,
                 step: float | None = None, value: float | None = None, debounce: bool = False,
                 orientation: str = "horizontal", show_value: bool = False,
                 steps: Sequence[float] | None = None, *, label: str = "",
                 on_change: OnChange = None, full_width: bool = False, disabled: bool = False,
                 include_input: bool = False):
        self._range = _Numeric("slider", start, stop, step, steps, [value], bounded=True)
        _orientation("slider", orientation)
        self._options = {"orientation": orientation, "show_value": bool(show_value),
                         "debounce": bool(debounce), "full_width": bool(full_width),
                         "disabled": bool(disabled), "include_input": bool(include_input)}
        super().__init__(self._range.start if value is None else _plain(value), label=label,
                         on_change=on_change)

    start = property(lambda self: self._range.start)
    stop = property(lambda self: self._range.stop)
    step = property(lambda self: self._range.step)
    steps = property(lambda self: self._range.steps)

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        value = self._range.number(raw, self._fail)
        return value, value

    def _props(self) -> dict[str, Any]:
        return {**self._range.props(), **self._options}


class range_slider(UIElement):
    """A [low, high] interval chosen between `start` and `stop` (or among `steps`); by default
    the whole interval."""

    kind = "range_slider"
    from_series = classmethod(_number_series)

    def __init__(self, start: float | None = None, stop: float | None = None,
                 step: float | None = None, value: Sequence[float] | None = None,
                 debounce: bool = False, orientation: str = "horizontal",
                 show_value: bool = False, steps: Sequence[float] | None = None, *,
                 label: str = "", on_change: OnChange = None, full_width: bool = False,
                 disabled: bool = False):
        values = [_plain(v) for v in value] if value is not None else []
        self._range = _Numeric("range_slider", start, stop, step, steps, values, bounded=True)
        _orientation("range_slider", orientation)
        self._options = {"orientation": orientation, "show_value": bool(show_value),
                         "debounce": bool(debounce), "full_width": bool(full_width),
                         "disabled": bool(disabled)}
        initial = values if value is not None else [self._range.start, self._range.stop]
        super().__init__(initial, label=label, on_change=on_change)

    start = property(lambda self: self._range.start)
    stop = property(lambda self: self._range.stop)
    step = property(lambda self: self._range.step)
    steps = property(lambda self: self._range.steps)

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        if not isinstance(raw, (list, tuple)) or len(raw) != 2:
            raise self._fail(f"takes [low, high], not {raw!r}")
        low, high = (self._range.number(x, self._fail) for x in raw)
        if low > high:
            raise self._fail(f"low ({low}) must not exceed high ({high})")
        return [low, high], [low, high]

    def _props(self) -> dict[str, Any]:
        return {**self._range.props(), **self._options}


class number(UIElement):
    """A number typed in a box, optionally within [start, stop]; by default `start` (or
    `stop`; with neither, None, as in marimo). An emptied box gives None."""

    kind = "number"
    from_series = classmethod(_number_series)

    def __init__(self, start: float | None = None, stop: float | None = None,
                 step: float | None = None, value: float | None = None, debounce: bool = False,
                 *, label: str = "", on_change: OnChange = None, full_width: bool = False,
                 disabled: bool = False):
        self._range = _Numeric("number", start, stop, step, None, [value], bounded=False)
        value, start, stop = _plain(value), self._range.start, self._range.stop
        if value is None:
            value = start if start is not None else stop
        self._options = {"debounce": bool(debounce), "full_width": bool(full_width),
                         "disabled": bool(disabled)}
        super().__init__(value, label=label, on_change=on_change)

    start = property(lambda self: self._range.start)
    stop = property(lambda self: self._range.stop)
    step = property(lambda self: self._range.step)

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        if raw is None:
            return None, None
        value = self._range.number(raw, self._fail)
        return value, value

    def _props(self) -> dict[str, Any]:
        props = self._range.props()
        del props["steps"]
        return {**props, **self._options}


def _orientation(owner: str, orientation: str) -> None:
    if orientation not in ("horizontal", "vertical"):
        raise ValueError(f"{owner}: orientation must be 'horizontal' or 'vertical', not "
                         f"{orientation!r}")


# -- text and booleans -----------------------------------------------------------------------------


class text(UIElement):
    """A line of text (`kind`: text, password, email or url); by default empty."""

    kind = "text"
    _KINDS = ("text", "password", "email", "url")

    def __init__(self, value: str = "", placeholder: str = "", kind: str = "text",
                 max_length: int | None = None, disabled: bool = False,
                 debounce: bool | int = True, *, label: str = "", on_change: OnChange = None,
                 full_width: bool = False):
        if kind not in self._KINDS:
            raise ValueError(f"text: kind must be one of {self._KINDS}, not {kind!r}")
        if max_length is not None and (not isinstance(max_length, int) or max_length < 0):
            raise ValueError(f"text: max_length must be a whole number, not {max_length!r}")
        self._max_length = max_length
        self._options = {"placeholder": str(placeholder), "input_kind": kind,
                         "max_length": max_length, "disabled": bool(disabled),
                         "debounce": debounce, "full_width": bool(full_width)}
        super().__init__(value, label=label, on_change=on_change)

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        if not isinstance(raw, str):
            raise self._fail(f"takes a string, not {raw!r}")
        if self._max_length is not None and len(raw) > self._max_length:
            raise self._fail(f"takes at most {self._max_length} characters, not {len(raw)}")
        return raw, raw

    def _props(self) -> dict[str, Any]:
        return self._options


class text_area(text):
    """Several lines of text; by default empty."""

    kind = "text_area"

    def __init__(self, value: str = "", placeholder: str = "", max_length: int | None = None,
                 disabled: bool = False, debounce: bool | int = True, rows: int | None = None, *,
                 label: str = "", on_change: OnChange = None, full_width: bool = False):
        if rows is not None and (not isinstance(rows, int) or rows < 1):
            raise ValueError(f"text_area: rows must be a whole number of 1 or more, not {rows!r}")
        super().__init__(value, placeholder, "text", max_length, disabled, debounce,
                         label=label, on_change=on_change, full_width=full_width)
        del self._options["input_kind"]
        self._options["rows"] = rows


class checkbox(UIElement):
    """A box to tick; by default unticked."""

    kind = "checkbox"

    def __init__(self, value: bool = False, *, label: str = "", disabled: bool = False,
                 on_change: OnChange = None):
        self._options = {"disabled": bool(disabled)}
        super().__init__(value, label=label, on_change=on_change)

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        if not isinstance(raw, bool):
            raise self._fail(f"takes true or false, not {raw!r}")
        return raw, raw

    def _props(self) -> dict[str, Any]:
        return self._options


class switch(checkbox):
    """An on/off switch; by default off."""

    kind = "switch"


# -- choices ---------------------------------------------------------------------------------------


def _options(owner: str, options: Any) -> dict[str, Any]:
    """Label -> option: a dict as given, or a list whose items are their own options (labelled
    by `str`)."""
    if isinstance(options, Mapping):
        return {str(k): v for k, v in options.items()}
    if isinstance(options, (str, bytes)) or not hasattr(options, "__iter__"):
        raise TypeError(f"{owner} takes a list or a dict of options, not {type(options).__name__}")
    items = list(options)
    labels = [str(o) for o in items]
    if len(set(labels)) != len(labels):
        seen: set[str] = set()
        dup = next(x for x in labels if x in seen or seen.add(x))
        raise ValueError(f"{owner}: two options are labelled {dup!r}; use a dict of "
                         "label -> option to tell them apart")
    return dict(zip(labels, items))


def _label_of(owner: str, options: dict[str, Any], value: Any) -> str:
    """The label of an initial value given as a label or as an option of a list."""
    key = value if isinstance(value, str) else str(value)
    if key not in options:
        raise ValueError(f"{owner}: initial value {value!r} is not one of its options "
                         f"{list(options)}")
    return key


class _Choice(UIElement):
    """One option of a few (dropdown, radio): raw value a label or None."""

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        if raw is None:
            if not self._allow_none:
                raise self._fail("an option must be chosen")
            return None, None
        if not isinstance(raw, str) or raw not in self.options:
            raise self._fail(f"{raw!r} is not one of its options {list(self.options)}")
        return raw, self.options[raw]

    @property
    def selected_key(self) -> str | None:
        """The label of the chosen option."""
        return self._raw

    def _props(self) -> dict[str, Any]:
        return {"options": list(self.options), **self._extra}


class dropdown(_Choice):
    """One option chosen from a drop-down list. `options` is a list, or a dict of label ->
    value; `value` is the label chosen at first. Without a `value` nothing is chosen (value
    None) unless `allow_select_none=False`, which chooses the first option."""

    kind = "dropdown"
    from_series = classmethod(_choice_series)

    def __init__(self, options: Sequence[Any] | Mapping[str, Any], value: Any = None,
                 allow_select_none: bool | None = None, searchable: bool = False, *,
                 label: str = "", on_change: OnChange = None, full_width: bool = False,
                 disabled: bool = False):
        self.options = _options("dropdown", options)
        if allow_select_none is None:
            allow_select_none = value is None
        if value is None and not allow_select_none:
            if not self.options:
                raise ValueError("dropdown: with allow_select_none=False it needs options")
            value = next(iter(self.options))
        self._allow_none = bool(allow_select_none)
        self._extra = {"allow_select_none": self._allow_none, "searchable": bool(searchable),
                       "full_width": bool(full_width), "disabled": bool(disabled)}
        initial = None if value is None else _label_of("dropdown", self.options, value)
        super().__init__(initial, label=label, on_change=on_change)


class radio(_Choice):
    """One option chosen among radio buttons; `value` is the label chosen at first (none by
    default)."""

    kind = "radio"
    from_series = classmethod(_choice_series)

    def __init__(self, options: Sequence[Any] | Mapping[str, Any], value: Any = None,
                 inline: bool = False, *, label: str = "", on_change: OnChange = None,
                 disabled: bool = False):
        self.options = _options("radio", options)
        self._allow_none = value is None
        self._extra = {"inline": bool(inline), "disabled": bool(disabled)}
        initial = None if value is None else _label_of("radio", self.options, value)
        super().__init__(initial, label=label, on_change=on_change)


class multiselect(UIElement):
    """Several options chosen from a list; the value is the list of chosen options (in the
    order of `options`). `value` lists the labels chosen at first (none by default)."""

    kind = "multiselect"
    from_series = classmethod(_choice_series)

    def __init__(self, options: Sequence[Any] | Mapping[str, Any],
                 value: Sequence[Any] | None = None, *, label: str = "",
                 on_change: OnChange = None, full_width: bool = False,
                 max_selections: int | None = None, disabled: bool = False):
        self.options = _options("multiselect", options)
        if max_selections is not None and (not isinstance(max_selections, int)
                                           or max_selections < 0):
            raise ValueError(f"multiselect: max_selections must be a whole number, not "
                             f"{max_selections!r}")
        self._max = max_selections
        self._extra = {"max_selections": max_selections, "full_width": bool(full_width),
                       "disabled": bool(disabled)}
        if isinstance(value, str):
            value = [value]
        initial = [_label_of("multiselect", self.options, v) for v in value or ()]
        super().__init__(initial, label=label, on_change=on_change)

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        if not isinstance(raw, (list, tuple)) or not all(isinstance(x, str) for x in raw):
            raise self._fail(f"takes a list of option labels, not {raw!r}")
        unknown = [x for x in raw if x not in self.options]
        if unknown:
            raise self._fail(f"{unknown[0]!r} is not one of its options {list(self.options)}")
        if self._max is not None and len(set(raw)) > self._max:
            raise self._fail(f"takes at most {self._max} options, not {len(set(raw))}")
        chosen = set(raw)
        labels = [label for label in self.options if label in chosen]
        return labels, [self.options[label] for label in labels]

    def _props(self) -> dict[str, Any]:
        return {"options": list(self.options), **self._extra}


# -- dates -----------------------------------------------------------------------------------------


def _date(owner: str, what: str, x: Any) -> datetime.date | None:
    if x is None:
        return None
    if isinstance(x, datetime.datetime):
        return x.date()
    if isinstance(x, datetime.date):
        return x
    if isinstance(x, str):
        try:
            return datetime.date.fromisoformat(x)
        except ValueError:
            pass
    raise ValueError(f"{owner}: {what} must be a date or a 'YYYY-MM-DD' string, not {x!r}")


class date(UIElement):
    """A date picked on a calendar, optionally within [start, stop]; by default today (or the
    nearest end of the interval). The value is a `datetime.date`."""

    kind = "date"

    def __init__(self, start: Any = None, stop: Any = None, value: Any = None, *,
                 label: str = "", on_change: OnChange = None, full_width: bool = False,
                 disabled: bool = False):
        self._start = _date("date", "start", start)
        self._stop = _date("date", "stop", stop)
        if self._start and self._stop and self._start > self._stop:
            raise ValueError(f"date: start ({self._start}) must not be after stop ({self._stop})")
        initial = _date("date", "value", value)
        if initial is None:
            initial = datetime.date.today()
            if self._stop is not None and initial > self._stop:
                initial = self._stop
            if self._start is not None and initial < self._start:
                initial = self._start
        self._options = {"full_width": bool(full_width), "disabled": bool(disabled)}
        super().__init__(initial.isoformat(), label=label, on_change=on_change)

    start = property(lambda self: self._start)
    stop = property(lambda self: self._stop)

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        try:
            day = datetime.date.fromisoformat(raw) if isinstance(raw, str) else None
        except ValueError:
            day = None
        if day is None:
            raise self._fail(f"takes a 'YYYY-MM-DD' date, not {raw!r}")
        if (self._start and day < self._start) or (self._stop and day > self._stop):
            raise self._fail(f"{raw} is outside [{self._start or '...'}, {self._stop or '...'}]")
        return day.isoformat(), day

    def _props(self) -> dict[str, Any]:
        return {"start": self._start.isoformat() if self._start else None,
                "stop": self._stop.isoformat() if self._stop else None, **self._options}
