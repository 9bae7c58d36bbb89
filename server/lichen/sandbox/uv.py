"""Finding and running uv, which builds the sandboxes (optional: `pip install uv`)."""

from __future__ import annotations

import shutil
import subprocess
from typing import Sequence


class SandboxError(RuntimeError):
    """A sandbox could not be built; the message says why and what to do."""


MISSING = ("Sandboxes are built with uv, which is not installed: install it "
           "(`python -m pip install uv`) and try again, or run without the sandbox.")


def find_uv() -> str:
    """The uv executable: the one on PATH, else the one the `uv` package installed here."""
    found = shutil.which("uv")
    if found:
        return found
    try:
        from uv import find_uv_bin
    except ImportError:
        raise SandboxError(MISSING) from None
    try:
        return find_uv_bin()
    except FileNotFoundError:
        raise SandboxError(MISSING) from None


def run_uv(uv: str, args: Sequence[str]) -> subprocess.CompletedProcess[str]:
    """`uv ARGS`, its output captured (the user's uv configuration, an index for instance,
    applies)."""
    return subprocess.run([uv, *args], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, check=False)


def failure(what: str, result: subprocess.CompletedProcess[str]) -> SandboxError:
    """The error for a uv command that failed, with uv's own last lines."""
    lines = (result.stderr or result.stdout).strip().splitlines()[-12:]
    return SandboxError(f"{what} failed (uv exited with {result.returncode}):\n" + "\n".join(lines))
