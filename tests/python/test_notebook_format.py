"""The file format: what each construct reads as, and what an edit writes."""

from dataclasses import replace
from pathlib import Path

import pytest

from lichen.notebook import Cell, CellConfig, CellKind, Notebook, new_notebook, parse, serialize
from lichen.notebook.model import NOT_A_NOTEBOOK

FIXTURES = Path(__file__).parent / "fixtures" / "marimo"


def codes(notebook: Notebook) -> list[str]:
    return [cell.code for cell in notebook.cells]


def edit(notebook: Notebook, index: int, **changes) -> Notebook:
    cells = list(notebook.cells)
    cells[index] = replace(cells[index], **changes)
    return replace(notebook, cells=tuple(cells))


def changed_lines(before: str, after: str) -> list[str]:
    import difflib

    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


MARIMO_FILE = '''\
# /// script
# requires-python = ">=3.11"
# dependencies = ["marimo"]
# ///
"""A notebook."""
# a header comment
import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="Demo")

with app.setup:
    import math


@app.cell(hide_code=True)
def _(mo):
    mo.md("# Title")
    return


@app.cell
def radius_cell():
    radius = 2
    return (radius,)


@app.cell(column=1, disabled=True)
def _(radius):
    area = math.pi * radius**2
    _private = 1
    return (area,)


@app.function
def double(x):
    return 2 * x


@app.class_definition
class Circle:
    r: float = 1.0


app._unparsable_cell(
    r"""
    x = (
    """,
    name="broken"
)


@app.cell
async def _():
    import asyncio
    await asyncio.sleep(0)
    return (asyncio,)


@app.cell
def _():
    import marimo as mo
    return (mo,)


if __name__ == "__main__":
    app.run()
'''


