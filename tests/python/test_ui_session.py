"""UI values through a Session and its kernel process, and the coalescing of fast interaction."""

from __future__ import annotations

import json
import threading
import time

import pytest

from lichen import Session
from lichen.coalesce import Coalescer
from lichen.kernel.errors import UiValueRefused
from lichen.protocol import UI_MIME

from kernel_helpers import notebook as kernel_notebook

WAIT = 30.0


def notebook(*cells: str) -> str:
    return kernel_notebook(*cells, module="marimo")


def node(done) -> dict:
    return json.loads(done.output[UI_MIME])["node"]


def wait_until(condition, what: str, deadline: float = WAIT) -> None:
    end = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.002)


SLIDER = """
import marimo as mo
s = mo.ui.slider(0, 100, label="n")
s
"""


def test_set_ui_value_runs_the_readers_and_returns_their_run():
    text = notebook(SLIDER, "mo.md(f'n is **{s.value}** {s}')", "other = 1")
    with Session.from_text(text, run_timeout=WAIT) as session:
        first = session.run_all()
        definer, reader, other = session.cells
        element_id = node(first.result(definer))["id"]
        report = session.set_ui_value(element_id, 42)
        assert [r.cell_id for r in report.cells] == [reader]
        shown = node(report.result(reader))
        assert shown["text"].startswith("n is **42**") and shown["slots"][0]["id"] == element_id
        assert shown["slots"][0]["value"] == 42


def test_a_refused_value_or_a_gone_element_is_a_clear_error():
    with Session.from_text(notebook(SLIDER, "s.value"), run_timeout=WAIT) as session:
        element_id = node(session.run_all().result(session.cells[0]))["id"]
        with pytest.raises(UiValueRefused, match=r"Slider 'n': 101 is outside \[0, 100\]"):
            session.set_ui_value(element_id, 101)
        session.run([session.cells[0]])  # a new slider replaces it
        with pytest.raises(UiValueRefused, match="No UI element"):
            session.set_ui_value(element_id, 5)


def test_rapid_values_coalesce_and_the_last_one_wins():
    slow_reader = "import time\ntime.sleep(0.3)\nf'value={s.value}'"
    with Session.from_text(notebook(SLIDER, slow_reader), run_timeout=WAIT) as session:
        definer, reader = session.cells
        element_id = node(session.run_all().result(definer))["id"]
        coalescer = session._ui_values
        reports: dict[int, object] = {}

        def send(value: int) -> None:
            reports[value] = session.set_ui_value(element_id, value)

        threads = []
        for value in range(1, 51):  # each value is offered before the next one is sent
            thread = threading.Thread(target=send, args=(value,))
            thread.start()
            threads.append(thread)
            wait_until(lambda: coalescer.offered >= value, f"value {value} to be offered")
        for thread in threads:
            thread.join(WAIT)
        assert sorted(reports) == list(range(1, 51))
        runs = {report.run_id for report in reports.values()}
        assert len(runs) == coalescer.applied < 10
        last = max(runs)
        for value, report in reports.items():
            shown = int(report.result(reader).output["text/plain"].strip("'").split("=")[1])
            assert shown >= value  # every caller sees its own value or a newer one
        final = next(r for r in reports.values() if r.run_id == last)
        assert final.result(reader).output["text/plain"] == "'value=50'"


# -- the coalescer on its own ----------------------------------------------------------------------


def test_a_lone_value_is_applied_at_once():
    c = Coalescer()
    assert c.submit("k", 1, threading.Lock(), lambda v: v * 10) == 10
    assert (c.offered, c.applied) == (1, 1)


def test_values_offered_while_the_lock_is_held_are_applied_once_newest_first():
    c = Coalescer()
    lock = threading.Lock()
    applied: list[int] = []
    results: dict[int, int] = {}

    def send(value: int) -> None:
        results[value] = c.submit("k", value, lock, lambda v: applied.append(v) or v)

    with lock:  # a run in progress
        threads = []
        for value in range(5):
            threads.append(threading.Thread(target=send, args=(value,)))
            threads[-1].start()
            wait_until(lambda: c.offered > value, "the value to be offered")
    for thread in threads:
        thread.join(WAIT)
    assert applied == [4]
    assert results == {v: 4 for v in range(5)}


def test_keys_do_not_coalesce_with_each_other():
    c = Coalescer()
    lock = threading.Lock()
    applied: list[tuple[str, int]] = []
    with lock:
        threads = [threading.Thread(target=c.submit, args=(key, 1, lock,
                                                           lambda v, k=key: applied.append((k, v))))
                   for key in ("a", "b")]
        for thread in threads:
            thread.start()
        wait_until(lambda: c.offered == 2, "both values to be offered")
    for thread in threads:
        thread.join(WAIT)
    assert sorted(applied) == [("a", 1), ("b", 1)]


def test_an_error_reaches_every_merged_caller():
    c = Coalescer()
    lock = threading.Lock()
    errors: list[BaseException] = []

    def send(value: int) -> None:
        try:
            c.submit("k", value, lock, lambda v: 1 / 0)
        except ZeroDivisionError as error:
            errors.append(error)

    with lock:
        threads = [threading.Thread(target=send, args=(v,)) for v in range(3)]
        for thread in threads:
            thread.start()
        wait_until(lambda: c.offered == 3, "the values to be offered")
    for thread in threads:
        thread.join(WAIT)
    assert len(errors) == 3 and c.applied == 1
    assert c.submit("k", 5, lock, lambda v: v) == 5  # and the key works afterwards
