"""The per-cell analyser: one-line cases, source in, defs and refs out, grouped by construct."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lichen.graph.analyse import CellFacts, Problem, analyse_cell, is_private

PY312 = sys.version_info >= (3, 12)
needs_312 = pytest.mark.skipif(not PY312, reason="PEP 695 syntax needs Python 3.12")


def facts(code: str) -> CellFacts:
    """Analyse `code`, checking that nothing but the code decides the answer: the facts found
    again, without the remembered ones and after other code was analysed, are the same."""
    result = analyse_cell(code)
    analyse_cell.cache_clear()
    analyse_cell("x = y\nimport os")
    assert analyse_cell(code) == result
    return result


def check(code: str, defs: str = "", refs: str = "") -> None:
    """`code` defines exactly the names in `defs` and reads exactly those in `refs`."""
    result = facts(code)
    assert result.problems == ()
    assert sorted(result.defs) == sorted(defs.split()), "defs"
    assert sorted(result.refs) == sorted(refs.split()), "refs"


# --- assignment -----------------------------------------------------------------------------


def test_assignment_defines():
    check("x = 1", defs="x")


def test_assignment_reads_value():
    check("x = y + 1", defs="x", refs="y")


def test_chained_assignment_defines_every_target():
    check("a = b = c", defs="a b", refs="c")


def test_tuple_targets_define_each_name():
    check("a, (b, c) = d", defs="a b c", refs="d")


def test_starred_target_defines():
    check("a, *b = c", defs="a b", refs="c")


def test_read_before_assignment_is_def_and_ref():
    """marimo: the cell reads another cell's `x` first, so `x` is both."""
    check("x = x + 1", defs="x", refs="x")


def test_use_then_define_is_def_and_ref():
    check("print(y)\ny = 1", defs="y", refs="y")


def test_swap_reads_both():
    check("x, y = y, x", defs="x y", refs="x y")


def test_del_then_rebind_reads():
    check("del x\nx = 2", defs="x", refs="x")


def test_read_after_binding_is_def_only():
    check("x = 1\nprint(x)", defs="x")


def test_augmented_assignment_alone_is_def_only():
    """marimo does not count `x += 1`'s own read."""
    check("x += 1", defs="x")


def test_for_target_is_bound_before_its_iterable():
    check("for x in x:\n    pass", defs="x")


def test_with_value_is_read_before_its_target():
    check("with open(f) as f:\n    pass", defs="f", refs="f")


def test_reads_in_defaults_decorators_and_bases_are_not_early():
    check("@d\ndef f(a=x):\n    pass\nclass C(d):\n    pass\nx = 1\nd = 2", defs="C d f x")


def test_reads_in_comprehensions_and_class_bodies_are_not_early():
    check("y = [x for _ in r]\nclass C:\n    z = x\nx = 1", defs="C x y", refs="r")


def test_reads_in_functions_are_not_early():
    check("def f():\n    return x\nx = 1", defs="f x")


def test_attribute_assignment_reads_object():
    check("x.y = 1", refs="x")


def test_subscript_assignment_reads_object_and_index():
    check("x[i] = 1", refs="x i")


def test_augmented_assignment_defines():
    check("x += 1", defs="x")


def test_augmented_assignment_to_attribute_reads():
    check("x.count += n", refs="x n")


def test_annotated_assignment_defines_and_reads_annotation():
    check("x: Foo = y", defs="x", refs="Foo y")


def test_bare_annotation_defines():
    check("x: Foo", defs="x", refs="Foo")


def test_annotated_attribute_reads():
    check("a.b: int = 1", refs="a")


def test_walrus_defines():
    check("if (n := f()) > 5: pass", defs="n", refs="f")


# --- names private to the cell ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["_", "_x", "_X1", "__", "_x_"])
def test_private_names(name):
    assert is_private(name)


@pytest.mark.parametrize("name", ["x", "__x", "__all__", "___", "x_"])
def test_public_names(name):
    assert not is_private(name)


def test_private_definition_is_not_def():
    check("_x = 1\n_ = 2\n__ = 3", defs="")


def test_private_read_is_not_ref():
    check("y = _x + __", defs="y")


