"""Markdown cells: which cells open as Markdown, and the file they save to.

An unedited Markdown cell is written back byte for byte; an edited one in marimo's style with a
literal that reads back to the same text, however hostile; cells converted either way keep their
text; a Markdown cell in a notebook that imports the module nowhere gets an import cell, so the
file runs as a script.
"""

from __future__ import annotations

import ast
import dataclasses
import difflib
import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st

from lichen.editor.notebook_data import parse_to_data, serialize_data
from lichen.notebook import markdown as md
from lichen.notebook import parse
from lichen.protocol import CellData, NotebookData

MO = {"mo"}


def notebook(*cells: str, module: str = "marimo") -> str:
    body = "".join(f"@app.cell\ndef _(mo):\n{_indent(c)}\n    return\n\n\n" for c in cells)
    return (f"import {module}\n\n__generated_with = \"0.25.2\"\napp = {module}.App()\n\n\n"
            f"@app.cell\ndef _():\n    import {module} as mo\n    return (mo,)\n\n\n"
            f"{body}if __name__ == \"__main__\":\n    app.run()\n")


def _indent(code: str) -> str:
    return "\n".join("    " + line if line else "" for line in code.split("\n"))


def with_cell(data: NotebookData, index: int, **change) -> NotebookData:
    cells = list(data.cells)
    cells[index] = dataclasses.replace(cells[index], **change)
    return dataclasses.replace(data, cells=tuple(cells))


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines())
            if line[:1] in "+-"]


# --- which cells are Markdown ---------------------------------------------------------------


@pytest.mark.parametrize("code, text", [
    ('mo.md("# Title")', "# Title"),
    ("mo.md('single')", "single"),
    ('mo.md(r"""\n# Raw \\d\n""")', "# Raw \\d"),
    ('mo.md(\n    """\n    Indented\n\n    text\n    """\n)', "Indented\n\ntext"),
    ('mo.md(u"unicode é")', "unicode é"),
    ('mo.md("trailing comma",)', "trailing comma"),
    ("mo.md('''\nthree single quotes\n''')", "three single quotes"),
])
def test_a_plain_md_call_is_a_markdown_cell_showing_what_md_renders(code, text):
    assert md.markdown_text(code, MO) == text


@pytest.mark.parametrize("code", [
    'mo.md(f"{x}")',  # interpolates
    'mo.md(rf"""{x}""")',
    'mo.md("a").center()',  # more than the call
    'mo.md("a" "b")',  # implicit concatenation
    'mo.md(b"bytes")',
    'mo.md("""x""".format(1))',
    'mo.md(text)',
    'mo.md("a")  # a comment would be lost',
    '# a comment\nmo.md("a")',
    'mo.md("a")\nx = 1',
    'mo.md("a", b)',
    'other.md("a")',  # not an alias of marimo or lichen
    'mo.markdown("a")',
    'mo.md("unterminated',
])
def test_anything_else_stays_a_code_cell(code):
    assert md.markdown_text(code, MO | {"other_thing"}) is None


def test_aliases_are_the_names_cells_import_marimo_or_lichen_as():
    codes = ["import marimo as m", "import lichen\nx = 1", "import numpy as mo", "import marimo.ui"]
    assert md.module_aliases(codes) == {"m", "lichen"}
    assert md.markdown_text('m.md("a")', md.module_aliases(codes)) == "a"
    assert md.markdown_text('mo.md("a")', md.module_aliases(codes)) is None


def test_parse_marks_markdown_cells_of_plain_cells_only():
    text = notebook('mo.md("# Hi")', 'mo.md(f"{1}")', "x = 1")
    data = parse_to_data(text)
    assert [c.markdown for c in data.cells] == [None, "# Hi", None, None]


def test_without_an_import_of_the_module_a_call_is_code():
    text = notebook('mo.md("# Hi")').replace("    import marimo as mo\n    return (mo,)",
                                               "    return")
    assert [c.markdown for c in parse_to_data(text).cells] == [None, None]


# --- saving ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tutorials() -> dict[str, str]:
    from test_marimo_tutorials import tutorials as marimo_tutorials

    return marimo_tutorials()


def test_unedited_markdown_cells_are_written_back_byte_for_byte(tutorials):
    shown = 0
    for name, text in tutorials.items():
        data = parse_to_data(text)
        shown += sum(c.markdown is not None for c in data.cells)
        assert serialize_data(data) == text, name
    assert shown >= 20  # the tutorials are mostly prose


