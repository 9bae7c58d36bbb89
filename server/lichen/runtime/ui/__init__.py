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
batch, form, tabs). The output payload is described in `lichen.runtime.display`.
"""

from lichen.runtime.ui.base import UIElement
from lichen.runtime.ui.buttons import button, run_button
from lichen.runtime.ui.composite import array, batch, dictionary, form, tabs
from lichen.runtime.ui.inputs import (checkbox, date, dropdown, multiselect, number, radio,
                                      range_slider, slider, switch, text, text_area)
from lichen.runtime.ui.table import table

__all__ = ["UIElement", "array", "batch", "button", "checkbox", "date", "dictionary", "dropdown",
           "form", "multiselect", "number", "radio", "range_slider", "run_button", "slider",
           "switch", "table", "tabs", "text", "text_area"]
