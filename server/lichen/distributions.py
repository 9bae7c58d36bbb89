"""Which PyPI distribution provides a module a cell imports: the usual import names whose
distribution is named otherwise (`sklearn` is scikit-learn's), for the installs Lichen offers
(a ModuleNotFoundError's action in VS Code, the web worker's micropip). Standard library only.
"""

from __future__ import annotations

import importlib.util
import sys

# Import names whose distribution on PyPI has another name.
DISTRIBUTIONS = {
    "Crypto": "pycryptodome",
    "OpenSSL": "pyopenssl",
    "PIL": "pillow",
    "attr": "attrs",
    "bs4": "beautifulsoup4",
    "cv2": "opencv-python",
    "dateutil": "python-dateutil",
    "docx": "python-docx",
    "dotenv": "python-dotenv",
    "fitz": "pymupdf",
    "jwt": "pyjwt",
    "pptx": "python-pptx",
    "serial": "pyserial",
    "sklearn": "scikit-learn",
    "skimage": "scikit-image",
    "yaml": "pyyaml",
    "zmq": "pyzmq",
}

# Served without installing anything: Lichen itself, and marimo's API through Lichen's stand-in.
PROVIDED = frozenset({"lichen", "marimo", "__future__"})


def distribution(module: str) -> str:
    """The PyPI distribution that provides `module` (a top-level module name)."""
    return DISTRIBUTIONS.get(module, module)


def missing_distribution(error: BaseException) -> str | None:
    """For a ModuleNotFoundError naming a top-level module this interpreter cannot find, the
    distribution to install; None otherwise (a missing submodule of an installed package, a
    relative import, the standard library: installing would not help)."""
    if not isinstance(error, ModuleNotFoundError) or not error.name:
        return None
    top = error.name.split(".")[0]
    if not top.isidentifier() or top in PROVIDED or top in sys.modules:
        return None
    if top in getattr(sys, "stdlib_module_names", frozenset()):
        return None
    try:
        if importlib.util.find_spec(top) is not None:
            return None
    except (ImportError, ValueError):
        pass
    return distribution(top)
