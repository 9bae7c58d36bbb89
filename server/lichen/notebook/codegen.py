"""Generating the text of notebook pieces, in the layout marimo writes (so files written by either
tool look alike and diff cleanly)."""

from __future__ import annotations

import ast
import keyword

from lichen import __version__
from lichen.notebook.model import Cell, CellConfig, CellKind, Notebook
from lichen.notebook.syntax import parse_python
from lichen.notebook.text import indent

INDENT = "    "
MAX_LINE = 80
GUARD = 'if __name__ == "__main__":\n    app.run()'


def preamble_text(notebook: Notebook) -> str:
    return "\n\n".join(
        [
            preamble_part("import", notebook),
            preamble_part("version", notebook) + "\n" + preamble_part("app", notebook),
        ]
    )


def preamble_part(kind: str, notebook: Notebook) -> str:
    if kind == "import":
        return f"import {notebook.module}"
    if kind == "version":
        return f"__generated_with = {_string(notebook.generated_with or __version__)}"
    arguments = [f"{key}={_value(value)}" for key, value in notebook.app_config.items()]
    return _call(f"app = {notebook.module}.App", arguments)


def cell_text(cell: Cell, params: tuple[str, ...], returns: tuple[str, ...]) -> str:
    """The cell's piece of the file. Code that parses as a cell but not once written in the
    file's form (`from __future__` or `import *` inside a function, `global x` of a name that
    is a parameter, a form feed before indentation) is written as an unparsable cell, its text
    kept whole, so the file still compiles and `python notebook.py` still runs."""
    tree = _parse(cell.code)
    if cell.kind == CellKind.UNPARSABLE or tree is None:
        return _unparsable(cell)
    if cell.kind == CellKind.SETUP:
        text = _setup(cell, tree)
    elif cell.kind in (CellKind.FUNCTION, CellKind.CLASS) and _is_single_definition(cell, tree):
        decorator = "function" if cell.kind == CellKind.FUNCTION else "class_definition"
        text = _decorator(decorator, cell.config) + "\n" + cell.code
    else:
        text = _cell(cell, tree, params, returns)
    return text if compile_error(text) is None else _unparsable(cell)


def compile_error(text: str) -> SyntaxError | None:
    """Why `text` does not compile as a module (None when it does): the parser's errors and
    the compiler's (scoping: `global` of a parameter, `import *` in a function)."""
    try:
        compile(text, "<notebook>", "exec", dont_inherit=True)
    except SyntaxError as error:
        return error
    except (ValueError, MemoryError, RecursionError) as error:  # NUL bytes, deep nesting
        return SyntaxError(str(error))
    return None


def _cell(cell: Cell, tree: ast.Module, params: tuple[str, ...], returns: tuple[str, ...]) -> str:
    name = cell.name if _is_identifier(cell.name) else "_"
    prefix = "async def" if _awaits(tree) else "def"
    lines = [_decorator("cell", cell.config), _call(f"{prefix} {name}", list(params), ":")]
    if cell.code:
        lines.extend(indent(cell.code, INDENT))
    if _ends_with_definition(tree, cell.code):
        lines.append("")  # a formatter's blank line after an import, def or class
    lines.append(INDENT + _return(returns))
    return "\n".join(lines)


def _return(names: tuple[str, ...]) -> str:
    if not names:
        return "return"
    if len(names) == 1:
        attempt = f"return ({names[0]},)"
        if len(INDENT + attempt) < MAX_LINE:
            return attempt
        return "return (\n" + INDENT * 2 + names[0] + ",\n" + INDENT + ")"
    attempt = f"return ({', '.join(names)})"
    if len(INDENT + attempt) < MAX_LINE:
        return attempt
    return "return (\n" + ",\n".join(INDENT * 2 + n for n in names) + ",\n" + INDENT + ")"


def _call(head: str, arguments: list[str], suffix: str = "") -> str:
    """`head(a, b)suffix`, or one argument a line when that does not fit in 80 columns."""
    attempt = f"{head}({', '.join(arguments)}){suffix}"
    if not arguments or len(attempt) < MAX_LINE:
        return attempt
    return f"{head}(\n" + ",\n".join(INDENT + a for a in arguments) + f",\n){suffix}"


