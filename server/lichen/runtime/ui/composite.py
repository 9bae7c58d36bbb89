"""Elements made of elements: `array`, `dictionary`, `batch` (their value is their children's),
`form` (its value arrives on submit) and `tabs` (its value is the tab shown).

Raw values: array, a list of the children's raw values; dictionary and batch, a dict of them by
key. The renderer sends a child's change with the child's own id: the cells that read the
composite run. It may also send the composite's id with the whole list or dict.

A form's children are drawn in the form, and their changes stay in the renderer until the form
is submitted: then it sends the form's id with the child's raw value. Its value is None until
the first submit.

Nodes: array and dictionary have their elements as "children" (dictionary's props: keys, in
the children's order). batch has one child, its text as a markdown or html node whose slots
are the elements. form has one child, the element; its props: bordered, loading,
submit_button_label, submit_button_tooltip, submit_button_disabled, clear_on_submit,
show_clear_button, clear_button_label, clear_button_tooltip; its value is the last submitted raw
value (null before). tabs has the tabs' contents as children (any nodes); props: labels; its
raw value is the label of the tab shown.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Mapping, Sequence

from lichen.runtime import display
from lichen.runtime.ui.base import UIElement

OnChange = Callable[[Any], Any] | None


def _element(owner: str, item: Any) -> UIElement:
    if not isinstance(item, UIElement):
        raise TypeError(f"{owner} takes UI elements, not {type(item).__name__}")
    return item


class array(UIElement):
    """A list of elements; its value is the list of their values."""

    kind = "array"

    def __init__(self, elements: Sequence[UIElement], *, label: str = "",
                 on_change: OnChange = None):
        if isinstance(elements, Mapping) or not hasattr(elements, "__iter__"):
            raise TypeError(f"array takes a list of UI elements, not {type(elements).__name__}")
        self._elements = [_element("array", e) for e in elements]
        super().__init__([e._raw_value() for e in self._elements], label=label,
                         on_change=on_change)
        for element in self._elements:
            element._link(self)

    value = property(lambda self: [e.value for e in self._elements], UIElement.value.fset,
                     doc="The list of the elements' values.")

    def _raw_value(self) -> Any:
        return [e._raw_value() for e in self._elements]

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        if not isinstance(raw, (list, tuple)) or len(raw) != len(self._elements):
            raise self._fail(f"takes a list of {len(self._elements)} values, not {raw!r}")
        parsed = [e._parse(r) for e, r in zip(self._elements, raw)]
        return parsed, None

    def _apply(self, parsed: Any, _: Any) -> None:
        for element, (raw, value) in zip(self._elements, parsed):
            element._apply(raw, value)

    def _children(self) -> list[UIElement]:
        return list(self._elements)

    def __getitem__(self, index: int) -> UIElement:
        return self._elements[index]

    def __len__(self) -> int:
        return len(self._elements)

    def __iter__(self):
        return iter(self._elements)

    def hstack(self, **options: Any) -> Any:
        from lichen.runtime.layout import hstack

        return hstack(self._elements, **options)

    def vstack(self, **options: Any) -> Any:
        from lichen.runtime.layout import vstack

        return vstack(self._elements, **options)


class dictionary(UIElement):
    """A dict of elements; its value is the dict of their values, by the same keys."""

    kind = "dictionary"

    def __init__(self, elements: Mapping[str, UIElement], *, label: str = "",
                 on_change: OnChange = None):
        if not isinstance(elements, Mapping):
            raise TypeError(f"dictionary takes a dict of UI elements, not "
                            f"{type(elements).__name__}")
        self._elements = {str(k): _element("dictionary", e) for k, e in elements.items()}
        super().__init__({k: e._raw_value() for k, e in self._elements.items()}, label=label,
                         on_change=on_change)
        for element in self._elements.values():
            element._link(self)

    value = property(lambda self: {k: e.value for k, e in self._elements.items()},
                     UIElement.value.fset, doc="The dict of the elements' values.")

    def _raw_value(self) -> Any:
        return {k: e._raw_value() for k, e in self._elements.items()}

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        if not isinstance(raw, Mapping) or set(raw) - set(self._elements):
            raise self._fail(f"takes a dict with keys among {list(self._elements)}, not {raw!r}")
        return {k: self._elements[k]._parse(r) for k, r in raw.items()}, None

    def _apply(self, parsed: Any, _: Any) -> None:
        for key, (raw, value) in parsed.items():
            self._elements[key]._apply(raw, value)

    def _props(self) -> dict[str, Any]:
        return {"keys": list(self._elements)}

    def _children(self) -> list[UIElement]:
        return list(self._elements.values())

    def __getitem__(self, key: str) -> UIElement:
        return self._elements[key]

    def __len__(self) -> int:
        return len(self._elements)

    def __iter__(self):
        return iter(self._elements)

    def __contains__(self, key: object) -> bool:
        return key in self._elements

    def keys(self):
        return self._elements.keys()

    def values(self):
        return self._elements.values()

    def items(self):
        return self._elements.items()

    def hstack(self, **options: Any) -> Any:
        from lichen.runtime.layout import hstack

        return hstack(list(self._elements.values()), **options)

    def vstack(self, **options: Any) -> Any:
        from lichen.runtime.layout import vstack

        return vstack(list(self._elements.values()), **options)


class batch(dictionary):
    """Elements drawn inside markdown or HTML: `md("Name: {name}").batch(name=ui.text())`. Its
    value is the dict of their values. Each `{key}` of the text is replaced by its element;
    other braces are left as they are. Its node has one child, the text (a markdown or HTML node
    whose slots are the elements)."""

    kind = "batch"

    def __init__(self, html: Any, elements: Mapping[str, UIElement], *, label: str = "",
                 on_change: OnChange = None):
        super().__init__(elements, label=label, on_change=on_change)
        self._html = html

    def _lichen_node_(self) -> dict[str, Any]:
        node = super()._lichen_node_()
        node["children"] = [self._template()]
        return node

    def _template(self) -> dict[str, Any]:
        elements = self._elements
        pattern = re.compile(r"\{(" + "|".join(map(re.escape, elements)) + r")\}")
        from lichen.runtime.layout import Markdown

        kind = "markdown" if isinstance(self._html, Markdown) else "html"
        source = str(self._html) if kind == "markdown" else self._html.text
        text = pattern.sub(lambda m: elements[m.group(1)].text, source) if elements else source
        body, slots = display.slots(text)
        return {"type": kind, "text" if kind == "markdown" else "html": body, "slots": slots}


class form(UIElement):
    """`element` in a form with a submit button. Its value is the element's value at the last
    submit (None before the first). `validate(value)` may return a message that refuses the
    submit."""

    kind = "form"

    def __init__(self, element: UIElement, *, bordered: bool = True, loading: bool = False,
                 submit_button_label: str = "Submit", submit_button_tooltip: str | None = None,
                 submit_button_disabled: bool = False, clear_on_submit: bool = False,
                 show_clear_button: bool = False, clear_button_label: str = "Clear",
                 clear_button_tooltip: str | None = None,
                 validate: Callable[[Any], str | None] | None = None, label: str = "",
                 on_change: OnChange = None):
        self._element = _element("form", element)
        self._validate = validate
        self._options = {
            "bordered": bool(bordered), "loading": bool(loading),
            "submit_button_label": submit_button_label,
            "submit_button_tooltip": submit_button_tooltip,
            "submit_button_disabled": bool(submit_button_disabled),
            "clear_on_submit": bool(clear_on_submit), "show_clear_button": bool(show_clear_button),
            "clear_button_label": clear_button_label,
            "clear_button_tooltip": clear_button_tooltip}
        super().__init__(None, label=label, on_change=on_change)

    @property
    def element(self) -> UIElement:
        return self._element

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        if raw is None:  # only the initial value: a submit always carries one
            return None, None
        raw, value = self._element._parse(raw)
        if self._validate is not None:
            message = self._validate(value)
            if message:
                raise self._fail(str(message))
        return raw, value

    def _props(self) -> dict[str, Any]:
        return self._options

    def _children(self) -> list[UIElement]:
        return [self._element]


class tabs(UIElement):
    """Items in tabs, one per key; the value is the label of the tab shown (the first by
    default, or `value`)."""

    kind = "tabs"

    def __init__(self, tabs: Mapping[str, Any], value: str | None = None, lazy: bool = False, *,
                 label: str = "", on_change: OnChange = None, orientation: str = "horizontal"):
        if not isinstance(tabs, Mapping):
            raise TypeError(f"tabs takes a dict of label -> item, not {type(tabs).__name__}")
        self._labels = [str(k) for k in tabs]
        self._items = list(tabs.values())
        if value is None:
            value = self._labels[0] if self._labels else ""
        super().__init__(value, label=label, on_change=on_change)

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        if not self._labels and raw == "":
            return "", ""
        if raw not in self._labels:
            raise self._fail(f"has no tab {raw!r}; its tabs are {self._labels}")
        return raw, raw

    def _props(self) -> dict[str, Any]:
        return {"labels": list(self._labels)}

    def _lichen_node_(self) -> dict[str, Any]:
        node = super()._lichen_node_()
        node["children"] = [display.node_of(item) for item in self._items]
        return node