def test_double_underscore_name_is_global():
    check("__x = __y", defs="__x", refs="__y")


def test_private_import_is_not_def():
    check("import _thread\nfrom m import _helper", defs="")


def test_private_function_still_reads_its_globals():
    check("def _f():\n    return g", refs="g")


# --- builtins --------------------------------------------------------------------------------


def test_builtins_are_not_refs():
    check("print(len(range(3)), __name__)")


def test_shadowed_builtin_is_def():
    check("len = 3\nprint(len)", defs="len")


# --- imports ---------------------------------------------------------------------------------


def test_import_defines_top_package():
    check("import a.b.c", defs="a")


def test_import_as_defines_alias():
    check("import a.b as c", defs="c")


def test_from_import_defines_names_and_aliases():
    check("from f import g as h, i", defs="h i")


def test_relative_import_defines():
    check("from .m import y\nfrom . import x", defs="x y")


def test_import_in_function_is_local():
    check("def f():\n    import os\n    return os", defs="f")


def test_import_star_is_a_problem():
    result = facts("import os\nfrom m import *")
    assert result.defs == {"os"}
    assert [p.kind for p in result.problems] == ["import-star"]
    assert (result.problems[0].line, result.problems[0].column) == (2, 1)
    assert "import *" in result.problems[0].message


# --- functions -------------------------------------------------------------------------------


def test_function_defines_name():
    check("def f(): pass", defs="f")


def test_function_reads_globals_in_body():
    check("def f():\n    return g", defs="f", refs="g")


def test_parameters_are_local():
    check("def f(a, /, b, *c, d, **e):\n    return a, b, c, d, e", defs="f")


def test_default_read_in_enclosing_scope():
    check("def f(a=b):\n    return a", defs="f", refs="b")


def test_default_named_like_parameter_is_ref():
    check("def f(x=x):\n    return x", defs="f", refs="x")


def test_annotations_are_refs():
    check("def f(*args: A, **kw: B) -> R: pass", defs="f", refs="A B R")


def test_decorators_are_refs():
    check("@dec\ndef f(): pass", defs="f", refs="dec")


def test_local_assignment_is_not_def():
    check("def f():\n    x = 1\n    return x", defs="f")


def test_local_shadows_global_of_same_cell():
    check("x = 1\ndef f():\n    x = 2\n    return x", defs="f x")


def test_local_bound_after_use_is_local():
    check("def f():\n    print(x)\n    x = 1", defs="f")


def test_global_read_before_definition_in_cell_is_def():
    check("def f():\n    return y\ny = 1", defs="f y")


def test_recursive_function_is_no_ref():
    check("def f(n):\n    return f(n - 1)", defs="f")


def test_nested_function_reads_enclosing_local():
    check(
        "def f():\n    x = 1\n    def g():\n        return x + y\n    return g", defs="f", refs="y"
    )


def test_nested_function_sees_later_local():
    check("def f():\n    def g():\n        return h\n    h = 1", defs="f")


def test_async_function():
    check(
        "async def f():\n"
        "    async for a in b:\n        pass\n"
        "    async with c as d:\n        await d",
        defs="f",
        refs="b c",
    )


def test_top_level_await_reads():
    check("x = await fetch()", defs="x", refs="fetch")


def test_local_del_is_local():
    check("def f():\n    del x", defs="f")


# --- lambdas ---------------------------------------------------------------------------------


def test_lambda_parameters_are_local():
    check("f = lambda a, b=c: a + b + d", defs="f", refs="c d")


def test_lambda_in_default():
    check("def f(k=lambda: z): pass", defs="f", refs="z")


# --- global and nonlocal ---------------------------------------------------------------------


def test_global_assignment_in_function_defines():
    check("def f():\n    global g\n    g = 1", defs="f g")


def test_global_read_in_function_is_ref():
    check("def f():\n    global g\n    return g", defs="f", refs="g")


def test_global_augmented_in_function_defines():
    check("def f():\n    global n\n    n += 1", defs="f n")


def test_global_declaration_hides_local_from_nested():
    check("def f():\n    global g\n    g = 1\n    def h():\n        return g", defs="f g")