def _decorator(name: str, config: CellConfig) -> str:
    arguments = _config_arguments(config)
    return _call(f"@app.{name}", arguments) if arguments else f"@app.{name}"


def _config_arguments(config: CellConfig) -> list[str]:
    arguments = []
    if config.column is not None:
        arguments.append(f"column={config.column}")
    if config.disabled:
        arguments.append("disabled=True")
    if config.hide_code:
        arguments.append("hide_code=True")
    arguments.extend(f"{key}={source}" for key, source in config.extra)
    return arguments


def _setup(cell: Cell, tree: ast.Module) -> str:
    arguments = _config_arguments(cell.config)
    head = "async with" if _awaits(tree) else "with"
    header = _call(f"{head} app.setup", arguments, ":") if arguments else f"{head} app.setup:"
    code = cell.code
    if not tree.body:
        code = code + "\npass" if code else "pass"  # a block needs a statement
    return "\n".join([header, *indent(code, INDENT)])


def _unparsable(cell: Cell) -> str:
    arguments = [_string_block(cell.code)] + _config_arguments(cell.config)
    arguments.append(f"name={_string(cell.name or '_')}")
    lines = ["app._unparsable_cell("]
    lines.extend(",\n".join(arguments).split("\n"))
    lines = [lines[0]] + [INDENT + line if line else "" for line in lines[1:]]
    return "\n".join(lines) + "\n)"


def _string_block(code: str) -> str:
    """The code as a triple-quoted literal spread over lines; the caller indents every line."""
    if '"""' not in code and _printable(code):
        return 'r"""\n' + code + '\n"""'
    escaped = code.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(ch if _printable_char(ch) else _escape(ch) for ch in escaped)
    return '"""\n' + escaped + '\n"""'


def _printable(text: str) -> bool:
    return all(_printable_char(ch) for ch in text)


def _printable_char(ch: str) -> bool:
    return ch in "\n\t" or (ch >= " " and ch != "\x7f" and not 0xD800 <= ord(ch) <= 0xDFFF)


def _escape(ch: str) -> str:
    return f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}"


def _string(value: str) -> str:
    """A one-line string literal: line breaks and other control characters escaped."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(_one_line_char(ch) for ch in escaped) + '"'


def _one_line_char(ch: str) -> str:
    if ch == "\n":
        return "\\n"
    if ch == "\r":
        return "\\r"
    return ch if _printable_char(ch) else _escape(ch)


def _value(value: object) -> str:
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (list, tuple)):
        items = ", ".join(_value(v) for v in value)
        if isinstance(value, list):
            return f"[{items}]"
        return f"({items}{',' if len(value) == 1 else ''})"
    return repr(value)


def _parse(code: str) -> ast.Module | None:
    try:
        return parse_python(code)
    except SyntaxError:
        return None


def _is_identifier(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name)


def _is_single_definition(cell: Cell, tree: ast.Module) -> bool:
    if cell.kind == CellKind.CLASS:
        kinds: tuple[type, ...] = (ast.ClassDef,)
    else:
        kinds = (ast.FunctionDef, ast.AsyncFunctionDef)
    return len(tree.body) == 1 and isinstance(tree.body[0], kinds)


def _ends_with_definition(tree: ast.Module, code: str) -> bool:
    """marimo (like ruff) leaves a blank line before `return` after an import, def or class that
    ends the cell, unless comments follow it."""
    if not tree.body:
        return False
    last = tree.body[-1]
    definitions = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return isinstance(last, definitions) and last.end_lineno == code.count("\n") + 1


def _awaits(tree: ast.Module) -> bool:
    """Whether the code awaits at the top level, so its function must be `async def`."""
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Await, ast.AsyncFor, ast.AsyncWith)):
            return True
        if isinstance(node, (ast.comprehension,)) and node.is_async:
            return True
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            # Their bodies run later, in their own scope; decorators and defaults run now.
            stack.extend(getattr(node, "decorator_list", ()))
            args = getattr(node, "args", None)
            if args is not None:
                stack.extend(args.defaults + [d for d in args.kw_defaults if d is not None])
            stack.extend(getattr(node, "bases", ()))
            continue
        stack.extend(ast.iter_child_nodes(node))
    return False
