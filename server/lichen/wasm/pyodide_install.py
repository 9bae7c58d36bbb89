"""Installing packages in Pyodide: micropip, with the wheels the worker was given taking
precedence over any package index.

The worker writes the wheels it ships (micropip's among them) into `WHEELS`; micropip itself is
unpacked from there the first time a package is missing, so a notebook that needs nothing
extra never pays for it. Everything else comes from micropip's index (PyPI), when it is
reachable.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import site
import sys
import zipfile
from typing import Any

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


def _micropip() -> Any:
    try:
        import micropip
    except ImportError:
        wheel = shipped_wheels().get("micropip")
        if wheel is None:
            raise RuntimeError("micropip is not shipped with this worker, so no package can "
                               "be installed") from None
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(site.getsitepackages()[0])
        importlib.invalidate_caches()
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
        wheel = shipped_wheels().get(normalize(name))
        options = {} if self.index_urls is None else {"index_urls": self.index_urls}
        await micropip.install(f"emfs:{wheel}" if wheel else requirement, **options)
        importlib.invalidate_caches()
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return "(version unknown)"


def in_pyodide() -> bool:
    return sys.platform == "emscripten"
