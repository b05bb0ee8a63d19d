// cacheWatcher.nextBookmarkTime as the sim computes it: about once a minute, the last one 2 s
// before the deadline, none once that instant has passed.

import { describe, expect, it } from "vitest";
import { nextBookmarkMs } from "../../../src/sim/server/bookmark-timing.js";

describe("nextBookmarkMs", () => {
  it.each([
    { name: "a long watch: a minute from now", nowMs: 0, deadlineMs: 300_000, want: 60_000 },
    { name: "within a minute of the deadline: 2 s before it", nowMs: 0, deadlineMs: 10_000, want: 8_000 },
    { name: "exactly at the pre-timeout instant: due now", nowMs: 8_000, deadlineMs: 10_000, want: 8_000 },
    { name: "past the pre-timeout instant: no more", nowMs: 8_001, deadlineMs: 10_000, want: undefined },
    { name: "a deadline under 2 s away: none", nowMs: 0, deadlineMs: 1_500, want: undefined },
  ])("$name", ({ nowMs, deadlineMs, want }) => {
    expect(nextBookmarkMs(nowMs, deadlineMs)).toBe(want);
  });
});
