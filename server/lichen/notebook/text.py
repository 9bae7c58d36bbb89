"""Line-level helpers shared by the reader and the writer."""

from __future__ import annotations

import re

_NEWLINE = re.compile(r"\r\n|\r|\n")
# Blank lines at the edges of a cell's code: not part of the code.
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t\f]*\n)+")
_TRAILING_BLANK_LINES = re.compile(r"(?:\n[ \t\f]*)+\Z")


def split_lines(text: str) -> list[str]:
    """Lines with their endings, counted the way `ast` counts them (\\r\\n, \\r and \\n)."""
    lines: list[str] = []
    start = 0
    for match in _NEWLINE.finditer(text):
        lines.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


def strip_newline(line: str) -> str:
    return line.rstrip("\r\n")


def normalize_code(code: str) -> str:
    """A cell's code as it is kept: `\\n` line endings, no blank lines at either edge."""
    if "\r" in code:
        code = _NEWLINE.sub("\n", code)
    code = _LEADING_BLANK_LINES.sub("", code)
    code = _TRAILING_BLANK_LINES.sub("", code)
    return "" if code.isspace() else code


def indentation(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t\f"))]


def indent(code: str, prefix: str) -> list[str]:
    """The code's lines with `prefix` before each non-empty one (whitespace-only lines too, so
    that `dedent` restores them exactly)."""
    return [prefix + line if line else "" for line in code.split("\n")]


def dedent(lines: list[str], prefix: str) -> str:
    """Inverse of `indent`: drop `prefix` where a line has it. A line that lacks it (a comment at
    column 0, the inside of a string) is kept whole; a whitespace-only line shorter than the prefix
    becomes empty."""
    out = []
    for line in lines:
        line = strip_newline(line)
        if line.startswith(prefix):
            out.append(line[len(prefix) :])
        elif line.strip(" \t\f") == "":
            out.append("")
        else:
            out.append(line)
    return normalize_code("\n".join(out))


def common_indentation(lines: list[str]) -> str:
    """The longest whitespace prefix shared by all non-blank lines."""
    prefix: str | None = None
    for line in lines:
        line = strip_newline(line)
        if not line.strip():
            continue
        own = indentation(line)
        if prefix is None:
            prefix = own
        else:
            while not own.startswith(prefix):
                prefix = prefix[:-1]
    return prefix or ""