def test_nested_global_reads_module_global_not_enclosing():
    check(
        "def f():\n    x = 1\n    def g():\n        global x\n        return x", defs="f", refs="x"
    )


def test_nonlocal_is_not_global():
    check("def f():\n    x = 1\n    def g():\n        nonlocal x\n        x = 2", defs="f")


def test_global_at_top_level_reads():
    """Harmless in Python; marimo counts the declaration as a read."""
    check("global x\nx = 1", defs="x", refs="x")
    check("global g", refs="g")


def test_global_del_in_function_reads():
    check("def f():\n    global g\n    del g", defs="f", refs="g")


# --- del -------------------------------------------------------------------------------------


def test_del_of_other_cells_name_is_ref():
    check("del x", refs="x")


def test_del_of_own_name_is_def():
    check("x = 1\nprint(x)\ndel x", defs="x")


def test_del_attribute_and_item_read():
    check("del a.b, c[i]", refs="a c i")


# --- classes ---------------------------------------------------------------------------------


def test_class_defines_name():
    check("class C: pass", defs="C")


def test_class_bases_keywords_decorators_are_refs():
    check("@dec(x)\nclass C(Base, metaclass=M): pass", defs="C", refs="Base M dec x")


def test_class_body_names_are_not_defs():
    check("class C:\n    x = 1\n    y = x", defs="C")


def test_class_body_names_visible_to_methods():
    """marimo's rule, not Python's: a method reading a class attribute's name reads no global."""
    check("class C:\n    x = 1\n    def f(self):\n        return x", defs="C")
    check("class C:\n    def f(self):\n        return x\n    x = 1", defs="C")
    check("class C:\n    x = 1\n    class D:\n        y = x", defs="C")


def test_class_body_reads_global_before_binding():
    check("class C:\n    x = x", defs="C", refs="x")


def test_class_names_visible_to_comprehension_body():
    check("class C:\n    a = 1\n    b = [a for _ in range(3)]", defs="C")
    check("class C:\n    a = 1\n    b = {k: a for k in range(3)}", defs="C")


def test_class_names_visible_to_comprehension_first_iterable():
    check("class C:\n    a = 1\n    b = [i for i in a]", defs="C")


def test_method_reads_class_cell():
    check("class C:\n    def f(self):\n        return __class__, super()", defs="C")


def test_method_name_is_not_def():
    check("class C:\n    def f(self): pass\n    f = staticmethod(f)", defs="C")


def test_class_method_default_reads_class_name():
    check("class C:\n    k = 1\n    def f(self, a=k): pass", defs="C")


def test_nested_class_in_function_sees_function_locals():
    check("def f():\n    x = 1\n    class C:\n        y = x\n    return C", defs="f")


def test_double_underscore_names_are_mangled_in_classes():
    # Inside class C, `__x` is `_C__x`: private to the cell, so neither def nor ref.
    check("class C:\n    __k = 1\n    def f(self):\n        return __helper", defs="C")


def test_mangling_ignores_dunders_and_underscore_only_classes():
    check("class C:\n    x = __version__\nclass __:\n    y = __z", defs="C", refs="__version__ __z")


def test_class_reading_own_name_in_method():
    check("class C:\n    def f(self):\n        return C()", defs="C")


# --- comprehensions --------------------------------------------------------------------------


def test_comprehension_variable_is_local():
    check("[x for x in xs]", refs="xs")


def test_comprehension_variable_does_not_leak():
    check("[x for x in range(3)]\nprint(x)", refs="x")


def test_comprehension_first_iterable_reads_enclosing():
    check("[y for y in y]", refs="y")


def test_comprehension_later_iterables_see_targets():
    check("[b for a in xs for b in a if b > t]", refs="t xs")


def test_dict_comprehension():
    check("{k: v for k, v in d.items()}", refs="d")


def test_set_and_generator_comprehensions():
    check("{x for x in a}\nsum(y for y in b)", refs="a b")


def test_walrus_in_comprehension_binds_enclosing():
    check("[z := i for i in r]", defs="z", refs="r")


def test_walrus_in_comprehension_in_function_is_local():
    check("def f():\n    [z := i for i in r]\n    return z", defs="f", refs="r")


