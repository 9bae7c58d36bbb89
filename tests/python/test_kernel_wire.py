"""The pieces of the kernel transport that need no process: framing, beacon, tracker, outbox."""

from __future__ import annotations

import threading

from lichen.kernel import beacon, wire
from lichen.kernel.outbox import OUTPUT_CAP, STREAM_CAP, KernelOutbox, cap_output, coalesce
from lichen.kernel.tracker import RunTracker
from lichen.protocol import (
    CellDone,
    CellErrorInfo,
    CellQueued,
    CellRunning,
    CellStale,
    CellStream,
    RunReport,
)


def test_a_batch_keeps_the_order_and_types_of_its_events():
    events = [CellQueued("a", 1), CellQueued("b", 1), CellRunning("a", 1),
              CellStream("a", "stdout", "hi\n"),
              CellDone("a", 1, "error", {"text/plain": "1"}, CellErrorInfo("E", "v", "tb")),
              CellStale("b"), RunReport(1, (CellDone("a", 1, "success"),))]
    decoded, reply = wire.decode_batch(wire.encode_batch(events, (7, True, [1, 0, []])))
    assert decoded == events
    assert [type(e) for e in decoded] == [type(e) for e in events]
    assert reply.request_id == 7 and reply.ok
    assert wire.decode_value(reply.value, wire.RunResult) == (1, 0, [])


def test_a_batch_without_reply():
    decoded, reply = wire.decode_batch(wire.encode_batch([CellStale("x")]))
    assert decoded == [CellStale("x")] and reply is None


def test_lone_surrogates_are_spelled_out_instead_of_failing_the_frame():
    events = [CellStream("a", "stdout", "x\ud800y \udcff\n"),
              CellDone("a", 1, "error", {"text/plain": "\udc80"}, CellErrorInfo("E", "\udfff", "tb"))]
    decoded, reply = wire.decode_batch(wire.encode_batch(events, (2, False, "bad \ud801")))
    assert decoded[0].text == "x\\ud800y \\xff\n"  # U+DCFF is the byte 0xFF, not UTF-8
    assert decoded[1].output == {"text/plain": "\\x80"}
    assert decoded[1].error.evalue == "\\udfff"
    assert wire.decode_value(reply.value, str) == "bad \\ud801"


def test_commands_round_trip():
    frame = wire.encode_command(3, "run", ["a", "b"], asked_at=12)
    request_id, method, args, asked_at = wire.decode_command(frame)
    decoded = (request_id, method, wire.decode_value(args, list[str]), asked_at)
    assert decoded == (3, "run", ["a", "b"], 12)


def test_the_beacon_records_the_run_as_it_goes(tmp_path):
    path = str(tmp_path / "beacon")
    beacon.create(path)
    assert beacon.read(path) is None
    writer = beacon.Beacon(path)
    for cell in ("a", "b", "c"):
        writer.set(4, cell, beacon.QUEUED)
    writer.set(4, "a", beacon.RUNNING)
    writer.set(4, "a", "success")
    writer.set(4, "b", beacon.RUNNING)
    assert beacon.read(path) == beacon.RunState(4, (("a", "success"), ("b", beacon.RUNNING),
                                                    ("c", beacon.QUEUED)))
    writer.set(5, "c", beacon.QUEUED)  # a new run starts afresh
    assert beacon.read(path) == beacon.RunState(5, (("c", beacon.QUEUED),))


def test_an_abandoned_run_fails_the_running_cell_and_cancels_the_queued():
    tracker = RunTracker()
    for event in (CellQueued("a", 2), CellQueued("b", 2), CellQueued("c", 2),
                  CellRunning("a", 2), CellDone("a", 2, "success"), CellRunning("b", 2)):
        tracker.note(event)
    ended = tracker.abandon("error", "KernelDied", "it died")
    assert [(d.cell_id, d.status) for d in ended] == [("b", "error"), ("c", "cancelled")]
    assert ended[0].error.ename == "KernelDied"
    report = tracker.report()  # each cell once
    assert [d.cell_id for d in report.cells] == ["a", "b", "c"] and report.run_id == 2


def test_the_beacon_fills_in_events_that_died_with_the_kernel():
    tracker = RunTracker()
    tracker.note(CellQueued("a", 3))  # everything after this was lost
    tracker.note_beacon(beacon.RunState(3, (("a", "success"), ("b", beacon.RUNNING),
                                            ("c", beacon.QUEUED))))
    assert tracker.running == "b"
    statuses = [(d.cell_id, d.status) for d in tracker.abandon("error", "KernelDied", "died")]
    assert statuses == [("a", "success"), ("b", "error"), ("c", "cancelled")]


def test_a_finished_run_in_the_beacon_is_not_this_run():
    tracker = RunTracker()
    tracker.note_beacon(beacon.RunState(1, (("a", "success"),)))
    assert tracker.empty()


def test_stream_text_of_one_cell_is_joined():
    events = [CellStream("a", "stdout", "1"), CellStream("a", "stdout", "2"),
              CellStream("a", "stderr", "3"), CellDone("a", 1, "success"),
              CellStream("a", "stdout", "4")]
    assert coalesce(events) == [CellStream("a", "stdout", "12"), CellStream("a", "stderr", "3"),
                                CellDone("a", 1, "success"), CellStream("a", "stdout", "4")]


def test_the_outbox_caps_what_one_cell_streams():
    sent: list = []
    outbox = KernelOutbox(lambda events, reply: sent.extend(events), window=60.0)
    outbox.put(CellRunning("a", 1))
    chunk = "x" * (1024 * 1024)
    for _ in range(STREAM_CAP // len(chunk) + 5):
        outbox.put(CellStream("a", "stdout", chunk))
    outbox.flush()
    outbox.close()
    text = "".join(e.text for e in sent if isinstance(e, CellStream))
    assert STREAM_CAP <= len(text) < STREAM_CAP + 200 and "truncated" in text[-200:]


def test_oversized_outputs_are_replaced_by_a_note():
    huge = CellDone("a", 1, "success", {"text/html": "y" * (OUTPUT_CAP + 1)})
    assert "too large" in cap_output(huge).output["text/plain"]
    small = CellDone("a", 1, "success", {"text/plain": "1"})
    assert cap_output(small) is small


def test_events_put_from_threads_are_all_sent_in_order_per_thread():
    sent: list = []
    outbox = KernelOutbox(lambda events, reply: sent.extend(events), window=0.001)
    threads = [threading.Thread(target=lambda n=n: [outbox.put(CellQueued(f"{n}", i))
                                                     for i in range(500)]) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outbox.flush()
    outbox.close()
    for n in range(4):
        assert [e.run_id for e in sent if e.cell_id == f"{n}"] == list(range(500))
