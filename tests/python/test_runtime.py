"""Reactive semantics of the runtime: what runs, in which order, and why a cell does not."""

from __future__ import annotations

import pytest

from lichen.notebook.model import CellConfig, CellKind
from lichen.protocol import CellDone, CellQueued, CellRunning, CellStale
from lichen.runtime import CellSpec, Runtime


def make(*codes: str, mode: str = "autorun", **kwargs):
    """A runtime over cells c0, c1, ... with the given code, and the list its events go to."""
    events: list = []
    rt = Runtime(events.append, mode=mode, filename="nb.py", **kwargs)
    rt.load([CellSpec(f"c{i}", code) for i, code in enumerate(codes)])
    return rt, events


def statuses(report) -> dict[str, str]:
    return {r.cell_id: r.status for r in report.cells}


def ran(report) -> list[str]:
    return [r.cell_id for r in report.cells if r.status == "success"]


# -- running cells and their descendants ---------------------------------------------------------


def test_run_all_follows_dependencies_not_positions():
    rt, _ = make("y = x + 1", "x = 1")
    report = rt.run_all()
    assert ran(report) == ["c1", "c0"]
    assert rt.namespace["y"] == 2


def test_run_runs_the_cell_and_its_descendants_only():
    rt, _ = make("x = 1", "y = x + 1", "z = y * 2", "other = 5")
    rt.run_all()
    report = rt.run(["c1"])
    assert ran(report) == ["c1", "c2"]


def test_edit_reruns_descendants_with_the_new_value():
    rt, _ = make("x = 1", "y = x + 1", "z = y * 10")
    rt.run_all()
    report = rt.edit("c0", "x = 5")
    assert ran(report) == ["c0", "c1", "c2"]
    assert rt.namespace["z"] == 60


def test_unknown_cell_is_a_key_error():
    rt, _ = make("x = 1")
    with pytest.raises(KeyError):
        rt.run(["nope"])


def test_events_queue_then_run_then_finish_each_cell():
    rt, events = make("x = 1", "y = x")
    report = rt.run_all()
    kinds = [(type(e).__name__, e.cell_id) for e in events]
    assert kinds == [("CellQueued", "c0"), ("CellQueued", "c1"), ("CellRunning", "c0"),
                     ("CellDone", "c0"), ("CellRunning", "c1"), ("CellDone", "c1")]
    assert all(e.run_id == report.run_id for e in events)
    done = [e for e in events if isinstance(e, CellDone)]
    assert tuple(done) == report.cells


def test_execution_count_increases_with_each_cell_run():
    rt, _ = make("x = 1", "y = x")
    first = rt.run_all()
    second = rt.run(["c0"])
    counts = [r.execution_count for r in (*first.cells, *second.cells)]
    assert counts == [1, 2, 3, 4]
    assert second.run_id > first.run_id


# -- failures ---------------------------------------------------------------------------------


def test_descendants_of_a_failing_cell_are_skipped_with_the_reason_and_others_run():
    rt, _ = make("x = 1 / 0", "y = x", "z = y", "w = 3")
    report = rt.run_all()
    assert statuses(report) == {"c0": "error", "c1": "skipped", "c2": "skipped", "c3": "success"}
    assert report.result("c0").error.ename == "ZeroDivisionError"
    # the reason names the cell at the root of the failure, even two levels down
    assert report.result("c2").reason == "cell 1 raised ZeroDivisionError"
    assert not report.ok


def test_a_skipped_cell_loses_its_old_definitions():
    rt, _ = make("x = 1", "y = x + 1")
    rt.run_all()
    rt.edit("c0", "x = 1 / 0")
    assert "y" not in rt.namespace and "x" not in rt.namespace


def test_system_exit_in_a_cell_is_an_error_not_an_exit():
    rt, _ = make("import sys\nsys.exit(3)", "after = 1")
    report = rt.run_all()
    assert report.result("c0").status == "error"
    assert report.result("c0").error.ename == "SystemExit"
    assert report.result("c1").status == "success"


def test_keyboard_interrupt_interrupts_the_cell_and_cancels_the_rest_of_the_run():
    rt, _ = make("a = 1", "if once.pop():\n    raise KeyboardInterrupt\nb = 2", "c = b")
    rt.namespace["once"] = [False, True]  # interrupts the first run only
    report = rt.run_all()
    assert statuses(report) == {"c0": "success", "c1": "interrupted", "c2": "cancelled"}
    assert report.result("c1").error.ename == "KeyboardInterrupt"
    assert "b" not in rt.namespace
    # the interrupted and cancelled cells are stale: run_stale picks them up
    assert ran(rt.run_stale()) == ["c1", "c2"]


