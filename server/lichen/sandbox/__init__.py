"""Sandboxes: a notebook whose header has a PEP 723 `# /// script` block runs in an environment
of its own, built from the block by uv.

`environment` builds one per notebook file under Lichen's cache (`LICHEN_SANDBOX_CACHE`, else
`~/.cache/lichen/sandboxes`), records what it was built from, and reuses it until the block
changes; packages are taken from uv's cache first, so a rebuild needs no network when the cache
holds them. Lichen itself is linked into the environment, never installed: the sandbox runs the
Lichen that built it. `uv` finds the uv executable and says what to do when there is none.
"""

from lichen.sandbox.environment import Sandbox, SandboxError, add_packages, prepare

__all__ = ["Sandbox", "SandboxError", "add_packages", "prepare"]
