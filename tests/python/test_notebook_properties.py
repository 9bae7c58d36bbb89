"""The format's three promises, checked over generated notebooks.

1. `parse` never raises, and no line of the input is lost.
2. Files Lichen or marimo wrote round-trip byte for byte; an edit changes only the edited cell's
   lines (and the `def` line of cells whose parameters it changed).
3. What `serialize` writes parses back to the same notebook, and saving again changes nothing.
"""

import re
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lichen.notebook import Cell, CellConfig, CellKind, Notebook, parse, serialize
from lichen.notebook import reader

SNIPPETS = [
    "x = 1",
    "y = x + 1",
    'print("hi")',
    "import os",
    "import os.path as osp",
    "def f(a):\n    return a",
    "class C:\n    pass",
    's = """\nraw\n  text\n"""',
    "t = '''a\\nb'''",
    "p = r'C:\\\\dir\\\\'",
    'u = "\\\\"',
    "if True:\n\tw = 2",
    "\tz = 1",
    "ünï = 'çødé ✓'",
    "x = (",
    "'''unterminated",
    '"""also unterminated',
    "# comment only",
    "@decorator\ndef g():\n    pass",
    "v = 1  # trailing comment",
    "# leading comment\nq = 1",
    "k = 2\n# trailing comment line",
    "await something()",
    "async for i in it():\n    pass",
    "f = lambda: 0",
    "",
    "a = b = c = 1",
    "for i in range(3):\n    print(i)\n\n\nprint('after blank lines')",
    "return 5",
    "s2 = '''\n@app.cell\ndef _():\n    return\n'''",
    "d = {'k': [1, 2,\n    3]}",
    "e = 1 \\\n    + 2",
    "x: int = 3",
    "with open('f') as fh:\n    data = fh.read()",
    "match x:\n    case [a, *rest]:\n        pass",
    "very_long_name_number_one = very_long_name_number_two = very_long_name_number_three = 0",
]

codes = st.lists(st.sampled_from(SNIPPETS), min_size=0, max_size=3).map("\n".join)
configs = st.builds(
    CellConfig,
    hide_code=st.booleans(),
    disabled=st.booleans(),
    column=st.one_of(st.none(), st.integers(0, 3)),
)
names = st.sampled_from(["_", "_", "_", "named_cell", "load"])
regular_cells = st.builds(Cell, code=codes, name=names, config=configs)
function_cells = st.sampled_from(
    [
        Cell("def helper(a):\n    return a * 2", "helper", kind=CellKind.FUNCTION),
        Cell("class Shape:\n    sides: int = 0", "Shape", kind=CellKind.CLASS),
        Cell("x = (", "broken", kind=CellKind.UNPARSABLE),
    ]
)
setup_cells = st.sampled_from([Cell("import math", "setup", kind=CellKind.SETUP)])
headers = st.sampled_from(
    [
        "",
        "# a comment\n",
        '"""Docstring."""\n\n',
        '# /// script\n# dependencies = ["numpy"]\n# ///\n\n',
    ]
)


@st.composite
def notebooks(draw) -> Notebook:
    cells = draw(st.lists(st.one_of(regular_cells, regular_cells, function_cells), max_size=6))
    if draw(st.booleans()):
        cells.insert(0, draw(setup_cells))
    return Notebook(
        cells=tuple(cells),
        module=draw(st.sampled_from(["marimo", "lichen"])),
        header=draw(headers),
        app_config=draw(st.sampled_from([{}, {"width": "medium"}, {"app_title": "A \"t\""}])),
        generated_with="0.25.2",
    )


STRAYS = ["stray = 1\n", "# a comment between cells\n", "print('loose')\n", "\n\n"]


@st.composite
def hand_edited_texts(draw) -> str:
    """Written files with things people do by hand: code and comments between cells, CRLF."""
    lines = serialize(draw(notebooks())).splitlines(keepends=True)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, draw(st.sampled_from(STRAYS)))
    text = "".join(lines)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text


def code_lines_of(notebook: Notebook) -> set[str]:
    lines = set(notebook.header.splitlines())
    for cell in notebook.cells:
        lines.update(line.strip() for line in cell.code.splitlines())
    return lines


common = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# 1. parse never raises and loses nothing


def assert_no_line_lost(text: str) -> None:
    written = serialize(parse(text))
    reread = parse(written)
    kept = reread.header + "\n".join(cell.code for cell in reread.cells) + written
    for line in text.splitlines():
        # Control characters in unparsable code are written escaped; reading undoes it.
        assert line.strip() in kept


@common
@given(st.text())
def test_parse_never_raises_on_any_text(text):
    assert_no_line_lost(text)


@common
@given(hand_edited_texts())
def test_every_line_of_a_hand_edited_file_survives(text):
    assert_no_line_lost(text)


@common
@given(notebooks())
def test_every_line_of_code_is_in_a_cell_or_the_header(notebook):
    parsed = parse(serialize(notebook))
    found = code_lines_of(parsed)
    for cell in notebook.cells:
        for line in cell.code.splitlines():
            assert line.strip() in found


# 2. written files round-trip; edits stay local


@common
@given(notebooks())
def test_written_files_round_trip_byte_for_byte(notebook):
    text = serialize(notebook)
    assert serialize(parse(text)) == text


@common
@given(notebooks(), st.data())
def test_an_edit_changes_only_the_edited_cell(notebook, data):
    text = serialize(notebook)
    parsed = parse(text)
    if not parsed.cells:
        return
    index = data.draw(st.integers(0, len(parsed.cells) - 1))
    new_code = data.draw(codes)
    cells = list(parsed.cells)
    cells[index] = replace(cells[index], code=new_code)
    written = serialize(replace(parsed, cells=tuple(cells)))
    old_pieces = _pieces(text)
    new_pieces = _pieces(written)
    assert len(old_pieces) == len(new_pieces)
    for i, (old, new) in enumerate(zip(old_pieces, new_pieces)):
        if i == index + 1 or old == new:
            continue
        # Only the `def` line (its parameters) of another cell may change.
        assert _without_def_lines(old) == _without_def_lines(new)


def _pieces(text: str) -> list[str]:
    """The file cut before each cell's first line: the preamble, then one piece a cell."""
    return PIECE_START.split(text)


PIECE_START = re.compile(r"^(?=@app\.|(?:async )?with app\.setup|app\._unparsable_cell\()", re.M)


def _without_def_lines(piece: str) -> list[str]:
    lines = piece.splitlines()
    kept, in_def = [], False
    for line in lines:
        if line.startswith(("def ", "async def ")):
            in_def = not line.rstrip().endswith(":")
            continue
        if in_def:
            in_def = not line.startswith("):")
            continue
        kept.append(line)
    return kept


# 3. what is written reads back the same; saving twice changes nothing


@common
@given(notebooks())
def test_serialized_notebook_parses_back_to_itself(notebook):
    parsed = parse(serialize(notebook))
    assert [c.code for c in parsed.cells] == [c.code for c in notebook.cells]
    assert [c.config for c in parsed.cells] == [c.config for c in notebook.cells]
    for written, original in zip(parsed.cells, notebook.cells):
        broken = original.kind == CellKind.CELL and written.kind == CellKind.UNPARSABLE
        # A cell whose code does not parse is stored as `app._unparsable_cell`.
        assert written.kind == original.kind or broken
    assert parsed.app_config == notebook.app_config
    assert parsed.header == notebook.header


@common
@given(st.one_of(hand_edited_texts(), st.text()))
def test_saving_again_changes_nothing(text):
    once = serialize(parse(text))
    assert parse(once) == parse(serialize(parse(once)))
    assert serialize(parse(once)) == once


@common
@given(hand_edited_texts())
def test_fast_path_reads_like_the_general_reader(text):
    fast = parse(text)
    general = _parse_without_fast_path(text)
    assert fast == general
    assert serialize(fast) == serialize(general)


def _parse_without_fast_path(text: str) -> Notebook:
    original = reader.scan
    reader.scan = lambda lines: None
    try:
        return parse(text)
    finally:
        reader.scan = original
