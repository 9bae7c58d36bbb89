"""Building a notebook's sandbox with uv, and reusing it while its `# /// script` block stays.

One environment per notebook file (the folder is named for the file's absolute path), holding
`lichen-sandbox.json`: what it was built from (the block's metadata, the base interpreter, the
packages Lichen's kernel needs). It is reused while that record matches; otherwise it is built
again from nothing. The record is written last, so an environment whose build was cut short is
never reused. A lock file keeps two builds of one notebook's sandbox from overlapping.

Packages come from uv's cache first (`--offline`); only when the cache lacks one is the index
asked. Lichen is linked, not installed: a `.pth` file puts a folder holding a link to the
running `lichen` package on the environment's path, so the sandbox always runs this Lichen and
sees nothing else of the interpreter that built it.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Sequence

from lichen.kernel.errors import KERNEL_PACKAGES
from lichen.notebook.script_block import (
    ScriptBlockError,
    ScriptMetadata,
    normalize,
    read_script_metadata,
    requirement_name,
)
from lichen.sandbox.uv import SandboxError, failure, find_uv, run_uv

CACHE = "LICHEN_SANDBOX_CACHE"  # where sandboxes are kept, when not the user's cache folder
RECORD = "lichen-sandbox.json"
_LINK_DIR = "lichen-runtime"

Say = Callable[[str], None]

__all__ = ["Sandbox", "SandboxError", "add_packages", "prepare", "sandbox_directory"]


@dataclass(frozen=True)
class Sandbox:
    directory: Path
    python: str  # the environment's interpreter
    reused: bool  # True: it was there already, built from the same block


def cache_root() -> Path:
    configured = os.environ.get(CACHE)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lichen" / "sandboxes"


def sandbox_directory(notebook_path: str) -> Path:
    path = os.path.abspath(notebook_path)
    digest = hashlib.sha256(path.encode("utf-8")).hexdigest()[:16]
    return cache_root() / f"{Path(path).stem}-{digest}"


def prepare(notebook_path: str, header: str, base_python: str, say: Say = lambda _: None) -> Sandbox:
    """The notebook's sandbox for the block in `header`, built with `base_python` when it is not
    there or was built from something else. Raises `SandboxError` saying what to do."""
    metadata = _metadata(header)
    directory = sandbox_directory(notebook_path)
    wanted = _record(metadata, base_python)
    with _locked(directory):
        python = _python(directory)
        if _read_record(directory) == wanted and os.path.exists(python):
            _link_lichen(directory)
            return Sandbox(directory, python, reused=True)
        count = len(metadata.dependencies)
        say(f"building the sandbox ({count} dependenc{'y' if count == 1 else 'ies'}) with uv")
        _build(directory, metadata, base_python, say)
        _write_record(directory, wanted)
        return Sandbox(directory, python, reused=False)


def add_packages(sandbox: Sandbox, header: str, base_python: str, packages: Sequence[str],
                 say: Say = lambda _: None) -> None:
    """Install `packages` into the sandbox, whose notebook's header (already holding them) is
    `header`; the record then says the sandbox matches that header, so it is kept."""
    with _locked(sandbox.directory):
        _install(find_uv(), sandbox.python, list(packages), say)
        _write_record(sandbox.directory, _record(_metadata(header), base_python))


def _metadata(header: str) -> ScriptMetadata:
    try:
        return read_script_metadata(header) or ScriptMetadata()
    except ScriptBlockError as error:
        raise SandboxError(f"The notebook's sandbox cannot be built: {error}.") from None


def _record(metadata: ScriptMetadata, base_python: str) -> dict:
    return {"metadata": asdict(metadata) | {"dependencies": list(metadata.dependencies)},
            "python": os.path.abspath(base_python), "kernel": list(_kernel_requirements())}


def _build(directory: Path, metadata: ScriptMetadata, base_python: str, say: Say) -> None:
    uv = find_uv()
    if directory.exists():
        shutil.rmtree(directory)
    made = run_uv(uv, ["venv", "--quiet", "--no-project", "--python", base_python, str(directory)])
    if made.returncode != 0:
        raise failure(f"Creating the sandbox with {base_python}", made)
    _install(uv, _python(directory), [*metadata.dependencies, *_kernel_requirements()], say)
    _link_lichen(directory)


def _install(uv: str, python: str, requirements: list[str], say: Say) -> None:
    """Install from uv's cache alone, then, when the cache lacks something, from the index."""
    if not requirements:
        return
    args = ["pip", "install", "--quiet", "--python", python, *requirements]
    if run_uv(uv, [*args[:2], "--offline", *args[2:]]).returncode == 0:
        return
    say("fetching packages uv's cache does not hold")
    result = run_uv(uv, args)
    if result.returncode != 0:
        raise failure(f"Installing {', '.join(requirements)} into the sandbox", result)


def _kernel_requirements() -> tuple[str, ...]:
    """What Lichen's kernel needs beside Lichen, as Lichen's own metadata pins it."""
    names = {pip_name for _, pip_name in KERNEL_PACKAGES}
    try:
        from importlib.metadata import PackageNotFoundError, requires

        declared = requires("lichen") or []
    except PackageNotFoundError:  # running from a bundle, not an installed distribution
        declared = []
    pinned = [r for r in declared
              if ";" not in r and normalize(requirement_name(r)) in names]
    return tuple(pinned) if len(pinned) == len(names) else tuple(sorted(names))


def _python(directory: Path) -> str:
    return str(directory / "bin" / "python")


def _link_lichen(directory: Path) -> None:
    """Point the environment at the running Lichen (again: it may have moved since)."""
    import lichen

    links = directory / _LINK_DIR
    links.mkdir(exist_ok=True)
    link = links / "lichen"
    target = Path(lichen.__file__).resolve().parent
    if not (link.is_symlink() and Path(os.readlink(link)) == target):
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(target, target_is_directory=True)
    for site in directory.glob("lib/python*/site-packages"):
        pth = site / "_lichen_runtime.pth"
        if not pth.exists() or pth.read_text(encoding="utf-8").strip() != str(links):
            pth.write_text(f"{links}\n", encoding="utf-8")


def _read_record(directory: Path) -> dict | None:
    try:
        return json.loads((directory / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_record(directory: Path, record: dict) -> None:
    (directory / RECORD).write_text(json.dumps(record, indent=2), encoding="utf-8")


class _locked:
    """Holds `directory`'s lock file (beside it) while a sandbox is checked or built."""

    def __init__(self, directory: Path) -> None:
        self.path = directory.with_name(directory.name + ".lock")

    def __enter__(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.file = open(self.path, "a")
        fcntl.flock(self.file, fcntl.LOCK_EX)

    def __exit__(self, *_: object) -> None:
        fcntl.flock(self.file, fcntl.LOCK_UN)
        self.file.close()