def test_walrus_in_nested_comprehension_binds_module():
    check("[[w := j for j in i] for i in r]", defs="w", refs="r")


# --- control flow ----------------------------------------------------------------------------


def test_for_target_defines():
    check("for i in r:\n    j = i\nelse:\n    k = 0", defs="i j k", refs="r")


def test_while_body_defines():
    check("while c:\n    w = 1", defs="w", refs="c")


def test_with_targets_define():
    check("with open(p) as (a, b), q as c: pass", defs="a b c", refs="p q")


def test_except_name_is_not_def():
    check("try:\n    pass\nexcept E as e:\n    print(e)", refs="E")


def test_except_name_read_after_handler_is_ref():
    check("try:\n    pass\nexcept E as e:\n    pass\nprint(e)", refs="E e")


def test_except_name_in_function_is_local():
    check(
        "def f():\n    try:\n        pass\n    except E as e:\n        pass\n    return e",
        defs="f",
        refs="E",
    )


def test_try_branches_define():
    check(
        "try:\n    a = 1\nexcept (E, F):\n    b = 2\nelse:\n    c = 3\nfinally:\n    d = 4",
        defs="a b c d",
        refs="E F",
    )


@pytest.mark.skipif(sys.version_info < (3, 11), reason="except* needs Python 3.11")
def test_except_star():
    check("try:\n    pass\nexcept* E as g:\n    h = g", defs="h", refs="E")


# --- match -----------------------------------------------------------------------------------


def test_match_captures_define():
    check(
        "match v:\n"
        "    case [a, *rest]: pass\n"
        "    case {'k': b, **kw}: pass\n"
        "    case Point(x=c) as d: pass",
        defs="a b c d kw rest",
        refs="Point v",
    )


def test_match_value_patterns_read():
    check("match v:\n    case Color.RED | K.x: pass\n    case _: pass", refs="Color K v")


def test_match_guard_reads_capture():
    check("match v:\n    case [a] if a > lim: pass", defs="a", refs="lim v")


# --- expressions -----------------------------------------------------------------------------


def test_fstring_reads_placeholders_and_format_specs():
    check("f'{x!r:{w}} {y}'", refs="w x y")


def test_call_reads_function_and_arguments():
    check("f(a, *b, k=c, **d)", refs="a b c d f")


def test_attribute_reads_only_base():
    check("np.linalg.norm(v)", refs="np v")


def test_empty_cell():
    check("")


def test_comments_only():
    check("# nothing here\n")


# --- known gaps and non-goals ----------------------------------------------------------------


def test_dynamic_definitions_are_not_tracked():
    # As in marimo: `globals()`, `exec` and attribute assignment are invisible to the graph.
    check("globals()['x'] = 1\nexec('y = 2')\nns.z = 3", refs="ns")


@pytest.mark.xfail(reason="a class body follows textual order, not every path through it")
def test_class_name_bound_on_one_branch_may_read_global():
    check("class C:\n    if flag:\n        x = 1\n    y = x", defs="C", refs="flag x")


@pytest.mark.xfail(reason="string annotations are not parsed (neither does marimo)")
def test_string_annotation_is_ref():
    check("x: 'Model' = make()", defs="x", refs="Model make")


@pytest.mark.xfail(reason="only the common compile-time errors are checked")
@pytest.mark.parametrize(
    "code",
    [
        "def f(a, a): pass",
        "f(x=1, x=2)",
        "x = 1\nglobal x",
        "async def f():\n    yield 1\n    return 2",
        "[i := 0 for i in y]",
    ],
)
def test_rarer_compile_time_errors(code):
    assert [problem.kind for problem in facts(code).problems] == ["syntax"]


# --- PEP 695 (Python 3.12+) ------------------------------------------------------------------


@needs_312
def test_type_alias_defines():
    check("type Pair = tuple[int, Item]", defs="Pair", refs="Item")


@needs_312
def test_type_alias_parameters_are_local():
    check("type Box[T] = list[T]", defs="Box")


@needs_312
def test_recursive_type_alias():
    check("type Tree = list[Tree] | Leaf", defs="Tree", refs="Leaf")


