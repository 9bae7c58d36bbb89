"""What a running kernel adds to a language answer: its completions merged with the static ones,
and a global's current value in a hover.

The kernel answers with `lichen.runtime.live_names` data (computed on the live values); this
module turns it into LSP items beside the static engine's, with no duplicate label: a name both
know keeps the static item (its documentation resolves), a name only the values know (an
attribute set with `setattr`, a dict's keys, a dataframe's columns) comes first, as it is what
the code alone could not say. Each live item replaces the part of it already typed (`textEdit`),
so a key typed after its quote is not inserted twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lichen.graph import Graph
from lichen.language.occurrences import name_at
from lichen.language.text import from_utf16, to_utf16

# Jedi's name types as LSP's CompletionItemKind; a key or a column is a Field (5).
_KIND = {"module": 9, "class": 7, "instance": 6, "function": 3, "param": 6, "keyword": 14,
         "property": 10, "statement": 6, "string": 5}
_DEFAULT_KIND = 5


@dataclass(frozen=True)
class Position:
    """Where a completion is asked, as the kernel is told: the cell's code, the cursor's line
    text and column (in code points), and the globals the cell cannot read."""

    code: str
    text: str
    column: int
    hidden: tuple[str, ...]


def position(graph: Graph, cell: str, line: int, character: int) -> Position:
    """The `Position` at LSP's (`line`, UTF-16 `character`) of `cell`."""
    code = graph.code(cell)
    lines = code.split("\n")
    text = lines[line] if 0 <= line < len(lines) else ""
    return Position(code, text, from_utf16(text, character),
                    tuple(hidden_names(graph, cell, line)))


def hidden_names(graph: Graph, cell: str, line: int) -> list[str]:
    """The globals `cell` cannot read: those its descendants define (reading one makes a
    cycle), so the live namespace does not offer them either. A cell being typed in often
    does not parse (`d["` has no closing quote yet): its defs are then read from its code
    without the cursor's `line`."""
    if any(p.kind == "syntax" for p in graph.facts(cell).problems):
        lines = graph.code(cell).split("\n")
        graph = graph.with_code(cell, "\n".join(lines[:line] + lines[line + 1:]))
    hidden: set[str] = set()
    for other in graph.descendants([cell]):
        hidden |= graph.facts(other).defs
    hidden -= graph.facts(cell).defs
    return sorted(hidden)


def global_at(graph: Graph, cell: str, line: int, character: int) -> str | None:
    """The global of the notebook (or the cell's own private global) under the cursor (LSP's
    UTF-16 `character`), if a global is what the cell mentions there."""
    code = graph.code(cell)
    lines = code.split("\n")
    text = lines[line] if 0 <= line < len(lines) else ""
    found = name_at(code, line, from_utf16(text, character))
    return found[0] if found is not None and found[1] else None


def merged(static: dict[str, Any], live: list[dict[str, Any]], at: Position, line: int
           ) -> dict[str, Any]:
    """The static CompletionList with the live items it lacks, those first."""
    known = {item["label"] for item in static["items"]}
    end = {"line": line, "character": to_utf16(at.text, at.column)}
    added = []
    for item in live:
        name = item["name"]
        if name in known:
            continue
        known.add(name)
        start = {"line": line, "character": to_utf16(at.text, max(0, at.column - item["typed"]))}
        added.append({"label": name, "kind": _KIND.get(item["type"], _DEFAULT_KIND),
                      "sortText": f"0{len(added):05d}", "filterText": name,
                      "textEdit": {"range": {"start": start, "end": end}, "newText": name}})
    items = added + [dict(item, sortText="1" + item.get("sortText", ""))
                     for item in static["items"]]
    return dict(static, items=items)


def with_value(hover: dict[str, Any] | None, value: dict[str, Any]) -> dict[str, Any]:
    """The hover (None: none) with a line on the global's current value added."""
    note = value_note(value)
    if hover is None:
        return {"contents": {"kind": "markdown", "value": note}}
    contents = hover["contents"]
    return dict(hover, contents=dict(contents, value=contents["value"] + "\n\n" + note))


def value_note(value: dict[str, Any]) -> str:
    """The hover's line on a global's current value: its type and a one-line summary."""
    return f"Current value (`{value['type']}`): {value['summary']}"
