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
import json
import sys
from pathlib import Path
from typing import Any

from lichen.convert import (Conversion, ConversionError, from_ipynb, from_percent,
                            is_percent_script, jupyter_outputs, to_ipynb, to_script, with_module)
from lichen.convert.html_page import CellRun
from lichen.notebook import Notebook, parse, serialize

EXPORT_SUFFIXES = {"html": ".html", "ipynb": ".ipynb", "md": ".md", "script": ".script.py"}
MD_SUFFIXES = (".md", ".qmd", ".markdown")


class TransferError(Exception):
    """Input or output the command cannot use; the message says what to do."""


def add_commands(commands: Any) -> None:
    convert = commands.add_parser("convert", help="convert .ipynb, marimo .md or py:percent to a notebook")
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
    export.add_argument("format", choices=sorted(EXPORT_SUFFIXES))
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
    conversion = _convert(source, text, args.to, args.fix_redefinitions)
    for note in conversion.notes:
        print(f"{args.input}: {note}")
    _write(out, serialize(conversion.notebook), args.force)
    return 0


def _convert(source: Path, text: str, module: str | None, fix: bool) -> Conversion:
    try:
        if source.suffix in (".html", ".htm"):
            return _from_page(text, source, module)
        module = module or "lichen"
        if source.suffix == ".ipynb":
            return from_ipynb(read_ipynb(text, source), module=module, fix_redefinitions=fix)
        if source.suffix in MD_SUFFIXES:
            return _from_md(text, source, module)
        if source.suffix == ".py" and not is_percent_script(text):
            from lichen.cli import parse_checked

            return Conversion(with_module(parse_checked(str(source), text), module))
        if is_percent_script(text):
            return from_percent(text, module=module, fix_redefinitions=fix)
    except ConversionError as error:
        raise TransferError(f"{source}: {error}")
    raise TransferError(f"{source}: neither a Jupyter notebook (.ipynb) nor a py:percent script "
                        "(# %% cells); nothing to convert")


def _from_page(text: str, source: Path, module: str | None) -> Conversion:
    from lichen.convert.html_page import read_page_source

    page_source = read_page_source(text)
    if page_source is None:
        raise TransferError(f"{source}: a page without a notebook in it (only pages `lichen export "
                            "html` wrote carry one)")
    notebook = parse(page_source)
    if module is None or module == notebook.module:
        return Conversion(notebook)
    return Conversion(with_module(notebook, module))


def _from_md(text: str, source: Path, module: str) -> Conversion:
    from lichen.convert.marimo_md import is_md_notebook, read_md

    if not is_md_notebook(text):
        raise TransferError(f"{source}: plain markdown, no marimo notebook (no `python {{.marimo}}` "
                            "code cell and no marimo-version in its front matter)")
    return Conversion(with_module(read_md(text).notebook, module))


def read_ipynb(text: str, source: Path) -> dict:
    """The notebook as nbformat 4; nbformat, where installed, upgrades older versions."""
    try:
        import nbformat
    except ImportError:
        nbformat = None
    try:
        if nbformat is not None:
            return dict(nbformat.reads(text, as_version=4))
        return json.loads(text)
    except Exception as error:  # nbformat raises its own kinds for bad JSON and bad shapes
        raise TransferError(f"{source}: not a readable Jupyter notebook ({error})")


def cmd_export(args: argparse.Namespace) -> int:
    from lichen.cli import read_notebook, read_text

    notebook = read_notebook(args.notebook)
    out = Path(args.output) if args.output else _default_output(args.notebook, args.format)
    if args.format == "md":
        from lichen.convert.marimo_md import write_md

        if args.run:
            raise TransferError("--run: a markdown notebook keeps no outputs; leave --run out")
        _write(out, write_md(with_module(notebook, "marimo")), args.force)
        return 0
    if args.format == "script":
        if args.run:
            raise TransferError("--run: a script has no outputs to keep; leave --run out")
        _write(out, to_script(notebook), args.force)
        return 0
    if args.format == "html":
        from lichen.convert.html_page import drawer_script, to_html

        try:
            drawer = drawer_script()
        except ConversionError as error:
            raise TransferError(f"export html: {error}")
        _refuse_existing(out, args.force)
        runs, failed = _run(args.notebook)
        text = to_html(notebook, read_text(args.notebook), runs, title=Path(args.notebook).stem,
                       show_code=args.show_code, drawer=drawer)
        _write(out, text, args.force)
    else:
        if args.run:
            _refuse_existing(out, args.force)
        runs, failed = _run(args.notebook) if args.run else ({}, [])
        outputs = {i: jupyter_outputs(run.done, list(run.streams)) for i, run in runs.items()}
        counts = {i: run.done.execution_count if run.done else None for i, run in runs.items()}
        data = to_ipynb(notebook, outputs, counts)
        _validate(data)
        _write(out, json.dumps(data, indent=1, ensure_ascii=False) + "\n", args.force)
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


def _validate(data: dict) -> None:
    try:
        import nbformat
    except ImportError:
        return  # the notebook is written to the schema; nbformat double-checks where installed
    nbformat.validate(nbformat.from_dict(data))


def _refuse_existing(out: Path, force: bool) -> None:
    """Before a run: a refusal to write comes before the time a run takes."""
    if out.exists() and not force:
        raise TransferError(f"{out}: already exists; pass --force to overwrite it")
    if not out.parent.is_dir():
        raise TransferError(f"{out.parent}: no such directory")


def _write(out: Path, text: str, force: bool) -> None:
    _refuse_existing(out, force)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}")
