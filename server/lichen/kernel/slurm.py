"""What the login relay asks of Slurm, through Slurm's own commands and parsable formats.

- `srun` runs the kernel's step (it also makes the allocation, and ends it with the step).
- `squeue -h -o` follows the job while it waits and runs: state, reason, node, time left.
- `scontrol show job -o` says, once the step has ended by Slurm's hand, how (TIMEOUT, ...).

The job is found by its name, unique per kernel (`lichen-` and the kernel's private directory's
name), so nothing is parsed out of srun's human-readable messages.
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
import time
from collections.abc import Callable, Sequence

from lichen.kernel import endpoints
from lichen.protocol import KernelPlacement

# squeue's fields, `|`-separated: job id, state, reason, node list, time left.
_SQUEUE_FORMAT = "%i|%T|%r|%N|%L"
# Pauses between two looks at a waiting job: from this, doubling, to _MAX_BACKOFF.
_FIRST_PAUSE = 0.25
_MAX_BACKOFF = 5.0
# How often a running job's time left is refreshed.
_RUNNING_INTERVAL = 60.0
# How long a job may take to show up in squeue after srun started.
_APPEAR_TIMEOUT = 60.0

# How long a job's end state may take to settle, and the states it passes through meanwhile.
_FINAL_TIMEOUT = 10.0
_NOT_FINAL = {"COMPLETING", "RUNNING", "CONFIGURING", "STAGE_OUT"}

_ENDS = {
    "TIMEOUT": "its time limit was reached: ask for more time (--time) and restart the kernel",
    "PREEMPTED": "it was preempted by a job of higher priority: restart the kernel to queue again",
    "NODE_FAIL": "its node failed: restart the kernel to run on another node",
    "OUT_OF_MEMORY": "it used more memory than it asked for: ask for more (--mem) and restart",
    "CANCELLED": "it was cancelled (scancel): restart the kernel to submit a new job",
    "DEADLINE": "its deadline passed",
    "BOOT_FAIL": "its node failed to boot",
    "FAILED": "its step failed",
}


def srun_command(user_args: Sequence[str], name: str, python: str, boot: str,
                 *boot_args: str) -> list[str]:
    """The step that runs the compute relay; the user's arguments come last, so they win.
    Unbuffered: srun would otherwise hold output back until a newline, and frames have none."""
    return ["srun", f"--job-name={name}", "--ntasks=1", "--quiet",
            "--unbuffered", *user_args,
            python, "-c", boot, *boot_args]


def job_name(directory: str) -> str:
    return os.path.basename(directory.rstrip("/"))


def placement(line: str) -> KernelPlacement | None:
    """A KernelPlacement from one line of `squeue -h -o _SQUEUE_FORMAT`."""
    parts = line.strip().split("|")
    if len(parts) != 5 or not parts[0]:
        return None
    job_id, state, reason, node, left = parts
    return KernelPlacement(launcher="slurm", job_id=job_id, state=state,
                           reason="" if reason == "None" else reason,
                           node=node if state == "RUNNING" else "",
                           seconds_left=seconds(left))


def seconds(text: str) -> int | None:
    """Slurm's [days-][hours:]minutes:seconds as seconds; None for UNLIMITED or NOT_SET."""
    match = re.fullmatch(r"(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+)", text.strip())
    if match is None:
        return None
    days, hours, minutes, secs = (int(g) if g else 0 for g in match.groups())
    return ((days * 24 + hours) * 60 + minutes) * 60 + secs


def watch_placement(name: str, send: Callable[[KernelPlacement], None],
                    started: threading.Event) -> None:
    """Send the job's placement each time it changes, until the job is gone. While the job
    waits, squeue is asked with a growing pause between looks; `started` (set when the step
    shows life: the job has its allocation) cuts the pause short, so the job shows as RUNNING
    as its kernel starts rather than up to a whole pause later."""
    delay, seen, missed, last, begun = _FIRST_PAUSE, False, 0, None, time.monotonic()
    while True:
        current = _squeue(name)
        if current is _UNKNOWN:  # squeue failed (slurmctld busy, say): look again later
            pass
        elif current is None:
            # Gone once it was seen (twice in a row: a job between two states can be missed).
            missed += 1
            if (seen and missed > 1) or time.monotonic() - begun > _APPEAR_TIMEOUT:
                return
        else:
            seen, missed = True, 0
            if current != last:
                send(current)
                last = current
        if isinstance(current, KernelPlacement) and current.state == "RUNNING":
            time.sleep(_RUNNING_INTERVAL)
        elif started.is_set():
            time.sleep(delay)
            delay = min(delay * 2, _MAX_BACKOFF)
        elif started.wait(delay):  # the step runs: look at once, then soon again
            delay = _FIRST_PAUSE
        else:
            delay = min(delay * 2, _MAX_BACKOFF)


# What `_squeue` returns when squeue itself failed.
_UNKNOWN = object()


def _squeue(name: str):
    """The job's placement; None if it is not in the queue, `_UNKNOWN` if squeue failed."""
    try:
        done = subprocess.run(["squeue", "-h", f"--name={name}", "-o", _SQUEUE_FORMAT],
                              capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return _UNKNOWN
    if done.returncode != 0:
        return _UNKNOWN
    return next(filter(None, map(placement, done.stdout.splitlines())), None)


def placement_of(name: str) -> KernelPlacement | None:
    """The job's placement now; None when squeue does not list it (or cannot answer)."""
    current = _squeue(name)
    return current if isinstance(current, KernelPlacement) else None


def cancel_by_name(name: str) -> None:
    """End the job named `name` (`scancel --name`), whatever its id."""
    try:
        subprocess.run(["scancel", f"--name={name}"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        pass


def record_end(directory: str, name: str, srun_code: int | None) -> None:
    """Say why the step ended without the kernel ending, for `exit_description`."""
    state = _ended_state(name)
    if state is not None:
        job, what = state
        text = f"was ended by Slurm: job {job} {what}"
        hint = _ENDS.get(what)
        text += f" ({hint})" if hint else ""
    else:
        text = (f"ended with its Slurm step (srun exited with code {srun_code}); srun's "
                "messages are in the kernel's output")
    try:
        with open(endpoints.exit_reason(directory), "w", encoding="utf-8") as file:
            file.write(text)
    except OSError:
        pass


def _ended_state(name: str) -> tuple[str, str] | None:
    """(job id, final JobState) of the most recent job of that name Slurm still remembers: a
    job whose processes are still being reaped shows COMPLETING for a moment first."""
    delay, deadline = 0.1, time.monotonic() + _FINAL_TIMEOUT
    while True:
        state = _last_state(name)
        if state is None or state[1] not in _NOT_FINAL or time.monotonic() > deadline:
            return state
        time.sleep(delay)
        delay = min(delay * 2, 1.0)


def _last_state(name: str) -> tuple[str, str] | None:
    try:
        out = subprocess.run(["scontrol", "-o", "show", "job"], capture_output=True, text=True,
                             timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    for line in reversed(out.splitlines()):
        if re.search(rf"\bJobName={re.escape(name)}(\s|$)", line):
            job = re.search(r"\bJobId=(\d+)", line)
            state = re.search(r"\bJobState=(\S+)", line)
            if job and state:
                return job.group(1), state.group(1)
    return None


def cancel(job_id: str) -> None:
    """Ask Slurm to end the job (`scancel`); the kernel's end then reports Slurm's reason."""
    try:
        subprocess.run(["scancel", job_id], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        pass
