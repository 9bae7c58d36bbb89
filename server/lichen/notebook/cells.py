"""Reading one cell out of its item: the code the user edits, its name and its config."""

from __future__ import annotations

import ast
import re
import textwrap

from lichen.notebook import items as K
from lichen.notebook.items import Item
from lichen.notebook.model import Cell, CellConfig, CellKind
from lichen.notebook.syntax import parse_python
from lichen.notebook.text import common_indentation, dedent, indentation, normalize_code, strip_newline

_CONFIG_KEYS = ("hide_code", "disabled", "column")


def read_cell(lines: list[str], item: Item, comments: list[str]) -> Cell:
    """The cell an item holds. `comments` are the comment lines just above it, kept in the code."""
    cell = item.cell or _READERS.get(item.kind, _read_stray)(lines, item)
    if comments:
        above = "\n".join(strip_newline(line) for line in comments)
        cell = Cell(above + "\n" + cell.code, cell.name, cell.config, cell.kind)
    return cell


def _read_cell(lines: list[str], item: Item) -> Cell:
    node = item.node
    assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    config = read_config(item.decorator)
    colon = _header_end(lines, node)
    body = node.body
    item.code_start = body[0].lineno - 1 if colon is None else colon + 1
    if colon is None or body[0].lineno - 1 <= colon:
        # The body starts on the `def` line: take the statements' own text.
        item.code_start = body[0].lineno - 1
        code = "\n".join(ast.get_source_segment("".join(lines), s) or "" for s in body)
        return Cell(_without_return_statement(code, body), node.name, config, CellKind.CELL)
    prefix = indentation(lines[body[0].lineno - 1])
    code_lines = lines[colon + 1 : item.end]
    last = body[-1]
    if isinstance(last, ast.Return) and (len(body) == 1 or body[-2].end_lineno < last.lineno):
        ret_start, ret_end = last.lineno - 1, last.end_lineno or last.lineno
        tail = strip_newline(lines[ret_end - 1])[last.end_col_offset or 0 :].strip()
        code_lines = (
            lines[colon + 1 : ret_start]
            + ([prefix + tail] if tail else [])
            + lines[ret_end : item.end]
        )
    return Cell(dedent(code_lines, prefix), node.name, config, CellKind.CELL)


def _without_return_statement(code: str, body: list[ast.stmt]) -> str:
    if isinstance(body[-1], ast.Return):
        segments = code.split("\n")
        return "\n".join(segments[:-1])
    return code


def _read_setup(lines: list[str], item: Item) -> Cell:
    node = item.node
    assert isinstance(node, (ast.With, ast.AsyncWith))
    config = read_config(node.items[0].context_expr)
    colon = _header_end(lines, node)
    item.code_start = node.body[0].lineno - 1
    if colon is None or node.body[0].lineno - 1 <= colon:
        segment = "\n".join(ast.get_source_segment("".join(lines), s) or "" for s in node.body)
        return Cell(segment, "setup", config, CellKind.SETUP)
    prefix = indentation(lines[node.body[0].lineno - 1])
    item.code_start = colon + 1
    code = dedent(lines[colon + 1 : item.end], prefix)
    # A setup block holding only comments needs a `pass` to be valid Python; it is not user code.
    if code.endswith("\npass") and _only_comments(code[: -len("\npass")]):
        code = code[: -len("\npass")]
    return Cell(code, "setup", config, CellKind.SETUP)


def _only_comments(code: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in code.split("\n"))


def _read_definition(lines: list[str], item: Item) -> Cell:
    """`@app.function` / `@app.class_definition`: the code is the definition itself."""
    node = item.node
    assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    decorator = item.decorator
    assert decorator is not None
    item.code_start = decorator.end_lineno
    code = "\n".join(strip_newline(line) for line in lines[decorator.end_lineno : item.end])
    kind = CellKind.CLASS if item.kind == K.CLASS else CellKind.FUNCTION
    return Cell(code, node.name, read_config(decorator), kind)


def _read_unparsable(lines: list[str], item: Item) -> Cell:
    node = item.node
    assert isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
    call = node.value
    value = call.args[0].value  # type: ignore[attr-defined]
    item.code_start = call.args[0].lineno - 1 + value.startswith("\n")
    name = "_"
    keywords = []
    for keyword in call.keywords:
        if keyword.arg == "name" and isinstance(keyword.value, ast.Constant):
            name = str(keyword.value.value)
        else:
            keywords.append(keyword)
    return Cell(unparsable_code(value), name, _config_of_keywords(keywords), CellKind.UNPARSABLE)


def unparsable_code(value: str) -> str:
    """The code inside `app._unparsable_cell(r"\"\"...\"\"\")`.

    Written files hold it as a newline, the code indented by four spaces, a newline and four
    spaces; that shape is undone exactly. Anything else is dedented as a whole.
    """
    if value.startswith("\n") and re.search(r"\n[ \t]*\Z", value):
        body = value[1:].split("\n")[:-1]
        return dedent(body, "    ")
    return normalize_code(textwrap.dedent(value))


