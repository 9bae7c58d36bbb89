"""py:percent scripts (`# %%` cells, as VS Code's Interactive Window and Jupytext write them) to
Lichen notebooks.

`# %% [markdown]` cells hold their text as comments (or one string); a Jupytext YAML header
(`# ---` ... `# ---`) is metadata for Jupytext and is dropped, with a note. Code before the first
`# %%` is a cell of its own.
"""

from __future__ import annotations

import re

from lichen.convert.imported import ForeignCell, assemble
from lichen.convert.result import Conversion

_MARKER = re.compile(r"^# ?%%(?!%)(?P<rest>.*)$")
_KIND = re.compile(r"\[(?P<kind>markdown|md|raw)\]")
_YAML = re.compile(r"\A(?:#!.*\n)?# ---\n(?:#.*\n)*?# ---\n")


def is_percent_script(text: str) -> bool:
    return any(_MARKER.match(line) for line in text.split("\n"))


def from_percent(text: str, *, module: str = "lichen",
                 fix_redefinitions: bool = False) -> Conversion:
    text = text.replace("\r\n", "\n")
    notes: tuple[str, ...] = ()
    header = _YAML.match(text)
    if header:
        text = text[header.end():]
        notes = ("the Jupytext header (# --- ... # ---) was dropped: it is Jupytext's metadata",)
    cells: list[ForeignCell] = []
    kind, lines = "code", []
    for line in text.split("\n"):
        marker = _MARKER.match(line)
        if marker is None:
            lines.append(line)
            continue
        _close(cells, kind, lines, first=not cells)
        found = _KIND.search(marker.group("rest"))
        kind = {"md": "markdown"}.get(found.group("kind"), found.group("kind")) if found else "code"
        lines = []
    _close(cells, kind, lines, first=not cells)
    return assemble(cells, module=module, fix_redefinitions=fix_redefinitions, notes=notes)


def _close(cells: list[ForeignCell], kind: str, lines: list[str], first: bool) -> None:
    source = "\n".join(lines).strip("\n")
    if first and not source.strip():
        return  # nothing before the first marker
    if kind == "code":
        cells.append(ForeignCell("code", source))
    else:
        cells.append(ForeignCell(kind, _uncommented(source)))


def _uncommented(source: str) -> str:
    """The text of a markdown cell: its `# ` comment prefixes removed, or the string it holds."""
    lines = source.split("\n")
    if all(line.startswith("#") or not line.strip() for line in lines):
        return "\n".join(line[2:] if line.startswith("# ") else line[1:] for line in lines)
    stripped = source.strip()
    for quote in ('"""', "'''"):
        if stripped.startswith(quote) and stripped.endswith(quote) and len(stripped) >= 6:
            return stripped[3:-3].strip("\n")
    return source
