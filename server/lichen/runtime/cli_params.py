"""marimo's `mo.cli_args()`: the notebook's command-line arguments parsed into named values.

`python nb.py -- --size 10 --name=x --verbose` gives `{"size": 10, "name": "x", "verbose": ""}`:
leading dashes are dropped, a value follows a space or `=`, words up to the next option join
the value, numbers and `true`/`false` become int, float and bool, and a repeated option holds
a list. `lichen.cli_args()` stays the plain list; this is what the `marimo` stand-in serves.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Sequence

from lichen.runtime import control

__all__ = ["CLIArgs", "cli_args", "parse_cli_args"]


_BOOLS = {"true": True, "True": True, "false": False, "False": False}


def _typed(value: str) -> Any:
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            pass
    return _BOOLS.get(value, value)


def parse_cli_args(argv: Sequence[str]) -> dict[str, Any]:
    """`argv` as named values (words before the first option are dropped)."""
    options: list[str] = []
    for arg in argv:
        if arg.startswith("-"):
            options.append(arg)
        elif options:
            options[-1] += f" {arg}"
    parsed: dict[str, Any] = {}
    for option in options:
        option = option.lstrip("-")
        if "=" in option:
            key, value = option.split("=", 1)
        elif " " in option:
            key, value = (part.strip() for part in option.split(" ", 1))
        else:
            key, value = option, ""
        value = _typed(value)
        if key not in parsed:
            parsed[key] = value
        elif isinstance(parsed[key], list):
            parsed[key].append(value)
        else:
            parsed[key] = [parsed[key], value]
    return parsed


class CLIArgs:
    """The parsed arguments, read-only: `get(key, default)`, `get_all(key)` (always a list),
    `args[key]` (None when absent), `key in args`, `to_dict()`, `keys()`, `items()`."""

    def __init__(self, values: dict[str, Any]):
        self._values = values

    def get(self, key: str, default: Any = None) -> Any:
        return self._values.get(key, default)

    def get_all(self, key: str) -> list[Any]:
        value = self._values.get(key)
        if value is None:
            return []
        return list(value) if isinstance(value, list) else [value]

    def __getitem__(self, key: str) -> Any:
        return self._values.get(key)

    def __contains__(self, key: object) -> bool:
        return key in self._values

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def to_dict(self) -> dict[str, Any]:
        return dict(self._values)

    def keys(self) -> Iterable[str]:
        return self._values.keys()

    def items(self) -> Iterable[tuple[str, Any]]:
        return self._values.items()

    def __repr__(self) -> str:
        return f"CLIArgs({self._values})"

    def __str__(self) -> str:
        return str(self._values)

    def _display_(self) -> Any:
        from lichen.runtime.presentation import tree

        return tree(self._values)


def cli_args() -> CLIArgs:
    """The notebook's command-line arguments (what follows the notebook, or `--`) by name."""
    return CLIArgs(parse_cli_args(control.current_argv()))
