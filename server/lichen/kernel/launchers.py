"""How a kernel process is started: here (a local process) or in a Slurm job step.

A launcher only says what command starts the kernel's process; everything else (the private
directory, the zmq sockets, the lifeline, interrupts and deaths) is `KernelProcess`'s, the same
for both. The Slurm launcher starts a relay (`relay.py`) that runs the kernel through `srun` and
carries its frames over the step's stdio, so the controller cannot tell the two apart.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# The kernel's entry point (what `python -m lichen.kernel` runs). The notebook's directory is
# taken off sys.path while the kernel's own packages import, so that a user's `zmq.py` or
# `lichen/` folder cannot shadow them, then put back for the cells. The garbage collector waits
# until the kernel's imports are done (`serve` turns it back on): they only allocate, and
# collecting meanwhile costs about a tenth of the start-up.
_KERNEL_BOOT = ("import gc, sys; gc.disable(); first = sys.path.pop(0); "
                "from lichen.kernel.server import main; sys.path.insert(0, first); "
                "sys.exit(main(sys.argv[1:]))")
_RELAY_BOOT = ("import sys; first = sys.path.pop(0); "
               "from lichen.kernel.relay import main; sys.path.insert(0, first); "
               "sys.exit(main(sys.argv[1:]))")


@dataclass(frozen=True)
class LocalLauncher:
    """The kernel as a child process of the controller, on this machine."""

    name = "local"
    startup_timeout = 30.0  # seconds; a cold interpreter on a network file system can be slow

    def command(self, python: str, directory: str, lifeline_fd: int) -> list[str]:
        return [python, "-c", _KERNEL_BOOT, "--dir", directory, "--lifeline", str(lifeline_fd)]

    def describe(self) -> str:
        return "local"


@dataclass(frozen=True)
class SlurmLauncher:
    """The kernel in a Slurm job step of its own (`srun` with these arguments: partition, time,
    cpus, memory, gpus, account, constraint, ...). The relay on this side runs with the
    controller's interpreter; the kernel with `python`, which must exist on the compute node."""

    srun_args: tuple[str, ...] = field(default=())
    # Seconds from srun to the kernel's hello, the time the job waits in the queue included.
    startup_timeout: float = 3600.0
    name = "slurm"

    def command(self, python: str, directory: str, lifeline_fd: int) -> list[str]:
        from lichen.kernel.slurm import job_name

        return [sys.executable, "-c", _RELAY_BOOT, "--dir", directory,
                "--lifeline", str(lifeline_fd), "--python", python,
                "--name", job_name(directory), "--", *self.srun_args]

    def describe(self) -> str:
        """E.g. "Slurm (debug, 1:00:00, 4 CPUs)": the named options first, then the rest."""
        named = dict(_named(self.srun_args))
        parts = [named.pop(option) if option not in _UNITS
                 else f"{named.pop(option)} {_UNITS[option]}"
                 for option in SLURM_OPTIONS.values() if option in named]
        parts += [arg for arg in self.srun_args if _split(arg)[0] not in SLURM_OPTIONS.values()]
        return f"Slurm ({', '.join(parts)})" if parts else "Slurm"


Launcher = LocalLauncher | SlurmLauncher
LOCAL = LocalLauncher()


def from_name(name: str, srun_args: tuple[str, ...] = ()) -> Launcher:
    """The launcher called `name` ("local" or "slurm"); ValueError for another."""
    if name == "local":
        return LOCAL
    if name == "slurm":
        return SlurmLauncher(tuple(srun_args))
    raise ValueError(f"unknown kernel launcher {name!r}: use 'local' or 'slurm'")


# The resources a setting or a notebook names, and the srun option each one is.
SLURM_OPTIONS = {"partition": "--partition", "time": "--time", "cpus": "--cpus-per-task",
                 "memory": "--mem", "gpus": "--gpus", "account": "--account",
                 "constraint": "--constraint"}
_UNITS = {"--cpus-per-task": "CPUs", "--gpus": "GPUs"}


def slurm_arguments(options: Mapping[str, Any]) -> tuple[str, ...]:
    """srun's arguments for named resources (the keys of SLURM_OPTIONS; empty values left out)
    and `args`, a list of further srun arguments; ValueError saying which entry is wrong."""
    unknown = set(options) - set(SLURM_OPTIONS) - {"args"}
    if unknown:
        raise ValueError(f"unknown Slurm option {sorted(unknown)[0]!r}: use "
                         f"{', '.join(SLURM_OPTIONS)} or args")
    arguments = []
    for key, option in SLURM_OPTIONS.items():
        value = options.get(key)
        if value in (None, ""):
            continue
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise ValueError(f"Slurm option {key!r} must be a string or a number")
        arguments.append(f"{option}={value}")
    extra = options.get("args", ())
    if not isinstance(extra, (list, tuple)) or not all(isinstance(a, str) for a in extra):
        raise ValueError("Slurm option 'args' must be a list of strings (srun arguments)")
    return (*arguments, *extra)


def from_notebook(script: Mapping[str, Any]) -> Launcher | None:
    """The launcher a notebook's PEP 723 block asks for in its `[tool.lichen]` table:
    `launcher = "slurm"` and `[tool.lichen.slurm]` resources; None when it names none.
    ValueError saying what is wrong with the table."""
    table = script.get("tool", {}).get("lichen", {}) if isinstance(script, Mapping) else {}
    if not isinstance(table, Mapping) or "launcher" not in table:
        return None
    name = table["launcher"]
    if not isinstance(name, str):
        raise ValueError("[tool.lichen] launcher must be \"local\" or \"slurm\"")
    slurm = table.get("slurm", {})
    if not isinstance(slurm, Mapping):
        raise ValueError("[tool.lichen.slurm] must be a table of Slurm options")
    return from_name(name, slurm_arguments(slurm) if name == "slurm" else ())


def _split(argument: str) -> tuple[str, str]:
    option, _, value = argument.partition("=")
    return option, value


def _named(arguments: tuple[str, ...]):
    for argument in arguments:
        option, value = _split(argument)
        if option in SLURM_OPTIONS.values() and value:
            yield option, value
