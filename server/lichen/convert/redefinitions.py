"""Names assigned in several cells, as Jupyter notebooks do all the time: found, and renamed.

In Jupyter a later assignment replaces the earlier value for the cells below it. A reactive
notebook needs one defining cell per name, so `fix` gives each later definition a name of its own
(`df` in the third defining cell becomes `df_3`) and makes the cells below read the newest one,
which keeps what the notebook computed top to bottom. A cell that reads the old value before
assigning the new one (`df = df.dropna()`) reads the old name on that statement. An import
repeated word for word in a later cell is not renamed: it is commented out, since the earlier
one already provides the name.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from lichen.convert import renames
from lichen.graph import analyse_cell


@dataclass(frozen=True)
class Redefinition:
    name: str
    cells: tuple[int, ...]  # indices of the defining cells, in order


@dataclass(frozen=True)
class Fixed:
    codes: tuple[str, ...]
    notes: tuple[str, ...]
    unfixed: tuple[Redefinition, ...]


def find(codes: list[str]) -> list[Redefinition]:
    definers: dict[str, list[int]] = {}
    for index, code in enumerate(codes):
        for name in analyse_cell(code).defs:
            definers.setdefault(name, []).append(index)
    return [Redefinition(n, tuple(c)) for n, c in sorted(definers.items()) if len(c) > 1]


def fix(codes: list[str]) -> Fixed:
    out = list(codes)
    notes: list[str] = []
    out, import_notes = _drop_repeated_imports(out)
    notes.extend(import_notes)
    taken = set().union(*(analyse_cell(c).defs | analyse_cell(c).refs for c in out)) if out else set()
    for redefinition in find(out):
        out, name_notes = _rename(out, redefinition, taken)
        notes.extend(name_notes)
    notes.sort(key=_cell_number)
    return Fixed(tuple(out), tuple(notes), tuple(find(out)))


def _cell_number(note: str) -> int:
    return int(note.split(":", 1)[0].removeprefix("cell "))


def _drop_repeated_imports(codes: list[str]) -> tuple[list[str], list[str]]:
    seen: dict[str, int] = {}
    notes: list[str] = []
    out = []
    for index, code in enumerate(codes):
        tree = _tree(code)
        if tree is None:
            out.append(code)
            continue
        lines = code.split("\n")
        for statement in tree.body:
            if not isinstance(statement, (ast.Import, ast.ImportFrom)):
                continue
            key = ast.dump(statement)
            if key in seen and statement.lineno == statement.end_lineno:
                text = lines[statement.lineno - 1]
                lines[statement.lineno - 1] = f"# {text.strip()}  (imported in cell {seen[key] + 1})"
                notes.append(f"cell {index + 1}: `{text.strip()}` commented out, "
                             f"cell {seen[key] + 1} imports the same")
            else:
                seen.setdefault(key, index)
        out.append("\n".join(lines))
    return out, notes


def _rename(codes: list[str], redefinition: Redefinition, taken: set[str]) -> tuple[list[str], list[str]]:
    name = redefinition.name
    out = list(codes)
    notes = []
    current = name
    first = redefinition.cells[0]
    for index in range(first + 1, len(out)):
        tree = _tree(out[index])
        if tree is None:
            continue
        if index in redefinition.cells:
            new = _fresh(name, index + 1, taken)
            taken.add(new)
            renamed = _rename_definer(out[index], tree, name, current, new)
            if renamed is None:
                notes.append(f"cell {index + 1}: `{name}` could not be renamed; rename it by hand")
                continue
            out[index] = renamed
            notes.append(f"cell {index + 1}: `{name}` renamed to `{new}` (it was also defined "
                         f"in cell {redefinition.cells[redefinition.cells.index(index) - 1] + 1})")
            current = new
        elif current != name:
            out[index] = _rename_reads(out[index], tree, name, current, notes, index)
    return out, notes


def _rename_reads(code: str, tree: ast.Module, name: str, current: str, notes: list[str],
                  index: int) -> str:
    lines = code.split("\n")
    edits = [renames.edit_for(node, lines, current) for node, _ in renames.global_uses(tree, name)]
    if not edits:
        return code
    notes.append(f"cell {index + 1}: reads `{current}` where it read `{name}`")
    return renames.apply(code, [e for e in edits if e is not None])


def _rename_definer(code: str, tree: ast.Module, name: str, old: str, new: str) -> str | None:
    """Statements before the first one binding `name` read `old`; that statement reads `old` and
    binds `new`; every statement after it uses `new`."""
    lines = code.split("\n")
    edits = []
    bound = False
    prefix = []
    for statement in tree.body:
        uses = renames.global_uses(statement, name)
        binds = any(is_binding for _, is_binding in uses)
        first_binding = min((_position(n) for n, b in uses if b), default=None)
        for node, is_binding in uses:
            target = new if bound or is_binding else old
            if not bound and not is_binding and _after_binding(statement, node, first_binding):
                target = new
            if isinstance(statement, ast.AugAssign) and not bound and is_binding:
                # `x += 1` reads and binds at once: the new name starts as the old value.
                indent = lines[statement.lineno - 1][: statement.col_offset]
                prefix.append((statement.lineno, f"{indent}{new} = {old}"))
            if target == name:
                continue
            edit = renames.edit_for(node, lines, target)
            if edit is None:
                return None
            edits.append(edit)
        bound = bound or binds
    renamed = renames.apply(code, edits).split("\n")
    for line, text in sorted(prefix, reverse=True):
        renamed.insert(line - 1, text)
    return "\n".join(renamed)


def _position(node: ast.AST) -> tuple[int, int]:
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))


def _after_binding(statement: ast.stmt, node: ast.AST, binding: tuple[int, int] | None) -> bool:
    """Whether a read inside the statement that first binds the name sees the new value: in a
    compound statement (a loop's body, a `with` block) a read after the binding does; the right
    side of an assignment and a loop's iterable are evaluated before it."""
    if binding is None or isinstance(statement, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
        return False
    if isinstance(statement, (ast.For, ast.AsyncFor)):
        if any(child is node for child in ast.walk(statement.iter)):
            return False
    return _position(node) > binding


def _fresh(name: str, cell_number: int, taken: set[str]) -> str:
    candidate = f"{name}_{cell_number}"
    while candidate in taken:
        candidate += "_"
    return candidate


def _tree(code: str) -> ast.Module | None:
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError):
        return None
