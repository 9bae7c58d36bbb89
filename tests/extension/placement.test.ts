import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import type { PlacementData } from "../../shared-protocol/src/protocol";
import { secondsLeft, statusText, waitingText, warningDue } from "../../extension/src/placement";

function placement(fields: Partial<PlacementData>): PlacementData {
  return { launcher: "slurm", jobId: "123456", state: "RUNNING", reason: "", node: "c12", secondsLeft: null, label: "Slurm", ...fields };
}

describe("kernel placement", () => {
  it("says why a job waits, in Slurm's words", () => {
    assert.equal(
      waitingText(placement({ state: "PENDING", reason: "Resources", node: "" })),
      "Waiting for a Slurm allocation: job 123456 PENDING (Resources)",
    );
    assert.equal(waitingText(placement({ state: "CONFIGURING" })), "Waiting for a Slurm allocation: job 123456 CONFIGURING");
  });

  it("counts the time left down from when the placement came", () => {
    const placed = { placement: placement({ secondsLeft: 47 * 60 + 30 }), receivedMs: 1_000_000 };
    assert.equal(statusText(placed, 1_000_000), "node c12 · 47 min left");
    assert.equal(secondsLeft(placed, 1_000_000 + 90_000), 46 * 60);
    assert.equal(statusText({ placement: placement({ secondsLeft: 7500 }), receivedMs: 0 }, 0), "node c12 · 2 h 5 min left");
    assert.equal(statusText({ placement: placement({}), receivedMs: 0 }, 0), "node c12");
    assert.equal(statusText({ placement: placement({ state: "PENDING", node: "" }), receivedMs: 0 }, 0), "job 123456 PENDING");
  });

  it("warns five minutes before the time limit, not before, and never while waiting", () => {
    const placed = { placement: placement({ secondsLeft: 6 * 60 }), receivedMs: 0 };
    assert.equal(warningDue(placed, 0), false);
    assert.equal(warningDue(placed, 61_000), true);
    assert.equal(warningDue({ placement: placement({ secondsLeft: 60, state: "PENDING" }), receivedMs: 0 }, 0), false);
    assert.equal(warningDue({ placement: placement({}), receivedMs: 0 }, 10 ** 9), false);
  });
});
