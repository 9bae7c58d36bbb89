"""Jupyter notebooks in and out: `from_ipynb` and `to_ipynb`, checked with nbformat itself.

Round trips go through JSON text, as a file on disk does; written notebooks must pass nbformat's
validation against the nbformat 4 schema.
"""

import json
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_raw_cell

from lichen.convert import ConversionError, from_ipynb, jupyter_outputs, to_ipynb
from lichen.diagnostics import notebook_graph
from lichen.notebook import Cell, CellConfig, CellKind, Notebook, parse, serialize
from lichen.protocol import CellDone, CellErrorInfo

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def through_file(data: dict) -> dict:
    """The notebook as nbformat reads it back from the text Lichen writes."""
    text = json.dumps(data, indent=1)
    node = nbformat.reads(text, as_version=4)
    nbformat.validate(node)
    return json.loads(text)


def jupyter(*cells, language: str = "python") -> dict:
    nb = new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = {"name": "k", "display_name": "K", "language": language}
    return json.loads(nbformat.writes(nb))


@pytest.mark.parametrize("name", ["intro.py", "outputs.py", "ui.py"])
def test_examples_round_trip_through_ipynb(name):
    notebook = parse((EXAMPLES / name).read_text())
    back = from_ipynb(through_file(to_ipynb(notebook)))
    assert back.notebook == notebook
    assert back.notes == ()


def test_every_cell_kind_and_config_round_trips():
    notebook = Notebook(
        cells=(
            Cell("import marimo as mo", kind=CellKind.SETUP, name="setup"),
            Cell('mo.md("""\nA *markdown* cell\n""")', config=CellConfig(hide_code=True)),
            Cell("def f(x):\n    return x", name="f", kind=CellKind.FUNCTION),
            Cell("class K:\n    pass", name="K", kind=CellKind.CLASS),
            Cell("x = (", kind=CellKind.UNPARSABLE),
            Cell("y = f(1)", name="named", config=CellConfig(disabled=True, column=1,
                                                             extra=(("expand_output", "True"),))),
        ),
        module="marimo",
        header="# /// script\n# dependencies = [\"pandas\"]\n# ///\n",
        app_config={"width": "medium", "app_title": "T"},
        generated_with="0.25.2",
    )
    data = through_file(to_ipynb(notebook))
    assert [c["cell_type"] for c in data["cells"]] == ["code", "markdown", "code", "code", "code", "code"]
    assert "".join(data["cells"][1]["source"]) == "A *markdown* cell"
    assert from_ipynb(data).notebook == notebook
    assert serialize(from_ipynb(data).notebook) == serialize(notebook)


def test_markdown_cells_export_as_markdown_and_code_as_code():
    notebook = Notebook(cells=(Cell("import lichen"), Cell('lichen.md(r"""\n# Title\n\nText\n""")'),
                               Cell("x = 1\nx")))
    data = through_file(to_ipynb(notebook))
    kinds = [(c["cell_type"], "".join(c["source"])) for c in data["cells"]]
    assert kinds == [("code", "import lichen"), ("markdown", "# Title\n\nText"), ("code", "x = 1\nx")]
    assert data["metadata"]["kernelspec"]["language"] == "python"


def test_outputs_are_in_jupyters_format():
    done = CellDone("c", 1, "success", output={"text/plain": "3", "text/html": "<b>3</b>",
                                               "application/vnd.vegalite.v5+json": '{"mark": "bar"}'},
                    execution_count=4)
    failed = CellDone("d", 1, "error", error=CellErrorInfo("ZeroDivisionError", "division by zero",
                                                         "Traceback\n  line 1\nZeroDivisionError"))
    notebook = Notebook(cells=(Cell("print('a')\n3"), Cell("1/0")))
    outputs = {0: jupyter_outputs(done, [("stdout", "a"), ("stdout", "\n")]),
               1: jupyter_outputs(failed, [])}
    data = through_file(to_ipynb(notebook, outputs, {0: 4}))
    first, second = data["cells"]
    assert first["execution_count"] == 4
    assert first["outputs"][0] == {"output_type": "stream", "name": "stdout", "text": ["a\n"]}
    result = first["outputs"][1]
    assert result["output_type"] == "execute_result" and result["execution_count"] == 4
    assert result["data"]["application/vnd.vegalite.v5+json"] == {"mark": "bar"}
    assert result["data"]["text/html"] == ["<b>3</b>"]
    assert second["outputs"] == [{"output_type": "error", "ename": "ZeroDivisionError",
                                  "evalue": "division by zero",
                                  "traceback": ["Traceback", "  line 1", "ZeroDivisionError"]}]


def test_a_jupyter_notebook_becomes_cells_with_markdown_and_an_api_import():
    data = jupyter(new_markdown_cell("# Analysis\n\nSome *text*"),
                   new_code_cell("import math\nr = 2", outputs=[nbformat.v4.new_output("stream",
                                                                  name="stdout", text="x")]),
                   new_code_cell("area = math.pi * r ** 2\narea"))
    result = from_ipynb(data)
    codes = [c.code for c in result.notebook.cells]
    assert codes == ['lichen.md(r"""\n# Analysis\n\nSome *text*\n""")', "import math\nr = 2",
                     "area = math.pi * r ** 2\narea", "import lichen"]
    assert result.notebook.module == "lichen"
    assert result.notes == ("cell 4: added `import lichen`, which the markdown cells use",)
    assert notebook_graph(result.notebook).errors == ()


