"""The extension's settings, and the environment kernels start with.

Bad settings never stop the daemon: what cannot be read is reported in one line and the
defaults apply.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from lichen.daemon.envfile import KernelEnv
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


def kernel_options(settings: Settings, base_env: Mapping[str, str],
                   on_problem: Callable[[str], None] = lambda message: None) -> KernelOptions:
    """The interpreter, mode and environment for kernels. The env file is read in the background
    (`KernelEnv`), and only in a trusted workspace; `on_problem` hears why it could not be used."""
    env_file = settings.envFile if settings.trusted and settings.envFile else None
    python = settings.pythonPath or sys.executable
    return KernelOptions(python, settings.onCellChange, KernelEnv(base_env, env_file, on_problem))


def current_env() -> dict[str, str]:
    return dict(os.environ)
