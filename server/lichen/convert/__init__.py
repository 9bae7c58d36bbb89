"""Moving notebooks in and out of Lichen's `.py` format.

Readers turn another format into a `Conversion`: the notebook plus the notes that say what could
not be carried as it was (a magic commented out, a name renamed):
- `from_ipynb(data)`: a Jupyter notebook (nbformat 4, as a dict);
- `from_percent(text)`: a py:percent script (`# %%` cells).
Writers turn a notebook into another format:
- `to_ipynb(notebook, outputs)`: a Jupyter notebook, with the outputs of a run if given
  (`jupyter_outputs` makes them from a run's results);
- `to_script(notebook)`: a plain Python script in topological order;
- `html_page.to_html(notebook, source, runs)`: one self-contained page of a run's outputs, which
  `html_page.read_page_source` reads the notebook back out of.
`with_module(notebook, "marimo")` switches the header and the API the cells call (marimo opens
only files with its own header). Nothing here runs code: the caller passes in the outputs of a run (`lichen export --run`).
"""

from lichen.convert.api_module import with_module
from lichen.convert.ipynb_read import from_ipynb
from lichen.convert.ipynb_write import to_ipynb
from lichen.convert.jupyter_outputs import jupyter_outputs
from lichen.convert.percent import from_percent, is_percent_script
from lichen.convert.result import Conversion, ConversionError
from lichen.convert.script import to_script

__all__ = ["Conversion", "ConversionError", "from_ipynb", "from_percent", "is_percent_script",
           "jupyter_outputs", "to_ipynb", "to_script", "with_module"]
