"""The worker's outbox: events go out while a run holds the thread, batched."""

from __future__ import annotations

from lichen.wasm.outbox import RunOutbox


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def event(cell: str, kind: str) -> dict:
    return {"cellUri": cell, "event": {"kind": kind}}


def test_a_cell_starting_goes_out_at_once_with_what_came_before():
    sent = []
    box = RunOutbox(lambda method, params: sent.append((method, params)), clock=Clock())
    box.status("nb", "busy", "")
    box.event("nb", event("a", "queued"))
    assert sent == []
    box.event("nb", event("a", "running"))
    assert [m for m, _ in sent] == ["lichen/kernelStatus", "lichen/cellEvents"]
    assert sent[1][1] == {"notebookUri": "nb", "events": [event("a", "queued"),
                                                          event("a", "running")]}


def test_other_messages_wait_until_the_oldest_has_waited_the_interval():
    sent = []
    clock = Clock()
    box = RunOutbox(lambda method, params: sent.append(params), interval=0.005, clock=clock)
    box.event("nb", event("a", "stream"))
    clock.now = 0.004
    box.event("nb", event("a", "stream"))
    assert sent == []
    clock.now = 0.006
    box.event("nb", event("a", "done"))
    assert len(sent) == 1 and len(sent[0]["events"]) == 3


def test_events_of_different_notebooks_and_statuses_keep_their_order():
    sent = []
    box = RunOutbox(lambda method, params: sent.append((method, params.get("notebookUri"))),
                 clock=Clock())
    box.event("one", event("a", "done"))
    box.event("two", event("b", "done"))
    box.status("two", "idle", "")
    box.event("two", event("b", "stale"))
    box.flush()
    assert sent == [("lichen/cellEvents", "one"), ("lichen/cellEvents", "two"),
                    ("lichen/kernelStatus", "two"), ("lichen/cellEvents", "two")]
