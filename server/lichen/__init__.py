"""Lichen: a reactive Python notebook that lives inside VS Code.

The notebook API (`App`, `md`, `stop`, `cli_args`, `sql`, `state`, `ui`, `Html`, `hstack`,
`vstack`, `tabs`, `accordion`, `callout`, `as_html`; media: `image`, `audio`, `video`, `pdf`,
`download`, `mermaid`) and the headless `Session` are loaded
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
    "state": "lichen.runtime.api",
    "Html": "lichen.runtime.api",
    "hstack": "lichen.runtime.api",
    "vstack": "lichen.runtime.api",
    "tabs": "lichen.runtime.api",
    "accordion": "lichen.runtime.api",
    "callout": "lichen.runtime.api",
    "as_html": "lichen.runtime.api",
    "image": "lichen.runtime.media",
    "audio": "lichen.runtime.media",
    "video": "lichen.runtime.media",
    "pdf": "lichen.runtime.media",
    "download": "lichen.runtime.media",
    "mermaid": "lichen.runtime.media",
    "ui": "lichen.runtime.ui",  # a package: the module itself
    "Session": "lichen.session",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'lichen' has no attribute {name!r}")
    import importlib

    imported = importlib.import_module(module)
    value = imported if module.endswith(f".{name}") else getattr(imported, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
