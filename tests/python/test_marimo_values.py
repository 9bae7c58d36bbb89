"""What marimo's API gives, Lichen's `marimo` gives: the same expressions evaluated with marimo
0.25.2 (in its own venv, `marimo_env.py`) and with Lichen's stand-in, each in a process of its
own, must have the same repr, or raise in both. Elements' initial values, their bounds and
options, state, and `mo.cli_args()` in a notebook run as a script with arguments."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from marimo_env import CORPUS_LIBRARIES, marimo_python

EXPRESSIONS = [
    "mo.ui.slider(1, 10).value", "mo.ui.slider(1, 10, value=3).value",
    "mo.ui.slider(0, 1, step=0.1).value", "mo.ui.slider(steps=[1, 5, 9]).value",
    "mo.ui.slider(1, 10, step=2).step", "(mo.ui.slider(1, 10).start, mo.ui.slider(1, 10).stop)",
    "mo.ui.number().value", "mo.ui.number(0, 5).value", "mo.ui.number(stop=5).value",
    "mo.ui.number(start=2).value", "mo.ui.number(value=2.5).value", "mo.ui.number(1, 10).start",
    "mo.ui.text().value", "mo.ui.text(value='x').value", "mo.ui.text_area().value",
    "mo.ui.checkbox().value", "mo.ui.checkbox(value=True).value", "mo.ui.switch().value",
    "mo.ui.dropdown(['a', 'b']).value", "mo.ui.dropdown({'a': 1}, value='a').value",
    "mo.ui.dropdown(['a', 'b'], value='b').selected_key", "mo.ui.dropdown([1, 2]).options",
    "mo.ui.dropdown(['a', 'b'], allow_select_none=True).value",
    "mo.ui.multiselect(['a', 'b']).value", "mo.ui.multiselect(['a', 'b'], value=['a']).value",
    "mo.ui.multiselect({'a': 1}).options",
    "mo.ui.radio(['a', 'b'], value='a').value", "mo.ui.radio(['a', 'b']).value",
    "mo.ui.radio({'x': 1, 'y': 2}, value='y').value",
    "mo.ui.range_slider(0, 10).value", "mo.ui.range_slider(0, 10, value=[2, 3]).value",
    "mo.ui.date(value='2024-01-02').value",
    "mo.ui.datetime(value='2024-01-02T03:04:05').value",
    "mo.ui.datetime(value='2024-01-02T03:04:05.123', precision='minute').value",
    "mo.ui.date_range(start='2024-01-01', stop='2024-02-01').value",
    "mo.ui.button().value", "mo.ui.button(value=3).value",
    "mo.ui.button(value=0, on_click=lambda v: v + 1).value", "mo.ui.run_button().value",
    "mo.ui.array([mo.ui.slider(1, 3)]).value", "len(mo.ui.array([mo.ui.text(), mo.ui.text()]))",
    "mo.ui.dictionary({'a': mo.ui.slider(1, 3)}).value",
    "mo.ui.dictionary({'a': mo.ui.text()})['a'].value",
    "mo.ui.tabs({'a': 1, 'b': 2}).value", "mo.ui.text(value='a').form().value",
    "mo.ui.table([{'a': 1}, {'a': 2}]).value",
    "mo.ui.table([{'a': 1}, {'a': 2}], selection='single').value",
    "mo.ui.table([{'a': 1}], selection=None).value", "mo.ui.table({'a': [1, 2]}).value",
    "mo.ui.file().value", "mo.ui.code_editor().value", "mo.ui.code_editor(value='x=1').value",
    "mo.ui.matrix([[1, 2]]).value", "mo.ui.data_editor([{'a': 1}]).value",
    "mo.ui.chat(lambda messages, config: 'hi').value", "mo.ui.file_browser().value",
    "mo.ui.batch(mo.md('{a}'), {'a': mo.ui.slider(1, 3)}).value",
    "mo.md('{a}').batch(a=mo.ui.slider(1, 3)).value",
    "mo.ui.slider(0, 10, value=20)", "mo.ui.number(0, 10, value=20)",
    "mo.state(1)[0]()", "mo.running_in_notebook()", "mo.md('# Hi *there*').text",
    "str(mo.ui.dropdown(['a']).options)",
]

PROBE = """
import json, sys
EXPRESSIONS = json.load(sys.stdin)
import marimo as mo
found = {}
for expression in EXPRESSIONS:
    try:
        found[expression] = repr(eval(expression))
    except Exception as e:
        found[expression] = "raises " + type(e).__name__
print(json.dumps(found))
"""


def evaluated(python: str, prelude: str) -> dict[str, str]:
    done = subprocess.run([python, "-c", prelude + PROBE], input=json.dumps(EXPRESSIONS),
                          capture_output=True, text=True, timeout=300, check=True)
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def both() -> tuple[dict[str, str], dict[str, str]]:
    theirs = evaluated(str(marimo_python(CORPUS_LIBRARIES)), "")
    ours = evaluated(sys.executable, "from lichen.runtime.marimo_compat import install\n"
                                     "install()\n")
    return theirs, ours


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_lichen_s_marimo_gives_what_marimo_gives(both, expression):
    theirs, ours = both
    assert ours[expression] == theirs[expression]


NOTEBOOK = '''import marimo

app = marimo.App()


@app.cell
def _():
    import marimo as mo
    args = mo.cli_args()
    print(sorted(args.to_dict().items(), key=str))
    print(args.get("size"), args["missing"], args.get("missing", 7), args.get_all("n"))
    print("flag" in args, len(args), sorted(args.keys()))
    return


if __name__ == "__main__":
    app.run()
'''
ARGS = ["--size", "10", "--name=a b", "--flag", "--n", "1", "--n", "2.5", "--ok", "true",
        "-v", "many", "words"]


def test_cli_args_are_parsed_as_marimo_parses_them(tmp_path):
    (tmp_path / "nb.py").write_text(NOTEBOOK, encoding="utf-8")
    marimo = str(marimo_python(CORPUS_LIBRARIES))
    theirs = subprocess.run([marimo, "nb.py", *ARGS], cwd=tmp_path, capture_output=True,
                            text=True, timeout=300)
    ours = subprocess.run([sys.executable, "-m", "lichen", "run", "nb.py", "--", *ARGS],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert theirs.returncode == 0, theirs.stderr
    assert ours.returncode == 0, ours.stderr
    assert "size" in theirs.stdout
    assert ours.stdout.splitlines()[:3] == theirs.stdout.splitlines()[:3]


def test_lichen_s_own_cli_args_stay_a_list():
    import lichen

    assert isinstance(lichen.cli_args(), list)
