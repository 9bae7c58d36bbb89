"""Packages the worker's Python lacks: which modules cells import that it cannot find, the PEP 723
dependencies of a notebook's header, and installing them (micropip in Pyodide).

Before cells run, their imports are read from their code (no code runs for that); the modules
that neither the standard library nor any installed package provides are installed, and only then
do the cells run. An import inside a `try` that handles ImportError is optional and left alone.
The installer itself is given (`Install`): in Pyodide it is micropip, which takes the wheels
shipped with the extension first and PyPI's pure-Python wheels when the network allows.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from dataclasses import dataclass
from typing import Awaitable, Callable, Iterable

from lichen.distributions import PROVIDED
from lichen.notebook.script_block import (  # noqa: F401 - the worker imports them from here
    normalize,
    requirement_name,
    script_dependencies,
)
from lichen.notebook.syntax import parse_python

# Install(requirement) -> the version installed; raises with the reason when it cannot.
Install = Callable[[str], Awaitable[str]]

_OPTIONAL = ("ImportError", "ModuleNotFoundError", "Exception", "BaseException")


def imported_modules(code: str) -> list[str]:
    """The top-level modules `code` imports (absolute imports outside optional blocks), in the
    order they appear; none for code that does not parse."""
    try:
        tree = parse_python(code)
    except SyntaxError:
        return []
    found: list[str] = []
    _collect(tree, found)
    return list(dict.fromkeys(found))


def _collect(node: ast.AST, found: list[str]) -> None:
    if isinstance(node, ast.Import):
        found.extend(alias.name.split(".")[0] for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        if not node.level and node.module:
            found.append(node.module.split(".")[0])
    elif isinstance(node, ast.Try) and _handles_import_error(node):
        for child in [*node.handlers, *node.orelse, *node.finalbody]:
            _collect(child, found)
        return
    for child in ast.iter_child_nodes(node):
        _collect(child, found)


def _handles_import_error(node: ast.Try) -> bool:
    for handler in node.handlers:
        if handler.type is None:
            return True
        names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        if any(isinstance(n, ast.Name) and n.id in _OPTIONAL for n in names):
            return True
    return False


def missing(modules: Iterable[str]) -> list[str]:
    """The modules of `modules` that this interpreter cannot import."""
    stdlib = getattr(sys, "stdlib_module_names", frozenset())
    out = []
    for name in modules:
        if name in PROVIDED or name in stdlib or name in sys.modules:
            continue
        try:
            if importlib.util.find_spec(name) is not None:
                continue
        except (ImportError, ValueError):
            pass
        out.append(name)
    return out


@dataclass(frozen=True)
class Outcome:
    requirement: str
    version: str | None = None  # installed
    problem: str | None = None  # could not be installed: why

    @property
    def ok(self) -> bool:
        return self.problem is None


class Installer:
    """Installs requirements once each; remembers what failed so a notebook that imports a
    package that cannot be had does not try again at every run."""

    def __init__(self, install: Install) -> None:
        self._install = install
        self._done: dict[str, Outcome] = {}

    async def ensure(self, requirement: str) -> Outcome:
        key = normalize(requirement_name(requirement))
        known = self._done.get(key)
        if known is not None:
            return known
        try:
            outcome = Outcome(requirement, version=await self._install(requirement))
        except Exception as error:  # the installer's own errors: say why, go on without it
            outcome = Outcome(requirement, problem=explain(error))
        self._done[key] = outcome
        return outcome

    def tried(self, requirement: str) -> bool:
        return normalize(requirement_name(requirement)) in self._done


def explain(error: Exception) -> str:
    """One line on why an install failed, from micropip's (or the network's) error."""
    text = " ".join(str(error).split()) or type(error).__name__
    if "pure Python" in text or "pure python" in text:
        return ("it has no pure-Python wheel: packages with compiled code need a Pyodide build, "
                "which the browser's Python here does not have")
    if any(word in text.lower() for word in ("fetch", "network", "connect", "failed to load")):
        return f"the package index could not be reached (offline?): {text}"
    if "no matching distribution" in text.lower() or "can't find" in text.lower():
        return f"no such package was found: {text}"
    return text