def _read_stray(lines: list[str], item: Item) -> Cell:
    """Code outside any cell (or a chunk that does not parse) becomes a cell of its own."""
    own = lines[item.start : item.end]
    code = dedent(own, common_indentation(own))
    item.code_start = item.start
    if item.kind == K.BROKEN:
        return _read_broken(item, own) or Cell(code, "_", CellConfig(), CellKind.UNPARSABLE)
    return Cell(code, "_", CellConfig(), _kind_of_code(code))


def _kind_of_code(code: str) -> CellKind:
    try:
        parse_python(code)
    except SyntaxError:
        return CellKind.UNPARSABLE
    return CellKind.CELL


_DEF_LINE = re.compile(r"\s*(async\s+)?def\s+(\w+)")
_RETURN_LINE = re.compile(r"\s*return\b")


def _read_broken(item: Item, own: list[str]) -> Cell | None:
    """A cell whose code has a syntax error: find its body by its lines."""
    first = strip_newline(own[0])
    if not first.startswith("@app.cell"):
        return None
    defs = [i for i, line in enumerate(own) if _DEF_LINE.match(line)]
    if not defs:
        return None
    header = defs[0]
    name = _DEF_LINE.match(own[header]).group(2)  # type: ignore[union-attr]
    colon = header
    while colon < len(own) and not strip_newline(own[colon]).rstrip().endswith(":"):
        colon += 1
    if colon >= len(own):
        return None
    body = own[colon + 1 :]
    item.code_start = item.start + colon + 1
    prefix = common_indentation(body[:1]) if body else ""
    last = max((i for i, line in enumerate(body) if line.strip()), default=None)
    if last is not None and _RETURN_LINE.match(body[last]) and indentation(body[last]) == prefix:
        body = body[:last]
    config = _config_of_decorator_text("".join(own[:header]))
    return Cell(dedent(body, prefix), name, config, CellKind.UNPARSABLE)


def _config_of_decorator_text(text: str) -> CellConfig:
    try:
        expr = parse_python(text.strip().lstrip("@"), mode="eval").body
    except SyntaxError:
        return CellConfig()
    return read_config(expr)


def read_config(decorator: ast.expr | None) -> CellConfig:
    if isinstance(decorator, ast.Call):
        return _config_of_keywords(decorator.keywords)
    return CellConfig()


def _config_of_keywords(keywords: list[ast.keyword]) -> CellConfig:
    known: dict[str, object] = {}
    extra: list[tuple[str, str]] = []
    for keyword in keywords:
        if keyword.arg is None:
            continue
        value = _literal(keyword.value)
        if keyword.arg in _CONFIG_KEYS and value is not _NOT_LITERAL:
            known[keyword.arg] = value
        else:
            extra.append((keyword.arg, ast.unparse(keyword.value)))
    column = known.get("column")
    return CellConfig(
        hide_code=bool(known.get("hide_code", False)),
        disabled=bool(known.get("disabled", False)),
        column=column if isinstance(column, int) else None,
        extra=tuple(extra),
    )


_NOT_LITERAL = object()


def _literal(node: ast.expr) -> object:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _NOT_LITERAL


def _header_end(lines: list[str], node: ast.stmt) -> int | None:
    """Index of the line holding the `:` that ends a `def` or `with` header.

    Everything between the header's last positioned part (an argument, a default, an annotation,
    a context expression) and that colon is brackets, commas, spaces, comments and newlines, so a
    plain scan finds it without tokenizing.
    """
    row, col = _header_last_position(lines, node)
    while row < len(lines):
        line = strip_newline(lines[row])
        while col < len(line):
            ch = line[col]
            if ch == "#":
                break
            if ch == ":":
                return row
            col += 1
        row, col = row + 1, 0
    return None


def _header_last_position(lines: list[str], node: ast.stmt) -> tuple[int, int]:
    """(0-based row, column) just past the last part of a header that `ast` gives a position."""
    parts: list[ast.AST] = []
    if isinstance(node, (ast.With, ast.AsyncWith)):
        for item in node.items:
            parts.append(item.context_expr)
            if item.optional_vars is not None:
                parts.append(item.optional_vars)
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        args = node.args
        every = args.posonlyargs + args.args + args.kwonlyargs
        every += [a for a in (args.vararg, args.kwarg) if a is not None]
        parts.extend(every)
        parts.extend(args.defaults)
        parts.extend(d for d in args.kw_defaults if d is not None)
        if node.returns is not None:
            parts.append(node.returns)
    ends = [(p.end_lineno or 0, p.end_col_offset or 0) for p in parts]
    if not ends:
        # `def name(` or `with`: past the keyword and name on the first line.
        line = strip_newline(lines[node.lineno - 1])
        return node.lineno - 1, line.find("(", node.col_offset) + 1 or node.col_offset
    row, col = max(ends)
    return row - 1, col


_READERS = {
    K.CELL: _read_cell,
    K.SETUP: _read_setup,
    K.FUNCTION: _read_definition,
    K.CLASS: _read_definition,
    K.UNPARSABLE: _read_unparsable,
}
