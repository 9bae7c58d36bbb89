"""Lichen: a reactive Python notebook that lives inside VS Code.

The notebook API (`App`, `md`, `stop`, `cli_args`, `sql`) and the headless `Session` are loaded
on first use, so `import lichen` stays cheap for a notebook run as a script and never imports
the kernel's transport where it cannot run (Pyodide).
"""

__version__ = "0.1.0"

_LAZY = {
    "App": "lichen.runtime.app",
    "md": "lichen.runtime.api",
    "stop": "lichen.runtime.api",
    "cli_args": "lichen.runtime.api",
    "sql": "lichen.runtime.api",
    "Session": "lichen.session",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'lichen' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
