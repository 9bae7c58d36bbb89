"""Lichen's matplotlib backend (`lichen.runtime.figures` says what it does): Agg's drawing, and a
show that puts figures into the running cell's output instead of opening windows."""

from __future__ import annotations

from typing import Any

from matplotlib._pylab_helpers import Gcf
from matplotlib.backend_bases import FigureManagerBase
from matplotlib.backends.backend_agg import FigureCanvasAgg

from lichen.runtime import figures


class FigureManager(FigureManagerBase):
    def show(self) -> None:  # figure.show()
        figures.show(self.canvas.figure)


class FigureCanvas(FigureCanvasAgg):
    manager_class = FigureManager


def show(*args: Any, block: Any = None, **kwargs: Any) -> None:
    """`plt.show()`: every open figure into the cell's output, in the order made, then closed."""
    for manager in Gcf.get_all_fig_managers():
        figures.show(manager.canvas.figure)
    Gcf.destroy_all()
