"""The extension's settings, and how kernels start under them (`KernelOptions`; each host
builds them: the daemon reads the env file, `lichen.daemon.envfile`).

Bad settings never stop the daemon: what cannot be read is reported in one line and the
defaults apply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lichen.editor.json_codec import WireError, decode
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
