"""UI elements in the runtime: a new value runs the cells that read the element's global."""

from __future__ import annotations

import json

import pytest

from lichen.protocol import CellDone, CellQueued
from lichen.runtime import CellSpec, Runtime, display
from lichen.runtime.context import UiValueRefused


def make(*codes: str, mode: str = "autorun"):
    events: list = []
    rt = Runtime(events.append, mode=mode, filename="nb.py")
    rt.load([CellSpec(f"c{i}", code) for i, code in enumerate(codes)])
    return rt, events


def ran(report) -> list[str]:
    return [r.cell_id for r in report.cells if r.status == "success"]


def node(done: CellDone) -> dict:
    return json.loads(done.output[display.MIME])["node"]


SLIDER = "import lichen\ns = lichen.ui.slider(1, 10, label='n')\ns"


def test_a_new_value_runs_the_readers_only():
    rt, _ = make(SLIDER, "doubled = s.value * 2", "other = 1", "later = doubled + 1")
    rt.run_all()
    report = rt.set_ui_value(rt.namespace["s"].id, 4)
    assert ran(report) == ["c1", "c3"]  # the reader and its descendant; not the definer
    assert rt.namespace["later"] == 9


def test_the_value_survives_reruns_of_its_readers():
    rt, _ = make(SLIDER, "v = s.value")
    rt.run_all()
    rt.set_ui_value(rt.namespace["s"].id, 6)
    rt.run(["c1"])
    assert rt.namespace["v"] == 6


def test_rerunning_the_defining_cell_makes_a_new_element_with_its_initial_value():
    rt, _ = make(SLIDER, "v = s.value")
    rt.run_all()
    old = rt.namespace["s"].id
    rt.set_ui_value(old, 6)
    report = rt.run(["c0"])
    assert rt.namespace["v"] == 1
    assert rt.namespace["s"].id != old
    assert node(report.result("c0"))["id"] == rt.namespace["s"].id
    with pytest.raises(UiValueRefused, match="has run again"):
        rt.set_ui_value(old, 3)


def test_element_ids_are_in_the_outputs_that_show_the_element():
    rt, _ = make(SLIDER, "lichen.md(f'pick {s}: {s.value}')")
    report = rt.run_all()
    element_id = rt.namespace["s"].id
    assert node(report.result("c0"))["id"] == element_id
    shown = node(report.result("c1"))
    assert shown["type"] == "markdown" and shown["slots"][0]["id"] == element_id
    report = rt.set_ui_value(element_id, 3)
    shown = node(report.result("c1"))
    assert shown["slots"][0]["value"] == 3 and "pick <lichen-slot" in shown["text"]
    assert report.result("c1").output["text/plain"] == "pick n [slider: 3]: 3"


def test_a_refused_value_changes_nothing_and_runs_nothing():
    rt, events = make(SLIDER, "v = s.value")
    rt.run_all()
    events.clear()
    with pytest.raises(UiValueRefused, match="outside"):
        rt.set_ui_value(rt.namespace["s"].id, 99)
    assert rt.namespace["s"].value == 1 and events == []


def test_an_unknown_element_is_refused():
    rt, _ = make(SLIDER)
    rt.run_all()
    with pytest.raises(UiValueRefused, match="No UI element"):
        rt.set_ui_value("nope", 1)


def test_deleting_the_defining_cell_forgets_its_elements():
    rt, _ = make(SLIDER, "v = 1")
    rt.run_all()
    element_id = rt.namespace["s"].id
    rt.delete("c0")
    with pytest.raises(UiValueRefused):
        rt.set_ui_value(element_id, 2)


def test_an_element_bound_to_no_global_takes_values_and_runs_nothing():
    rt, _ = make("import lichen\nlichen.ui.slider(1, 10)")
    report = rt.run_all()
    element_id = node(report.result("c0"))["id"]
    assert rt.set_ui_value(element_id, 5).cells == ()


