"""The notebook header's PEP 723 `# /// script` block: reading its dependencies, adding some."""

from __future__ import annotations

import re

_BLOCK = re.compile(r"(?m)^# /// script\s*$\n(?P<body>(?:^#(?: .*)?$\n)*?)^# ///\s*$")


def script_block(header: str) -> str | None:
    """The TOML inside the block (the `# ` prefix of each line removed), or None."""
    match = _BLOCK.search(header)
    if match is None:
        return None
    return "".join(line[2:] if line.startswith("# ") else line[1:] for line in
                   match.group("body").splitlines(keepends=True))


def with_dependencies(header: str, packages: list[str]) -> str:
    """The header with `packages` in its block's `dependencies` (a block is added when there is
    none). A block whose dependencies this cannot place is left alone, packages appended as a
    comment line inside it, so nothing is lost."""
    packages = list(dict.fromkeys(packages))
    if not packages:
        return header
    match = _BLOCK.search(header)
    if match is None:
        lines = ["# /// script", "# dependencies = ["]
        lines += [f'#     "{p}",' for p in packages]
        lines += ["# ]", "# ///", ""]
        return "\n".join(lines) + ("\n" + header if header else "")
    body = match.group("body")
    listed = re.search(r"(?m)^# dependencies = \[\n((?:^#     .*\n)*)^# \]$", body)
    if listed is None:
        added = "".join(f'#     "{p}",\n' for p in packages)
        new_body = body + "# dependencies = [\n" + added + "# ]\n"
    else:
        added = "".join(f'#     "{p}",\n' for p in packages if f'"{p}"' not in listed.group(1))
        new_body = body[: listed.end(1)] + added + body[listed.end(1):]
    return header[: match.start("body")] + new_body + header[match.end("body"):]
