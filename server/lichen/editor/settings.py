"""The extension's settings, and how kernels start under them (`KernelOptions`; each host
builds them: the daemon reads the env file, `lichen.daemon.envfile`).

Bad settings never stop the daemon: what cannot be read is reported in one line and the
defaults apply.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lichen.editor.json_codec import WireError, decode
from lichen.kernel.launchers import LOCAL, Launcher, from_name, from_notebook, slurm_arguments
from lichen.notebook.script_block import script_metadata
from lichen.protocol import Settings


@dataclass(frozen=True)
class KernelOptions:
    """How to start a notebook's kernel."""

    python: str
    mode: str  # "autorun" | "lazy"
    env: Mapping[str, str]
    launcher: Launcher = LOCAL
    # Seconds a kernel outlives its daemon, waiting to be reattached to (`Session`'s
    # `keep_running`); None: it ends with the daemon.
    keep_running: float | None = None

    def for_notebook(self, header: str) -> tuple[KernelOptions, str | None]:
        """These options with the launcher the notebook's header asks for, if it asks (its
        PEP 723 `[tool.lichen]`), and what is wrong with that table if something is."""
        script, problem = script_metadata(header)
        try:
            launcher = from_notebook(script)
        except ValueError as error:
            problem = str(error)
            launcher = None
        if problem:
            problem = f"The notebook's kernel settings were ignored: {problem}"
        if launcher is None:
            return self, problem
        return dataclasses.replace(self, launcher=launcher), problem


def launcher_for(settings: Settings) -> tuple[Launcher, str | None]:
    """The launcher the settings choose (`lichen.kernel.launcher`), and a problem if any."""
    if settings.kernelLauncher != "slurm":
        return LOCAL, None
    slurm = settings.slurm
    options = {"partition": slurm.partition, "time": slurm.time, "cpus": slurm.cpus,
               "memory": slurm.memory, "gpus": slurm.gpus, "account": slurm.account,
               "constraint": slurm.constraint, "args": list(slurm.args)}
    try:
        return from_name("slurm", slurm_arguments(options)), None
    except ValueError as error:
        return LOCAL, f"lichen.kernel.slurm settings ignored ({error}); kernels run locally"


def keep_running(settings: Settings) -> float | None:
    """`KernelOptions.keep_running` for the settings (`lichen.kernel.keepRunning`)."""
    return max(settings.keepRunningMinutes, 1.0) * 60 if settings.keepRunning else None


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
