"""A running cell's output shown while it runs: `mo.output.*`, progress bars, spinners and
`mo.redirect_stdout`; each change is a `CellOutput` event, and the cell's `CellDone` has the
final output."""

from __future__ import annotations

import json

from kernel_helpers import lichen_run
from kernel_helpers import run_cells as run
from lichen.protocol import UI_MIME, CellOutput, CellStream
from lichen.runtime import output


def lives(events: list, cell: str) -> list:
    return [e.output for e in events if type(e) is CellOutput and e.cell_id == cell]


def nodes(bundle: dict) -> dict:
    return json.loads(bundle[UI_MIME])["node"]


def test_append_and_replace_show_at_once_and_the_cell_ends_with_them():
    _, events, done = run("import marimo as mo",
                          "mo.output.append('one')\nmo.output.append('two')\n"
                          "mo.output.replace_at_index('TWO', 1)")
    shown = [b["text/plain"] for b in lives(events, "c1")]
    assert shown == ["one", "one\ntwo", "one\nTWO"]
    assert done["c1"].output["text/plain"] == "one\nTWO"


def test_a_trailing_value_wins_over_what_was_built():
    _, _, done = run("import marimo as mo", "mo.output.replace('built')\n'final'")
    assert done["c1"].output["text/plain"] == "'final'"


def test_clear_leaves_nothing():
    _, events, done = run("import marimo as mo", "mo.output.append('x')\nmo.output.clear()")
    assert lives(events, "c1")[-1] is None and done["c1"].output is None


def test_printed_text_before_an_update_is_sent_before_it():
    _, events, _ = run("import marimo as mo", "print('first')\nmo.output.append('then')")
    mine = [e for e in events if getattr(e, "cell_id", None) == "c1"
            and type(e) in (CellStream, CellOutput)]
    first = next(i for i, e in enumerate(mine) if type(e) is CellOutput)
    assert "".join(e.text for e in mine[:first]) == "first\n"


def test_a_progress_bar_counts_live_and_is_throttled():
    _, events, done = run(
        "import marimo as mo",
        "for _ in mo.status.progress_bar(range(500), title='work'):\n    pass")
    updates = lives(events, "c1")
    assert 2 <= len(updates) < 50, "a tight loop sends a few updates, not one per item"
    first, last = nodes(updates[0]), nodes(done["c1"].output)
    assert first["type"] == "progress" and first["title"] == "work" and first["total"] == 500
    assert last["value"] == 500 and last["done"] is True


def test_a_progress_bar_updated_by_hand_and_a_spinner_removed_on_exit():
    _, events, done = run(
        "import marimo as mo",
        "with mo.status.progress_bar(total=3, subtitle='s') as bar:\n"
        "    bar.update()\n    bar.update(2, title='nearly')",
        "with mo.status.spinner(title='thinking') as s:\n    s.update(subtitle='still')")
    bar = nodes(done["c1"].output)
    assert (bar["value"], bar["title"], bar["subtitle"]) == (3, "nearly", "s")
    spins = [nodes(b) for b in lives(events, "c2") if b is not None]
    assert spins[0] == {"type": "spinner", "title": "thinking", "subtitle": None}
    assert done["c2"].output is None, "a spinner is gone when its block ends"


def test_redirect_stdout_puts_printed_text_in_the_output():
    _, events, done = run("import marimo as mo",
                          "with mo.redirect_stdout():\n    print('into the output')")
    assert done["c1"].output["text/plain"] == "into the output\n"
    assert not [e for e in events if type(e) is CellStream and e.cell_id == "c1"]


def test_outside_a_run_the_functions_do_nothing():
    output.append("x")
    output.replace("y")
    assert output.current() is None


def test_a_script_run_prints_the_final_output(tmp_path):
    done = lichen_run(tmp_path / "nb.py", '''\
        import marimo
        app = marimo.App()

        @app.cell
        def _():
            import marimo as mo
            for _ in mo.status.progress_bar(range(3), title="steps"):
                pass
            return

        if __name__ == "__main__":
            app.run()
        ''')
    assert done.returncode == 0, done.stderr
    assert "steps: 3/3" in done.stdout
