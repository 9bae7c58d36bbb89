"""marimo's markdown notebooks (`.md`, `.qmd`): read into a notebook and written back.

The file: optional YAML front matter (`---` ... `---`: `title` is the App's title, `pyproject`
the PEP 723 block), then markdown. A fenced block whose info string has braces naming `python`,
`sql` or `marimo` (```` ```python {.marimo hide_code="true"} ````) is a code cell with those
attributes; the markdown between code cells is one markdown cell, or several where a line
`<!---->` separates them. A fence closes on a line with the same fence, so a cell can show a
smaller fence inside a bigger one. Other fenced blocks are markdown.

`read_md(text)` gives an `MdDocument`: the notebook, and the text each cell was read from.
`write_md(notebook, document)` writes the cells that are as they were read from their own text,
and only the others afresh, in marimo's layout: a file marimo wrote comes back byte for byte.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from lichen import __version__
from lichen.convert.markdown_cells import markdown_of
from lichen.graph import analyse_cell
from lichen.notebook import Cell, CellConfig, CellKind, Notebook

SEPARATOR = "<!---->"
_FRONT = re.compile(r"^---\s*\n(.*?\n?)(?:---)\s*\n", re.DOTALL)
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
_BOOLEAN_KEYS = ("hide_code", "disabled")
# Front matter keys that are App options (`title` is `app_title`), the rest is the file's own.
_APP_KEYS = {"title": "app_title", "width": "width", "layout_file": "layout_file",
             "css_file": "css_file", "html_head_file": "html_head_file",
             "auto_download": "auto_download", "sql_output": "sql_output"}


@dataclass(frozen=True)
class Piece:
    """One cell's text in the file: `lead` is what comes between the previous cell and it (blank
    lines, a `<!---->`), `text` the cell itself."""

    lead: str
    text: str
    cell: Cell
    fenced: bool  # a code block (else markdown between code blocks)


@dataclass(frozen=True)
class MdDocument:
    notebook: Notebook
    front: str  # the front matter as written, with the blank lines after it; "" for none
    pieces: tuple[Piece, ...]
    trailer: str  # what follows the last cell


def is_md_notebook(text: str) -> bool:
    """Whether marimo would open the file as a notebook: front matter naming a marimo version,
    or at least one code cell."""
    front = _FRONT.match(text)
    if front and re.search(r"(?m)^marimo-version:", front.group(1)):
        return True
    return any(piece.fenced for piece in read_md(text).pieces)


def read_md(text: str) -> MdDocument:
    front_match = _FRONT.match(text)
    front, body_start = "", 0
    meta: dict[str, str] = {}
    if front_match:
        body_start = front_match.end()
        while text.startswith("\n", body_start):
            body_start += 1
        front = text[:body_start]
        meta = front_matter(front_match.group(1))
    pieces, trailer = _pieces(text, body_start)
    notebook = Notebook(
        cells=tuple(p.cell for p in pieces),
        module="marimo",
        header=_script_block(meta.get("pyproject", "")),
        app_config={_APP_KEYS[k]: v for k, v in meta.items() if k in _APP_KEYS},
        generated_with=meta.get("marimo-version"),
    )
    return MdDocument(notebook, front, tuple(pieces), trailer)


def _pieces(text: str, start: int) -> tuple[list[Piece], str]:
    lines = text[start:].splitlines(keepends=True)
    pieces: list[Piece] = []
    lead: list[str] = []  # text since the last cell that belongs to no cell
    prose: list[str] = []  # the markdown cell being gathered
    index = 0

    def close_prose() -> None:
        nonlocal lead, prose
        while prose and not prose[-1].strip():
            trailing = prose.pop()
            lead_after.insert(0, trailing)
        if prose:
            body = "".join(prose)
            cell = Cell(_markdown_cell_code(body.strip()), config=CellConfig(hide_code=True))
            pieces.append(Piece("".join(lead), body.rstrip("\n"), cell, fenced=False))
            lead = [body[len(body.rstrip("\n")):]]
            prose = []

    lead_after: list[str] = []
    while index < len(lines):
        line = lines[index]
        fence = _FENCE.match(line.rstrip("\r\n"))
        end = _closing(lines, index, fence.group("fence")) if fence else None
        if fence and end is not None and _is_code_cell(fence.group("info")):
            close_prose()
            lead.extend(lead_after)
            lead_after = []
            block = "".join(lines[index : end + 1])
            cell = _code_cell(fence.group("info"), "".join(lines[index + 1 : end]))
            pieces.append(Piece("".join(lead), block.rstrip("\r\n"), cell, fenced=True))
            lead = [block[len(block.rstrip("\r\n")):]]
            index = end + 1
            continue
        if fence and end is not None:
            _extend(prose, lead, lines[index : end + 1])
            index = end + 1
            continue
        if line.strip() == SEPARATOR:
            close_prose()
            lead.extend(lead_after)
            lead_after = []
            lead.append(line)
        else:
            if prose or line.strip():
                lead.extend(lead_after)
                lead_after = []
            _extend(prose, lead, [line])
        index += 1
    close_prose()
    return pieces, "".join(lead) + "".join(lead_after)


def _extend(prose: list[str], lead: list[str], lines: list[str]) -> None:
    """Markdown lines join the cell being gathered; blank lines before its first line belong to
    the lead."""
    for line in lines:
        if prose or line.strip():
            prose.append(line)
        else:
            lead.append(line)


def _closing(lines: list[str], start: int, fence: str) -> int | None:
    closing = re.compile(r"^[ \t]*" + re.escape(fence) + r"[ \t]*$")
    for index in range(start + 1, len(lines)):
        if closing.match(lines[index].rstrip("\r\n")):
            return index
    return None


def _is_code_cell(info: str) -> bool:
    return bool(re.search(r"\{.*(?:python|sql|marimo).*\}", info))


def _language(info: str) -> str:
    head = info.split("{", 1)[0].strip()
    if head:
        return head
    attrs = info.split("{", 1)[1] if "{" in info else ""
    for language in ("python", "sql", "markdown"):
        if re.search(rf"(?:^|[.\s]){language}(?:[.\s}}]|$)", attrs):
            return language
    return "python"


def _code_cell(info: str, body: str) -> Cell:
    attrs = {key: html.unescape(value) for key, value in _ATTRIBUTE.findall(info)}
    code = body[:-1] if body.endswith("\n") else body
    if _language(info) == "sql":
        code = _sql_code(code, attrs.get("query", "_df"),
                         attrs.get("hide_output", "false").lower() == "true", attrs.get("engine"))
    config = CellConfig(
        hide_code=attrs.get("hide_code") == "true",
        disabled=attrs.get("disabled") == "true",
        column=int(attrs["column"]) if attrs.get("column", "").isdigit() else None,
    )
    kind = CellKind.UNPARSABLE if _unparsable(code) else CellKind.CELL
    return Cell(code, name=attrs.get("name", "_"), config=config, kind=kind)


def _unparsable(code: str) -> bool:
    return any(p.kind == "syntax" for p in analyse_cell(code).problems)


def _sql_code(query: str, table: str, hide_output: bool, engine: str | None) -> str:
    """The Python cell marimo makes of a `sql` block: an f-string query given to `mo.sql`."""
    indented = "\n".join("    " + line if line else "" for line in query.split("\n"))
    closing = ['    """'] + (["    output=False"] if hide_output else [])
    closing += [f"    engine={engine}"] if engine else []
    return "\n".join([f"{table} = mo.sql(", '    f"""', indented, ",\n".join(closing), ")"])


