"""`lichen kernels list | stop`: the kept kernels (`lichen.kernel.detached`) of this user.

A kept kernel outlives its session to be reattached to; these show where each one is (for a
Slurm kernel, Slurm's own view of its job through `squeue`) and end them (`scancel` for a Slurm
kernel, the process group for a local one).
"""

from __future__ import annotations

import argparse
import json
import sys

EXIT_OK, EXIT_NOT_FOUND = 0, 1


def add_commands(commands) -> None:
    kernels = commands.add_parser("kernels", help="list or stop the kept kernels "
                                                  "(those that outlive their editor)")
    actions = kernels.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="show the kept kernels")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=cmd_list)
    stop = actions.add_parser("stop", help="end kept kernels: lichen kernels stop ID... | --all")
    stop.add_argument("ids", nargs="*", metavar="ID", help="a kernel's id, as listed")
    stop.add_argument("--all", action="store_true", help="every kept kernel")
    stop.set_defaults(handler=cmd_stop)


def cmd_list(args: argparse.Namespace) -> int:
    from lichen.kernel import detached

    rows = [_row(kept) for kept in detached.kept_kernels()]
    if args.json:
        print(json.dumps(rows, indent=2))
        return EXIT_OK
    if not rows:
        print("no kept kernels")
        return EXIT_OK
    columns = ("id", "state", "launcher", "where", "notebook")
    widths = {c: max(len(c), *(len(str(row[c])) for row in rows)) for c in columns[:-1]}
    print("  ".join(c.upper().ljust(widths.get(c, 0)) for c in columns).rstrip())
    for row in rows:
        print("  ".join(str(row[c]).ljust(widths.get(c, 0)) for c in columns).rstrip())
    return EXIT_OK


def _row(kept) -> dict:
    where = f"pid {kept.pid}"
    if kept.launcher == "slurm":
        from lichen.kernel import slurm

        placement = slurm.placement_of(kept.id)
        if placement is None:
            where = "job not in the queue"
        else:
            where = f"job {placement.job_id} {placement.state}"
            if placement.node:
                where += f" on {placement.node}"
            if placement.seconds_left is not None:
                where += f", {placement.seconds_left // 60} min left"
    elif kept.idle is not None and not kept.attached:
        where += f", ends {kept.idle / 60:g} min after it was left"
    return {"id": kept.id, "state": "attached" if kept.attached else "detached",
            "launcher": kept.label or kept.launcher, "where": where,
            "notebook": kept.notebook or "(not on disk)", "python": kept.python}


def cmd_stop(args: argparse.Namespace) -> int:
    from lichen.kernel import detached

    if args.all == bool(args.ids):
        print("lichen: give the ids of the kernels to stop (lichen kernels list shows them), "
              "or --all", file=sys.stderr)
        return 2
    targets = detached.kept_kernels() if args.all else []
    missing = []
    for kernel_id in args.ids:
        kept = detached.by_id(kernel_id)
        if kept is None:
            missing.append(kernel_id)
        else:
            targets.append(kept)
    for kept in targets:
        detached.stop(kept)
        print(f"stopped {kept.id}")
    for kernel_id in missing:
        print(f"lichen: no kept kernel {kernel_id!r} (lichen kernels list shows them)",
              file=sys.stderr)
    return EXIT_NOT_FOUND if missing else EXIT_OK
