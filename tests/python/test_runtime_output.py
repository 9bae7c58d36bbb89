"""A cell's output as a MIME bundle, its printed text as streams, and its errors as tracebacks."""

from __future__ import annotations

import base64
import sys
import threading

import pytest

from lichen.protocol import CellStream
from lichen.runtime import CellSpec, Runtime, md
from lichen.runtime.mime import mime_bundle


def run_cells(*codes: str, **kwargs):
    events: list = []
    rt = Runtime(events.append, filename="/home/someone/nb.py", **kwargs)
    rt.load([CellSpec(f"c{i}", code) for i, code in enumerate(codes)])
    return rt.run_all(), events, rt


def streamed(events, cell_id=None, name="stdout") -> str:
    return "".join(e.text for e in events
                   if isinstance(e, CellStream) and e.name == name and cell_id in (None, e.cell_id))


# -- MIME bundles -----------------------------------------------------------------------------------


class Rich:
    """Every formatter, each answering with its own name."""

    def _mime_(self):
        return "text/x-custom", "mime"

    def _repr_html_(self):
        return "<b>html</b>"

    def _repr_markdown_(self):
        return "*md*"

    def _repr_png_(self):
        return b"\x89PNG"

    def _repr_json_(self):
        return {"a": 1}

    def _repr_latex_(self):
        return "$x$"


def without(*names):
    """A Rich subclass lacking the given formatters."""
    return type("Partial", (Rich,), {n: None for n in names})()


@pytest.mark.parametrize("missing, expected", [
    ((), {"text/x-custom": "mime"}),
    (("_mime_",), {"text/html": "<b>html</b>"}),
    (("_mime_", "_repr_html_"), {"text/markdown": "*md*"}),
    (("_mime_", "_repr_html_", "_repr_markdown_"), {"image/png": base64.b64encode(b"\x89PNG").decode()}),
    (("_mime_", "_repr_html_", "_repr_markdown_", "_repr_png_"), {"application/json": '{"a": 1}'}),
    (("_mime_", "_repr_html_", "_repr_markdown_", "_repr_png_", "_repr_json_"), {"text/latex": "$x$"}),
])
def test_formatters_apply_in_order_of_precedence(missing, expected):
    assert mime_bundle(without(*missing), 1000) == expected


def test_svg_comes_before_png_and_jpeg_after_png():
    class Pictures:
        def _repr_svg_(self):
            return "<svg/>"

        def _repr_jpeg_(self):
            return b"jpg"

    assert mime_bundle(Pictures(), 1000) == {"image/svg+xml": "<svg/>"}
    Pictures._repr_svg_ = None
    assert mime_bundle(Pictures(), 1000) == {"image/jpeg": base64.b64encode(b"jpg").decode()}


def test_formatter_returning_none_or_raising_falls_through():
    class Shy:
        def _repr_html_(self):
            return None

        def _repr_markdown_(self):
            raise ValueError("no")

        def __repr__(self):
            return "Shy()"

    assert mime_bundle(Shy(), 1000) == {"text/plain": "Shy()"}


def test_classes_and_plain_values_are_shown_with_repr():
    assert mime_bundle(Rich, 1000) == {"text/plain": repr(Rich)}
    assert mime_bundle([1, "a"], 1000) == {"text/plain": "[1, 'a']"}
    assert mime_bundle(None, 1000) is None


def test_broken_repr_does_not_fail():
    class Broken:
        def __repr__(self):
            raise RuntimeError("boom")

    assert "repr failed" in mime_bundle(Broken(), 1000)["text/plain"]


def test_last_expression_is_the_output_and_statements_have_none():
    report, _, _ = run_cells("x = 41", "x + 1", "print('no output')", "None")
    outputs = [r.output for r in report.cells]
    assert outputs == [None, {"text/plain": "42"}, None, None]


def test_md_is_markdown_dedented():
    assert mime_bundle(md("""
        # Title
        text
    """), 1000) == {"text/markdown": "# Title\ntext"}


def test_huge_repr_is_truncated_with_a_note():
    report, _, _ = run_cells("'x' * 5_000_000", output_limit=1_000_000)
    text = report.cells[0].output["text/plain"]
    assert len(text) < 1_100_000
    assert "output truncated" in text


def test_huge_html_is_replaced_by_a_note():
    class Big:
        def _repr_html_(self):
            return "<p>" * 1000

    bundle = mime_bundle(Big(), 100)
    assert list(bundle) == ["text/plain"] and "text/html" in bundle["text/plain"]


def test_matplotlib_is_never_imported_by_the_runtime():
    if "matplotlib" in sys.modules:
        pytest.skip("matplotlib already imported in this process")
    run_cells("[1, 2, 3]")
    assert "matplotlib" not in sys.modules


# -- streams ----------------------------------------------------------------------------------------


