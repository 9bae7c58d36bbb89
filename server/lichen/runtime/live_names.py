"""What only the live namespace knows, asked for by the editor: completions after `x.` and inside
`x["`, and a short description of a value for hover.

The static engine (`lichen.language`) knows what the code says; a kernel that ran the cells
knows what the values are: attributes set dynamically, a dict's keys, a dataframe's columns.
Jedi's `Interpreter` completes on the live objects. It is imported only when asked, and it is
optional: an interpreter without Jedi answers nothing (`lichen[lsp]` brings it). Jedi is told
not to run properties and other descriptors (`allow_unsafe_interpreter_executions`), so a
completion runs no user code beyond `dir()`. A dataframe's columns inside `df["`, which Jedi
does not know, come from narwhals (one code path for pandas, polars, pyarrow...).

Only attribute and key positions are asked about: a bare name's completions are the static
engine's, whose module holds every global of the notebook, and Jedi's cost there is the
whole namespace.

Each completion is `{"name", "type", "typed"}`: the text to insert, Jedi's kind of name, and
how many characters before the cursor it replaces (the part of it already typed).
"""

from __future__ import annotations

import inspect
import re
from typing import Any, Mapping

from lichen.runtime.private import is_private
from lichen.runtime.variables import short_value

# `x.attr` (the attribute typed so far) and `x.y["key` (the key typed so far, its quote).
_ATTRIBUTE = re.compile(r"\.\s*\w*$")
_KEY = re.compile(r"(?P<target>[^\W\d]\w*(?:\s*\.\s*[^\W\d]\w*)*)\s*\[\s*"
                  r"(?P<quote>[rRbBuU]?['\"])(?P<typed>[^'\"\\]*)$")
_MAX_ITEMS = 500  # keys or columns offered at most (a wide frame has thousands)


def seen_from(namespace: Mapping[str, Any], prefix: str, hidden: frozenset[str]
              ) -> dict[str, Any]:
    """The namespace as one cell's code sees it: other cells' private names left out, the
    cell's own (`prefix`: `private.prefix_for` the cell) under the names it writes, and the
    `hidden` names (the defs of its descendants, which it cannot read) left out."""
    view = {name: value for name, value in namespace.items()
            if not is_private(name) and name not in hidden}
    mine = prefix + "_"
    view.update((name[len(prefix):], value) for name, value in namespace.items()
                if name.startswith(mine))
    return view


def value_of(namespace: Mapping[str, Any], prefix: str, name: str) -> dict[str, Any] | None:
    """`describe` of the global `name` as the cell of `prefix` reads it; None if unbound."""
    key = prefix + name if is_private(name) else name
    if key not in namespace:
        return None
    return describe(namespace[key])


def complete(namespace: Mapping[str, Any], code: str, line: int, column: int
             ) -> list[dict[str, Any]]:
    """Completions at (0-based `line`, `column` in code points) of `code` run in `namespace`;
    [] at a bare name, or when Jedi is not installed here."""
    lines = code.split("\n")
    before = lines[line][:column] if 0 <= line < len(lines) else ""
    after = lines[line][column:] if 0 <= line < len(lines) else ""
    key = _KEY.search(before)
    if key is None and _ATTRIBUTE.search(before) is None:
        return []
    # Paths inside strings are the static engine's too: only what the values say is kept.
    found = [item for item in _jedi_completions(namespace, code, line, column)
             if item["type"] != "path"]
    if key is not None:
        known = {item["name"] for item in found}
        found += [item for item in _column_keys(namespace, key, after) if item["name"] not in known]
    return found[:_MAX_ITEMS]


def describe(value: Any) -> dict[str, Any]:
    """The value's type (with its module) and the variables view's one-line summary of it
    (`lichen.runtime.variables`: a frame's or array's shape, a container's length)."""
    kind = type(value)
    module = kind.__module__
    shown = kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"
    return {"type": shown, "summary": short_value(value)}


def _jedi_completions(namespace: Mapping[str, Any], code: str, line: int, column: int
                      ) -> list[dict[str, Any]]:
    try:
        import jedi
    except ImportError:
        return []
    jedi.settings.allow_unsafe_interpreter_executions = False
    try:
        found = jedi.Interpreter(code, [dict(namespace)]).complete(line + 1, column)
    except Exception:  # noqa: BLE001 - Jedi cannot read every value: no live items then
        return []
    return [{"name": c.name, "type": c.type, "typed": len(c.name) - len(c.complete or "")}
            for c in found[:_MAX_ITEMS]]


def _column_keys(namespace: Mapping[str, Any], key: re.Match, after: str) -> list[dict[str, Any]]:
    """The columns of the dataframe before `["`, as keys in the quote typed."""
    value = _plain_value(namespace, key["target"])
    names = _columns(value)
    quote, typed = key["quote"], key["typed"]
    mark = quote[-1]
    closing = "" if after.startswith(mark) else mark
    return [{"name": f"{quote}{name}{closing}", "type": "string", "typed": len(quote) + len(typed)}
            for name in names if name.startswith(typed) and mark not in name and "\\" not in name]


def _plain_value(namespace: Mapping[str, Any], dotted: str) -> Any:
    """The value `a.b.c` names, read without running a property or `__getattr__`; None where
    a step is not a plain attribute."""
    first, *rest = (part.strip() for part in dotted.split("."))
    value = namespace.get(first)
    for attribute in rest:
        try:
            found = inspect.getattr_static(value, attribute)
        except AttributeError:
            return None
        if hasattr(type(found), "__get__") and not inspect.isclass(found):
            return None  # a property, method or other descriptor: reading it runs code
        value = found
    return value


def _columns(value: Any) -> list[str]:
    if value is None:
        return []
    from lichen.runtime.tables import is_frame

    if not is_frame(value):
        return []
    try:
        import narwhals as nw

        frame = nw.from_native(value, allow_series=False)
        names = frame.collect_schema().names()
    except Exception:  # noqa: BLE001 - narwhals missing, or it does not read this frame
        return []
    return [name for name in names if isinstance(name, str)][:_MAX_ITEMS]
