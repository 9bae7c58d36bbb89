"""Write `schema.json` and `src/protocol.ts` from the messages declared in `lichen.protocol`.

    python shared-protocol/generate.py          # rewrite the generated files
    python shared-protocol/generate.py --check  # exit 1 if they are stale

The types are read from the dataclasses' annotations (standard library only): every message of
`EDITOR_METHODS` and every type its fields reach. A field is optional in TypeScript when it has a
default and the extension may send the type; what only the daemon sends always has every field.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import types
import typing
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SCHEMA_PATH = HERE / "schema.json"
TS_PATH = HERE / "src" / "protocol.ts"
_NONE = type(None)


def render() -> dict[Path, str]:
    """The generated files' paths and texts."""
    from lichen import protocol

    model = _Model(protocol.EDITOR_METHODS, protocol.EDITOR_TYPES)
    model.aliases = _aliases(protocol, model)
    return {SCHEMA_PATH: _schema_text(model, protocol), TS_PATH: _typescript(model, protocol)}


def _aliases(protocol, model) -> dict[str, Any]:
    """The protocol's named unions (of literals, or of the messages reached), by name: each becomes
    a TypeScript type of that name."""
    found = {}
    for name, value in vars(protocol).items():
        if name.startswith("_") or not name[:1].isupper():
            continue
        origin, args = typing.get_origin(value), typing.get_args(value)
        if origin is typing.Literal and len(args) > 1:
            found[name] = value
        elif _union_args(value) and all(dataclasses.is_dataclass(a) and a.__name__ in model.classes
                                        for a in args):
            found[name] = value
    return found


# --- reading the types -----------------------------------------------------------------------------


class _Model:
    """The dataclasses the methods reach, in a stable order, and who sends each of them."""

    def __init__(self, methods, editor_types) -> None:
        self.methods = methods
        self.aliases: dict[str, Any] = {}  # named unions, written as their name
        self.classes: dict[str, type] = {}
        self.hints: dict[str, dict[str, Any]] = {}
        self.sent_by_editor: set[str] = set()
        for method in methods:
            self._visit(method.params, not method.to_editor)
            if method.result is not None:
                self._visit(method.result, False)
        for tp in editor_types:
            self._visit(tp, True)

    def _visit(self, tp: Any, by_editor: bool) -> None:
        if dataclasses.is_dataclass(tp):
            name = tp.__name__
            seen = name in self.classes
            if by_editor and name not in self.sent_by_editor:
                self.sent_by_editor.add(name)
                seen = False
            if seen:
                return
            self.classes[name] = tp
            self.hints[name] = typing.get_type_hints(tp)
            for f in dataclasses.fields(tp):
                self._visit(self.hints[name][f.name], by_editor)
            return
        for arg in typing.get_args(tp):
            if not isinstance(arg, (str, int, bool)):
                self._visit(arg, by_editor)

    def fields(self, name: str):
        """(field name, type, required) of a class, in declaration order."""
        cls, hints = self.classes[name], self.hints[name]
        for f in dataclasses.fields(cls):
            has_default = (f.default is not dataclasses.MISSING
                           or f.default_factory is not dataclasses.MISSING)
            tp = hints[f.name]
            constant = typing.get_origin(tp) is typing.Literal and len(typing.get_args(tp)) == 1
            required = not has_default or constant or name not in self.sent_by_editor
            yield f.name, tp, required


def _union_args(tp: Any) -> tuple[Any, ...] | None:
    origin = typing.get_origin(tp)
    if origin is typing.Union or (hasattr(types, "UnionType") and origin is types.UnionType):
        return typing.get_args(tp)
    return None


def _doc(cls: type) -> str | None:
    doc = cls.__doc__ or ""
    if not doc or doc.startswith(cls.__name__ + "("):  # the dataclass' generated signature
        return None
    return " ".join(doc.split())


# --- JSON Schema -----------------------------------------------------------------------------------


def _schema(tp: Any) -> dict[str, Any]:
    if tp is Any:
        return {}
    if tp is _NONE or tp is None:
        return {"type": "null"}
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if dataclasses.is_dataclass(tp):
        return {"$ref": f"#/$defs/{tp.__name__}"}
    members = _union_args(tp)
    if members is not None:
        return {"anyOf": [_schema(m) for m in members]}
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Literal:
        return {"const": args[0]} if len(args) == 1 else {"enum": list(args)}
    if origin in (tuple, list):
        if origin is list or (len(args) == 2 and args[1] is Ellipsis):
            return {"type": "array", "items": _schema(args[0])}
        items = [_schema(a) for a in args]
        return {"type": "array", "prefixItems": items, "minItems": len(items),
                "maxItems": len(items)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _schema(args[1])}
    raise TypeError(f"the protocol generator does not know the type {tp!r}")