@needs_312
def test_generic_function_parameters_are_local():
    check("def first[T: Bound](xs: list[T]) -> T:\n    return xs[0]", defs="first", refs="Bound")


@needs_312
def test_generic_class_parameters_are_local():
    check("class Box[T, *Ts, **P](Base[T]):\n    item: T", defs="Box", refs="Base")


@needs_312
def test_type_parameter_defaults_and_bounds_read_globals():
    check("def f[T: Bound](x: T = default) -> Ret: pass", defs="f", refs="Bound Ret default")


@needs_312
def test_annotation_scopes_in_a_class_see_class_names():
    check("class C:\n    A = int\n    type B = list[A]\n    type D[T] = dict[T, A]", defs="C")


@needs_312
def test_generic_method_bounds_and_body_see_class_names():
    # marimo's rule (test_analyse_marimo.py): names a class binds are visible to its methods
    check("class C:\n    A = int\n    def m[U: A](self, x: A) -> U:\n        return A", defs="C")


@pytest.mark.skipif(sys.version_info < (3, 13), reason="type parameter defaults need 3.13")
def test_type_parameter_default_reads_global():
    check(
        "def f[T = Default](): pass\ntype A[**P = [int, Y]] = Callable[P, Z]",
        defs="A f",
        refs="Callable Default Y Z",
    )


# --- problems --------------------------------------------------------------------------------


def test_syntax_error_gives_one_problem_and_no_names():
    result = facts("x = 1\ny = (")
    assert result.defs == frozenset() and result.refs == frozenset()
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert isinstance(problem, Problem)
    assert problem.kind == "syntax"
    assert (problem.line, problem.column) == (2, 5)
    assert "\n" not in problem.message


def test_syntax_error_column_counts_characters():
    problem = facts("s = 'é' +").problems[0]
    assert (problem.line, problem.column) == (1, 10)


def test_null_byte_is_a_syntax_problem():
    assert facts("x = 1\0").problems[0].kind == "syntax"


def test_import_star_column_counts_characters():
    problem = facts("if 'é':\n    from m import *").problems[0]
    assert (problem.line, problem.column) == (2, 5)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_text(code):
    result = facts(code)
    for problem in result.problems:
        assert problem.line >= 1 and problem.column >= 1


# --- agreement with CPython's symtable -------------------------------------------------------
#
# CPython's own symbol table is the reference for scoping. It knows nothing of the notebook's
# rules, so the comparisons avoid the constructs where those rules differ (top-level `del` and
# `except ... as`, bare annotations, class bodies reading a name before binding it, scopes
# inside a class reading the class's names), and leave out the refs the cell also defines (the
# names it reads before binding them, which symtable cannot order). marimo's own analysis is
# the reference for those rules (test_analyse_marimo.py). On Python
# 3.12+ symtable reports the variables of inlined comprehensions (PEP 709) in the enclosing
# scope, so the comparisons run on earlier versions only.

symtable_scoping = pytest.mark.skipif(
    PY312, reason="symtable merges inlined comprehensions into their parent scope (PEP 709)"
)


def symtable_facts(code: str) -> tuple[set[str], set[str]]:
    """The (defs, refs) CPython's symbol table implies for `code`, with the notebook's filters."""
    import builtins
    import symtable

    global_scopes = (symtable.GLOBAL_IMPLICIT, symtable.GLOBAL_EXPLICIT)
    bound: set[str] = set()
    read: set[str] = set()

    def walk(table, module: bool) -> None:
        for symbol in table.get_symbols():
            name = symbol.get_name()
            if name.startswith("."):
                continue
            binds = symbol.is_assigned() or symbol.is_imported() or symbol.is_namespace()
            if table.get_type() == "class" and binds and symbol.is_referenced():
                raise _ClassReadsOwnName
            if table.get_type() == "class" and binds and _read_inside(table, name):
                raise _ClassReadsOwnName
            if not (module or symbol._Symbol__scope in global_scopes):
                continue
            if binds:
                bound.add(name)
            if symbol.is_referenced():
                read.add(name)
        for child in table.get_children():
            walk(child, False)

    walk(symtable.symtable(code, "<cell>", "exec"), True)
    if _class_augments_name(code):
        raise _ClassReadsOwnName  # symtable does not count `x += 1` as a read
    defs = {name for name in bound if not is_private(name)}
    refs = {n for n in read - bound if n not in dir(builtins) and not is_private(n)}
    return defs, refs


