"""`lichen inspect | check | new | run | convert | export | kernels | lsp`: the command line.

Every failure the user can cause (a missing file, a directory, bytes that are not UTF-8 text, a
script that is no notebook) ends in one line on stderr saying what is wrong, and a non-zero exit.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from lichen import __version__
from lichen.diagnostics import Diagnostic, diagnose, inspect_report
from lichen.notebook import Notebook, new_notebook, parse, serialize
from lichen.notebook.model import NOT_A_NOTEBOOK

EXIT_OK, EXIT_PROBLEMS, EXIT_BAD_INPUT = 0, 1, 2


class InputError(Exception):
    """Input the command cannot use; the message is shown as it is."""


def read_notebook(path: str) -> Notebook:
    return parse_checked(path, read_text(path))


def read_text(path: str) -> str:
    file = Path(path)
    if not file.exists():
        raise InputError(f"{path}: no such file")
    if file.is_dir():
        raise InputError(f"{path}: is a directory; give a notebook's .py file")
    data = file.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text (byte {error.start}); is it a binary file?")
    if "\x00" in text:
        raise InputError(f"{path}: contains NUL bytes; is it a binary file?")
    return text


def parse_checked(path: str, text: str) -> Notebook:
    notebook = parse(text)
    if any(problem.code == NOT_A_NOTEBOOK for problem in notebook.problems):
        raise InputError(
            f"{path}: not a notebook (no `app = lichen.App()` or `app = marimo.App()`); "
            "`lichen new` writes one"
        )
    return notebook


def cmd_inspect(args: argparse.Namespace) -> int:
    report = inspect_report(read_notebook(args.notebook))
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return EXIT_OK
    for index, cell in enumerate(report["cells"]):
        print(f"[{index}] {cell['kind']} {cell['name']}: defs {cell['defs']} refs {cell['refs']}")
    print("order:", " ".join(str(i) for i in report["order"]))
    for error in report["errors"]:
        print(f"{error['kind']}: {error['message']}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    status = EXIT_OK
    for path in args.notebooks:
        try:
            text = read_text(path)
            diagnostics = diagnose(parse_checked(path, text), text)
        except InputError as error:
            print(f"lichen: {error}", file=sys.stderr)
            status = EXIT_BAD_INPUT
            continue
        for d in diagnostics:
            print(_format(path, d))
        if diagnostics and status == EXIT_OK:
            status = EXIT_PROBLEMS
    return status


def _format(path: str, diagnostic: Diagnostic) -> str:
    return f"{path}:{diagnostic.line}:{diagnostic.column}: {diagnostic.message}"


def cmd_new(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if path.suffix != ".py":
        raise InputError(f"{args.path}: a notebook is a .py file; add the .py suffix")
    if path.exists() and not args.force:
        raise InputError(f"{args.path}: already exists; pass --force to overwrite it")
    if not path.parent.is_dir():
        raise InputError(f"{path.parent}: no such directory")
    from lichen.convert import with_module
    from lichen.convert.workspace import usual_module

    module = args.header or usual_module(path.parent)
    path.write_text(serialize(with_module(new_notebook(), module)), encoding="utf-8")
    print(f"wrote {args.path}" + (" (marimo header: marimo opens it too)" if module == "marimo" else ""))
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    notebook = read_notebook(args.notebook)  # a clear error before anything runs
    if args.sandbox:
        from lichen.sandbox.script import run_sandboxed

        return run_sandboxed(args.notebook, notebook.header, args.args)
    launcher = _launcher(args, notebook)
    if launcher is None:
        from lichen.runtime.script import run_file

        return run_file(args.notebook, args.args)
    from lichen.launched_run import run_launched

    return run_launched(args.notebook, args.args, launcher)


def _launcher(args: argparse.Namespace, notebook: Notebook):
    """The launcher `--launcher` names, else the one the notebook's `[tool.lichen]` names; None
    for a run in this process (local, as `python nb.py`)."""
    from lichen.kernel.launchers import from_name, from_notebook
    from lichen.notebook.script_block import script_metadata

    if args.launcher is not None:
        if args.slurm_args and args.launcher != "slurm":
            raise InputError("--slurm-arg needs --launcher slurm")
        launcher = from_name(args.launcher, tuple(args.slurm_args))
    else:
        script, problem = script_metadata(notebook.header)
        if problem:
            raise InputError(f"{args.notebook}: {problem}")
        try:
            launcher = from_notebook(script)
        except ValueError as error:
            raise InputError(f"{args.notebook}: [tool.lichen]: {error}") from None
        if launcher is None and args.slurm_args:
            raise InputError("--slurm-arg needs --launcher slurm")
        if launcher is not None and args.slurm_args:
            launcher = from_name(launcher.name, (*launcher.srun_args, *args.slurm_args))
    return None if launcher is None or launcher.name == "local" else launcher


def cmd_lsp(args: argparse.Namespace) -> int:
    from lichen.daemon.server import serve

    serve()
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lichen", description="Reactive Python notebooks.")
    parser.add_argument("--version", action="version", version=f"lichen {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    inspect = commands.add_parser("inspect", help="show cells, definitions, order and errors")
    inspect.add_argument("notebook")
    inspect.add_argument("--json", action="store_true", help="machine-readable output")
    inspect.set_defaults(handler=cmd_inspect)

    check = commands.add_parser("check", help="report problems as file:line:col: message")
    check.add_argument("notebooks", nargs="+", metavar="NOTEBOOK")
    check.set_defaults(handler=cmd_check)

    new = commands.add_parser("new", help="write a new notebook")
    new.add_argument("path")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    header = new.add_mutually_exclusive_group()
    header.add_argument("--marimo", dest="header", action="store_const", const="marimo",
                        help="the marimo header, so marimo opens the notebook too (the default "
                        "in a folder of marimo notebooks)")
    header.add_argument("--lichen", dest="header", action="store_const", const="lichen",
                        help="the lichen header (the default elsewhere)")
    new.set_defaults(handler=cmd_new)

    run = commands.add_parser("run", help="run a notebook as a script: lichen run NB [-- ARGS]")
    run.add_argument("--sandbox", action="store_true",
                     help="run in an environment of its own, built with uv from the notebook's "
                     "`# /// script` dependencies (PEP 723) and reused until they change")
    run.add_argument("notebook")
    run.add_argument("--launcher", choices=("local", "slurm"),
                     help="where the cells run: local (in this process, as `python NB` does; "
                          "the default) or slurm (a kernel in a Slurm job, through srun); "
                          "default: what the notebook's [tool.lichen] table says")
    run.add_argument("--slurm-arg", dest="slurm_args", action="append", default=[],
                     metavar="ARG", help="an srun argument for the kernel's job, e.g. "
                                         "--slurm-arg=--partition=debug (repeatable)")
    run.add_argument("args", nargs=argparse.REMAINDER, help="arguments after --")
    run.set_defaults(handler=cmd_run)

    from lichen import cli_kernels, cli_transfer

    cli_transfer.add_commands(commands)
    cli_kernels.add_commands(commands)

    lsp = commands.add_parser("lsp", help="serve the VS Code extension over stdio")
    lsp.set_defaults(handler=cmd_lsp)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from lichen.cli_transfer import TransferError
    from lichen.sandbox.uv import SandboxError

    args = build_parser().parse_args(argv)
    if getattr(args, "args", None) and args.args[0] == "--":
        args.args = args.args[1:]
    try:
        return args.handler(args)
    except (InputError, TransferError, SandboxError) as error:
        print(f"lichen: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
