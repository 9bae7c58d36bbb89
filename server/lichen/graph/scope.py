"""Scopes of one cell and how their names resolve (pass two of the analyser).

Pass one (`lichen.graph.analyse`) walks the cell's syntax tree once and records raw facts per
scope: which names each scope binds, deletes, reads, and declares `global` or `nonlocal`.
Pass two, here, resolves every name the way CPython's symtable does, passing the names bound in
enclosing functions down and collecting the names that end up global:

1. declared `global` in this scope: global;
2. declared `nonlocal`: a variable of an enclosing function, never global;
3. bound in this scope: local (the module's locals are its globals);
4. read in a class body before the class binds it: global (the class body's `LOAD_NAME` falls
   through from the class namespace to the globals, skipping enclosing functions);
5. bound in an enclosing function, or in the class an annotation scope belongs to: free;
6. bound in a class the scope is nested in (a method, a comprehension or a nested class reading
   a class attribute's name): not global. This is marimo's rule, not Python's (Python's methods
   see the module global of that name); Lichen follows marimo so that a notebook's graph is the
   one marimo builds;
7. otherwise: global (implicit).

One more rule of marimo's is not about scopes: a name the module's own statements read (or
`del`, or declare `global`) before the cell binds it is a global read even though the cell binds
it too (`x = x + 1`, `print(x)` then `x = 1`). Pass one records those names (`read_first`) in
marimo's order of visiting: reads in function defaults, annotations and decorators, class bases
and bodies, comprehensions and lambdas do not count, a `for` loop's target is bound before its
iterable is read, and `x += 1` does not read `x`.

The `__class__` (and `__classdict__`) cell a class gives the functions inside it is never global.
"""

from __future__ import annotations

from dataclasses import dataclass

MODULE = "module"
FUNCTION = "function"  # also lambdas
CLASS = "class"
COMPREHENSION = "comprehension"
ANNOTATION = "annotation"  # PEP 695 type parameters and lazily evaluated type alias values

# Names a class body provides to the functions nested in it.
_CLASS_CELLS = frozenset({"__class__", "__classdict__"})


class Scope:
    """The raw facts pass one records about one scope (mutable while the walk runs).

    A plain class with slots rather than a dataclass: a cell creates one per function, lambda,
    comprehension and class, and this is the analyser's hottest allocation.
    """

    __slots__ = (
        "bound",
        "children",
        "declared_global",
        "declared_nonlocal",
        "deleted",
        "kind",
        "parent",
        "read_first",
        "sees_class",
        "used",
        "used_early",
    )

    def __init__(self, kind: str, parent: Scope | None = None, sees_class: bool = False) -> None:
        self.kind = kind
        self.parent = parent
        self.bound: set[str] = set()
        # Names deleted where `del` reaches a global: at module level, or declared `global`.
        # Elsewhere `del x` makes `x` local, so pass one records it in `bound`.
        self.deleted: set[str] = set()
        self.used: set[str] = set()
        # Names read in a class body before the class binds them (rule 4).
        self.used_early: set[str] = set()
        # Module scope only: names its own statements read (or delete, or declare `global`)
        # before binding them (marimo's rule 7).
        self.read_first: set[str] = set()
        self.declared_global: set[str] = set()
        # name -> the `nonlocal` statement declaring it (for the error when nothing binds it)
        self.declared_nonlocal: dict[str, object] = {}
        # An annotation scope directly inside a class can read the class's names (PEP 695).
        self.sees_class = sees_class
        self.children: list[Scope] = []

    def child(self, kind: str) -> Scope:
        """A new scope nested in this one."""
        # Annotation scopes nested in a class (type parameters, then a generic alias's value)
        # read the class's names.
        sees_class = kind == ANNOTATION and (self.kind == CLASS or self.sees_class)
        scope = Scope(kind, self, sees_class=sees_class)
        self.children.append(scope)
        return scope

    def is_function_like(self) -> bool:
        """Whether this scope's variables are visible to the scopes nested in it."""
        return self.kind in (FUNCTION, COMPREHENSION, ANNOTATION)

    def binding_scope(self) -> Scope:
        """The scope a walrus target binds in: the nearest one that is not a comprehension."""
        scope = self
        while scope.kind == COMPREHENSION and scope.parent is not None:
            scope = scope.parent
        return scope


@dataclass(frozen=True)
class Globals:
    """What a cell does with module globals, before the private and builtin filters."""

    bound: frozenset[str]  # assigned, imported, defined (never only deleted)
    read: frozenset[str]  # read or deleted
    # read by the module's own statements before the cell binds them: refs although bound
    read_first: frozenset[str] = frozenset()
    # `nonlocal` names no enclosing function binds (a SyntaxError): the name and the statement
    # that declared it.
    unbound_nonlocals: tuple[tuple[str, object], ...] = ()


def resolve(module: Scope) -> Globals:
    """Resolve every scope under `module` and collect the globals they bind and read."""
    bound: set[str] = set(module.bound)
    read: set[str] = module.used | (module.deleted - module.bound)
    unbound: list[tuple[str, object]] = []
    for child in module.children:
        _resolve(child, frozenset(), frozenset(), bound, read, unbound)
    return Globals(frozenset(bound), frozenset(read), frozenset(module.read_first),
                   tuple(unbound))


def _resolve(
    scope: Scope, free: frozenset[str], in_classes: frozenset[str], bound: set[str],
    read: set[str], unbound: list
) -> None:
    """Add to `bound` and `read` the globals of `scope` and its children.

    `free` holds the names bound in enclosing functions, which this scope can close over;
    `in_classes` the names bound in the classes it is nested in (rule 6).
    """
    explicit = scope.declared_global
    bound |= scope.bound & explicit
    read |= (scope.used | scope.deleted - scope.bound) & explicit
    for name in scope.used - explicit:
        if _reads_global(scope, name, free, in_classes):
            read.add(name)
    for name, statement in scope.declared_nonlocal.items():
        if name not in free:
            unbound.append((name, statement))
    inner = _free_for_children(scope, free)
    classes = in_classes | scope.bound if scope.kind == CLASS else in_classes
    for child in scope.children:
        _resolve(child, inner, classes, bound, read, unbound)


def _reads_global(scope: Scope, name: str, free: frozenset[str],
                  in_classes: frozenset[str]) -> bool:
    """Whether reading `name` (not declared global) in `scope` reads a module global."""
    if name in scope.declared_nonlocal:
        return False
    if name in scope.bound:
        return scope.kind == CLASS and name in scope.used_early
    if name in free or name in in_classes:
        return False
    return not (scope.sees_class and name in _enclosing_class(scope).bound)


def _enclosing_class(scope: Scope) -> Scope:
    """The class an annotation scope that `sees_class` belongs to."""
    while scope.kind != CLASS and scope.parent is not None:
        scope = scope.parent
    return scope


def _free_for_children(scope: Scope, free: frozenset[str]) -> frozenset[str]:
    """The names the scopes nested in `scope` can close over."""
    if scope.kind == CLASS:
        return free | _CLASS_CELLS
    if not scope.is_function_like():
        return free
    return (free | scope.bound) - scope.declared_global