def test_prints_stream_to_their_cell_and_the_streams_are_restored():
    before = sys.stdout, sys.stderr
    report, events, _ = run_cells("print('one')", "import sys\nprint('two', file=sys.stderr)")
    assert streamed(events, "c0") == "one\n"
    assert streamed(events, "c1", "stderr") == "two\n"
    assert (sys.stdout, sys.stderr) == before


def test_a_printing_loop_is_sent_in_chunks_not_per_print():
    _, events, _ = run_cells("for i in range(20000):\n    print(i)")
    chunks = [e for e in events if isinstance(e, CellStream)]
    assert streamed(events) == "".join(f"{i}\n" for i in range(20000))
    assert len(chunks) < 200


def test_output_shows_while_the_cell_still_runs():
    """The cell waits until the test has seen its printed text arrive: it can only finish
    (successfully) if the text was sent before the cell ended."""
    seen = {"start": threading.Event(), "late": threading.Event()}

    def emit(event):
        if isinstance(event, CellStream):
            for word, flag in seen.items():
                if word in event.text:
                    flag.set()

    rt = Runtime(emit)
    rt.load([CellSpec("a", "print('start')\nassert seen['start'].wait(10)\n"
                           "print('x')\nprint('late')\nassert seen['late'].wait(10)")])
    rt.namespace["seen"] = seen
    report = rt.run_all()
    assert report.cells[0].status == "success", report.cells[0].error


def test_huge_output_is_capped_with_one_note():
    _, events, _ = run_cells("for _ in range(200):\n    print('y' * 50_000)", "print('next cell')",
                             output_limit=1_000_000)
    text = streamed(events, "c0")
    assert len(text) < 1_100_000
    assert text.count("output truncated") == 1
    assert streamed(events, "c1") == "next cell\n"


def test_output_of_background_threads_goes_to_the_running_cell_not_lost():
    _, events, _ = run_cells(
        "import threading\nt = threading.Thread(target=print, args=('from thread',))\nt.start()\nt.join()")
    assert "from thread" in streamed(events, "c0")


# -- tracebacks -------------------------------------------------------------------------------------


def test_traceback_names_the_cell_and_its_line_without_runtime_frames():
    report, _, _ = run_cells("x = 1", "y = 2\nz = x / 0")
    tb = report.cells[1].error.traceback
    assert 'File "nb.py, cell 2", line 2, in <module>' in tb
    assert "z = x / 0" in tb
    assert "lichen" not in tb.replace("nb.py", "") and "eval(" not in tb
    assert tb.strip().endswith("ZeroDivisionError: division by zero")


def test_traceback_through_a_function_of_another_cell_shows_both_cells():
    report, _, _ = run_cells("def f(v):\n    return 1 / v", "f(0)")
    tb = report.cells[1].error.traceback
    assert tb.index('"nb.py, cell 2", line 1') < tb.index('"nb.py, cell 1", line 2, in f')


def test_traceback_of_an_awaiting_cell_has_no_asyncio_frames():
    report, _, _ = run_cells("import asyncio\nawait asyncio.sleep(0)\nraise ValueError('late')")
    tb = report.cells[0].error.traceback
    assert "asyncio" not in tb.replace("import asyncio", "").replace("asyncio.sleep", "")
    assert 'File "nb.py, cell 1", line 3' in tb


def test_traceback_leaves_out_the_api_frames_a_cell_called_into():
    report, _, _ = run_cells("import lichen\nlichen.ui.slider(start=1, stop=0)")
    tb = report.cells[0].error.traceback
    assert 'File "nb.py, cell 1", line 2' in tb
    assert "lichen/" not in tb and "lichen\\" not in tb


def test_a_very_deep_traceback_is_cut_to_its_ends():
    code = ("import sys\nsys.setrecursionlimit(200_000)\n"
            "def down(n):\n    return down(n + 1) if n < 150_000 else 1 / 0\ndown(0)")
    report, _, _ = run_cells(code)
    tb = report.cells[0].error.traceback
    assert tb.count("\n") < 40  # two ends, each with its repeats collapsed
    assert tb.index('"nb.py, cell 1", line 5, in <module>') < tb.index("more frames ...]")
    omitted = int(tb.split("[... ")[1].split(" more")[0].replace(",", ""))
    assert 149_900 < omitted < 150_001
    assert tb.strip().endswith("ZeroDivisionError: division by zero")


def test_a_recursion_error_under_a_raised_limit_is_reported_cut():
    code = "import sys\nsys.setrecursionlimit(100_000)\ndef f():\n    return f()\nf()"
    report, _, _ = run_cells(code)
    error = report.cells[0].error
    assert error.ename == "RecursionError" and "more frames ...]" in error.traceback
    assert error.traceback.count("\n") < 40


def test_private_names_appear_as_written_in_errors():
    report, _, _ = run_cells("_secret = 1\n_secret + _missing")
    error = report.cells[0].error
    assert "'_missing'" in error.evalue and "_cell_" not in error.traceback
