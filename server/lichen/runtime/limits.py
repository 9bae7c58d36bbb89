"""How large one output may be before it is replaced by a note (default 10 MB).

An output over the limit would travel to the editor and freeze it while it is drawn; instead the
cell shows how large the output was and how to raise the limit. The limit is read from
`LICHEN_OUTPUT_LIMIT_MB` in the kernel's environment (a shell's export, or the workspace's `.env`
file that VS Code's `python.envFile` names), in megabytes; it bounds each item of a cell's
output and the text a cell prints.
"""

from __future__ import annotations

import os

ENV = "LICHEN_OUTPUT_LIMIT_MB"
DEFAULT_MB = 10


def configured() -> int:
    """The limit in characters (each a byte on the wire: binary data travels as base64)."""
    text = os.environ.get(ENV, "").strip()
    try:
        megabytes = float(text) if text else DEFAULT_MB
    except ValueError:
        megabytes = DEFAULT_MB
    return int(megabytes * 1_000_000) if megabytes > 0 else DEFAULT_MB * 1_000_000


def how_to_raise() -> str:
    return f"set {ENV} (megabytes) in the kernel's environment or the workspace's .env file to raise it"


def megabytes(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def oversized_note(mimetype: str, size: int, limit: int) -> str:
    """The text shown instead of an output item of `size` characters."""
    return (f"[output not shown: this {mimetype} output is {megabytes(size)}, over the "
            f"{megabytes(limit)} limit; {how_to_raise()}]")