class TestReading:
    def test_header_keeps_script_block_docstring_and_comments(self):
        notebook = parse(MARIMO_FILE)
        assert notebook.header.startswith("# /// script\n")
        assert '"""A notebook."""' in notebook.header
        assert notebook.header.endswith("# a header comment\n")

    def test_app_module_version_and_config(self):
        notebook = parse(MARIMO_FILE)
        assert notebook.module == "marimo"
        assert notebook.generated_with == "0.25.2"
        assert notebook.app_config == {"width": "medium", "app_title": "Demo"}

    def test_kinds_names_and_configs(self):
        cells = parse(MARIMO_FILE).cells
        assert [c.kind for c in cells] == [
            CellKind.SETUP,
            CellKind.CELL,
            CellKind.CELL,
            CellKind.CELL,
            CellKind.FUNCTION,
            CellKind.CLASS,
            CellKind.UNPARSABLE,
            CellKind.CELL,
            CellKind.CELL,
        ]
        assert [c.name for c in cells][:7] == [
            "setup", "_", "radius_cell", "_", "double", "Circle", "broken"
        ]
        assert cells[1].config == CellConfig(hide_code=True)
        assert cells[3].config == CellConfig(disabled=True, column=1)

    def test_cell_code_is_the_dedented_body_without_wrapper(self):
        cells = parse(MARIMO_FILE).cells
        assert cells[0].code == "import math"
        assert cells[1].code == 'mo.md("# Title")'
        assert cells[3].code == "area = math.pi * radius**2\n_private = 1"
        assert cells[4].code == "def double(x):\n    return 2 * x"
        assert cells[5].code == "class Circle:\n    r: float = 1.0"
        assert cells[6].code == "x = ("
        assert cells[7].code == "import asyncio\nawait asyncio.sleep(0)"

    def test_lichen_header(self):
        text = new_text = serialize(new_notebook())
        notebook = parse(text)
        assert notebook.module == "lichen"
        assert "import lichen\n" in new_text and "app = lichen.App()" in new_text
        # An import cell first, as in marimo's new notebooks: Markdown cells read it.
        assert codes(notebook) == ["import lichen", ""]

    def test_empty_body_reads_as_empty_code(self):
        text = serialize(new_notebook())
        assert "def _():\n    return\n" in text

    def test_comments_inside_body_and_after_return_are_kept(self):
        text = MARIMO_FILE.replace(
            "    radius = 2\n    return (radius,)\n",
            "    # before\n    radius = 2  # same line\n    # last\n    return (radius,)  # ret\n    # after\n",
        )
        cell = parse(text).cells[2]
        assert cell.code == "# before\nradius = 2  # same line\n# last\n# ret\n# after"
        assert serialize(parse(text)) == text

    def test_comment_lines_between_cells_go_into_the_next_cell(self):
        text = MARIMO_FILE.replace(
            "\n\n@app.cell\ndef radius_cell", "\n\n# Section two\n\n@app.cell\ndef radius_cell"
        )
        cell = parse(text).cells[2]
        assert cell.code.startswith("# Section two\n")
        assert serialize(parse(text)) == text

    def test_stray_code_becomes_a_cell(self):
        text = MARIMO_FILE.replace("\n\n@app.function", "\n\nstray = 1\nprint(stray)\n\n@app.function")
        notebook = parse(text)
        assert "stray = 1\nprint(stray)" in codes(notebook)
        assert any("outside any cell" in p.message for p in notebook.problems)
        assert serialize(notebook) == text

    def test_syntax_error_in_a_cell_keeps_other_cells(self):
        text = MARIMO_FILE.replace("    radius = 2\n", "    radius = (2\n")
        notebook = parse(text)
        assert len(notebook.cells) == 9
        broken = notebook.cells[2]
        assert broken.kind == CellKind.UNPARSABLE
        assert broken.code == "radius = (2"
        assert broken.name == "radius_cell"
        assert notebook.cells[8].code == "import marimo as mo"
        assert serialize(notebook) == text

    def test_plain_script_is_not_a_notebook_but_loses_nothing(self):
        text = '"""Doc."""\nimport os\n\nprint(os.getcwd())\n# end\n'
        notebook = parse(text)
        assert [p.code for p in notebook.problems] == [NOT_A_NOTEBOOK]
        assert "not a notebook" in notebook.problems[0].message
        assert notebook.header == '"""Doc."""\n'
        assert codes(notebook) == ["import os\n\nprint(os.getcwd())", "# end"]
        written = serialize(notebook)
        assert parse(written) == notebook
        assert "app = lichen.App()" in written

    @pytest.mark.parametrize(
        "text",
        ["", "\n", "# just a comment", "\x00\x01binary", "def f(:\n", "'''", "@app.cell\n"],
    )
    def test_odd_inputs_never_raise(self, text):
        notebook = parse(text)
        assert isinstance(notebook, Notebook)
        assert parse(serialize(notebook)) == parse(serialize(parse(serialize(notebook))))


class TestRoundTrip:
    @pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.py")), ids=lambda p: p.stem)
    def test_marimo_written_files_round_trip_byte_for_byte(self, path):
        text = path.read_text(encoding="utf-8")
        assert serialize(parse(text)) == text

    def test_full_example_round_trips(self):
        assert serialize(parse(MARIMO_FILE)) == MARIMO_FILE

    def test_crlf_file_round_trips_and_stays_crlf_when_edited(self):
        text = MARIMO_FILE.replace("\n", "\r\n")
        notebook = parse(text)
        assert serialize(notebook) == text
        edited = serialize(edit(notebook, 2, code="radius = 3"))
        assert "\n" not in edited.replace("\r\n", "")
        assert "    radius = 3\r\n" in edited

    def test_bom_and_tabs_round_trip(self):
        text = "\ufeff" + MARIMO_FILE.replace("    radius = 2\n", "\tradius = 2\n")
        text = text.replace("    return (radius,)\n", "\treturn (radius,)\n")
        notebook = parse(text)
        assert notebook.cells[2].code == "radius = 2"
        assert serialize(notebook) == text

    def test_regenerated_cells_match_marimo_layout(self):
        # Lichen writes every definition in `return`; marimo only those other cells read.
        text = (FIXTURES / "configs.py").read_text()
        notebook = parse(text)
        fresh = replace(notebook, cells=tuple(replace(c, source=None) for c in notebook.cells))
        assert serialize(fresh) == text


