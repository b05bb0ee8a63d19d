import { describe, expect, it } from "vitest";
import { parseDurationMs } from "../../src/runtime/duration.js";

describe("parseDurationMs", () => {
  it.each([
    ["15s", 15_000],
    ["500ms", 500],
    ["1m30s", 90_000],
    ["1h", 3_600_000],
    ["1h2m3s4ms", 3_723_004],
    ["1.5s", 1500],
    [".5s", 500],
    ["0.1s", 100],
    ["1.1s", 1100],
    ["2m0.25s", 120_250],
    ["0", 0],
    ["0s", 0],
    ["596h", 2_145_600_000],
  ])("%s = %d ms", (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each([
    ["", "empty"],
    ["15", "no unit"],
    ["abc", "not a number"],
    ["-1s", "negative"],
    ["+1s", "signed"],
    ["1d", "unknown unit"],
    ["1us", "below a millisecond unit"],
    ["1.5ms", "a fraction of a millisecond"],
    ["1s ", "trailing space"],
    [" 1s", "leading space"],
    ["1s2", "trailing digits"],
    ["597h", "longer than a Node timer can wait"],
    ["s", "unit only"],
  ])("rejects %j (%s)", (text) => {
    expect(parseDurationMs(text)).toBeUndefined();
  });
});
