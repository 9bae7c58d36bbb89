"""matplotlib figures as cell outputs: `plt.show()`, a figure as a cell's value, and no figure
living on into the next cell.

The runtime makes `matplotlib_backend` matplotlib's backend (through `MPLBACKEND`, so nothing is
imported on the user's behalf): drawing is Agg's, and `plt.show()` (or `figure.show()`) puts each
open figure into the running cell's output, drawn at that moment, then closes it. A figure (or
axes, or the lines `plt.plot` returns) as a cell's value shows the same drawing. After every cell
the figures pyplot still holds are closed, so a figure a cell started and never showed does not
take the next cell's plots, and memory does not grow run after run.

A figure is an SVG when `rcParams["savefig.format"]` is "svg", else a PNG drawn at `PIXEL_RATIO`
times the figure's own dpi (`plt.figure(dpi=200)`, `rcParams["figure.dpi"]`) and shown at the
size the figure's dpi gives it (an `<img>` with its width and height, as text/html; the PNG alone
for viewers that take no HTML), so it is sharp on high-density displays.
"""

from __future__ import annotations

import base64
import io
import os
import sys
from typing import Any

BACKEND = "module://lichen.runtime.matplotlib_backend"
# Device pixels per CSS pixel a PNG is drawn for: high-density displays' ratio (a display of
# ratio 1 scales it down, still sharp); the kernel cannot know the display's own.
PIXEL_RATIO = 2


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
        if svg:
            figure.savefig(buffer, format="svg", bbox_inches="tight")
        else:
            figure.savefig(buffer, format="png", bbox_inches="tight",
                           dpi=figure.dpi * PIXEL_RATIO)
    except Exception:
        return None
    if svg:
        return {"image/svg+xml": buffer.getvalue().decode("utf-8")}
    png = buffer.getvalue()
    data = base64.b64encode(png).decode("ascii")
    width, height = (round(n / PIXEL_RATIO) for n in _png_size(png))
    return {"text/html": f'<img src="data:image/png;base64,{data}" width="{width}" '
                         f'height="{height}" alt="a matplotlib figure">',
            "image/png": data}


def _png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels, from the PNG's header chunk."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


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
