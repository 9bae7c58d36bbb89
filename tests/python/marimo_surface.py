"""Prints marimo's public names and their parameters as JSON (run with marimo's interpreter).

    {"marimo.ui.slider": {"start": REQUIRED, "step": "None", ...}, "marimo.status": null, ...}

A callable maps to its parameters (a class: its constructor's; `self`, `*args`, `**kwargs` and
marimo-internal `_`-names left out), each to its default: the `repr` of a literal default (a
number, string, bool or None), `REQUIRED` for none, `OTHER` for any other value (a list, a
function, a sentinel object); anything else maps to null. The names are
`marimo.__all__`, `marimo.ui`'s public names, and the public names of marimo's public
submodules (`status`, `output`, `mpl`, `watch`, `ai`, `islands`) defined in marimo.
"""

import inspect
import json
import sys
import types

import marimo

REQUIRED = "<required>"
OTHER = "<other>"
LITERALS = (bool, int, float, str, type(None))


def default(parameter):
    if parameter.default is parameter.empty:
        return REQUIRED
    return repr(parameter.default) if type(parameter.default) in LITERALS else OTHER


def parameters(value):
    target = value.__init__ if isinstance(value, type) else value
    try:
        signature = inspect.signature(target)
    except (TypeError, ValueError):
        return None
    return {p.name: default(p) for p in signature.parameters.values()
            if p.name not in ("self", "cls") and not p.name.startswith("_")
            and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}


def public(module):
    return [n for n in dir(module) if not n.startswith("_")
            and not isinstance(getattr(module, n), types.ModuleType)
            and getattr(getattr(module, n), "__module__", "").startswith("marimo")]


def walk(prefix, module, names):
    found = {}
    for name in names:
        value = getattr(module, name)
        qualname = f"{prefix}.{name}"
        if isinstance(value, types.ModuleType):
            found[qualname] = None
            found.update(walk(qualname, value, public(value)))
        else:
            found[qualname] = parameters(value) if callable(value) else None
    return found


surface = walk("marimo", marimo, [n for n in marimo.__all__ if not n.startswith("_")])
surface.update(walk("marimo.ui", marimo.ui, [n for n in dir(marimo.ui) if not n.startswith("_")]))
json.dump(surface, sys.stdout, sort_keys=True)
