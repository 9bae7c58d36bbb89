"""IPython's magics and shell lines, which a reactive notebook cannot run, turned into code it can.

`translate(code)` gives the cell's new code, the packages `%pip install` asked for (they belong in
the notebook's PEP 723 block) and one note per change. Code that already parses as Python is never
touched: a line starting with `%` or `!` inside a string is text, not a magic. What has a Lichen
equivalent becomes it; anything else is commented out, with a note in the cell saying why.
"""

from __future__ import annotations

import ast
import re
import shlex
from dataclasses import dataclass

from lichen.convert.markdown_cells import api_name, markdown_code

NOTE = "# lichen: "  # prefix of the comment left where a line had to change
_ASSIGNED = re.compile(r"[A-Za-z_][\w.]*\s*=\s*[!%]")  # `files = !ls`, `t = %timeit -o f()`


@dataclass(frozen=True)
class Translated:
    code: str
    packages: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def translate(code: str, module: str = "lichen") -> Translated:
    """`module` is the notebook's API (`lichen` or `marimo`), for the equivalents that call it."""
    if _parses(code):
        return Translated(code)
    lines = code.split("\n")
    first = lines[0].strip()
    if first.startswith("%%"):
        return _cell_magic(first[2:], "\n".join(lines[1:]), module)
    packages: list[str] = []
    notes: list[str] = []
    out: list[str] = []
    for line in lines:
        stripped = line.lstrip()
        margin = line[: len(line) - len(stripped)]
        if stripped.startswith(("%", "!")) or _is_help(stripped) or _ASSIGNED.match(stripped):
            new, found, note = _line_magic(stripped)
            packages.extend(found)
            notes.append(note)
            out.extend(margin + part for part in new)
        else:
            out.append(line)
    return Translated("\n".join(out), tuple(packages), tuple(notes))


def _parses(code: str) -> bool:
    try:
        ast.parse(code)
    except (SyntaxError, ValueError):
        return False
    return True


def _is_help(line: str) -> bool:
    """`obj?` and `obj??`: IPython's help lookups."""
    return line.endswith("?") and _parses(line.rstrip("?")) and bool(line.rstrip("?"))


def _line_magic(line: str) -> tuple[list[str], tuple[str, ...], str]:
    """The lines replacing one magic or shell line, packages to install, and the note."""
    if _ASSIGNED.match(line):
        note = f"`{line}` commented out: it assigns the result of a magic or shell command"
        return [f"{NOTE}not Python, not run: {line}"], (), note
    command, _, rest = line.lstrip("%!").partition(" ")
    shell = line.startswith("!")
    words = _words(rest)
    if command in ("pip", "uv", "conda", "mamba") and words[:1] == ["install"]:
        packages = tuple(w for w in words[1:] if not w.startswith("-"))
        note = f"`{line}`: {', '.join(packages) or 'nothing'} added to the notebook's dependencies"
        return [f"{NOTE}{line}  (in the PEP 723 block at the top now)"], packages, note
    if command == "matplotlib" and not shell:
        note = f"`{line}` removed: figures show inline"
        return [f"{NOTE}{line}  (figures show inline; nothing to do)"], (), note
    if command == "env" and not shell and "=" in rest:
        key, _, value = rest.partition("=")
        note = f"`{line}` became os.environ[{key.strip()!r}] = ..."
        return ["import os", f"os.environ[{key.strip()!r}] = {value.strip()!r}"], (), note
    if shell:
        note = f"shell line `{line}` commented out: run it in a terminal, or use subprocess.run"
        return [f"{NOTE}shell line, run it in a terminal: {line}"], (), note
    if _is_help(line):
        note = f"help lookup `{line}` commented out: hover the name instead"
        return [f"{NOTE}help lookup: {line}"], (), note
    note = f"IPython magic `{line}` commented out: a reactive notebook has no magics"
    return [f"{NOTE}IPython magic, not run: {line}"], (), note


def _cell_magic(head: str, body: str, module: str) -> Translated:
    name, _, _ = head.partition(" ")
    if name in ("time", "timeit", "capture"):
        inner = translate(body, module)
        note = f"`%%{head}` removed: the cell's run time shows in its status"
        code = f"{NOTE}%%{head} removed (Lichen times every cell)\n{inner.code}"
        return Translated(code, inner.packages, (note, *inner.notes))
    if name in ("markdown", "md"):
        note = f"`%%{name}` cell became a markdown cell"
        return Translated(markdown_code(body, module), (), (note,))
    if name == "html":
        call = f"{api_name(module)}.Html"
        return Translated(f"{call}({body!r})", (), (f"`%%html` cell became a call to {call}",))
    commented = "\n".join("# " + line if line else "#" for line in body.split("\n"))
    note = f"`%%{name}` cell commented out: it is not Python"
    return Translated(f"{NOTE}%%{head} cell, not Python, not run:\n{commented}", (), (note,))


def _words(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()
