"""The daemon as the extension runs it: `python lichen_lsp.py`, with whatever Python >= 3.10 the
user chose and nothing installed there. Lichen itself (`lichen/`) and the daemon's pure-Python
dependencies (`libs/`: pygls, lsprotocol and theirs) come from the folders beside this file, put
first on sys.path before anything imports. Kernels get the same Lichen (`LICHEN_RUNTIME_PATH`,
read by `lichen.kernel.launch`), and only it: the user's own packages are not shadowed there."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RUNTIME = os.path.join(HERE, "lichen")
sys.path[0:1] = [RUNTIME, os.path.join(HERE, "libs")]  # in place of this file's folder
os.environ["LICHEN_RUNTIME_PATH"] = RUNTIME

from lichen.cli import main  # noqa: E402 - the paths above come first

sys.exit(main(["lsp"]))
