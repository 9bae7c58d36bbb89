"""The notebook's globals as the variables view lists them: per name, its type, a short value and
its size in memory where that is cheap to know, with the cell that defined it.

A short value never prints a whole object: arrays and frames show their shape and dtypes (read
from their attributes, so numpy and pandas are never imported here), containers their length and
their first items, UI elements their value, anything else a clipped `repr`. A `repr` that raises is shown as such.

Private names (`_x`) are left out: they live in their own cell only (mangled in the namespace,
`lichen.runtime.private`), so no other cell can read them and listing them would show the
namespace's mangled keys, not the user's names.
"""

from __future__ import annotations

import reprlib
import sys
import types
from typing import Any, Iterable, Mapping

from lichen.runtime.private import is_private
from lichen.runtime.ui.base import UIElement

PREVIEW = 80  # characters of a short value
_SHORT = reprlib.Repr()
_SHORT.maxstring, _SHORT.maxother, _SHORT.maxlist, _SHORT.maxtuple = 60, 60, 6, 6
_SHORT.maxdict, _SHORT.maxset, _SHORT.maxlevel = 4, 6, 2
# Values whose `sys.getsizeof` is their real size (or, for containers, of the container itself).
_SIZED = (int, float, complex, bool, str, bytes, bytearray, list, tuple, dict, set, frozenset)


def listing(defined: Mapping[str, Iterable[str]], namespace: Mapping[str, Any]) -> list[list[Any]]:
    """[cell id, name, type, short value, size or None] of every public global a cell defined
    that the namespace holds, sorted by name."""
    rows = []
    for cell_id, names in defined.items():
        for name in names:
            if is_private(name) or name not in namespace:
                continue
            value = namespace[name]
            rows.append([cell_id, name, type_name(value), short_value(value), size_of(value)])
    rows.sort(key=lambda row: row[1])
    return rows


def type_name(value: Any) -> str:
    """`int`, `DataFrame`, `ndarray`: the class's own name (its module is in the value's repr)."""
    return type(value).__qualname__


def short_value(value: Any) -> str:
    """One line saying what the value holds, at most `PREVIEW` characters."""
    try:
        text = _describe(value)
    except Exception as error:  # a broken __repr__ or __len__ must not cost the whole view
        text = f"<repr failed: {type(error).__name__}>"
    text = " ".join(text.split())
    return text if len(text) <= PREVIEW else text[:PREVIEW - 1] + "…"


def size_of(value: Any) -> int | None:
    """Bytes the value holds, where cheap: an array's or frame's data, a builtin's own size
    (a container's without its items); None for other objects."""
    try:
        nbytes = getattr(value, "nbytes", None)
        if isinstance(nbytes, int) and not isinstance(value, type):
            return nbytes
        usage = getattr(value, "memory_usage", None)
        if _is_frame(value) and callable(usage):
            return int(usage(index=True, deep=False).sum())
        estimated = getattr(value, "estimated_size", None)  # polars
        if _is_frame(value) and callable(estimated):
            return int(estimated())
    except Exception:
        return None
    return sys.getsizeof(value) if isinstance(value, _SIZED) else None


def _describe(value: Any) -> str:
    if isinstance(value, types.ModuleType):
        return value.__name__
    if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, type)):
        return _signature(value)
    if isinstance(value, UIElement):  # its value, not its id (which is the kernel's own)
        return f"value={_SHORT.repr(value.value)}"
    if _is_frame(value):
        rows, columns = value.shape
        return f"{rows} rows × {columns} columns: {_column_types(value)}"
    shape = getattr(value, "shape", None)
    dtype = getattr(value, "dtype", None)
    if isinstance(shape, tuple) and dtype is not None and not isinstance(value, type):
        return f"shape {shape} {dtype}"
    if isinstance(value, (str, bytes)):
        return _SHORT.repr(value) + (f" ({len(value)} characters)" if len(value) > 60 else "")
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        return f"{len(value)} items: {_SHORT.repr(value)}"
    return _SHORT.repr(value)


def _signature(value: Any) -> str:
    """`describe(values)`, `class Point`: what a function or class is called with."""
    name = getattr(value, "__qualname__", getattr(value, "__name__", "?"))
    if isinstance(value, type):
        return f"class {name}"
    import inspect  # only for functions: most globals need none of it

    try:
        return f"{name}{inspect.signature(value)}"
    except (TypeError, ValueError):
        return f"{name}(...)"


def _is_frame(value: Any) -> bool:
    """A pandas or polars DataFrame (or one like them): a 2-D shape, columns and their dtypes."""
    shape = getattr(type(value), "shape", None)
    return (shape is not None and hasattr(type(value), "columns") and hasattr(type(value), "dtypes")
            and isinstance(getattr(value, "shape", None), tuple) and len(value.shape) == 2)


def _column_types(frame: Any) -> str:
    columns = list(frame.columns)[:8]
    dtypes = frame.dtypes
    kinds = list(dtypes) if isinstance(dtypes, list) else list(dtypes.values)
    pairs = [f"{column} {kind}" for column, kind in zip(columns, kinds)]
    return ", ".join(pairs) + (", …" if len(frame.columns) > len(columns) else "")
