"""The notebook's own name problems, from the graph: what no cell defines, what no cell reads.

- A name a cell reads that no cell defines and that is not a builtin raises NameError when the
  cell runs (a warning at each place the cell reads it). Names other cells define are never
  reported: the graph knows them all, which a language server fed one cell at a time does not.
  After an `import *` in any cell nothing is reported undefined (any name may come from it).
- An import no cell reads, not even its own (a hint, drawn faded). A non-private name imported
  by one cell and read by another is used.

Each cell's answer depends on its code and on which of its names the other cells define or read;
it is cached by those, so publishing after one edit works out again only the cells it affects.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import lru_cache

from lichen.graph import Graph
from lichen.graph.analyse import is_private
from lichen.language.occurrences import global_mentions, scopes_of
from lichen.language.text import to_utf16

WARNING, HINT = 2, 4  # LSP DiagnosticSeverity
UNNECESSARY = 1  # LSP DiagnosticTag


@dataclass(frozen=True)
class NameProblem:
    line: int  # 0-based
    character: int  # UTF-16
    end_character: int
    message: str
    code: str  # "undefined-name" | "unused-import"
    severity: int
    tags: tuple[int, ...] = ()


def name_problems(graph: Graph, cell: str, starred: bool | None = None
                  ) -> tuple[NameProblem, ...]:
    """The cell's undefined names and unused imports, in text order. `starred`: whether some
    cell has an `import *` (worked out here when not given)."""
    if starred is None:
        starred = any(error.kind == "import-star" for error in graph.errors)
    facts = graph.facts(cell)
    undefined = () if starred else tuple(sorted(n for n in facts.refs if not graph.definers(n)))
    read_elsewhere = tuple(sorted(n for n in facts.defs
                                  if not is_private(n) and graph.readers(n)))
    return _problems(graph.code(cell), undefined, read_elsewhere)


@lru_cache(maxsize=4096)
def _problems(code: str, undefined: tuple[str, ...], read_elsewhere: tuple[str, ...]
              ) -> tuple[NameProblem, ...]:
    scopes = scopes_of(code)
    if scopes is None:
        return ()
    lines = scopes.lines
    found: list[NameProblem] = []
    for name in undefined:
        for mention in global_mentions(code, name):
            if not mention.binding:
                found.append(_at(lines, mention.line, mention.column, name, WARNING,
                                 "undefined-name",
                                 f"`{name}` is not defined by any cell and is not a builtin: "
                                 f"the cell will raise NameError. Define it in a cell or fix "
                                 f"the spelling."))
    for name in _imported_names(scopes.tree):
        if name in read_elsewhere:
            continue
        mentions = global_mentions(code, name)
        if any(not m.binding for m in mentions):
            continue
        for mention in mentions:
            if mention.imported:
                found.append(_at(lines, mention.line, mention.column, name, HINT,
                                 "unused-import", f"`{name}` is imported but no cell reads it.",
                                 (UNNECESSARY,)))
    return tuple(sorted(found, key=lambda p: (p.line, p.character)))


def _imported_names(tree: ast.Module) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(a.asname or a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module != "__future__":
            names.extend(a.asname or a.name for a in node.names if a.name != "*")
    return list(dict.fromkeys(names))


def _at(lines, line: int, column: int, name: str, severity: int, code: str, message: str,
        tags: tuple[int, ...] = ()) -> NameProblem:
    text = lines[line] if line < len(lines) else ""
    return NameProblem(line, to_utf16(text, column), to_utf16(text, column + len(name)),
                       message, code, severity, tags)