def test_the_marimo_api_is_used_when_asked_for():
    result = from_ipynb(jupyter(new_markdown_cell("Hi")), module="marimo")
    assert [c.code for c in result.notebook.cells] == ['mo.md(r"""\nHi\n""")', "import marimo as mo"]
    assert serialize(result.notebook).startswith("import marimo\n")


def test_magics_and_shell_lines_are_translated_and_reported():
    data = jupyter(new_code_cell("%pip install pandas 'numpy>=2'\nimport pandas as pd"),
                   new_code_cell("%matplotlib inline"),
                   new_code_cell("!ls -la\nfiles = !ls\nn = 1"),
                   new_code_cell("%%time\ntotal = sum(range(10))"),
                   new_code_cell("%%bash\necho hi"))
    result = from_ipynb(data)
    header = result.notebook.header
    assert header == ('# /// script\n# dependencies = [\n#     "pandas",\n#     "numpy>=2",\n'
                      '# ]\n# ///\n')
    codes = [c.code for c in result.notebook.cells]
    assert codes[0].endswith("\nimport pandas as pd") and codes[0].startswith("# lichen: %pip")
    assert codes[2].splitlines()[-1] == "n = 1"
    assert all(line.startswith("# lichen: ") for line in codes[2].splitlines()[:2])
    assert codes[3].splitlines()[1:] == ["total = sum(range(10))"]
    assert codes[4] == "# lichen: %%bash cell, not Python, not run:\n# echo hi"
    notes = "\n".join(result.notes)
    for expected in ("cell 1: `%pip install pandas 'numpy>=2'`: pandas, numpy>=2 added",
                     "cell 2: `%matplotlib inline` removed", "cell 3: shell line `!ls -la`",
                     "cell 3: `files = !ls` commented out", "cell 4: `%%time` removed",
                     "cell 5: `%%bash` cell commented out"):
        assert expected in notes
    assert notebook_graph(result.notebook).errors == ()
    assert all(c.kind == CellKind.CELL for c in parse(serialize(result.notebook)).cells)


def test_text_that_only_looks_like_a_magic_is_left_alone():
    code = 's = """\n%not a magic\n!nor a shell line\n"""'
    result = from_ipynb(jupyter(new_code_cell(code)))
    assert result.notebook.cells[0].code == code and result.notes == ()


def test_redefinitions_are_reported_with_their_cells():
    data = jupyter(new_code_cell("x = 1"), new_code_cell("y = x"), new_code_cell("x = 2"))
    result = from_ipynb(data)
    assert [c.code for c in result.notebook.cells] == ["x = 1", "y = x", "x = 2"]
    assert len(result.notes) == 1
    assert result.notes[0].startswith("`x` is defined in cells 1, 3:")
    assert "--fix-redefinitions" in result.notes[0]


def test_fixed_redefinitions_keep_what_jupyter_computed():
    data = jupyter(new_code_cell("import pandas as pd\ndf = pd.DataFrame({'a': [1, None]})"),
                   new_code_cell("df = df.dropna()\nn = len(df)"),
                   new_code_cell("import pandas as pd\nprint(df, n)"),
                   new_code_cell("n += 1"))
    result = from_ipynb(data, fix_redefinitions=True)
    codes = [c.code for c in result.notebook.cells]
    assert codes[1] == "df_2 = df.dropna()\nn = len(df_2)"
    assert codes[2] == "# import pandas as pd  (imported in cell 1)\nprint(df_2, n)"
    assert codes[3] == "n_4 = n\nn_4 += 1"
    assert notebook_graph(result.notebook).errors == ()
    assert result.notes == (
        "cell 2: `df` renamed to `df_2` (it was also defined in cell 1)",
        "cell 3: `import pandas as pd` commented out, cell 1 imports the same",
        "cell 3: reads `df_2` where it read `df`",
        "cell 4: `n` renamed to `n_4` (it was also defined in cell 2)",
    )


def test_raw_cells_are_kept_as_comments_and_attachments_inlined():
    md = new_markdown_cell("![plot](attachment:plot.png)")
    md["attachments"] = {"plot.png": {"image/png": "iVBORw0KGgo="}}
    result = from_ipynb(jupyter(new_raw_cell("raw text\n\nmore"), md))
    raw, markdown, _ = result.notebook.cells
    assert raw.code == "# raw cell:\n# raw text\n#\n# more"
    assert "![plot](data:image/png;base64,iVBORw0KGgo=)" in markdown.code
    assert "cell 1: raw cell kept as comments" in result.notes[0]
    assert "cell 2: attachment plot.png inlined as a data URL" in result.notes


def test_notebooks_in_other_languages_are_refused():
    with pytest.raises(ConversionError, match="a R notebook.*Lichen notebooks are Python"):
        from_ipynb(jupyter(new_code_cell("x <- 1"), language="R"))


def test_what_is_no_notebook_is_refused():
    with pytest.raises(ConversionError, match="not a Jupyter notebook"):
        from_ipynb({"hello": 1})
    with pytest.raises(ConversionError, match="nbformat 3"):
        from_ipynb({"nbformat": 3, "cells": []})
