"""`lichen.state`: the setter re-runs the cells that read the getter, not the one that set it."""

from __future__ import annotations

import lichen
from lichen.runtime import CellSpec, Runtime


def make(*codes: str, mode: str = "autorun"):
    rt = Runtime(mode=mode, filename="nb.py")
    rt.load([CellSpec(f"c{i}", code) for i, code in enumerate(codes)])
    return rt


def ran(report) -> list[str]:
    return [r.cell_id for r in report.cells if r.status == "success"]


STATE = "import lichen\nget, set_ = lichen.state(0)"


def test_getter_and_setter_work_outside_any_runtime():
    get, set_ = lichen.state(1)
    set_(5)
    assert get() == 5
    set_(lambda old: old * 2)
    assert get() == 10


def test_a_setter_reruns_the_readers_of_the_getter_but_not_the_caller():
    rt = make(STATE, "seen = get()", "if get() == 0:\n    set_(3)\nmine = get()", "n = 0")
    report = rt.run_all()
    # c1 and c2 ran once in order; then c1 again, as it reads the getter (c2 set it)
    assert ran(report) == ["c0", "c1", "c2", "c3", "c1"]
    assert rt.namespace["seen"] == 3 and rt.namespace["mine"] == 3


def test_the_follow_up_is_part_of_the_same_run_and_result_is_the_last():
    rt = make(STATE, "seen = get()\nseen", "set_(7)")
    report = rt.run_all()
    assert ran(report) == ["c0", "c1", "c2", "c1"]
    assert {r.run_id for r in report.cells} == {report.run_id}
    assert report.result("c1").output["text/plain"] == "7"


def test_a_reader_that_started_after_the_setter_does_not_run_again():
    # The setter's cell comes first in the run: its readers then read the new value already.
    rt = make(STATE, "set_(lambda v: v + 3)", "seen = get()\nprint(seen)", "later = get()")
    report = rt.run_all()
    assert sorted(ran(report)) == ["c0", "c1", "c2", "c3"] and len(ran(report)) == 4
    assert rt.namespace["seen"] == 3 == rt.namespace["later"]
    # Set again by a later run, they run again.
    rt.run(["c1"])
    assert rt.namespace["seen"] == 6


def test_allow_self_loops_reruns_the_caller_too():
    code = "import lichen\nget, set_ = lichen.state(0, allow_self_loops=True)"
    rt = make(code, "if get() < 3:\n    set_(lambda v: v + 1)\nv = get()")
    report = rt.run_all()
    assert ran(report) == ["c0", "c1", "c1", "c1", "c1"]
    assert rt.namespace["v"] == 3


def test_descendants_of_the_readers_run_too():
    rt = make(STATE, "a = get()", "b = a + 1", "set_(10)")
    rt.run_all()
    assert rt.namespace["b"] == 11


def test_a_setter_in_an_on_change_callback_reruns_the_readers():
    rt = make(STATE, "box = lichen.ui.checkbox(on_change=lambda v: set_(int(v)))",
              "count = get()")
    rt.run_all()
    report = rt.set_ui_value(rt.namespace["box"].id, True)
    assert ran(report) == ["c2"]  # nobody reads `box`; the state's reader runs
    assert rt.namespace["count"] == 1


def test_lazy_mode_marks_the_readers_stale():
    rt = make(STATE, "seen = get()", "set_(4)", mode="lazy")
    rt.run_all()
    report = rt.run(["c2"])
    assert [(r.cell_id, r.status) for r in report.cells][-1] == ("c1", "stale")
    rt.run_stale()
    assert rt.namespace["seen"] == 4


def test_setting_a_state_nobody_reads_runs_nothing_more():
    rt = make(STATE, "set_(1)")
    report = rt.run_all()
    assert ran(report) == ["c0", "c1"]


def test_redefining_the_state_starts_from_its_initial_value():
    rt = make(STATE, "seen = get()", "set_(9)")
    rt.run_all()
    rt.run(["c0"])  # c0, then its readers c1 and c2; c2 sets 9 again
    assert rt.namespace["seen"] == 9
    rt.edit("c2", "pass")
    rt.run(["c0"])
    assert rt.namespace["seen"] == 0
