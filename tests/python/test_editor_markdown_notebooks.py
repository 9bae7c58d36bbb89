"""marimo's markdown notebooks (.md) in the editor: `lichen/parse` reads one as a notebook and
`lichen/serialize` writes it back as markdown, byte for byte while unedited (the files marimo's
wheel ships), only the edited cell afresh otherwise; `.py` notebooks are untouched by it."""

import zipfile

import pytest

from lichen import protocol as P
from lichen.editor.json_codec import decode, to_json_value
from lichen.editor.notebook_data import parse_to_data, serialize_data
from lichen.convert.marimo_md import is_md_notebook

from test_marimo_tutorials import marimo_wheel


def shipped() -> dict[str, str]:
    with zipfile.ZipFile(marimo_wheel()) as wheel:
        texts = {n: wheel.read(n).decode() for n in wheel.namelist()
                 if n.startswith("marimo/") and n.endswith((".md", ".qmd"))}
    return {n: t for n, t in texts.items() if is_md_notebook(t)}


def through_the_editor(data: P.NotebookData) -> P.NotebookData:
    """The data as the extension keeps it and sends it back: JSON both ways."""
    return decode(to_json_value(data), P.NotebookData)


def test_shipped_markdown_notebooks_are_written_back_byte_for_byte():
    files = shipped()
    assert "marimo/_tutorials/markdown_format.md" in files
    for name, text in files.items():
        data = parse_to_data(text)
        assert data.metadata.markdownFile == text, name
        assert serialize_data(through_the_editor(data)) == text, name


def test_an_edited_cell_is_the_only_one_written_afresh():
    text = ("---\ntitle: Demo\nmarimo-version: 0.25.2\n---\n\n# Demo\n\n"
            "```python {.marimo}\nx  =  1\n```\n\n```python {.marimo}\ny = x + 1\n```\n")
    data = through_the_editor(parse_to_data(text))
    assert [cell.code for cell in data.cells] == ['mo.md(r"""\n# Demo\n""")', "x  =  1", "y = x + 1"]
    cells = list(data.cells)
    index = next(i for i, c in enumerate(cells) if c.code == "y = x + 1")
    cells[index] = P.CellData("y = x + 2", cells[index].metadata)
    edited = serialize_data(P.NotebookData(tuple(cells), data.metadata))
    assert edited == text.replace("y = x + 1", "y = x + 2")


def test_a_py_notebook_is_no_markdown_notebook():
    text = 'import marimo\n\napp = marimo.App()\n\n\n@app.cell\ndef _():\n    x = 1\n    return (x,)\n'
    data = parse_to_data(text)
    assert data.metadata.markdownFile is None
    assert serialize_data(through_the_editor(data)) == text