def _read_inside(table, name: str) -> bool:
    """Whether a scope nested in `table` reads `name` as a global."""
    import symtable

    for child in table.get_children():
        for symbol in child.get_symbols():
            if symbol.get_name() == name and symbol.is_referenced() and \
                    symbol._Symbol__scope == symtable.GLOBAL_IMPLICIT:
                return True
        if _read_inside(child, name):
            return True
    return False


class _ClassReadsOwnName(Exception):
    """A class body reads a name it binds: Lichen (and marimo) may then read a global."""


def _class_augments_name(code: str) -> bool:
    import ast

    return any(
        isinstance(statement, ast.AugAssign) and isinstance(statement.target, ast.Name)
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.ClassDef)
        for statement in ast.walk(node)
    )


def _module_level_global(tree) -> bool:
    """Whether a `global` statement sits in the cell's own scope (in a loop or `if` too, but
    not in a function or class)."""
    import ast

    scopes = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
    pending = list(ast.iter_child_nodes(tree))
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Global):
            return True
        if not isinstance(node, scopes):
            pending.extend(ast.iter_child_nodes(node))
    return False


def agrees_with_symtable(code: str) -> bool:
    import ast

    try:
        compile(code, "<cell>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        want = symtable_facts(code)
    except (SyntaxError, _ClassReadsOwnName):
        return True
    if _module_level_global(ast.parse(code)):
        return True  # marimo's rule: a `global` in the cell's own scope reads the name
    got = facts(code)
    assert (set(got.defs), set(got.refs - got.defs)) == want, code
    return True


STDLIB_SAMPLES = ["argparse", "dataclasses", "functools", "inspect", "json.decoder", "textwrap"]


@symtable_scoping
@pytest.mark.parametrize("module", STDLIB_SAMPLES)
def test_agrees_with_symtable_on_stdlib_definitions(module):
    import ast
    import importlib.util
    from pathlib import Path

    source = Path(importlib.util.find_spec(module).origin).read_text(encoding="utf-8")
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Assign)):
            agrees_with_symtable(ast.unparse(node))


NAMES = st.sampled_from(["a", "b", "f", "C", "len", "_p", "__q"])


def expressions(names=NAMES):
    leaves = names | st.just("1")
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.builds("{}.attr".format, inner),
            st.builds("{}({}, {})".format, inner, inner, inner),
            st.builds("[{} for {} in {} if {}]".format, inner, names, inner, inner),
            st.builds("{{{}: {} for {} in {}}}".format, inner, inner, names, inner),
            st.builds("(lambda {}: {})".format, names, inner),
            st.builds("({} := {})".format, names, inner),
        ),
        max_leaves=6,
    )


def indent(lines: list[str]) -> list[str]:
    return ["    " + line for line in lines]


def statements(depth: int = 2):
    expr = expressions()
    simple = st.one_of(
        st.builds("{} = {}".format, NAMES, expr).map(lambda s: [s]),
        st.builds("{} += {}".format, NAMES, expr).map(lambda s: [s]),
        expr.map(lambda s: [s]),
        st.builds("import {}".format, NAMES).map(lambda s: [s]),
        st.builds("global {}".format, NAMES).map(lambda s: [s]),
        st.builds("nonlocal {}".format, NAMES).map(lambda s: [s]),
        st.sampled_from(
            ["return", "break", "continue", "yield", "await a", "[await b for b in a]"]
        ).map(lambda s: [s]),
    )
    if depth == 0:
        return simple
    body = st.lists(statements(depth - 1), min_size=1, max_size=3).map(
        lambda blocks: indent([line for block in blocks for line in block])
    )
    return st.one_of(
        simple,
        st.builds(lambda n, p, b: [f"def {n}({p}):", *b], NAMES, NAMES, body),
        st.builds(lambda n, b: [f"async def {n}():", *b], NAMES, body),
        st.builds(lambda e, b: [f"while {e}:", *b], expr, body),
        st.builds(lambda b, c: ["for a in b:", "    pass", "else:", *b], body, body),
        st.builds(lambda n, b: [f"class {n}:", *b], NAMES, body),
        st.builds(lambda n, e, b: [f"for {n} in {e}:", *b], NAMES, expr, body),
        st.builds(lambda e, n, b: [f"with {e} as {n}:", *b], expr, NAMES, body),
    )


