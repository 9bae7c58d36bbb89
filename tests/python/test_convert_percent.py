"""py:percent scripts (`# %%` cells) to notebooks, as VS Code's Interactive Window and Jupytext
write them."""

from lichen.convert import from_percent, is_percent_script
from lichen.diagnostics import notebook_graph
from lichen.notebook import parse, serialize

JUPYTEXT = '''# ---
# jupyter:
#   jupytext:
#     text_representation:
#       format_name: percent
# ---

# %% [markdown]
# # Title
#
# Some text

# %%
import math

r = 2

# %% Area
area = math.pi * r**2
print(area)

# %% [markdown]
"""
Text as a string
"""
'''


def test_jupytext_percent_script_becomes_cells():
    assert is_percent_script(JUPYTEXT)
    result = from_percent(JUPYTEXT)
    codes = [c.code for c in result.notebook.cells]
    assert codes == ['lichen.md(r"""\n# Title\n\nSome text\n""")', "import math\n\nr = 2",
                     "area = math.pi * r**2\nprint(area)", 'lichen.md(r"""\nText as a string\n""")',
                     "import lichen"]
    assert result.notes[0].startswith("the Jupytext header")
    assert notebook_graph(result.notebook).errors == ()
    assert parse(serialize(result.notebook)).cells == result.notebook.cells


def test_code_before_the_first_marker_is_a_cell_and_magics_are_handled():
    text = "import os\n\n# %%\n%pip install requests\nx = 1\n# %%\nx = 2\n"
    result = from_percent(text, fix_redefinitions=True)
    codes = [c.code for c in result.notebook.cells]
    assert codes[0] == "import os"
    assert codes[1].endswith("\nx = 1") and "requests" in result.notebook.header
    assert codes[2] == "x_3 = 2"
    assert "cell 3: `x` renamed to `x_3` (it was also defined in cell 2)" in result.notes


def test_a_plain_script_is_not_a_percent_script():
    assert not is_percent_script("x = 1\n# not %% a marker\n")
