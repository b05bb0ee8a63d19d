// The benchmark harness's pure parts: order statistics, sampling, the reporter's line format and
// the runner's argument parsing.

import { describe, expect, it } from "vitest";
import { createReporter, ratioLine, sample, single, summarize } from "../../bench/harness.js";
import { BENCHMARKS, parseBenchArgs } from "../../bench/runner.js";

const noGc = { gc: { mode: "unavailable" as const, collect: (): void => {} } };

describe("summarize", () => {
  it.each([
    { samples: [7], median: 7, p90: 7, min: 7, max: 7 },
    { samples: [3, 1, 2], median: 2, p90: 3, min: 1, max: 3 },
    { samples: [4, 1, 3, 2], median: 2.5, p90: 4, min: 1, max: 4 },
    { samples: [10, 9, 8, 7, 6, 5, 4, 3, 2, 1], median: 5.5, p90: 9, min: 1, max: 10 },
    { samples: [-2, 0.5, -1], median: -1, p90: 0.5, min: -2, max: 0.5 },
    { samples: [1.23456, 1.23456], median: 1.235, p90: 1.235, min: 1.235, max: 1.235 },
  ])("$samples → median $median, p90 $p90", ({ samples, ...expected }) => {
    expect(summarize(samples)).toEqual({ ...expected, runs: samples.length });
  });

  it("refuses an empty sample", () => {
    expect(() => summarize([])).toThrow(RangeError);
  });

  it("does not reorder the caller's samples", () => {
    const samples = [3, 1, 2];
    summarize(samples);
    expect(samples).toEqual([3, 1, 2]);
  });
});

describe("sample", () => {
  it("runs the warm-ups untimed, then times each run", async () => {
    let clockMs = 0;
    let calls = 0;
    const durations = await sample(
      async () => {
        calls += 1;
        clockMs += calls * 10;
      },
      { warmup: 2, runs: 3, now: () => clockMs },
    );
    expect(calls).toBe(5);
    expect(durations).toEqual([30, 40, 50]);
  });
});

describe("reporter", () => {
  it("writes each result as one JSON line on the result stream and progress on the other", () => {
    let out = "";
    let err = "";
    const report = createReporter({ write: (t: string) => (out += t) }, { write: (t: string) => (err += t) });
    report.progress("seeding");
    report.result(ratioLine(noGc, { bench: "b", metric: "m", unit: "ratio", n: 5 }, single(30), single(10)));
    expect(err).toBe("[bench] seeding\n");
    expect(out.endsWith("\n")).toBe(true);
    expect(out.trimEnd().split("\n")).toHaveLength(1);
    expect(JSON.parse(out)).toMatchObject({
      bench: "b",
      metric: "m",
      unit: "ratio",
      n: 5,
      runs: 1,
      median: 3,
      p90: 3,
      numerator_median: 30,
      denominator_median: 10,
      gc: "unavailable",
    });
  });

  it("refuses a ratio over a zero median", () => {
    expect(() =>
      ratioLine(noGc, { bench: "b", metric: "m", unit: "ratio", n: 1 }, single(1), single(0)),
    ).toThrow(RangeError);
  });
});

describe("parseBenchArgs", () => {
  it.each([
    { argv: [], names: [], preset: "full" },
    { argv: ["--quick"], names: [], preset: "quick" },
    { argv: ["sim-list"], names: ["sim-list"], preset: "full" },
    {
      argv: ["sim-watch-fanout", "--quick", "failover"],
      names: ["sim-watch-fanout", "failover"],
      preset: "quick",
    },
  ])("$argv", ({ argv, names, preset }) => {
    expect(parseBenchArgs(argv)).toEqual({ kind: "run", names, preset });
  });

  it("answers --help with every benchmark's name", () => {
    const parsed = parseBenchArgs(["--help"]);
    expect(parsed.kind).toBe("help");
    for (const bench of BENCHMARKS) expect(parsed.kind === "help" && parsed.text).toContain(bench.name);
  });

  it.each([[["sim-lsit"]], [["--fast"]]])("rejects %j", (argv) => {
    expect(() => parseBenchArgs(argv)).toThrow();
  });
});
