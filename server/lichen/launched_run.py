"""Running a notebook file as a script in a kernel a launcher starts (`lichen run --launcher
slurm nb.py`): in a Slurm job, say, while this process stays on the login node.

What is printed is what `lichen run` prints for a local run (`lichen.runtime.script`), and the
exit status the same; the job's place in the queue goes to stderr as it changes.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from lichen.kernel.launchers import Launcher
from lichen.protocol import KernelPlacement
from lichen.runtime.script import Printer


def run_launched(path: str, argv: Sequence[str], launcher: Launcher) -> int:
    """Run every cell once in a kernel `launcher` starts; 0 when no cell failed, 1 otherwise."""
    from lichen.kernel.errors import KernelError
    from lichen.session import Session

    printer = Printer(sys.stdout, sys.stderr)

    def on_event(event) -> None:
        if type(event) is KernelPlacement:
            _say_placement(event)
        else:
            printer.event(event)

    try:
        with Session.open(path, argv=argv, launcher=launcher, on_event=on_event) as session:
            printer.labels = {cell: f"cell {i + 1}" for i, cell in enumerate(session.cells)}
            try:
                report = session.run_all(timeout=None)
            except KeyboardInterrupt:
                session.interrupt()
                raise
    except KernelError as error:
        print(f"lichen: {error}", file=sys.stderr)
        return 1
    printer.summary(report)
    return 0 if report.ok else 1


def _say_placement(placement: KernelPlacement) -> None:
    if placement.state == "RUNNING":
        text = f"job {placement.job_id} running on {placement.node}"
    else:
        reason = f" ({placement.reason})" if placement.reason else ""
        text = f"waiting for a Slurm allocation: job {placement.job_id} {placement.state}{reason}"
    print(f"lichen: {text}", file=sys.stderr, flush=True)
