"""Top-level `await` in cells, on one event loop that outlives each cell."""

from __future__ import annotations

from lichen.runtime import CellSpec, Runtime


def run_cells(*codes: str):
    rt = Runtime()
    rt.load([CellSpec(f"c{i}", code) for i, code in enumerate(codes)])
    return rt.run_all(), rt


def test_top_level_await_runs_and_defines_names():
    report, rt = run_cells("import asyncio\nawait asyncio.sleep(0)\nx = 1", "y = x + 1")
    assert [r.status for r in report.cells] == ["success", "success"]
    assert rt.namespace["y"] == 2


def test_awaited_last_expression_is_the_output():
    report, _ = run_cells("import asyncio\nawait asyncio.sleep(0, result=42)")
    assert report.cells[0].output == {"text/plain": "42"}


def test_a_task_started_in_one_cell_is_awaited_in_another():
    report, rt = run_cells(
        "import asyncio\nawait asyncio.sleep(0)\ntask = asyncio.create_task(asyncio.sleep(0, result=7))",
        "result = await task",
    )
    assert [r.status for r in report.cells] == ["success", "success"]
    assert rt.namespace["result"] == 7


def test_async_functions_and_comprehensions():
    report, rt = run_cells(
        "import asyncio\nasync def double(v):\n    await asyncio.sleep(0)\n    return 2 * v",
        "values = [await double(i) for i in range(3)]",
    )
    assert rt.namespace["values"] == [0, 2, 4]


def test_error_after_await_is_the_cells_error():
    report, _ = run_cells("import asyncio\nawait asyncio.sleep(0)\n1 / 0", "after = 1")
    assert report.cells[0].status == "error"
    assert report.cells[0].error.ename == "ZeroDivisionError"


def test_interrupt_during_await_cancels_the_pending_task():
    report, rt = run_cells(
        "import asyncio\nstate = {}\nasync def slow():\n    try:\n        await asyncio.sleep(60)\n"
        "    except asyncio.CancelledError:\n        state['cancelled'] = True\n        raise",
        "async def interrupt():\n    raise KeyboardInterrupt\n"
        "await asyncio.gather(slow(), interrupt())",
        "next_cell = 1",
    )
    assert [r.status for r in report.cells] == ["success", "interrupted", "cancelled"]
    assert rt.namespace["state"] == {"cancelled": True}
    # the loop is still usable
    assert rt.edit("c0", "import asyncio\nawait asyncio.sleep(0)\nstate = 2").cells[0].status == "success"
