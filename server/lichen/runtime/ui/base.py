"""The UI element base: ids, the two forms of a value, checks, and links to composites.

An element holds its value in two forms: the raw form, JSON (numbers, strings, lists, dicts),
which the renderer shows and sends back; and the Python value cells read as `.value` (a dropdown's
raw value is the chosen label, its value the option behind it; a date's raw value is an ISO
string, its value a `datetime.date`). `_parse(raw)` checks a raw value and converts it, raising
ValueError with what the element takes; initial values pass the same checks, so a bad argument
fails where the element is made.

Ids are unique in the process and never reused: a new element (its cell ran again) gets a new
id, and a value sent for an element that is gone is refused instead of landing on its successor.
A random prefix per process keeps the ids of a restarted kernel apart from the old one's.

Composites whose value is made of their children's (array, dictionary, batch) are linked from
each child, so a child's new value reaches the cells that read the composite.
"""

from __future__ import annotations

import itertools
import os
import sys
import traceback
import weakref
from typing import Any, Callable, ClassVar, Iterator

from lichen.runtime import context
from lichen.runtime.layout import NodeHtml

_PREFIX = os.urandom(3).hex()
_counter = itertools.count(1)


def new_id() -> str:
    return f"{_PREFIX}-{next(_counter)}"


class UIElement(NodeHtml):
    """An interactive element. Bind it to a global and display it: when the user changes it,
    the cells that read that global run again, and read the new `.value`."""

    kind: ClassVar[str] = "element"

    def __init__(self, raw: Any, *, label: str = "", on_change: Callable[[Any], Any] | None = None):
        super().__init__()
        if not isinstance(label, str):
            raise TypeError(f"{self.kind} label must be a string, not {type(label).__name__}")
        if on_change is not None and not callable(on_change):
            raise TypeError(f"{self.kind} on_change must be a function of the new value")
        self._id = new_id()
        self._label = label
        self._on_change = on_change
        self._parents: list[weakref.ref] = []
        self._raw, self._value = self._parse(raw)
        active = context.active()
        if active is not None:
            active.register(self)

    # -- what cells read ------------------------------------------------------------------------

    @property
    def id(self) -> str:
        """The id outputs carry and `set_ui_value` takes."""
        return self._id

    @property
    def label(self) -> str:
        return self._label

    @property
    def value(self) -> Any:
        """The element's current value."""
        return self._value

    @value.setter
    def value(self, _: Any) -> None:
        raise AttributeError(
            f"the value of a {self.kind} cannot be assigned: it changes when someone interacts "
            "with the element. To set it from code, make a new element with that initial value, "
            "or keep the value in lichen.state")

    def form(self, **options: Any) -> Any:
        """This element in a form: its value reaches the notebook when the form is submitted."""
        from lichen.runtime.ui.composite import form

        return form(self, **options)

    def __repr__(self) -> str:
        label = f", label={self._label!r}" if self._label else ""
        return f"<{self.kind} {self._id} value={self.value!r}{label}>"

    # -- for subclasses -------------------------------------------------------------------------

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        """Check a raw value: (the raw value, normalised; the Python value). No side effects."""
        raise NotImplementedError

    def _props(self) -> dict[str, Any]:
        """The element's options and limits, for the renderer."""
        return {}

    def _children(self) -> list[UIElement]:
        """The elements drawn inside this one (composites)."""
        return []

    def _raw_value(self) -> Any:
        return self._raw

    def _apply(self, raw: Any, value: Any) -> None:
        self._raw, self._value = raw, value

    def _after_run(self) -> None:
        """Called when the run its new value caused has ended."""

    def _fail(self, message: str) -> ValueError:
        name = f"{self.kind} {self._label!r}" if self._label else self.kind
        return ValueError(f"{name}: {message}")

    # -- the renderer's side --------------------------------------------------------------------

    def _lichen_node_(self) -> dict[str, Any]:
        node = {"type": "element", "id": self._id, "kind": self.kind, "label": self._label,
                "value": self._raw_value(), "props": self._props()}
        children = self._children()
        if children:
            node["children"] = [child._lichen_node_() for child in children]
        return node

    def _receive(self, raw: Any) -> list[UIElement]:
        """Take a raw value from the renderer: check it, set it, call `on_change`. Returns the
        elements whose value changed: this one and the composites made of it."""
        raw, value = self._parse(raw)
        self._apply(raw, value)
        changed = [self, *self._ancestors()]
        for element in changed:
            element._changed()
        return changed

    def _changed(self) -> None:
        if self._on_change is None:
            return
        try:
            self._on_change(self.value)
        except Exception:  # like a print: the value is set, the runs still happen
            sys.stderr.write(f"on_change of {self!r} raised:\n{traceback.format_exc()}")

    def _link(self, parent: UIElement) -> None:
        self._parents.append(weakref.ref(parent))

    def _ancestors(self) -> list[UIElement]:
        found: list[UIElement] = []
        todo = [self]
        while todo:
            for ref in todo.pop()._parents:
                parent = ref()
                if parent is not None and all(parent is not f for f in found):
                    found.append(parent)
                    todo.append(parent)
        return found


def walk(element: UIElement) -> Iterator[UIElement]:
    """The element and every element inside it."""
    yield element
    for child in element._children():
        if isinstance(child, UIElement):
            yield from walk(child)
