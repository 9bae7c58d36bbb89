"""Markdown cells as a `.py` notebook holds them: a cell whose whole code is `mo.md(r\"\"\"...\"\"\")`
(or `lichen.md(...)`), the text at the indentation of the call, as marimo writes it.

`markdown_of(code)` gives the text of such a cell, or None for any other code (an f-string, an
expression around the call); `markdown_code(text, api)` writes the cell for a text.
`markdown_code(markdown_of(code), api) == code` for every cell marimo or Lichen wrote.
"""

from __future__ import annotations

import ast

from lichen.notebook.text import normalize_code

# The name each header's notebooks call the API by: `import marimo as mo`, `import lichen`.
API_NAMES = {"marimo": "mo", "lichen": "lichen"}


def api_name(module: str) -> str:
    return API_NAMES.get(module, module)


def import_code(module: str) -> str:
    """The cell that imports the notebook API under its usual name."""
    name = api_name(module)
    return f"import {module}" if name == module else f"import {module} as {name}"


def markdown_of(code: str) -> str | None:
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Expr):
        return None
    call = tree.body[0].value
    if not (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "md"
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id in API_NAMES.values()
        and len(call.args) == 1
        and not call.keywords
        and isinstance(call.args[0], ast.Constant)
        and isinstance(call.args[0].value, str)
    ):
        return None
    return _clean(call.args[0].value)


def _clean(text: str) -> str:
    """What `md` shows: the common indentation of the lines after the first dropped, and blank
    lines at both ends (the runtime's rule, so the text is the one the cell displays)."""
    lines = text.expandtabs().split("\n")
    indents = [len(line) - len(line.lstrip()) for line in lines[1:] if line.strip()]
    margin = min(indents, default=0)
    lines = [lines[0].strip()] + [line[margin:] for line in lines[1:]]
    return normalize_code("\n".join(lines).strip("\n")).rstrip()


def markdown_code(text: str, module: str = "lichen") -> str:
    """The cell showing `text`: a raw triple-quoted string when the text allows it."""
    body = text
    call = f"{api_name(module)}.md"
    if '"""' not in text and not text.endswith("\\"):
        return f'{call}(r"""\n{body}\n""")'
    escaped = body.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return f'{call}("""\n{escaped}\n""")'