def test_a_tutorials_markdown_shows_as_md_renders_it(tutorials):
    cells = parse_to_data(tutorials["intro"]).cells
    texts = [c.markdown for c in cells if c.markdown is not None]
    assert texts[0].startswith("## 1. Reactive execution\n\nA marimo notebook is made up")
    assert not any(t.startswith((" ", "\n")) or t.endswith("\n") for t in texts)


def test_editing_one_tutorial_cell_changes_only_its_lines(tutorials):
    text = tutorials["intro"]
    data = parse_to_data(text)
    index = next(i for i, c in enumerate(data.cells) if c.markdown is not None)
    out = serialize_data(with_cell(data, index, markdown=data.cells[index].markdown + "\n\nAdded."))
    assert changed_lines(text, out) == ["+ ", "+     Added."]


def test_an_edited_markdown_cell_changes_only_its_lines_in_marimos_style():
    text = notebook('mo.md(r"""\n# Title\n""")', "x = 1")
    data = parse_to_data(text)
    out = serialize_data(with_cell(data, 1, markdown="# Title\n\nMore *text*"))
    assert changed_lines(text, out) == ["+ ", "+     More *text*"]
    assert parse_to_data(out).cells[1].markdown == "# Title\n\nMore *text*"


def test_a_fresh_markdown_cell_is_written_as_marimo_writes_it():
    assert md.markdown_code("# Title\n\nText", "mo") == 'mo.md(r"""\n# Title\n\nText\n""")'


def test_an_edited_cell_keeps_its_literals_quotes():
    assert md.cell_code("b", "mo.md('a')", "mo") == "mo.md('''\nb\n''')"
    assert md.cell_code("b", "mo.md(r'a')", "mo") == "mo.md(r'''\nb\n''')"
    assert md.cell_code("b\\", 'mo.md("""a""")', "mo") == 'mo.md("""\nb\\\\\n""")'


def test_an_edited_cell_keeps_its_name_and_config():
    text = notebook('mo.md("a")').replace("@app.cell\ndef _(mo):\n    mo.md",
                                          "@app.cell(hide_code=True)\ndef intro(mo):\n    mo.md")
    data = parse_to_data(text)
    out = serialize_data(with_cell(data, 1, markdown="b"))
    cell = parse(out).cells[1]
    assert (cell.name, cell.config.hide_code) == ("intro", True)
    assert md.markdown_text(cell.code, MO) == "b"


HOSTILE = [
    'say """hi"""',
    "ends with a backslash \\",
    'ends with a quote "',
    "\\n is not a newline, \\\\ nor \\x41",
    "''' and \"\"\" and \\\"\"\"",
    "carriage\rreturn",
    "nul\x00char",
    "lone \ud800 surrogate",
    "{braces} and %s and $math$",
    "r\"\"\"",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_reads_back_the_same(text):
    data = parse_to_data(notebook('mo.md("old")'))
    out = serialize_data(with_cell(data, 1, markdown=text))
    compile(out.encode("utf-8", "surrogatepass").decode("utf-8", "replace"), "nb.py", "exec")
    assert parse_to_data(out).cells[1].markdown == text


@pytest.mark.parametrize("raw, quote", [(True, '"'), (False, '"'), (True, "'"), (False, "'")])
@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from('ab"\'\\\n\r\x00\ud800{}é ')) | st.text())
def test_every_literal_holds_its_text_exactly(raw, quote, text):
    literal = md.string_literal(text, raw, quote)
    assert ast.literal_eval(literal) == text


@settings(max_examples=300, deadline=None)
@given(st.text().filter(md.is_clean))
def test_text_md_renders_as_it_is_reads_back_as_typed(text):
    code = md.markdown_code(text, "mo")
    assert md.markdown_text(code, MO) == text
    assert md.cell_code(text, code, "mo") == code  # and is then kept as it is


def test_text_md_would_change_is_kept_whole_in_the_file():
    text = "\tindented\n\ttwice"
    out = serialize_data(with_cell(parse_to_data(notebook('mo.md("a")')), 1, markdown=text))
    literal = parse(out).cells[1].code[len("mo.md("):-1]
    assert ast.literal_eval(literal) == "\n" + text + "\n"