def test_keyboard_interrupt_between_cells_is_reported_on_the_next_cell():
    state = {"armed": True}

    def emit(event):
        if isinstance(event, CellRunning) and event.cell_id == "c1" and state.pop("armed", False):
            raise KeyboardInterrupt

    rt = Runtime(emit)
    rt.load([CellSpec("c0", "a = 1"), CellSpec("c1", "b = a"), CellSpec("c2", "c = b")])
    report = rt.run_all()
    assert statuses(report) == {"c0": "success", "c1": "interrupted", "c2": "cancelled"}


# -- scrubbing ------------------------------------------------------------------------------------


def test_rerun_starts_without_the_cells_previous_definitions():
    rt, _ = make("try:\n    n\nexcept NameError:\n    n = 0\nn += 1")
    rt.run_all()
    rt.run(["c0"])
    assert rt.namespace["n"] == 1


def test_edit_removes_names_the_new_code_no_longer_defines():
    rt, _ = make("x = 1\ny = 2")
    rt.run_all()
    rt.edit("c0", "y = 3")
    assert "x" not in rt.namespace
    assert rt.namespace["y"] == 3


def test_delete_removes_definitions_and_descendants_fail_naming_the_deleted_cell():
    rt, _ = make("x = 1", "y = x + 1", "z = y")
    rt.run_all()
    report = rt.delete("c0")
    assert "x" not in rt.namespace and "y" not in rt.namespace
    assert statuses(report) == {"c1": "error", "c2": "skipped"}
    error = report.result("c1").error
    assert error.ename == "NameError"
    assert "'x'" in error.evalue and "deleted" in error.evalue and "cell 1" in error.evalue
    assert rt.cells == ("c1", "c2")


def test_delete_of_a_cell_nobody_reads_runs_nothing():
    rt, _ = make("x = 1", "y = 2")
    rt.run_all()
    report = rt.delete("c1")
    assert report.cells == ()
    assert "y" not in rt.namespace


def test_name_error_hints_at_the_defining_cell_that_has_not_run():
    rt, _ = make("x = 1", "y = x")
    report = rt.run(["c1"])  # c0 never ran
    assert "cell 1 defines it" in report.result("c1").error.evalue


# -- lazy mode --------------------------------------------------------------------------------------


def test_lazy_edit_runs_the_cell_and_marks_descendants_stale():
    rt, events = make("x = 1", "y = x + 1", "z = y", mode="lazy")
    rt.run_all()
    events.clear()
    report = rt.edit("c0", "x = 10")
    assert statuses(report) == {"c0": "success", "c1": "stale", "c2": "stale"}
    assert [e.cell_id for e in events if isinstance(e, CellStale)] == ["c1", "c2"]
    assert rt.namespace["y"] == 2  # not re-run


def test_lazy_running_a_stale_cell_first_runs_its_stale_ancestors():
    rt, _ = make("x = 1", "y = x + 1", "z = y", "w = 0", mode="lazy")
    rt.run_all()
    rt.edit("c0", "x = 10")
    report = rt.run(["c2"])
    assert ran(report) == ["c1", "c2"]
    assert rt.namespace["z"] == 11


def test_lazy_run_stale_runs_every_stale_cell():
    rt, _ = make("x = 1", "y = x + 1", "z = y", mode="lazy")
    rt.run_all()
    rt.edit("c0", "x = 10")
    assert ran(rt.run_stale()) == ["c1", "c2"]
    assert rt.run_stale().cells == ()


def test_lazy_delete_marks_descendants_stale():
    rt, _ = make("x = 1", "y = x", mode="lazy")
    rt.run_all()
    report = rt.delete("c0")
    assert statuses(report) == {"c1": "stale"}
    assert rt.run_stale().result("c1").error.ename == "NameError"


def test_set_mode_switches_between_autorun_and_lazy():
    rt, _ = make("x = 1", "y = x")
    rt.run_all()
    rt.set_mode("lazy")
    assert statuses(rt.edit("c0", "x = 2")) == {"c0": "success", "c1": "stale"}
    rt.set_mode("autorun")
    assert ran(rt.edit("c0", "x = 3")) == ["c0", "c1"]
    with pytest.raises(ValueError):
        rt.set_mode("eager")


