"""matplotlib figures as cell outputs: `plt.show()`, a figure as a cell's value, and no figure
living on into the next cell.

The runtime makes `matplotlib_backend` matplotlib's backend (through `MPLBACKEND`, so nothing is
imported on the user's behalf): drawing is Agg's, and `plt.show()` (or `figure.show()`) puts each
open figure into the running cell's output, drawn at that moment, then closes it. A figure (or
axes, or the lines `plt.plot` returns) as a cell's value shows the same drawing. After every cell
the figures pyplot still holds are closed, so a figure a cell started and never showed does not
take the next cell's plots, and memory does not grow run after run.

A figure is a PNG at the figure's own dpi (`plt.figure(dpi=200)`, `rcParams["figure.dpi"]`),
or an SVG when `rcParams["savefig.format"]` is "svg".
"""

from __future__ import annotations

import base64
import io
import os
import sys
from typing import Any

BACKEND = "module://lichen.runtime.matplotlib_backend"


def install() -> None:
    """Make Lichen's backend matplotlib's, now if pyplot is loaded, else when it is imported."""
    os.environ["MPLBACKEND"] = BACKEND
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        try:
            pyplot.switch_backend(BACKEND)
        except Exception:  # a broken matplotlib must not stop the runtime
            pass


def figure_bundle(figure: Any) -> dict[str, str] | None:
    """The figure's drawing as a MIME bundle; None if matplotlib fails to draw it."""
    rc = sys.modules["matplotlib"].rcParams
    svg = str(rc.get("savefig.format", "png")).lower() == "svg"
    buffer = io.BytesIO()
    try:
        figure.savefig(buffer, format="svg" if svg else "png", bbox_inches="tight")
    except Exception:
        return None
    if svg:
        return {"image/svg+xml": buffer.getvalue().decode("utf-8")}
    return {"image/png": base64.b64encode(buffer.getvalue()).decode("ascii")}


class ShownFigure:
    """A figure as `plt.show()` drew it: later changes to the figure do not change the output."""

    def __init__(self, bundle: dict[str, str]):
        self._bundle = bundle

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return self._bundle

    def __repr__(self) -> str:
        return "<matplotlib figure>"


def show(figure: Any) -> None:
    """Put `figure`, drawn now, into the running cell's output (nothing outside a run)."""
    from lichen.runtime import output

    bundle = figure_bundle(figure)
    if bundle is not None:
        output.append(ShownFigure(bundle))


def close_all() -> None:
    """Close every figure pyplot holds (after a cell ends: see the module docstring)."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        try:
            pyplot.close("all")
        except Exception:
            pass
