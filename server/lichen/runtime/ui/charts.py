"""Charts as elements: `altair_chart`, `plotly`, `matplotlib`, and `panel` (HoloViz objects).

`altair_chart` and `plotly` are elements the renderer draws as their charts (props: `figure`,
the chart's MIME bundle, as a cell output of the chart would have it), sending what the user
selects as the raw value (`lichen.runtime.ui.selections` gives its form; `null`: nothing): an
altair chart's value is the rows of its data the selection holds (all of them before any
selection), a plotly figure's the list of selected points. `matplotlib` and `panel` show their
figure's own drawing (a node "mime"); their values are an empty selection and the object.
"""

from __future__ import annotations

from typing import Any, Callable

from lichen.runtime import limits
from lichen.runtime.mime import mime_bundle
from lichen.runtime.ui import selections
from lichen.runtime.ui.base import UIElement

OnChange = Callable[[Any], Any] | None


def _figure_bundle(figure: Any) -> dict[str, str]:
    """The figure under the output limit, as a cell output of it would be (the element's output,
    which carries it, is held to the limit again)."""
    return mime_bundle(figure, limits.configured()) or {"text/plain": ""}


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
        return {"type": "mime", "data": _figure_bundle(self._figure)}


class _Chart(_Figure):
    """A chart drawn by the renderer, which sends its selections."""

    def _lichen_node_(self) -> dict[str, Any]:
        return UIElement._lichen_node_(self)

    def _props(self) -> dict[str, Any]:
        return {"figure": _figure_bundle(self._figure)}


class altair_chart(_Chart):
    """An altair chart to select points or an interval on; `value` is the rows of its data the
    selection holds (all of them while nothing is selected)."""

    kind = "altair_chart"

    def __init__(self, chart: Any, chart_selection: Any = True, legend_selection: Any = True,
                 *, label: str = "", on_change: OnChange = None):
        self.chart_selection, self.legend_selection = chart_selection, legend_selection
        super().__init__(selections.with_selection(chart, chart_selection), label=label,
                         on_change=on_change)

    def _selected(self, raw: Any) -> Any:
        data = self._data()
        if data is None or raw is None:
            return data
        return selections.selected_rows(data, raw)

    def _data(self) -> Any:
        data = getattr(self._figure, "data", None)
        return None if data is None or type(data).__name__ == "UndefinedType" else data

    def apply_selection(self, df: Any) -> Any:
        """`df` narrowed to the chart's selection (all of it when nothing is selected)."""
        return df if self._raw is None else selections.selected_rows(df, self._raw)


class plotly(_Chart):
    """A plotly figure to select points on (box or lasso); `value` is the list of selected
    points, each `{"curve", "index", "x", "y", ...}`."""

    kind = "plotly"

    def __init__(self, figure: Any, config: dict[str, Any] | None = None,
                 renderer_name: str | None = None, *, label: str = "",
                 on_change: OnChange = None):
        self.config = dict(config or {})
        super().__init__(figure, label=label, on_change=on_change)

    def _selected(self, raw: Any) -> Any:
        if raw is None:
            return []
        if not isinstance(raw, dict) or not isinstance(raw.get("points", []), list):
            raise self._fail(f"takes {{points, range}} from the figure, not {raw!r}")
        return [dict(p) for p in raw.get("points", []) if isinstance(p, dict)]

    @property
    def ranges(self) -> dict[str, Any]:
        """The box selected, {axis: [low, high]} (empty for a lasso or no selection)."""
        raw = self._raw if isinstance(self._raw, dict) else {}
        return dict(raw.get("range") or {})

    @property
    def points(self) -> list[Any]:
        return self.value

    @property
    def indices(self) -> list[int]:
        """The selected points' indices in their traces."""
        return [p["index"] for p in self.value if isinstance(p.get("index"), int)]


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