def _markdown_cell_code(text: str) -> str:
    escaped = text.replace('"""', '\\"\\"\\"') or " "
    return f'mo.md(r"""\n{escaped}\n""")'


def front_matter(yaml: str) -> dict[str, str]:
    """The string values of flat YAML front matter: `key: value`, quoted values, and block
    scalars (`|`, `|-`, `>`, `>-`); anything else is kept in the file but not read."""
    found: dict[str, str] = {}
    lines = yaml.split("\n")
    index = 0
    while index < len(lines):
        match = re.match(r"^([\w-]+):\s*(.*)$", lines[index])
        index += 1
        if not match:
            continue
        key, value = match.group(1), match.group(2).strip()
        if value[:1] in ("|", ">"):
            block = []
            while index < len(lines) and (lines[index].startswith((" ", "\t")) or not lines[index].strip()):
                block.append(lines[index])
                index += 1
            found[key] = _block_scalar(value, block)
        elif value[:1] in ("'", '"') and value[-1:] == value[:1] and len(value) >= 2:
            found[key] = value[1:-1]
        else:
            found[key] = value
    return found


def _block_scalar(style: str, block: list[str]) -> str:
    while block and not block[-1].strip():
        block.pop()
    margin = min((len(l) - len(l.lstrip()) for l in block if l.strip()), default=0)
    lines = [line[margin:] for line in block]
    if style.startswith(">"):
        text = " ".join(line.strip() for line in lines if line.strip())
    else:
        text = "\n".join(lines)
    return text if style.endswith("-") else text + "\n"


