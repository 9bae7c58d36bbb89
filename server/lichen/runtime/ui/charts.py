"""Charts as elements: `altair_chart`, `plotly`, `matplotlib`, and `panel` (HoloViz objects).

Each shows its figure as the figure's own drawing (the MIME bundle altair, plotly, matplotlib
or panel make: a node "mime"), and has the value marimo gives it before anything is selected:
`altair_chart` the chart's data (a selection narrows it in marimo), `plotly` an empty list of
selected points, `matplotlib` an empty selection, `panel` the object. Raw value: the selection
the renderer sends (`null`: none), which this version does not yet narrow by.
"""

from __future__ import annotations

from typing import Any, Callable

from lichen.runtime.mime import mime_bundle
from lichen.runtime.ui.base import UIElement

OnChange = Callable[[Any], Any] | None
_LIMIT = 4_000_000


class _Figure(UIElement):
    """An element drawn as its figure's MIME bundle."""

    def __init__(self, figure: Any, *, label: str = "", on_change: OnChange = None):
        self._figure = figure
        super().__init__(None, label=label, on_change=on_change)

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        return raw, self._selected(raw)

    def _selected(self, raw: Any) -> Any:
        raise NotImplementedError

    def _lichen_node_(self) -> dict[str, Any]:
        return {"type": "mime", "data": mime_bundle(self._figure, _LIMIT) or {"text/plain": ""}}


class altair_chart(_Figure):
    """An altair chart; `value` is its data (the selected points' rows, once selections are
    sent)."""

    kind = "altair_chart"

    def __init__(self, chart: Any, chart_selection: Any = True, legend_selection: Any = True,
                 *, label: str = "", on_change: OnChange = None):
        self.chart_selection, self.legend_selection = chart_selection, legend_selection
        super().__init__(chart, label=label, on_change=on_change)

    def _selected(self, raw: Any) -> Any:
        data = getattr(self._figure, "data", None)
        return None if data is None or type(data).__name__ == "UndefinedType" else data

    def apply_selection(self, df: Any) -> Any:
        """`df` narrowed to the chart's selection (all of it when nothing is selected)."""
        return df


class plotly(_Figure):
    """A plotly figure; `value` is the list of selected points."""

    kind = "plotly"

    def __init__(self, figure: Any, config: dict[str, Any] | None = None,
                 renderer_name: str | None = None, *, label: str = "",
                 on_change: OnChange = None):
        self.config = dict(config or {})
        super().__init__(figure, label=label, on_change=on_change)

    def _selected(self, raw: Any) -> Any:
        return list(raw) if isinstance(raw, list) else []

    @property
    def ranges(self) -> dict[str, Any]:
        return {}

    @property
    def points(self) -> list[Any]:
        return self.value

    @property
    def indices(self) -> list[int]:
        return []


class _NoSelection:
    """matplotlib's selection before the user draws one: nothing is inside it."""

    def get_mask(self, x: Any, y: Any) -> Any:
        import numpy

        return numpy.zeros(numpy.shape(x), dtype=bool)

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "EmptySelection()"


class matplotlib(_Figure):
    """Matplotlib axes to select points on; `value` is the selection (empty at first)."""

    kind = "matplotlib"

    def __init__(self, axes: Any, value: Any = None, debounce: bool = False, *,
                 label: str = "", on_change: OnChange = None):
        figure = getattr(axes, "figure", axes)
        super().__init__(figure, label=label, on_change=on_change)

    def _selected(self, raw: Any) -> Any:
        return _NoSelection()


class panel(_Figure):
    """A HoloViz Panel (or HoloViews, Bokeh) object, drawn by its own MIME bundle."""

    kind = "panel"

    def __init__(self, obj: Any):
        super().__init__(obj)

    def _selected(self, raw: Any) -> Any:
        return self._figure