# -- disabled cells ------------------------------------------------------------------------------


def test_disabled_cell_does_not_run_and_blocks_its_descendants():
    rt = Runtime()
    rt.load([CellSpec("a", "x = 1", CellConfig(disabled=True)), CellSpec("b", "y = x"),
             CellSpec("c", "w = 2")])
    report = rt.run_all()
    assert statuses(report) == {"a": "disabled", "b": "disabled", "c": "success"}
    assert "disabled" in report.result("b").reason and "cell 1" in report.result("b").reason
    assert "x" not in rt.namespace


def test_enabling_a_disabled_cell_runs_what_it_held_back():
    rt = Runtime()
    rt.load([CellSpec("a", "x = 1", CellConfig(disabled=True)), CellSpec("b", "y = x")])
    rt.run_all()
    report = rt.set_config("a", CellConfig(disabled=False))
    assert ran(report) == ["a", "b"]
    assert rt.namespace["y"] == 1


def test_disabling_reports_the_blocked_cells_and_keeps_their_values():
    rt, _ = make("x = 1", "y = x", "z = 3")
    rt.run_all()
    report = rt.set_config("c0", CellConfig(disabled=True))
    assert statuses(report) == {"c0": "disabled", "c1": "disabled"}
    assert rt.namespace["y"] == 1
    assert statuses(rt.edit("c1", "y = x * 2")) == {"c1": "disabled"}
    assert ran(rt.set_config("c0", CellConfig(disabled=False))) == ["c1"]
    assert rt.namespace["y"] == 2


# -- reactivity errors --------------------------------------------------------------------------------


def test_multiple_definitions_stop_the_cells_involved_and_their_readers_only():
    rt, _ = make("x = 1", "x = 2", "y = x", "z = 3")
    report = rt.run_all()
    assert statuses(report) == {"c0": "error", "c1": "error", "c2": "skipped", "c3": "success"}
    assert report.result("c0").error.ename == "MultipleDefinitionError"
    assert "x" in report.result("c0").error.evalue


def test_creating_a_multiple_definition_removes_the_old_value_and_deleting_it_recovers():
    rt, _ = make("x = 1", "y = 2", "z = x")
    rt.run_all()
    report = rt.edit("c1", "x = 2")
    assert statuses(report)["c0"] == "error" and statuses(report)["c1"] == "error"
    assert "x" not in rt.namespace
    report = rt.delete("c1")
    assert ran(report) == ["c0", "c2"]
    assert rt.namespace["z"] == 1


def test_cycle_cells_do_not_run_and_the_rest_does():
    rt, _ = make("a = b + 1", "b = a + 1", "c = 1")
    report = rt.run_all()
    assert statuses(report) == {"c0": "error", "c1": "error", "c2": "success"}
    assert report.result("c0").error.ename == "CycleError"


def test_syntax_error_is_reported_with_the_line_in_the_cell():
    rt, _ = make("x = 1", "y = (\n  1 +\n", "z = x")
    report = rt.run_all()
    assert statuses(report) == {"c0": "success", "c1": "error", "c2": "success"}
    error = report.result("c1").error
    assert error.ename == "SyntaxError"
    assert "nb.py, cell 2" in error.traceback


def test_unparsable_cell_never_runs_and_reports_a_syntax_error():
    rt = Runtime()
    rt.load([CellSpec("a", "x = 1 +", kind=CellKind.UNPARSABLE), CellSpec("b", "y = 1")])
    report = rt.run_all()
    assert statuses(report) == {"a": "error", "b": "success"}
    assert report.result("a").error.ename == "SyntaxError"
    assert ran(rt.edit("a", "x = 1")) == ["a"]


# -- lichen.stop ------------------------------------------------------------------------------------


def test_stop_ends_the_cell_and_skips_descendants_quietly():
    rt, _ = make("import lichen.runtime as lr\nx = 1\nlr.stop(x > 0, lr.md('stopped'))\nafter = 1",
                 "y = x", "z = 5")
    report = rt.run_all()
    assert statuses(report) == {"c0": "stopped", "c1": "skipped", "c2": "success"}
    assert report.result("c0").output == {"text/markdown": "stopped"}
    assert report.result("c0").error is None
    assert "after" not in rt.namespace
    assert report.ok


