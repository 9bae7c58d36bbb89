"""The extension's settings, and the environment kernels start with.

Bad settings never stop the daemon: what cannot be read is reported in one line and the
defaults apply.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from typing import Any, Mapping

from lichen.daemon.wire import WireError, decode
from lichen.protocol import Settings


@dataclass(frozen=True)
class KernelOptions:
    """How to start a notebook's kernel."""

    python: str
    mode: str  # "autorun" | "lazy"
    env: Mapping[str, str]


def read_settings(value: Any) -> tuple[Settings, str | None]:
    """Settings from `initializationOptions` or a configuration change, and a problem if any.

    Accepts the `Settings` object itself or one nested under "lichen".
    """
    if value is None:
        return Settings(), None
    if isinstance(value, dict) and isinstance(value.get("lichen"), dict):
        value = value["lichen"]
    try:
        return decode(value, Settings), None
    except WireError as error:
        return Settings(), f"Lichen settings ignored ({error}); using the defaults"


def kernel_options(settings: Settings, base_env: Mapping[str, str]) -> tuple[KernelOptions, str | None]:
    """The interpreter, mode and environment for kernels, and a problem with the env file if any."""
    env = dict(base_env)
    problem = None
    if settings.envFile:
        try:
            with open(settings.envFile, encoding="utf-8") as file:
                env.update(parse_env_file(file.read(), env))
        except FileNotFoundError:
            pass  # like VS Code's Python extension: a missing env file is no error
        except (OSError, UnicodeDecodeError) as error:
            problem = f"Could not read the env file {settings.envFile}: {error}"
    python = settings.pythonPath or sys.executable
    return KernelOptions(python, settings.onCellChange, env), problem


_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*?)\s*$")
_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def parse_env_file(text: str, env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The variables of a dotenv file, as VS Code's Python extension reads them.

    `KEY=value` per line, optional `export`, `#` comments, single quotes taken literally, double
    quotes with `\\n` escapes, and `${NAME}` substituted from earlier lines or `env`.
    """
    known = dict(env or {})
    found: dict[str, str] = {}
    for line in text.splitlines():
        match = _LINE.match(line)
        if match is None or line.lstrip().startswith("#"):
            continue
        name, raw = match.groups()
        value = _value(raw, known)
        found[name] = known[name] = value
    return found


def _value(raw: str, known: Mapping[str, str]) -> str:
    if len(raw) >= 2 and raw[0] == raw[-1] == "'":
        return raw[1:-1]
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        raw = raw[1:-1].replace("\\n", "\n")
    else:
        raw = raw.split(" #", 1)[0].rstrip()
    return _VARIABLE.sub(lambda m: known.get(m.group(1), ""), raw)


def current_env() -> dict[str, str]:
    return dict(os.environ)
