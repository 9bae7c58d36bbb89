"""Installing packages in Pyodide: micropip, with the wheels the worker was given taking
precedence over any package index.

The worker writes the wheels it ships (micropip's among them) into `WHEELS`; micropip itself is
unpacked from there the first time a package is missing, so a notebook that needs nothing
extra never pays for it. Everything else comes from micropip's index (PyPI), when it is
reachable.

A shipped wheel's dependencies are looked for among the shipped wheels first (`shipped_plan`:
their metadata's requirements, markers evaluated here), so a package shipped with what it needs
(anywidget with ipywidgets, traitlets, ...) installs offline; micropip installs those wheels
without resolving, and only the requirements no shipped wheel serves go to the index.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import os
import site
import sys
import zipfile
from typing import Any, Callable

from lichen.wasm.packages import normalize, requirement_name

WHEELS = "/lichen/wheels"


def shipped_wheels(directory: str = WHEELS) -> dict[str, str]:
    """Normalized distribution name -> path of the wheel shipped for it."""
    try:
        names = os.listdir(directory)
    except FileNotFoundError:
        return {}
    return {normalize(n.split("-", 1)[0]): os.path.join(directory, n)
            for n in sorted(names) if n.endswith(".whl")}


def unpack_shipped(module: str, distribution: str) -> None:
    """Make `module` importable, unpacking the wheel shipped for `distribution` into
    site-packages the first time it is needed; RuntimeError when none was shipped."""
    if importlib.util.find_spec(module) is not None:
        return
    wheel = shipped_wheels().get(distribution)
    if wheel is None:
        raise RuntimeError(f"{distribution} is not shipped with this worker")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site.getsitepackages()[0])
    importlib.invalidate_caches()


def _micropip() -> Any:
    try:
        unpack_shipped("micropip", "micropip")
    except RuntimeError:
        raise RuntimeError("micropip is not shipped with this worker, so no package can "
                           "be installed") from None
    import micropip

    return micropip


class Micropip:
    """Installs with micropip, from the shipped wheels first, else from `index_urls` (micropip's
    default, PyPI, when None)."""

    def __init__(self, index_urls: list[str] | None = None) -> None:
        self.index_urls = index_urls

    async def install(self, requirement: str) -> str:
        """Install `requirement` (a name with an optional version, or a wheel's URL); the
        version installed."""
        micropip = _micropip()
        name = requirement_name(requirement)
        shipped = shipped_wheels()
        options = {} if self.index_urls is None else {"index_urls": self.index_urls}
        if normalize(name) in shipped:
            wheels, elsewhere = shipped_plan(name, shipped, _requirement_class(), _installed)
            for wheel in wheels:
                await micropip.install(f"emfs:{wheel}", deps=False)
            if elsewhere:
                await micropip.install(elsewhere, **options)
        else:
            await micropip.install(requirement, **options)
        importlib.invalidate_caches()
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return "(version unknown)"


def shipped_plan(name: str, shipped: dict[str, str], requirement: Callable[[str], Any],
                 installed: Callable[[str], bool]) -> tuple[list[str], list[str]]:
    """The shipped wheels installing `name` takes, each after the ones it needs, and the
    requirements of theirs that no shipped wheel serves. `requirement` parses a requirement
    (packaging's `Requirement`); what `installed` says is there is left alone."""
    order: list[str] = []
    elsewhere: list[str] = []
    seen: set[str] = set()

    def visit(distribution: str) -> None:
        seen.add(distribution)
        for line in _requires(shipped[distribution]):
            needed = requirement(line)
            if needed.marker is not None and not needed.marker.evaluate({"extra": ""}):
                continue  # an extra's requirement, or another platform's
            dependency = normalize(needed.name)
            if dependency in seen or installed(dependency):
                continue
            if dependency in shipped:
                visit(dependency)
            elif str(needed) not in elsewhere:
                elsewhere.append(str(needed))
        order.append(shipped[distribution])

    visit(normalize(name))
    return order, elsewhere


def _requires(wheel: str) -> list[str]:
    """The `Requires-Dist` lines of a wheel's metadata."""
    with zipfile.ZipFile(wheel) as archive:
        metadata = next((n for n in archive.namelist()
                         if n.count("/") == 1 and n.endswith(".dist-info/METADATA")), None)
        text = archive.read(metadata).decode("utf-8") if metadata else ""
    head = text.split("\n\n", 1)[0]  # the headers end at the first blank line
    return [line.split(":", 1)[1].strip() for line in head.splitlines()
            if line.startswith("Requires-Dist:")]


def _installed(distribution: str) -> bool:
    try:
        importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def _requirement_class() -> Any:
    """packaging's `Requirement`: the one installed, else the copy micropip carries."""
    try:
        from packaging.requirements import Requirement
    except ImportError:
        from micropip._vendored.packaging.src.packaging.requirements import Requirement
    return Requirement


def in_pyodide() -> bool:
    return sys.platform == "emscripten"
