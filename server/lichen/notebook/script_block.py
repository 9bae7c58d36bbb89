"""The PEP 723 `# /// script` block of a notebook's header: reading its metadata, adding packages.

The block is TOML written as comment lines (`# ` before each line) between `# /// script` and
`# ///`; marimo writes `requires-python` and a `dependencies` list there, one requirement a line.
Adding a package changes the block's `dependencies` list and nothing else: every other byte of the
header, the block's own comments and layout included, stays as the user wrote it. When the list
has a shape this cannot extend safely, nothing is changed and `ScriptBlockError` says what to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# PEP 723's own expression for a metadata block; only blocks of type `script` are read.
_BLOCK = re.compile(
    r"(?m)^# /// (?P<type>[a-zA-Z0-9-]+)[ \t]*$\s(?P<content>(^#(| .*)$\s)+)^# ///[ \t]*$")

# The `dependencies` key's line in the block, and a list that closes on the same line.
_KEY = re.compile(r"(?m)^# dependencies[ \t]*=[ \t]*\[")
_ONE_LINE = re.compile(r"(?P<items>[^\[\]#]*?)(?P<comma>,?)(?P<space>[ \t]*)\](?P<rest>[ \t]*(#.*)?)$")


class ScriptBlockError(ValueError):
    """The block cannot be read or extended; the message says why and what to do."""


@dataclass(frozen=True)
class ScriptMetadata:
    """What a notebook's `# /// script` block asks of the environment it runs in."""

    dependencies: tuple[str, ...] = ()
    requires_python: str | None = None


def _blocks(header: str) -> list[re.Match[str]]:
    return [m for m in _BLOCK.finditer(header) if m.group("type") == "script"]


def script_block(header: str) -> str | None:
    """The TOML inside the block (the `# ` prefix of each line removed), or None."""
    blocks = _blocks(header)
    if not blocks:
        return None
    return "".join(line[2:] if line.startswith("# ") else line[1:]
                   for line in blocks[0].group("content").splitlines(keepends=True))


def read_script_metadata(header: str) -> ScriptMetadata | None:
    """The block's metadata, None when the header has no block; raises `ScriptBlockError` for a
    block that is not what PEP 723 allows."""
    blocks = _blocks(header)
    if not blocks:
        return None
    if len(blocks) > 1:
        raise ScriptBlockError("the header has more than one `# /// script` block; keep one")
    try:
        import tomllib
    except ImportError:  # Python 3.10
        raise ScriptBlockError("reading the `# /// script` block needs Python 3.11 or later") from None
    try:
        data = tomllib.loads(script_block(header) or "")
    except tomllib.TOMLDecodeError as error:
        raise ScriptBlockError(f"the `# /// script` block is not valid TOML ({error})") from None
    dependencies = data.get("dependencies", [])
    if not isinstance(dependencies, list) or not all(isinstance(d, str) for d in dependencies):
        raise ScriptBlockError("`dependencies` in the `# /// script` block must be a list of strings")
    requires = data.get("requires-python")
    if requires is not None and not isinstance(requires, str):
        raise ScriptBlockError("`requires-python` in the `# /// script` block must be a string")
    return ScriptMetadata(tuple(dependencies), requires)


def script_dependencies(header: str) -> tuple[list[str], str | None]:
    """The block's `dependencies`, and the problem with the block if there is one (the block is
    then ignored)."""
    try:
        metadata = read_script_metadata(header)
    except ScriptBlockError as error:
        return [], str(error)
    return (list(metadata.dependencies) if metadata else []), None


def requirement_name(requirement: str) -> str:
    """The distribution a requirement names (`six>=1.16` -> `six`, `six @ URL` -> `six`; a
    wheel's URL or file name -> its distribution)."""
    text = requirement.strip()
    direct = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*@", text)
    if direct:
        return direct.group(1)
    if text.endswith(".whl"):
        return text.rsplit("/", 1)[-1].split("-", 1)[0]
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", text)
    return match.group(0) if match else text


