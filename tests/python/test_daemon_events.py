"""Cell events on their way to the editor: their wire form, their order, their batching."""

import asyncio

import pytest

from lichen.daemon.outbox import LoopOutbox
from lichen.editor.events import cell_event, event_json
from lichen.editor.json_codec import to_json_value
from lichen.protocol import (
    CELL_EVENTS,
    KERNEL_STATUS,
    CellDone,
    CellErrorInfo,
    CellQueued,
    CellRunning,
    CellStale,
    CellStream,
)

EVENTS = [
    CellQueued("a", 3),
    CellRunning("a", 3),
    CellStream("a", "stdout", "hi\n"),
    CellDone("a", 3, "success", {"text/plain": "1", "image/png": "iVBO"}, None, 0.25, 7, None),
    CellDone("a", 3, "error", None, CellErrorInfo("E", "bad", "tb"), 0.5, 8, "raised"),
    CellDone("a", 3, "skipped", reason="an ancestor failed"),
    CellStale("a"),
]


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: type(e).__name__)
def test_the_fast_wire_form_is_the_protocols(event):
    assert event_json(event, "cell-uri") == to_json_value(cell_event(event, "cell-uri"))


def test_other_messages_are_not_cell_events():
    assert event_json(object(), "cell-uri") is None
    assert cell_event(object(), "cell-uri") is None


def batcher():
    loop = asyncio.new_event_loop()
    sent = []
    return loop, LoopOutbox(loop, lambda method, params: sent.append((method, params))), sent


def test_events_and_statuses_keep_their_order_and_events_are_grouped():
    loop, b, sent = batcher()
    b.status("nb", "busy", "")
    b.event("nb", {"cellUri": "a", "event": {"kind": "queued", "runId": 1}})
    b.event("nb", {"cellUri": "b", "event": {"kind": "queued", "runId": 1}})
    b.event("other", {"cellUri": "c", "event": {"kind": "stale"}})
    b.status("nb", "idle", "")
    loop.run_until_complete(asyncio.sleep(0))
    assert [(m, p.get("notebookUri"), len(p.get("events", ()))) for m, p in sent] == [
        (KERNEL_STATUS, "nb", 0), (CELL_EVENTS, "nb", 2), (CELL_EVENTS, "other", 1),
        (KERNEL_STATUS, "nb", 0)]
    loop.close()


def test_one_flush_is_scheduled_per_burst():
    loop, b, sent = batcher()
    for i in range(5):
        b.event("nb", {"cellUri": str(i), "event": {"kind": "stale"}})
    loop.run_until_complete(asyncio.sleep(0))
    assert len(sent) == 1 and len(sent[0][1]["events"]) == 5
    loop.close()


def test_held_messages_go_out_when_the_hold_ends():
    loop, b, sent = batcher()

    async def run():
        with b.held():
            b.event("nb", {"cellUri": "a", "event": {"kind": "stale"}})
            await asyncio.sleep(0)
            assert sent == []  # not yet: a quick run's events go out together
        assert len(sent) == 1

    loop.run_until_complete(run())
    loop.close()


def test_held_messages_still_stream_on_a_timer():
    loop, b, sent = batcher()

    async def run():
        with b.held():
            b.event("nb", {"cellUri": "a", "event": {"kind": "stream"}})
            arrived = loop.create_future()
            loop.call_soon(lambda: None)
            while not sent:  # the timer flushes within HELD_INTERVAL
                await asyncio.sleep(0.001)
            arrived.set_result(True)

    loop.run_until_complete(asyncio.wait_for(run(), 5))
    loop.close()
