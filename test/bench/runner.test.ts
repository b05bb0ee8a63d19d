// Smoke test of the benchmark runner: every benchmark at the tiny preset (tens of objects, one
// short failover) must finish and print well-formed JSON result lines with the expected metrics.
// The numbers themselves are not asserted; only their shape and internal consistency.

import { beforeAll, describe, expect, it } from "vitest";
import { BENCHMARKS, type RunOutcome, runBenchmarks } from "../../bench/runner.js";

const EXPECTED_METRICS: Readonly<Record<string, readonly string[]>> = {
  "sim-seed": [
    "http_seed_services_ms",
    "http_create_services_request_ms",
    "http_seed_endpointslices_ms",
    "http_create_endpointslices_request_ms",
    "heap_held_mb",
    "rss_after_seed_mb",
    "storage_seed_ms",
    "http_over_storage_seed",
  ],
  "sim-list": ["services", "endpointslices"].flatMap((kind) => [
    `full_list_${kind}_ms`,
    `paginated_list_${kind}_ms`,
    `clientnode_list_${kind}_ms`,
    `paginated_over_full_${kind}`,
    `clientnode_over_raw_${kind}`,
  ]),
  "sim-watch-fanout": [
    "informer_initial_sync_ms",
    "informer_initial_sync_unthrottled_ms",
    "delivery_lag_ms",
    "write_to_event_ms",
    "write_ack_ms",
  ],
  failover: ["crash_failover_ms", "graceful_failover_ms"],
};

type Line = Record<string, unknown>;

describe("bench runner at the tiny preset", () => {
  let outcome: RunOutcome;
  let out = "";
  let err = "";
  let lines: Line[] = [];

  beforeAll(async () => {
    outcome = await runBenchmarks({
      names: [],
      preset: "tiny",
      out: { write: (text: string) => (out += text) },
      err: { write: (text: string) => (err += text) },
    });
    lines = out
      .trimEnd()
      .split("\n")
      .map((text) => JSON.parse(text) as Line);
  }, 60_000);

  it("runs every benchmark without a failure", () => {
    expect(outcome.failed, err).toEqual([]);
    expect(outcome.ran).toEqual(BENCHMARKS.map((b) => b.name));
  });

  it("prints exactly the expected metrics of each benchmark, each once", () => {
    const seen = lines.map((line) => `${line.bench}/${line.metric}`);
    const expected = Object.entries(EXPECTED_METRICS).flatMap(([bench, metrics]) =>
      metrics.map((metric) => `${bench}/${metric}`),
    );
    expect([...seen].sort()).toEqual([...expected].sort());
  });

  it("gives every line the common fields, with consistent statistics", () => {
    for (const line of lines) {
      const where = `${line.bench}/${line.metric}`;
      expect(typeof line.unit, where).toBe("string");
      expect(Number.isInteger(line.n) && (line.n as number) > 0, where).toBe(true);
      expect(Number.isInteger(line.runs) && (line.runs as number) > 0, where).toBe(true);
      for (const field of ["median", "p90", "min", "max", "heap_used_mb"]) {
        expect(Number.isFinite(line[field]), `${where} ${field}`).toBe(true);
      }
      const { min, median, p90, max } = line as { min: number; median: number; p90: number; max: number };
      expect(min <= median && median <= p90 && p90 <= max, where).toBe(true);
      expect(["forced", "unavailable"], where).toContain(line.gc);
    }
  });

  it("times in ms, memory in MB, ratios as ratios", () => {
    for (const line of lines) {
      const metric = line.metric as string;
      const unit = metric.endsWith("_ms") ? "ms" : metric.endsWith("_mb") ? "MB" : "ratio";
      expect(line.unit, metric).toBe(unit);
    }
  });

  it("reports that the watchers got every update once, and a verdict on falling behind", () => {
    const lag = lines.find((line) => line.metric === "delivery_lag_ms");
    expect(lag).toMatchObject({ watchers: 10, events_lost: 0, duplicates: 0 });
    expect(lag?.events_expected).toBeGreaterThan(0);
    expect(lag?.events_received).toBe(lag?.events_expected);
    // Lag growth is a timing judgement, so only its shape is checked here.
    expect(typeof lag?.fell_behind).toBe("boolean");
    expect(Array.isArray(lag?.watchers_behind)).toBe(true);
  });

  it("reports progress on the other stream only", () => {
    expect(err).toContain("[bench] sim-seed: start (tiny)");
    expect(out).not.toContain("[bench]");
  });
});
