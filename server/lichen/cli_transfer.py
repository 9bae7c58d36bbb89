"""`lichen convert` and `lichen export`: notebooks in from other formats, and out to them.

    lichen convert IN [-o OUT.py] [--to lichen|marimo] [--fix-redefinitions] [--force]
    lichen export ipynb|html|md|script NOTEBOOK.py [-o OUT] [--run] [--no-code] [--force]

IN is a Jupyter notebook (.ipynb), a marimo markdown notebook (.md, .qmd), a py:percent script
(`# %%` cells), a page `lichen export html` wrote, or a notebook (.py, to change its header with
--to).

Every note a conversion makes is printed (one line each, naming the cell). An existing OUT is
only replaced with --force. `export --run` runs the notebook in a kernel first and keeps each
cell's outputs (an html export always runs it); cells that fail are listed, and the rest is
exported all the same.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from lichen.convert import ConversionError
from lichen.convert.formats import (
    EXPORT_FORMATS,
    EXPORT_SUFFIXES,
    WITH_OUTPUTS,
    read_foreign,
    write_export,
)
from lichen.convert.html_page import CellRun, drawer_script
from lichen.notebook import serialize


class TransferError(Exception):
    """Input or output the command cannot use; the message says what to do."""


def add_commands(commands: Any) -> None:
    convert = commands.add_parser("convert", help="convert .ipynb, marimo .md, py:percent or an "
                                  "exported page to a notebook")
    convert.add_argument("input", metavar="IN")
    convert.add_argument("-o", "--output", metavar="OUT", help="the notebook to write (IN with .py)")
    convert.add_argument("--to", choices=("lichen", "marimo"),
                         help="the header and API the notebook uses (default: lichen; a page "
                         "Lichen exported keeps the notebook's own)")
    convert.add_argument("--fix-redefinitions", action="store_true",
                         help="rename names defined in several cells so the notebook runs")
    convert.add_argument("--force", action="store_true", help="overwrite an existing OUT")
    convert.set_defaults(handler=cmd_convert)

    export = commands.add_parser("export", help="export a notebook as ipynb, a self-contained html "
                                 "page, marimo .md or a plain script")
    export.add_argument("format", choices=sorted(EXPORT_FORMATS))
    export.add_argument("notebook")
    export.add_argument("-o", "--output", metavar="OUT", help="the file to write")
    export.add_argument("--run", action="store_true", help="run the notebook and keep its outputs "
                        "(an html page always holds them)")
    export.add_argument("--no-code", dest="show_code", action="store_false",
                        help="html: show the outputs only, not the cells' code")
    export.add_argument("--force", action="store_true", help="overwrite an existing OUT")
    export.set_defaults(handler=cmd_export)


def cmd_convert(args: argparse.Namespace) -> int:
    from lichen.cli import read_text

    source = Path(args.input)
    text = read_text(args.input)
    out = Path(args.output) if args.output else source.with_suffix(".py")
    if out.resolve() == source.resolve():
        raise TransferError(f"{out}: is the input; name another file with -o")
    try:
        conversion = read_foreign(text, source.name, module=args.to,
                                  fix_redefinitions=args.fix_redefinitions)
    except ConversionError as error:
        raise TransferError(f"{source}: {error}")
    for note in conversion.notes:
        print(f"{args.input}: {note}")
    _write(out, serialize(conversion.notebook), args.force)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from lichen.cli import read_notebook, read_text

    notebook = read_notebook(args.notebook)
    out = Path(args.output) if args.output else _default_output(args.notebook, args.format)
    if args.run and args.format not in WITH_OUTPUTS:
        raise TransferError(f"--run: a {args.format} export keeps no outputs; leave --run out")
    run = args.run or args.format == "html"
    if args.format == "html":
        try:
            drawer_script()  # before the run: a missing drawer is known without one
        except ConversionError as error:
            raise TransferError(f"export html: {error}")
    _refuse_existing(out, args.force)
    runs, failed = _run(args.notebook) if run else ({}, [])
    try:
        text = write_export(notebook, args.format, source=read_text(args.notebook), runs=runs,
                            title=Path(args.notebook).stem, show_code=args.show_code)
    except ConversionError as error:
        raise TransferError(f"export {args.format}: {error}")
    _write(out, text, args.force)
    for number, reason in failed:
        print(f"{args.notebook}: cell {number} failed: {reason}", file=sys.stderr)
    return 1 if failed else 0


def _default_output(notebook: str, format: str) -> Path:
    path = Path(notebook)
    return path.with_name(path.stem + EXPORT_SUFFIXES[format])


def _run(path: str) -> tuple[dict[int, CellRun], list[tuple[int, str]]]:
    """Each cell's run, by index, and the cells that failed (numbered from 1)."""
    from lichen import Session
    from lichen.protocol import CellStream

    streams: dict[str, list[tuple[str, str]]] = {}

    def collect(event: Any) -> None:
        if isinstance(event, CellStream):
            streams.setdefault(event.cell_id, []).append((event.name, event.text))

    with Session.open(path, python=sys.executable, on_event=collect) as session:
        report = session.run_all()
        ids = list(session.cells)
    runs, failed = {}, []
    for index, cell_id in enumerate(ids):
        done = report.result(cell_id)
        runs[index] = CellRun(done, tuple(streams.get(cell_id, [])))
        if done is not None and done.status not in ("success", "disabled", "stale"):
            reason = f"{done.error.ename}: {done.error.evalue}" if done.error else done.reason
            failed.append((index + 1, reason or done.status))
    return runs, failed


def _refuse_existing(out: Path, force: bool) -> None:
    """Also before a run: a refusal to write comes before the time a run takes."""
    if out.exists() and not force:
        raise TransferError(f"{out}: already exists; pass --force to overwrite it")
    if not out.parent.is_dir():
        raise TransferError(f"{out.parent}: no such directory")


def _write(out: Path, text: str, force: bool) -> None:
    _refuse_existing(out, force)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}")