@symtable_scoping
@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@settings(max_examples=400, deadline=None)
@given(st.lists(statements(), min_size=1, max_size=4))
def test_agrees_with_symtable_on_generated_code(blocks):
    agrees_with_symtable("\n".join(line for block in blocks for line in block))


# --- compile-time errors ---------------------------------------------------------------------
#
# `ast.parse` accepts some code the compiler rejects; the analyser reports the common ones.

COMPILE_ERRORS_FOUND = (
    "'return' outside function",
    "'yield' outside function",
    "'yield' inside",
    "'await' outside",
    "'break' outside loop",
    "'continue' not properly in loop",
    "nonlocal declaration not allowed at module level",
    "no binding for nonlocal",
    "'async for' outside async function",
    "'async with' outside async function",
    "asynchronous comprehension outside",
    "assignment expression within a comprehension cannot be used in a class body",
)


def agrees_with_compiler(code: str) -> None:
    """Never a compile error where Python compiles; always one where it names one we check."""
    import ast

    try:
        compile(code, "<cell>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        message = None
    except SyntaxError as error:
        message = error.msg
    reported = any(problem.kind == "syntax" for problem in facts(code).problems)
    if message is None:
        assert not reported, code
    elif message.startswith(COMPILE_ERRORS_FOUND):
        assert reported, (code, message)


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@settings(max_examples=400, deadline=None)
@given(st.lists(statements(), min_size=1, max_size=4))
def test_compile_errors_agree_with_compiler_on_generated_code(blocks):
    agrees_with_compiler("\n".join(line for block in blocks for line in block))


@pytest.mark.parametrize(
    "code, line, column",
    [
        ("x = 1\nreturn x", 2, 1),
        ("class C:\n    return 1", 2, 5),
        ("yield 1", 1, 1),
        ("[(yield) for x in y]", 1, 3),
        ("def f():\n    await g()", 2, 5),
        ("f = lambda: await g()", 1, 13),
        ("class C:\n    x = await f()", 2, 9),
        ("break", 1, 1),
        ("for x in y:\n    pass\nelse:\n    continue", 4, 5),
        ("while 1:\n    def f():\n        break", 3, 9),
        ("nonlocal x", 1, 1),
        ("def f():\n    nonlocal x", 2, 5),
        ("def f():\n    class C:\n        x = 1\n        def g():\n            nonlocal x", 5, 13),
        ("def f():\n    async with a: pass", 2, 5),
        ("def f():\n    return [x async for x in y]", 2, 12),
        ("class C:\n    ys = [(y := x) for x in xs]", 2, 12),
    ],
)
def test_compile_time_errors_are_syntax_problems(code, line, column):
    result = facts(code)
    assert result.defs == frozenset() and result.refs == frozenset()
    [problem] = result.problems
    assert problem.kind == "syntax" and problem.message.startswith("SyntaxError: ")
    if line is not None:
        assert (problem.line, problem.column) == (line, column)


@pytest.mark.parametrize(
    "code",
    [
        "x = await fetch()",
        "[await f(x) for x in xs]",
        "async for x in aiter():\n    pass",
        "async with lock:\n    pass",
        "def f():\n    return (await a for a in b)",
        "for x in y:\n    try:\n        continue\n    finally:\n        pass",
        "def f():\n    x = 1\n    def g():\n        nonlocal x\n        x = 2",
        "def f():\n    def g():\n        nonlocal x\n    x = 1",
        "def f():\n    x = 1\n    class C:\n        def g():\n            nonlocal x",
    ],
)
def test_code_the_compiler_accepts_has_no_problem(code):
    assert facts(code).problems == ()
