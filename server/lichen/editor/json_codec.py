"""Protocol messages to and from JSON values.

msgspec converts and validates where it is installed; otherwise (Pyodide) a small converter over
the dataclasses' annotations does the same job with the standard library. Both raise
`WireError` naming the offending field, e.g. "Expected `str`, got `int` - at `$.notebookUri`".
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import lru_cache
from typing import Any, TypeVar

try:
    import msgspec
except ImportError:  # Pyodide: the standard library does it
    msgspec = None  # type: ignore[assignment]

T = TypeVar("T")


class WireError(ValueError):
    """A value that does not have the shape of its message type."""


def decode(value: Any, tp: type[T]) -> T:
    """`value` (JSON data) as an instance of `tp`, validated."""
    if msgspec is not None:
        try:
            return msgspec.convert(value, tp)
        except msgspec.ValidationError as error:
            raise WireError(str(error)) from None
    return _convert(value, tp, "$")


def to_json_value(message: Any) -> Any:
    """A message as JSON data (dicts, lists, str, numbers, bool, None)."""
    if msgspec is not None:
        return msgspec.to_builtins(message)
    return _plain(message)


def encode(message: Any) -> bytes:
    """A message as UTF-8 JSON."""
    if msgspec is not None:
        return msgspec.json.encode(message)
    return json.dumps(_plain(message), ensure_ascii=False, separators=(",", ":")).encode()


# --- the standard-library path ---------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _fail(expected: str, value: Any, path: str) -> WireError:
    return WireError(f"Expected `{expected}`, got `{_json_name(value)}` - at `{path}`")


def _json_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return type(value).__name__
    if isinstance(value, str):
        return "str"
    return "array" if isinstance(value, (list, tuple)) else "object"


def _convert(value: Any, tp: Any, path: str) -> Any:
    if tp is Any:
        return value
    if tp is type(None):
        if value is None:
            return None
        raise _fail("null", value, path)
    if tp in (str, bool):
        if type(value) is tp:
            return value
        raise _fail(tp.__name__, value, path)
    if tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise _fail("int", value, path)
    if tp is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        raise _fail("float", value, path)
    if dataclasses.is_dataclass(tp):
        return _convert_dataclass(value, tp, path)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Union or origin is getattr(types, "UnionType", None):
        return _convert_union(value, args, path)
    if origin is typing.Literal:
        if value in args and type(value) in {type(a) for a in args}:
            return value
        raise WireError(f"Invalid enum value {value!r} - at `{path}`")
    if origin in (tuple, list):
        return _convert_sequence(value, origin, args, path)
    if origin is dict:
        if not isinstance(value, dict):
            raise _fail("object", value, path)
        return {_convert(k, args[0], path): _convert(v, args[1], f"{path}[{k!r}]")
                for k, v in value.items()}
    raise TypeError(f"no conversion for the type {tp!r}")


def _convert_dataclass(value: Any, cls: type, path: str) -> Any:
    if not isinstance(value, dict):
        raise _fail("object", value, path)
    hints = _hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in value:
            kwargs[f.name] = _convert(value[f.name], hints[f.name], f"{path}.{f.name}")
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise WireError(f"Object missing required field `{f.name}` - at `{path}`")
    return cls(**kwargs)


def _convert_union(value: Any, args: tuple[Any, ...], path: str) -> Any:
    if value is None and type(None) in args:
        return None
    errors = []
    for arg in args:
        if arg is type(None):
            continue
        try:
            return _convert(value, arg, path)
        except WireError as error:
            errors.append(error)
    raise errors[0] if len(errors) == 1 else _fail(
        " | ".join(_type_name(a) for a in args), value, path)


def _convert_sequence(value: Any, origin: type, args: tuple[Any, ...], path: str) -> Any:
    if not isinstance(value, (list, tuple)):
        raise _fail("array", value, path)
    if origin is list or (len(args) == 2 and args[1] is Ellipsis):
        items = [_convert(v, args[0], f"{path}[{i}]") for i, v in enumerate(value)]
    else:
        if len(value) != len(args):
            raise WireError(f"Expected `array` of length {len(args)} - at `{path}`")
        items = [_convert(v, a, f"{path}[{i}]") for i, (v, a) in enumerate(zip(value, args))]
    return items if origin is list else tuple(items)


def _type_name(tp: Any) -> str:
    if tp is type(None):
        return "null"
    return getattr(tp, "__name__", str(tp))
