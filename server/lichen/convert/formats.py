"""Choosing the reader or writer a file needs: the one place where `lichen convert`, `lichen export`
and the editor's Import Notebook / Export As commands pick a format.

`read_foreign(text, name)` reads a file of another format (its name's suffix, or for `.py` its
`# %%` markers, says which) into a `Conversion`; `write_export(notebook, format, ...)` writes one
of `EXPORT_FORMATS`. Both raise `ConversionError` with a message saying what to do.
"""

from __future__ import annotations

import json
from typing import Any, Mapping, get_args

from lichen.convert.api_module import with_module
from lichen.convert.html_page import CellRun, drawer_script, read_page_source, to_html
from lichen.convert.ipynb_read import from_ipynb
from lichen.convert.ipynb_write import to_ipynb
from lichen.convert.jupyter_outputs import jupyter_outputs
from lichen.convert.percent import from_percent, is_percent_script
from lichen.convert.result import Conversion, ConversionError
from lichen.convert.script import to_script
from lichen.notebook import Notebook, parse
from lichen.notebook.model import NOT_A_NOTEBOOK
from lichen.protocol import ExportFormat

MD_SUFFIXES = (".md", ".qmd", ".markdown")
PAGE_SUFFIXES = (".html", ".htm")
# What Import Notebook offers to open, by the names its file dialog filters on.
IMPORT_SUFFIXES = (".ipynb", *MD_SUFFIXES, *PAGE_SUFFIXES, ".py")
EXPORT_FORMATS: tuple[ExportFormat, ...] = get_args(ExportFormat)
# The suffix of the file each export format writes by default.
EXPORT_SUFFIXES: dict[ExportFormat, str] = {
    "html": ".html", "ipynb": ".ipynb", "md": ".md", "script": ".script.py"}
# The formats that carry the outputs of a run.
WITH_OUTPUTS: tuple[ExportFormat, ...] = ("html", "ipynb")


def read_foreign(text: str, name: str, *, module: str | None = None,
                 fix_redefinitions: bool = False) -> Conversion:
    """`module` is the header the notebook gets (`lichen` unless given); a page Lichen exported
    keeps its notebook's own unless `module` is given."""
    suffix = _suffix(name)
    if suffix in PAGE_SUFFIXES:
        return _from_page(text, module)
    module = module or "lichen"
    if suffix == ".ipynb":
        return from_ipynb(read_ipynb(text), module=module, fix_redefinitions=fix_redefinitions)
    if suffix in MD_SUFFIXES:
        return _from_md(text, module)
    if is_percent_script(text):
        return from_percent(text, module=module, fix_redefinitions=fix_redefinitions)
    if suffix == ".py":
        notebook = parse(text)
        if any(problem.code == NOT_A_NOTEBOOK for problem in notebook.problems):
            raise ConversionError("neither a notebook (no `app = lichen.App()` or "
                                  "`app = marimo.App()`) nor a py:percent script (# %% cells)")
        return Conversion(with_module(notebook, module))
    raise ConversionError("neither a Jupyter notebook (.ipynb), a marimo markdown notebook (.md), "
                          "a page Lichen exported (.html) nor a py:percent script (# %% cells); "
                          "nothing to convert")


def read_ipynb(text: str) -> dict:
    """The notebook as nbformat 4; nbformat, where installed, upgrades older versions."""
    try:
        import nbformat
    except ImportError:  # Pyodide: the notebook is read as it is, and must be nbformat 4
        nbformat = None
    try:
        if nbformat is not None:
            return dict(nbformat.reads(text, as_version=4))
        return json.loads(text)
    except Exception as error:  # nbformat raises its own kinds for bad JSON and bad shapes
        raise ConversionError(f"not a readable Jupyter notebook ({error})") from None


def write_export(notebook: Notebook, format: str, *, source: str = "",
                 runs: Mapping[int, CellRun] | None = None, title: str = "notebook",
                 show_code: bool = True) -> str:
    """The exported file's text. `source` is the notebook's file text (an html page embeds it),
    `runs` each cell's outputs by index (html and ipynb keep them)."""
    from lichen.convert.marimo_md import write_md

    runs = runs or {}
    if format == "md":
        return write_md(with_module(notebook, "marimo"))
    if format == "script":
        return to_script(notebook)
    if format == "html":
        return to_html(notebook, source, runs, title=title, show_code=show_code,
                       drawer=drawer_script())
    if format == "ipynb":
        outputs = {i: jupyter_outputs(run.done, list(run.streams)) for i, run in runs.items()}
        counts = {i: run.done.execution_count if run.done else None for i, run in runs.items()}
        data = to_ipynb(notebook, outputs, counts)
        _validate(data)
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    raise ConversionError(f"no export format {format!r}; one of {', '.join(EXPORT_FORMATS)}")


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > max(name.rfind("/"), name.rfind("\\")) else ""


def _from_page(text: str, module: str | None) -> Conversion:
    page_source = read_page_source(text)
    if page_source is None:
        raise ConversionError("a page without a notebook in it (only pages `lichen export html` "
                              "wrote carry one)")
    notebook = parse(page_source)
    if module is None or module == notebook.module:
        return Conversion(notebook)
    return Conversion(with_module(notebook, module))


def _from_md(text: str, module: str) -> Conversion:
    from lichen.convert.marimo_md import is_md_notebook, read_md

    if not is_md_notebook(text):
        raise ConversionError("plain markdown, no marimo notebook (no `python {.marimo}` code "
                              "cell and no marimo-version in its front matter)")
    return Conversion(with_module(read_md(text).notebook, module))


def _validate(data: dict[str, Any]) -> None:
    try:
        import nbformat
    except ImportError:
        return  # the notebook is written to the schema; nbformat double-checks where installed
    nbformat.validate(nbformat.from_dict(data))
