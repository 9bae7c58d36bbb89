"""Markdown cells: the cells an editor shows as Markdown, and the code written for one.

A cell is a Markdown cell when its whole code is one call of `md` on the module a cell imports
(`import marimo as mo` then `mo.md(...)`, `import lichen` then `lichen.md(...)`, any alias) with
one plain string literal as its only argument: raw or not, any quotes, no f-string, no bytes, no
implicit concatenation, no comment. Anything else (`mo.md(f"...")`, `mo.md("...").center()`, two
statements) stays a code cell.

The text shown is what `md` renders (`clean_markdown`: the common indentation and the blank lines
at both ends dropped). An unedited Markdown cell keeps its code to the byte (`cell_code` returns
the old code while it still shows the same text); an edited one is written as marimo writes it,

    mo.md(r\"\"\"
    the text
    \"\"\")

with a raw literal when that reads back to the text, else an escaped one (`\"\"\"` inside, a
carriage return, a NUL or a lone surrogate in the text). Either way the literal's value is the
text with a newline on each side, so reading the cell back shows the same text whenever the text
is one `md` renders as it is (`is_clean`); for other text (a tab, every line indented) the file
keeps every character and the cell shows it as `md` renders it.
"""

from __future__ import annotations

import ast
import io
import tokenize
from typing import Iterable

# Modules whose `md` renders Markdown: marimo's, and Lichen's, which serves it inside a kernel.
MODULES = ("marimo", "lichen")
# The name a notebook's own import binds when a Markdown cell needs one and no cell has it.
DEFAULT_ALIAS = {"marimo": "mo", "lichen": "lichen"}

_SKIPPED = (tokenize.NL, tokenize.NEWLINE, tokenize.ENDMARKER, tokenize.INDENT, tokenize.DEDENT)
_PLAIN_PREFIXES = ("", "r", "u")
NEWLINE, BACKSLASH = "\n", "\\"
# How a literal is written: (raw, quote character). marimo writes r"""...""".
RAW_DOUBLE = (True, '"')


def module_aliases(codes: Iterable[str]) -> frozenset[str]:
    """The names cells bind to marimo or Lichen at their top level (`import marimo as mo`,
    `import lichen`): the names a Markdown cell's call may go through."""
    found: set[str] = set()
    for code in codes:
        if not any(f"import {module}" in code for module in MODULES):
            continue  # most cells: no parse needed
        try:
            tree = ast.parse(code)
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            continue
        for statement in tree.body:
            if isinstance(statement, ast.Import):
                for alias in statement.names:
                    if alias.name in MODULES:
                        found.add(alias.asname or alias.name)
    return frozenset(found)


def markdown_text(code: str, aliases: Iterable[str]) -> str | None:
    """The text a Markdown cell with this code shows, or None when the code is no plain `md`
    call through one of `aliases`."""
    call = _plain_call(code)
    if call is None or call[0] not in set(aliases):
        return None
    return clean_markdown(call[1])


def markdown_alias(code: str) -> str | None:
    """The name a plain `md` call goes through (`mo` in `mo.md("...")`), whatever it is bound to."""
    call = _plain_call(code)
    return None if call is None else call[0]


def cell_code(text: str, previous: str | None, alias: str) -> str:
    """The code of a Markdown cell showing `text`: `previous` (the code the cell was read with)
    while it still shows this text through the same alias, else the call written afresh, in the
    quotes and raw-ness `previous` had."""
    style = RAW_DOUBLE
    if previous is not None:
        call = _plain_call(previous)
        if call is not None and call[0] == alias and clean_markdown(call[1]) == text:
            return previous
        style = _literal_style(previous) or style
    return markdown_code(text, alias, style)


def choose_alias(previous: str | None, aliases: Iterable[str], module: str) -> str:
    """The name a Markdown cell's call goes through: the one its code used, else the one the
    notebook's cells import (the module's usual name first), else the module's usual name."""
    used = None if previous is None else markdown_alias(previous)
    if used is not None:
        return used
    known = set(aliases)
    usual = DEFAULT_ALIAS.get(module, "mo")
    if usual in known or not known:
        return usual
    return "mo" if "mo" in known else min(known)


