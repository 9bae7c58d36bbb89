"""`lichen run --sandbox`: the notebook runs as a script with its sandbox's interpreter."""

from __future__ import annotations

import subprocess
import sys
from typing import Sequence

from lichen.sandbox.environment import prepare


def run_sandboxed(path: str, header: str, argv: Sequence[str]) -> int:
    """Build or reuse the sandbox of the notebook at `path` (whose header is `header`), run the
    notebook there and return its exit status. Progress goes to stderr, prefixed."""
    def say(message: str) -> None:
        print(f"lichen: sandbox: {message}", file=sys.stderr, flush=True)

    sandbox = prepare(path, header, sys.executable, say)
    if sandbox.reused:
        say(f"reusing {sandbox.directory}")
    # -I: the sandbox sees neither PYTHONPATH nor the user's site-packages, only what it holds.
    command = [sandbox.python, "-I", "-m", "lichen", "run", path, "--", *argv]
    return subprocess.run(command, check=False).returncode
