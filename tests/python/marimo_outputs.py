"""Runs a marimo notebook with marimo (run with marimo's interpreter) as its script mode does,
then writes to the file given second the MIME type marimo draws each cell's output as, in file
order: `[{"code": ..., "mimetype": "text/html"}, ...]` (`text/plain` also for no output).

    python marimo_outputs.py notebook.py kinds.json
"""

import importlib.util
import json
import os
import sys

# A Lichen runtime loaded earlier in the test process names its own matplotlib backend in
# MPLBACKEND, which this process inherits; marimo must choose its own.
os.environ.pop("MPLBACKEND", None)

from marimo._output.formatting import try_format

path, kinds_path = sys.argv[1], sys.argv[2]
sys.path.insert(0, ".")
spec = importlib.util.spec_from_file_location("notebook", path)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
app = module.app
outputs, _ = app.run()
cells = app._cell_manager
shown = [cid for cid in cells.valid_cell_ids() if not app._graph.is_disabled(cid)]
kinds = [{"code": cells.get_cell_code(cid), "mimetype": try_format(out).mimetype}
         for cid, out in zip(shown, outputs)]
with open(kinds_path, "w", encoding="utf-8") as f:
    json.dump(kinds, f)