def test_every_global_bound_to_the_element_counts():
    rt, _ = make(SLIDER, "alias = s", "a = s.value", "b = alias.value")
    rt.run_all()
    report = rt.set_ui_value(rt.namespace["s"].id, 2)
    assert ran(report) == ["c1", "c2", "c3"]
    assert (rt.namespace["a"], rt.namespace["b"]) == (2, 2)


def test_a_child_of_a_composite_runs_the_readers_of_the_composite():
    rt, _ = make("import lichen\nboth = lichen.ui.array([lichen.ui.slider(1, 5), "
                 "lichen.ui.text()])\nboth", "v = both.value")
    report = rt.run_all()
    child = node(report.result("c0"))["children"][0]["id"]
    report = rt.set_ui_value(child, 3)
    assert ran(report) == ["c1"]
    assert rt.namespace["v"] == [3, ""]


def test_a_form_runs_its_readers_on_submit():
    rt, _ = make("import lichen\nf = lichen.ui.text().form()", "v = f.value")
    rt.run_all()
    assert rt.namespace["v"] is None
    report = rt.set_ui_value(rt.namespace["f"].id, "sent")
    assert ran(report) == ["c1"] and rt.namespace["v"] == "sent"


def test_a_run_button_is_true_in_the_run_it_causes_only():
    rt, _ = make("import lichen\ngo = lichen.ui.run_button()",
                 "lichen.stop(not go.value)\nresult = 'computed'", "seen = go.value")
    report = rt.run_all()
    assert report.result("c1").status == "stopped"
    rt.set_ui_value(rt.namespace["go"].id, 1)
    assert rt.namespace["result"] == "computed" and rt.namespace["seen"] is True
    assert rt.namespace["go"].value is False
    rt.run(["c2"])
    assert rt.namespace["seen"] is False


def test_lazy_mode_marks_the_readers_stale():
    rt, _ = make(SLIDER, "v = s.value", "w = v", mode="lazy")
    rt.run_all()
    report = rt.set_ui_value(rt.namespace["s"].id, 5)
    assert [(r.cell_id, r.status) for r in report.cells] == [("c1", "stale"), ("c2", "stale")]
    rt.run_stale()
    assert rt.namespace["w"] == 5


def test_a_value_change_streams_events_like_any_run():
    rt, events = make(SLIDER, "v = s.value")
    rt.run_all()
    events.clear()
    rt.set_ui_value(rt.namespace["s"].id, 2)
    assert [type(e).__name__ for e in events] == ["CellQueued", "CellRunning", "CellDone"]
    assert isinstance(events[0], CellQueued) and events[0].cell_id == "c1"


def test_a_reader_that_fails_is_reported_and_its_descendants_skipped():
    rt, _ = make(SLIDER, "v = 1 / (s.value - 2)", "w = v")
    rt.run_all()
    report = rt.set_ui_value(rt.namespace["s"].id, 2)
    assert [(r.cell_id, r.status) for r in report.cells] == [("c1", "error"), ("c2", "skipped")]


def test_an_element_made_in_a_function_belongs_to_the_cell_that_called_it():
    rt, _ = make("import lichen\ndef make():\n    return lichen.ui.checkbox()",
                 "box = make()", "v = box.value")
    rt.run_all()
    first = rt.namespace["box"].id
    rt.set_ui_value(first, True)
    assert rt.namespace["v"] is True
    rt.run(["c1"])  # the cell that made it runs again: a new element
    assert rt.namespace["box"].id != first and rt.namespace["v"] is False


def test_on_change_runs_before_the_readers():
    rt, _ = make("import lichen\nseen = []\ns = lichen.ui.slider(1, 5, on_change=seen.append)",
                 "v = (s.value, list(seen))")
    rt.run_all()
    rt.set_ui_value(rt.namespace["s"].id, 4)
    assert rt.namespace["v"] == (4, [4])


def test_load_forgets_every_element():
    rt, _ = make(SLIDER)
    rt.run_all()
    element_id = rt.namespace["s"].id
    rt.load([CellSpec("c0", "x = 1")])
    with pytest.raises(UiValueRefused):
        rt.set_ui_value(element_id, 2)