def _schema_text(model: _Model, protocol) -> str:
    defs = {}
    for name in sorted(model.classes):
        props, required = {}, []
        for field, tp, is_required in model.fields(name):
            props[field] = _schema(tp)
            if is_required:
                required.append(field)
        entry: dict[str, Any] = {"type": "object", "properties": props, "required": required,
                                 "additionalProperties": False}
        doc = _doc(model.classes[name])
        if doc:
            entry = {"description": doc, **entry}
        defs[name] = entry
    methods = {
        m.name: {
            "direction": "daemonToEditor" if m.to_editor else "editorToDaemon",
            "params": _schema(m.params),
            **({"result": _schema(m.result)} if m.result is not None else {}),
        }
        for m in model.methods
    }
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Lichen editor protocol",
        "description": "Generated from server/lichen/protocol.py by shared-protocol/generate.py; "
                       "do not edit.",
        "methods": methods,
        "errorCodes": dict(protocol.ERROR_CODES),
        "$defs": defs,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# --- TypeScript ------------------------------------------------------------------------------------


def _ts(tp: Any, aliases: dict[str, Any] | None = None) -> str:
    for name, alias in (aliases or {}).items():
        if tp == alias:
            return name
    if tp is Any:
        return "unknown"
    if tp is _NONE or tp is None:
        return "null"
    if tp is str:
        return "string"
    if tp is bool:
        return "boolean"
    if tp in (int, float):
        return "number"
    if dataclasses.is_dataclass(tp):
        return tp.__name__
    members = _union_args(tp)
    if members is not None:
        return " | ".join(_ts(m, aliases) for m in members)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Literal:
        return " | ".join(json.dumps(a) for a in args)
    if origin in (tuple, list):
        if origin is list or (len(args) == 2 and args[1] is Ellipsis):
            inner = _ts(args[0], aliases)
            return f"({inner})[]" if "|" in inner else f"{inner}[]"
        return "[" + ", ".join(_ts(a, aliases) for a in args) + "]"
    if origin is dict:
        return f"{{ [key: string]: {_ts(args[1], aliases)} }}"
    raise TypeError(f"the protocol generator does not know the type {tp!r}")


def _typescript(model: _Model, protocol) -> str:
    out = [
        "// Generated from server/lichen/protocol.py by shared-protocol/generate.py; do not edit.",
        "// Run `python shared-protocol/generate.py` after changing the protocol.",
        "",
    ]
    aliases = model.aliases
    for name, alias in aliases.items():
        body = _ts(alias, {k: v for k, v in aliases.items() if k != name})
        out.append(f"export type {name} = {body};")
    out.append("")
    for name in sorted(model.classes):
        doc = _doc(model.classes[name])
        if doc:
            out.append(f"/** {doc} */")
        out.append(f"export interface {name} {{")
        for field, tp, required in model.fields(name):
            out.append(f"  {field}{'' if required else '?'}: {_ts(tp, aliases)};")
        out.append("}")
        out.append("")
    out.append("// Constants declared in lichen.protocol.")
    for name in protocol.SHARED_CONSTANTS:
        out.append(f"export const {name} = {_ts_constant(getattr(protocol, name))};")
    out.append("")
    out.append("/** JSON-RPC method names. */")
    out.append("export const Methods = {")
    for m in model.methods:
        out.append(f"  {m.key}: {json.dumps(m.name)},")
    out.append("} as const;")
    out.append("")
    out.append("/** JSON-RPC error codes of the lichen/* methods. */")
    out.append("export const ErrorCodes = {")
    for key, code in protocol.ERROR_CODES.items():
        out.append(f"  {key}: {code},")
    out.append("} as const;")
    out.append("")
    out.append("/** Requests the extension sends: params and result of each. */")
    out.append("export interface Requests {")
    for m in model.methods:
        if m.result is not None and not m.to_editor:
            out.append(f"  {json.dumps(m.name)}: {{ params: {_ts(m.params, aliases)}; "
                       f"result: {_ts(m.result, aliases)} }};")
    out.append("}")
    out.append("")
    out.append("/** Every method the editor service answers: the one table both hosts serve. */")
    out.append("export const ServedMethods = [")
    for m in (*protocol.EDITOR_METHODS, *protocol.LSP_METHODS):
        if not m.to_editor:
            out.append(f"  {json.dumps(m.name)},")
    out.append("] as const;")
    out.append("")
    out.append("/** Notifications the daemon sends. */")
    out.append("export interface Notifications {")
    for m in model.methods:
        if m.result is None and m.to_editor:
            out.append(f"  {json.dumps(m.name)}: {_ts(m.params, aliases)};")
    out.append("}")
    out.append("")
    return "\n".join(out)


def _ts_constant(value: Any) -> str:
    """A constant as a TypeScript literal: a string, or a read-only array of strings (a set's
    members sorted)."""
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, (tuple, frozenset)) and all(isinstance(v, str) for v in value):
        items = sorted(value) if isinstance(value, frozenset) else value
        return "[" + ", ".join(json.dumps(v) for v in items) + "] as const"
    raise TypeError(f"the protocol generator cannot write the constant {value!r}")


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(HERE.parent / "server"))
    stale = []
    for path, text in render().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path.relative_to(HERE.parent))
        if "--check" not in argv:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if "--check" in argv and stale:
        print("stale: " + ", ".join(map(str, stale)) + "; run python shared-protocol/generate.py",
              file=sys.stderr)
        return 1
    for path in stale:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
