"""`lichen.state(initial)`: a value cells share and change, with a getter and a setter.

    get_count, set_count = lichen.state(0)     # cell 1
    get_count()                                # cell 2 reads the getter
    set_count(get_count() + 1)                 # cell 3 (or a button's on_change) sets it

Calling the setter records the new value at once; when the run in progress ends (or, from a UI
element's callback, when the value is applied), the cells that read a global bound to the getter
run again, except the cell that called the setter (unless `allow_self_loops=True`) and those that
started after the setter was called, which read the new value already (marimo's rule). The setter
takes a value, or a function of the old value.

Outside a runtime (a module importing the notebook) getter and setter simply work on the value.
"""

from __future__ import annotations

import types
from typing import Callable, Generic, TypeVar

from lichen.runtime import context

T = TypeVar("T")


class State(Generic[T]):
    """The getter: call it for the current value."""

    __slots__ = ("_value", "allow_self_loops", "__weakref__")

    def __init__(self, value: T, allow_self_loops: bool = False):
        self._value = value
        self.allow_self_loops = allow_self_loops

    def __call__(self) -> T:
        return self._value

    def __repr__(self) -> str:
        return f"<state getter: {self._value!r}>"


class Setter(Generic[T]):
    """The setter: `set(value)` or `set(lambda old: new)`."""

    __slots__ = ("_state",)

    def __init__(self, state: State[T]):
        self._state = state

    def __call__(self, update: T | Callable[[T], T]) -> None:
        state = self._state
        if isinstance(update, (types.FunctionType, types.MethodType)):
            update = update(state._value)
        state._value = update
        active = context.active()
        if active is not None:
            active.state_set(state)

    def __repr__(self) -> str:
        return f"<state setter: {self._state._value!r}>"


def state(value: T, allow_self_loops: bool = False) -> tuple[State[T], Setter[T]]:
    """A getter and a setter of shared state starting at `value`; setting it re-runs the cells
    that read the getter (not the cell that set it, unless `allow_self_loops`)."""
    getter = State(value, allow_self_loops)
    return getter, Setter(getter)
