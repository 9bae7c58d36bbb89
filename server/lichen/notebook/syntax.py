"""`ast.parse` for code a user wrote, whatever it holds.

Python's parser gives up on code nested too deeply with MemoryError or RecursionError (a
thousand `(`, a long `1+1+...`, ten thousand unary minuses) and on a NUL character with
ValueError. For the reader such code is one more cell that does not parse: `parse_python`
raises SyntaxError for all of them, so reading a notebook never fails on a cell's content.
"""

from __future__ import annotations

import ast

# What `ast.parse` raises, besides SyntaxError, for text it cannot turn into a tree.
_UNPARSABLE = (ValueError, MemoryError, RecursionError, OverflowError)


def parse_python(source: str, mode: str = "exec") -> ast.AST:
    """The tree of `source`; SyntaxError for any source Python cannot parse."""
    try:
        return ast.parse(source, mode=mode)
    except _UNPARSABLE as error:
        raise SyntaxError(f"{type(error).__name__}: the code is nested too deeply or holds "
                          "a character Python cannot read") from None
