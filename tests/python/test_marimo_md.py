"""marimo's markdown notebooks: the ones marimo's wheel ships round-trip byte for byte and read
to the cells marimo itself reads from them; notebooks Lichen writes as `.md` are read by marimo
0.25.2 (in a venv of its own) to the same cells."""

import subprocess
import zipfile
from pathlib import Path

import pytest

from lichen.convert.marimo_md import is_md_notebook, read_md, write_md
from lichen.notebook import Cell, CellConfig, CellKind, Notebook, parse
from test_marimo_surface import marimo_python
from test_marimo_tutorials import marimo_wheel, tutorials


def shipped_md() -> dict[str, str]:
    with zipfile.ZipFile(marimo_wheel()) as wheel:
        names = [n for n in wheel.namelist() if n.endswith((".md", ".qmd"))
                 and n.startswith("marimo/") and "README" not in n]
        return {n: wheel.read(n).decode("utf-8") for n in sorted(names)}


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    found = {n: t for n, t in shipped_md().items() if is_md_notebook(t)}
    assert "marimo/_tutorials/markdown_format.md" in found
    return found


def marimo_reads(tmp_path: Path, name: str, text: str) -> Notebook:
    """The notebook marimo makes of a markdown file (`marimo convert`, read back by Lichen)."""
    source = tmp_path / name
    source.write_text(text)
    out = tmp_path / (source.stem + ".py")
    marimo = Path(marimo_python()).parent / "marimo"
    subprocess.run([str(marimo), "convert", str(source), "-o", str(out)], check=True,
                   capture_output=True, timeout=120, env={"PATH": "", "HOME": str(tmp_path)})
    return parse(out.read_text())


def same_cells(ours: Notebook, theirs: Notebook) -> None:
    assert [(c.code, c.name, c.config) for c in ours.cells] == \
        [(c.code, c.name, c.config) for c in theirs.cells]


def test_shipped_markdown_notebooks_round_trip_byte_for_byte(files):
    for name, text in files.items():
        document = read_md(text)
        assert write_md(document.notebook, document) == text, name


def test_shipped_markdown_notebooks_read_as_marimo_reads_them(files, tmp_path):
    for name, text in files.items():
        ours = read_md(text).notebook
        theirs = marimo_reads(tmp_path, Path(name).name, text)
        same_cells(ours, theirs)
        assert ours.app_config.get("app_title") == theirs.app_config.get("app_title")
        assert ours.header.strip() == theirs.header.strip()
        assert ours.module == "marimo"


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, tuple[str, Notebook]]:
    """Each tutorial notebook marimo ships, as marimo exports it to markdown, with the notebook
    marimo reads back from that markdown."""
    folder = tmp_path_factory.mktemp("exported")
    marimo = str(Path(marimo_python()).parent / "marimo")
    found = {}
    for name, text in tutorials().items():
        source = folder / f"{name}.py"
        source.write_text(text)
        md = folder / f"{name}.md"
        subprocess.run([marimo, "export", "md", str(source), "-o", str(md)], check=True,
                       capture_output=True, timeout=120, env={"PATH": "", "HOME": str(folder)})
        found[name] = (md.read_text(), marimo_reads(folder, f"{name}.md", md.read_text()))
    assert len(found) >= 5
    return found


def test_markdown_marimo_exports_round_trips_and_reads_as_marimo_reads_it(exported):
    for name, (text, theirs) in exported.items():
        document = read_md(text)
        assert write_md(document.notebook, document) == text, name
        same_cells(document.notebook, theirs)
        assert document.notebook.app_config == theirs.app_config, name


def test_editing_one_cell_rewrites_only_that_cell():
    text = ("---\ntitle: T\nmarimo-version: 0.25.2\n---\n\n# Intro\n\nText.\n<!---->\nMore\n\n"
            "```python {.marimo}\nx = 1\n```\n\n```python {.marimo hide_code=\"true\"}\ny = x\n```\n")
    document = read_md(text)
    cells = list(document.notebook.cells)
    assert [c.code for c in cells] == ['mo.md(r"""\n# Intro\n\nText.\n""")', 'mo.md(r"""\nMore\n""")',
                                       "x = 1", "y = x"]
    assert cells[3].config.hide_code and cells[0].config.hide_code
    cells[2] = cells[2].with_code("x = 2")
    from dataclasses import replace

    written = write_md(replace(document.notebook, cells=tuple(cells)), document)
    assert written == text.replace("x = 1", "x = 2")


def test_a_notebook_written_as_md_reads_back_in_marimo_to_the_same_cells(tmp_path):
    notebook = Notebook(
        cells=(
            Cell("import marimo as mo", config=CellConfig(hide_code=True)),
            Cell('mo.md(r"""\n# Report\n\nSome *text*\n""")', config=CellConfig(hide_code=True)),
            Cell('mo.md(r"""\nA second paragraph cell\n""")', config=CellConfig(hide_code=True)),
            Cell("x = 1\nprint(x)", name="first"),
            Cell("y = x + 1", config=CellConfig(disabled=True)),
            Cell('s = """\n```python\ncode in a string\n```\n"""'),
            Cell("print(", kind=CellKind.UNPARSABLE),
        ),
        module="marimo",
        app_config={"app_title": "Report"},
        header='# /// script\n# dependencies = [\n#     "pandas",\n# ]\n# ///\n\n',
    )
    text = write_md(notebook)
    assert text.count("<!---->") == 1
    ours = read_md(text).notebook
    same_cells(ours, notebook)
    assert ours.header == notebook.header
    theirs = marimo_reads(tmp_path, "report.md", text)
    same_cells(theirs, notebook)
    assert theirs.app_config["app_title"] == "Report"


def test_plain_markdown_is_no_notebook():
    assert not is_md_notebook("# Notes\n\n```python\nx = 1\n```\n")
    assert is_md_notebook("# Notes\n\n```python {.marimo}\nx = 1\n```\n")
