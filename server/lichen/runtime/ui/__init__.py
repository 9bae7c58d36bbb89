"""`lichen.ui`: interactive elements. Bind one to a global and show it; when someone changes
it, the cells that read that global run again (not the cell that made it), and `.value` is the
new value.

    slider = lichen.ui.slider(1, 10, label="size")      # cell 1 shows it
    lichen.md(f"size is {slider.value}")                 # cell 2 runs again on every change

The kernel holds the values: `Session.set_ui_value(element_id, raw)` sets one (the ids are in
the outputs that show the element) and runs the cells that read it. A value survives re-runs
of the cells that read it. Running the cell that makes an element again makes a new element,
with a new id and its initial value; values sent for the old id are refused.

Elements, their raw (JSON) values and `props` are described in their modules: `inputs`
(slider, range_slider, number, text, text_area, checkbox, switch, dropdown, radio,
multiselect, date), `buttons` (button, run_button), `table`, `composite` (array, dictionary,
batch, form, tabs), `dates` (datetime, date_range), `files` (file, file_browser), `chat`,
`editors` (code_editor, data_editor), `frames` (dataframe, data_explorer), `matrix`, `live`
(refresh, microphone), `charts` (altair_chart, plotly, matplotlib, panel), `widget` (anywidget). The output payload
is described in `lichen.runtime.display`.
"""

from lichen.runtime.ui.base import UIElement
from lichen.runtime.ui.buttons import button, run_button
from lichen.runtime.ui.composite import array, batch, dictionary, form, tabs
from lichen.runtime.ui.inputs import (checkbox, date, dropdown, multiselect, number, radio,
                                      range_slider, slider, switch, text, text_area)
from lichen.runtime.ui.charts import altair_chart, matplotlib, panel, plotly
from lichen.runtime.ui.chat import chat
from lichen.runtime.ui.dates import date_range, datetime
from lichen.runtime.ui.editors import code_editor, data_editor, experimental_data_editor
from lichen.runtime.ui.files import file, file_browser
from lichen.runtime.ui.frames import data_explorer, dataframe
from lichen.runtime.ui.live import microphone, refresh
from lichen.runtime.ui.matrix import matrix
from lichen.runtime.ui.table import table
from lichen.runtime.ui.widget import anywidget

__all__ = ["UIElement", "altair_chart", "anywidget", "array", "batch", "button", "chat", "checkbox",
           "code_editor", "data_editor", "data_explorer", "dataframe", "date", "date_range",
           "datetime", "dictionary", "dropdown", "experimental_data_editor", "file",
           "file_browser", "form", "matplotlib", "matrix", "microphone", "multiselect", "number",
           "panel", "plotly", "radio", "range_slider", "refresh", "run_button", "slider",
           "switch", "table", "tabs", "text", "text_area"]