def test_stop_with_false_condition_continues():
    rt, _ = make("import lichen.runtime as lr\nlr.stop(False)\nx = 1", "y = x")
    assert ran(rt.run_all()) == ["c0", "c1"]


def test_stop_is_not_swallowed_by_except_exception():
    rt, _ = make("import lichen.runtime as lr\ntry:\n    lr.stop(True)\nexcept Exception:\n    x = 1")
    assert statuses(rt.run_all()) == {"c0": "stopped"}


# -- setup cell -------------------------------------------------------------------------------------


def test_setup_cell_runs_first_and_before_any_other_run():
    rt = Runtime()
    rt.load([CellSpec("c", "y = math.pi"), CellSpec("s", "import math", kind=CellKind.SETUP)])
    report = rt.run(["c"])
    assert ran(report) == ["s", "c"]
    assert ran(rt.run(["c"])) == ["c"]


def test_failing_setup_cell_skips_everything():
    rt = Runtime()
    rt.load([CellSpec("s", "1 / 0", kind=CellKind.SETUP), CellSpec("a", "x = 1")])
    report = rt.run_all()
    assert statuses(report) == {"s": "error", "a": "skipped"}
    assert report.result("a").reason == "the setup cell failed"


# -- private names ----------------------------------------------------------------------------------


def test_private_names_do_not_leak_between_cells():
    rt, _ = make("_x = 1\na = _x", "_x = 2\nb = _x", "c = _x")
    report = rt.run_all()
    assert rt.namespace["a"] == 1 and rt.namespace["b"] == 2
    assert report.result("c2").error.ename == "NameError"
    assert "'_x'" in report.result("c2").error.evalue
    assert "_x" not in rt.namespace


def test_function_using_a_private_global_works_from_another_cell():
    rt, _ = make("_scale = 3\ndef f(v):\n    return v * _scale", "y = f(2)")
    rt.run_all()
    assert rt.namespace["y"] == 6


def test_private_names_are_scrubbed_on_rerun():
    rt, _ = make("try:\n    _n += 1\nexcept NameError:\n    _n = 0\nn = _n")
    rt.run_all()
    rt.run(["c0"])
    assert rt.namespace["n"] == 0


# -- structure --------------------------------------------------------------------------------------


def test_add_inserts_a_cell_without_running_it():
    rt, events = make("x = 1")
    rt.run_all()
    events.clear()
    rt.add(CellSpec("new", "y = x + 1"), index=0)
    assert rt.cells == ("new", "c0") and events == []
    assert ran(rt.run(["new"])) == ["new"]
    with pytest.raises(ValueError):
        rt.add(CellSpec("new", ""))


def test_load_clears_the_namespace():
    rt, _ = make("x = 1")
    rt.run_all()
    rt.load([CellSpec("a", "y = 2")])
    assert "x" not in rt.namespace


def test_cli_args_gives_the_runtime_argv():
    rt = Runtime(argv=["--n", "3"])
    rt.load([CellSpec("a", "import lichen.runtime as lr\nargs = lr.cli_args()")])
    rt.run_all()
    assert rt.namespace["args"] == ["--n", "3"]


def test_queued_events_cover_every_cell_the_run_takes():
    rt, events = make("x = 1 / 0", "y = x")
    rt.run_all()
    assert [e.cell_id for e in events if isinstance(e, CellQueued)] == ["c0", "c1"]


def test_edit_many_runs_a_cell_fed_by_both_edits_once():
    events = []
    runtime = Runtime(events.append)
    runtime.load([CellSpec("a", "x = 1"), CellSpec("b", "y = 2"), CellSpec("c", "print(x + y)")])
    runtime.run_all()
    report = runtime.edit_many({"a": "x = 10", "b": "y = 20"})
    assert [d.cell_id for d in report.cells] == ["a", "b", "c"]
    assert runtime.namespace["x"] + runtime.namespace["y"] == 30


def test_edit_many_scrubs_names_the_edit_removed_and_reruns_their_readers():
    runtime = Runtime()
    runtime.load([CellSpec("a", "x = 1"), CellSpec("b", "print(x)")])
    runtime.run_all()
    report = runtime.edit_many({"a": "z = 1"})
    assert "x" not in runtime.namespace
    statuses = {d.cell_id: d.status for d in report.cells}
    assert statuses == {"a": "success", "b": "error"}
