"""`mo.mpl.interactive(figure)`: a matplotlib figure to look at.

marimo serves a pannable, zoomable figure from its web server; Lichen shows the figure as the
image matplotlib draws (what `plt.gcf()` as a cell's value shows), so the notebook runs the same.
"""

from __future__ import annotations

from typing import Any

from lichen.runtime.layout import Html, as_html

__all__ = ["interactive"]


def interactive(figure: Any) -> Html:
    """The figure (or the figure of axes) drawn as an image."""
    target = getattr(figure, "figure", None) if not hasattr(figure, "savefig") else figure
    if target is None or not hasattr(target, "savefig"):
        raise TypeError(f"interactive takes a matplotlib figure or axes, not "
                        f"{type(figure).__name__}")
    return as_html(target)