def import_code(alias: str, module: str) -> str:
    """The import a cell needs so that `alias.md(...)` runs in a notebook importing `module`."""
    return f"import {alias}" if alias in MODULES else f"import {module} as {alias}"


def markdown_code(text: str, alias: str, style: tuple[bool, str] = RAW_DOUBLE) -> str:
    """`alias.md(...)` on a literal whose value is the text with a newline on each side."""
    return f"{alias}.md({string_literal(NEWLINE + text + NEWLINE, *style)})"


def string_literal(value: str, raw: bool = True, quote: str = '"') -> str:
    """A triple-quoted Python literal whose value is exactly `value`: raw when asked and no
    character needs an escape; else backslashes are escaped, a quote is escaped where the next
    character is one too (so three never meet) or it ends the value, and characters a source
    file cannot hold (carriage return, NUL, lone surrogates) are spelled out."""
    fence = quote * 3
    if raw and _raw_is_exact(value, quote):
        return f"r{fence}{value}{fence}"
    out = []
    for index, char in enumerate(value):
        if char == BACKSLASH:
            out.append(BACKSLASH * 2)
        elif char == quote and (value[index + 1:index + 2] == quote or index == len(value) - 1):
            out.append(BACKSLASH + quote)
        elif char in "\r\x00" or "\ud800" <= char <= "\udfff":
            out.append(f"{BACKSLASH}u{ord(char):04x}" if ord(char) > 0xFF
                       else f"{BACKSLASH}x{ord(char):02x}")
        else:
            out.append(char)
    return fence + "".join(out) + fence


def is_clean(text: str) -> bool:
    """Whether `md` renders `text` as it is, so a Markdown cell shows back what was typed."""
    return clean_markdown("\n" + text + "\n") == text


def clean_markdown(text: str) -> str:
    """What `md` renders of its argument, as `inspect.cleandoc` does: tabs expanded, the first
    line's leading space and the common indentation of the others dropped, and blank lines at
    both ends removed (so a triple-quoted string can be indented with the code)."""
    lines = text.expandtabs().split("\n")
    indents = [len(line) - len(line.lstrip()) for line in lines[1:] if line.strip()]
    margin = min(indents, default=0)
    lines = [lines[0].lstrip()] + [line[margin:] for line in lines[1:]]
    return "\n".join(lines).strip("\n")


def _raw_is_exact(value: str, quote: str) -> bool:
    # A raw literal cannot hold its closing quotes, ends right after a trailing backslash's
    # quote, and Python reads a carriage return in source as a newline; NUL and lone surrogates
    # cannot be written in a UTF-8 source file at all.
    if quote * 3 in value or "\r" in value or "\x00" in value or value.endswith((BACKSLASH, quote)):
        return False
    return not any("\ud800" <= char <= "\udfff" for char in value)


def _literal_style(code: str) -> tuple[bool, str] | None:
    """(raw, quote character) of the literal in a plain `md` call; None for any other code."""
    if _plain_call(code) is None:
        return None
    literal = code[code.index("(") + 1:].lstrip()
    prefix = _prefix(literal)
    return "r" in prefix, literal[len(prefix)]


def _plain_call(code: str) -> tuple[str, str] | None:
    """(alias, string value) when `code` is exactly `alias.md(<one plain literal>)`."""
    if ".md" not in code:
        return None
    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(code).readline)
                  if t.type not in _SKIPPED]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return None
    if len(tokens) == 7 and tokens[5].string == ",":
        tokens = tokens[:5] + tokens[6:]  # `mo.md("...",)`, as a formatter may leave it
    if len(tokens) != 6:
        return None
    name, dot, md, opening, literal, closing = tokens
    shape = (name.type == tokenize.NAME and dot.string == "." and md.string == "md"
             and opening.string == "(" and closing.string == ")" and literal.type == tokenize.STRING)
    if not shape or _prefix(literal.string) not in _PLAIN_PREFIXES:
        return None
    try:
        value = ast.literal_eval(literal.string)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    return (name.string, value) if isinstance(value, str) else None


def _prefix(literal: str) -> str:
    return literal[: len(literal) - len(literal.lstrip("rRuUbBfFtT"))].lower()
