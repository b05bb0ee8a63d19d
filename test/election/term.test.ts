import { describe, expect, it } from "vitest";
import { LeadershipEndedError, NotLeaderError, Term } from "../../src/election/term.js";
import { FakeClock } from "../../src/runtime/fakeclock.js";

describe("Term", () => {
  it("ends at sentAt + renewDeadline, aborting its signal with the reason", async () => {
    const clock = new FakeClock(0);
    const term = new Term(clock, "me", 1, 0, 10_000);
    expect(term.canWrite()).toBe(true);
    await clock.advance(9_999);
    expect(term.canWrite()).toBe(true);
    await clock.advance(1);
    expect(term.signal.aborted).toBe(true);
    expect(term.signal.reason).toBeInstanceOf(LeadershipEndedError);
    expect(term.endReason).toBe("renew-deadline");
    expect(term.canWrite()).toBe(false);
    expect(() => term.assertLeader()).toThrow(NotLeaderError);
  });

  it("measures the deadline from when the acquiring write was sent, not from now", async () => {
    const clock = new FakeClock(5_000);
    const term = new Term(clock, "me", 1, 1_000, 10_000);
    expect(term.deadlineMs).toBe(11_000);
    await clock.advance(6_000);
    expect(term.endReason).toBe("renew-deadline");
  });

  it("refuses writes once the deadline passed even if the timer has not fired yet", () => {
    let nowMs = 0;
    const clock = new FakeClock(0);
    const stalled = {
      now: () => nowMs,
      wallNow: () => 0,
      setTimer: clock.setTimer.bind(clock),
      sleep: clock.sleep.bind(clock),
    };
    const term = new Term(stalled, "me", 1, 0, 10_000);
    nowMs = 10_000; // the event loop was blocked: no timer ran
    expect(term.signal.aborted).toBe(false);
    expect(term.canWrite()).toBe(false);
  });

  it("extends on renewal, never backwards, and keeps the first end reason", async () => {
    const clock = new FakeClock(0);
    const term = new Term(clock, "me", 2, 0, 10_000);
    term.extend(4_000);
    expect(term.deadlineMs).toBe(14_000);
    term.extend(1_000);
    expect(term.deadlineMs).toBe(14_000);
    await clock.advance(13_000);
    expect(term.canWrite()).toBe(true);
    term.end("shutdown");
    term.end("lease-lost");
    expect(term.endReason).toBe("shutdown");
    expect(clock.pendingTimers).toBe(0);
    term.extend(20_000);
    expect(term.canWrite()).toBe(false);
  });
});