def _script_block(pyproject: str) -> str:
    if not pyproject.strip():
        return ""
    body = "\n".join("# " + line if line else "#" for line in pyproject.rstrip("\n").split("\n"))
    return f"# /// script\n{body}\n# ///\n\n"  # a blank line before the import, as marimo writes


def write_md(notebook: Notebook, document: MdDocument | None = None) -> str:
    """The file for `notebook`; cells unchanged since `document` was read keep their text."""
    front = document.front if document is not None else _fresh_front(notebook)
    old = list(document.pieces) if document is not None else []
    out = [front]
    previous_markdown: bool | None = None
    position = 0
    for cell in notebook.cells:
        match = next((i for i in range(position, len(old)) if old[i].cell == cell), None)
        text = markdown_of(cell.code) if cell.kind == CellKind.CELL else None
        is_markdown = text is not None and _plain_markdown(text) and cell.config.column is None
        if match is not None:
            out.append(old[match].lead + old[match].text)
            position = match + 1
        else:
            lead = "" if previous_markdown is None else (
                f"\n{SEPARATOR}\n" if is_markdown and previous_markdown else "\n\n")
            out.append(lead + (text if is_markdown else _fence(cell)))
        previous_markdown = is_markdown
    out.append(document.trailer if document is not None else "\n")
    return "".join(out)


def _plain_markdown(text: str) -> bool:
    """Text a markdown cell can hold as it is: nothing in it would read back as a code cell."""
    return not any(_FENCE.match(line) and _is_code_cell(_FENCE.match(line).group("info"))
                   for line in text.split("\n")) and SEPARATOR not in text


def _fence(cell: Cell) -> str:
    attrs = []
    if cell.config.hide_code:
        attrs.append('hide_code="true"')
    if cell.config.disabled:
        attrs.append('disabled="true"')
    if cell.config.column is not None:
        attrs.append(f'column="{cell.config.column}"')
    if cell.name != "_":
        attrs.append(f'name="{html.escape(cell.name)}"')
    if _unparsable(cell.code):
        attrs.append('unparsable="true"')
    guard = "```"
    while guard in cell.code:
        guard += "`"
    info = " ".join([".marimo", *attrs])
    return f"{guard}python {{{info}}}\n{cell.code}\n{guard}"


def _fresh_front(notebook: Notebook) -> str:
    title = notebook.app_config.get("app_title")
    lines = ["---"]
    if title:
        lines.append(f"title: {_yaml_string(str(title))}")
    lines.append(f"marimo-version: {notebook.generated_with or __version__}")
    block = _pyproject_of(notebook.header)
    if block:
        lines.append("pyproject: |-")
        lines.extend("  " + line if line else "" for line in block.split("\n"))
    lines += ["---", "", ""]
    return "\n".join(lines)


def _pyproject_of(header: str) -> str:
    from lichen.notebook.script_block import script_block

    block = script_block(header)
    return block.rstrip("\n") if block else ""


def _yaml_string(value: str) -> str:
    if re.fullmatch(r"[\w .()-]+", value) and not value[0].isspace():
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