def normalize(name: str) -> str:
    """A distribution's name as PEP 503 compares them (`Foo_Bar` and `foo-bar` are one)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def with_dependencies(header: str, packages: list[str]) -> str:
    """The header with `packages` added to its block's `dependencies` (those already listed, by
    distribution name, are skipped); a header without a block gets one at its top, after a `#!`
    line if there is one."""
    metadata = read_script_metadata(header)
    listed = {normalize(requirement_name(d)) for d in (metadata.dependencies if metadata else ())}
    new: list[str] = []
    for package in packages:
        key = normalize(requirement_name(package))
        if key not in listed:
            listed.add(key)
            new.append(package)
    if not new:
        return header
    for package in new:
        if '"' in package or "\\" in package or "\n" in package:
            raise ScriptBlockError(f"{package!r} is not a requirement that can be written here")
    if metadata is None:
        return _with_new_block(header, new)
    block = _blocks(header)[0]
    start, end = block.span("content")
    content = _with_listed(block.group("content"), new)
    updated = header[:start] + content + header[end:]
    if read_script_metadata(updated) != ScriptMetadata((*metadata.dependencies, *new),
                                                       metadata.requires_python):
        raise ScriptBlockError("the `dependencies` list in the `# /// script` block has a layout "
                               f"Lichen cannot extend; add {', '.join(new)} to it by hand")
    return updated


def _with_new_block(header: str, packages: list[str]) -> str:
    lines = ["# /// script", "# dependencies = ["]
    lines += [f'#     "{p}",' for p in packages]
    lines += ["# ]", "# ///", ""]
    block = "\n".join(lines)
    if header.startswith("#!"):
        first, _, rest = header.partition("\n")
        return f"{first}\n{block}" + ("\n" + rest if rest else "")
    return block + ("\n" + header if header else "")


def _with_listed(content: str, packages: list[str]) -> str:
    """The block's content lines with `packages` in its `dependencies` list, added as the list
    is written: one a line before the closing `# ]`, or inside a list closed on its own line."""
    key = _KEY.search(content)
    if key is None:  # no list yet: one at the end of the block
        added = "".join(f'#     "{p}",\n' for p in packages)
        return content + "# dependencies = [\n" + added + "# ]\n"
    line_end = content.find("\n", key.end())
    line_end = len(content) if line_end < 0 else line_end
    one_line = _ONE_LINE.match(content, key.end(), line_end)
    if one_line is not None:
        items = one_line.group("items")
        quoted = ", ".join(f'"{p}"' for p in packages)
        joined = f"{items}, {quoted}" if items.strip() else quoted
        return (content[:key.end()] + joined + one_line.group("comma") + one_line.group("space")
                + "]" + one_line.group("rest") + content[line_end:])
    closing = re.compile(r"(?m)^#[ \t]*\][ \t]*$").search(content, line_end)
    if closing is None:
        return content  # not a layout this knows: the caller refuses
    items = content[line_end + 1:closing.start()]
    indent = re.search(r"(?m)^#([ \t]+)[\"']", items)
    pad = indent.group(1) if indent else "    "
    before = items
    last = re.search(r"(?m)^#[^\n]*[\"'][ \t]*(?P<comma>,?)[^\n]*\n\Z", items)
    if last is not None and not last.group("comma"):
        before = None  # the last item has no comma: one must be placed after it
        quote_end = items.rfind('"', 0, len(items) - 1)
        quote_end = max(quote_end, items.rfind("'", 0, len(items) - 1))
        before = items[:quote_end + 1] + "," + items[quote_end + 1:]
    added = "".join(f'#{pad}"{p}",\n' for p in packages)
    return content[:line_end + 1] + before + added + content[closing.start():]


def script_metadata(header: str) -> tuple[dict[str, Any], str | None]:
    """The block's whole table ({} when there is none; `[tool.lichen]` is read from it,
    `lichen.kernel.launchers.from_notebook`), and what is wrong with the block if something is
    (the block then counts as empty)."""
    blocks = _blocks(header)
    if not blocks:
        return {}, None
    if len(blocks) > 1:
        return {}, "the header has more than one `# /// script` block; keep one"
    try:
        import tomllib
    except ImportError:  # Python 3.10
        return {}, "reading the `# /// script` block needs Python 3.11 or later"
    try:
        return tomllib.loads(script_block(header) or ""), None
    except tomllib.TOMLDecodeError as error:
        return {}, f"the `# /// script` block is not valid TOML ({error})"