def test_converting_code_to_markdown_and_back_keeps_the_text():
    text = notebook("x = 1")
    data = parse_to_data(text)
    as_markdown = serialize_data(with_cell(data, 1, markdown="x = 1", code=""))
    assert parse_to_data(as_markdown).cells[1].markdown == "x = 1"
    data = parse_to_data(as_markdown)
    as_code = serialize_data(with_cell(data, 1, markdown=None, code="x = 1"))
    assert parse(as_code).cells[1].code == "x = 1"
    assert [c.markdown for c in parse_to_data(as_code).cells] == [None, None]


# --- running as a script --------------------------------------------------------------------


def test_a_markdown_cell_in_a_new_notebook_runs_as_a_script(tmp_path):
    new = parse_to_data("")
    assert [c.code for c in new.cells] == ["import lichen", ""]
    data = dataclasses.replace(new, cells=(*new.cells, CellData("", markdown="# Hello")))
    path = tmp_path / "nb.py"
    path.write_text(serialize_data(data), encoding="utf-8")
    assert 'lichen.md(r"""' in path.read_text()
    assert subprocess.run([sys.executable, str(path)], timeout=60).returncode == 0
    check = subprocess.run([sys.executable, "-m", "lichen", "check", str(path)],
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stdout


def test_the_writer_adds_an_import_cell_when_no_cell_imports_the_module(tmp_path):
    data = NotebookData(cells=(CellData("x = 1"), CellData("", markdown="# Hi")))
    out = serialize_data(data)
    assert [c.code for c in parse(out).cells] == ["import lichen", "x = 1",
                                                  'lichen.md(r"""\n# Hi\n""")']
    path = tmp_path / "nb.py"
    path.write_text(out, encoding="utf-8")
    assert subprocess.run([sys.executable, str(path)], timeout=60).returncode == 0


def test_check_reports_a_name_no_cell_defines(tmp_path):
    """The file imports lichen at its top, which cells do not see: `python nb.py` fails."""
    path = tmp_path / "nb.py"
    path.write_text('import lichen\n\napp = lichen.App()\n\n\n@app.cell\ndef _():\n'
                    '    lichen.md(r"""# Hi""")\n    return\n\n\n'
                    'if __name__ == "__main__":\n    app.run()\n', encoding="utf-8")
    ran = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=60)
    assert ran.returncode != 0 and "NameError" in ran.stderr
    check = subprocess.run([sys.executable, "-m", "lichen", "check", str(path)],
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 1
    assert f"{path}:8:1: `lichen` is read but no cell defines it" in check.stdout


# --- in the editor's graph ------------------------------------------------------------------


def test_markdown_cells_read_mo_in_the_daemons_graph_and_run_with_it():
    from daemon_client import DaemonClient

    nb = "file:///notebooks/markdown_cells.py"
    cells = [(2, "python", "import marimo as mo"), (1, "markdown", "# Hello *there*"),
             (2, "python", "x = 1")]
    uris = [f"{nb}#cell{i}" for i in range(len(cells))]
    with DaemonClient() as daemon:
        daemon.initialize()
        daemon.versions[nb] = 1
        daemon.notify("notebookDocument/didOpen", {
            "notebookDocument": {"uri": nb, "notebookType": "lichen-notebook", "version": 1,
                                 "metadata": {"module": "marimo"},
                                 "cells": [{"kind": k, "document": u}
                                           for u, (k, _, _) in zip(uris, cells)]},
            "cellTextDocuments": [{"uri": u, "languageId": lang, "version": 1, "text": text}
                                  for u, (_, lang, text) in zip(uris, cells)]})
        ran = daemon.request("lichen/run", {"notebookUri": nb, "cellUris": [uris[0]]})
        assert [c["cellUri"] for c in ran["cells"]] == uris[:2]  # the import, then its reader
        done = [e["event"] for e in daemon.cell_events(nb)
                if e["cellUri"] == uris[1] and e["event"]["kind"] == "done"]
        assert done[-1]["status"] == "success"
        assert done[-1]["output"]["text/markdown"] == "# Hello *there*"
        # editing the Markdown cell's text re-runs it alone, through the same alias
        daemon.set_text(nb, uris[1], "# Changed")
        ran = daemon.request("lichen/run", {"notebookUri": nb, "cellUris": [uris[1]]})
        assert [c["cellUri"] for c in ran["cells"]] == [uris[1]]
        done = [e["event"] for e in daemon.cell_events(nb)
                if e["cellUri"] == uris[1] and e["event"]["kind"] == "done"]
        assert done[-1]["output"]["text/markdown"] == "# Changed"