class TestEditing:
    def test_editing_one_cell_changes_only_its_lines(self):
        notebook = parse(MARIMO_FILE)
        written = serialize(edit(notebook, 3, code="area = math.pi * radius**2 + 1"))
        assert changed_lines(MARIMO_FILE, written) == [
            "-    area = math.pi * radius**2",
            "-    _private = 1",
            "+    area = math.pi * radius**2 + 1",
        ]

    def test_new_definition_updates_returns_of_its_cell(self):
        notebook = parse(MARIMO_FILE)
        written = serialize(edit(notebook, 2, code="radius = 2\ndiameter = 4"))
        assert changed_lines(MARIMO_FILE, written) == [
            "-    return (radius,)",
            "+    diameter = 4",
            "+    return (diameter, radius)",
        ]

    def test_reading_a_new_name_adds_a_parameter(self):
        notebook = parse(MARIMO_FILE)
        written = serialize(edit(notebook, 7, code="import asyncio\nawait asyncio.sleep(radius)"))
        assert "@app.cell\nasync def _(radius):\n" in written
        assert len(changed_lines(MARIMO_FILE, written)) == 4

    def test_other_cells_gain_a_parameter_when_a_name_gets_a_definer(self):
        text = serialize(Notebook(cells=(Cell("print(y)"), Cell("z = 1"))))
        notebook = parse(text)
        written = serialize(edit(notebook, 1, code="y = 1"))
        assert "def _(y):\n    print(y)\n" in written

    def test_config_edit_rewrites_the_decorator(self):
        notebook = parse(MARIMO_FILE)
        written = serialize(edit(notebook, 2, config=CellConfig(hide_code=True)))
        assert "@app.cell(hide_code=True)\ndef radius_cell():" in written
        assert changed_lines(MARIMO_FILE, written) == ["-@app.cell", "+@app.cell(hide_code=True)"]

    def test_app_config_edit_rewrites_only_the_app_line(self):
        notebook = replace(parse(MARIMO_FILE), app_config={"width": "full"})
        written = serialize(notebook)
        assert changed_lines(MARIMO_FILE, written) == [
            '-app = marimo.App(width="medium", app_title="Demo")',
            '+app = marimo.App(width="full")',
        ]

    def test_deleting_and_adding_cells(self):
        notebook = parse(MARIMO_FILE)
        cells = list(notebook.cells)
        del cells[1]
        cells.append(Cell("w = 1"))
        written = serialize(replace(notebook, cells=tuple(cells)))
        reread = parse(written)
        assert codes(reread)[-1] == "w = 1"
        assert 'mo.md("# Title")' not in written

    def test_unparsable_code_with_quotes_and_backslashes_survives(self):
        code = 'x = """\\\n  y\\" \'\'\' \\\\'
        written = serialize(Notebook(cells=(Cell(code, kind=CellKind.UNPARSABLE),)))
        assert parse(written).cells[0].code == code

    def test_cell_with_syntax_error_is_written_as_unparsable_and_does_not_grow(self):
        notebook = Notebook(cells=(Cell("x = ("),))
        first = serialize(notebook)
        assert "app._unparsable_cell(" in first
        again = serialize(parse(first))
        assert again == first
        assert serialize(edit(parse(first), 0, code="x = (")) == first

    def test_function_cell_that_is_no_longer_a_function_becomes_a_cell(self):
        notebook = parse(MARIMO_FILE)
        written = serialize(edit(notebook, 4, code="def double(x):\n    return 2 * x\ny = 1"))
        kinds = [c.kind for c in parse(written).cells]
        assert kinds[4] == CellKind.CELL

    def test_code_is_normalized_at_the_edges(self):
        assert Cell("\n\nx = 1\n\n").code == "x = 1"
        assert Cell("x = 1\r\ny = 2").code == "x = 1\ny = 2"
