"""Columns as LSP counts them (UTF-16 code units) and as Python does (code points), and the
identifier under a cursor."""

from __future__ import annotations


def to_utf16(line: str, column: int) -> int:
    """The UTF-16 column of code point `column` in `line`."""
    prefix = line[:column]
    if prefix.isascii():
        return len(prefix)
    return len(prefix.encode("utf-16-le")) // 2


def from_utf16(line: str, character: int) -> int:
    """The code point column of UTF-16 column `character` in `line` (clamped to the line)."""
    if line.isascii():
        return min(character, len(line))
    units = 0
    for index, char in enumerate(line):
        if units >= character:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(line)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def word_at(line: str, column: int) -> tuple[str, int] | None:
    """The identifier touching `column` (under it or just before it) and its start column."""
    start = column
    while start > 0 and _is_word(line[start - 1]):
        start -= 1
    end = column
    while end < len(line) and _is_word(line[end]):
        end += 1
    word = line[start:end]
    if not word or not word.isidentifier():
        return None
    return word, start
