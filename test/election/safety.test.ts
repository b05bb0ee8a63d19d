// Randomized safety property on the fake clock and the state-modelling store: with replicas that
// are killed, restarted, stopped, slowed down, cut off (failing, hanging, losing responses) and
// whose Lease is touched behind their back, leadership terms never overlap in time and every
// write made by leader work happens inside its own term. Deterministic: each seed replays exactly.

import { describe, expect, it } from "vitest";
import { FakeClock } from "../../src/runtime/fakeclock.js";
import { apiError, type Fault, MemoryLeaseBackend, networkError } from "./fakes.js";
import { type Replica, startReplica, type TermInterval } from "./harness.js";
import { seeded } from "./seeded.js";

interface Write {
  replica: string;
  term: number;
  atMs: number;
}

const FAULTS: Array<() => Fault | null> = [
  () => null,
  () => ({ kind: "fail", error: () => apiError(500, "InternalError") }),
  () => ({ kind: "fail", error: () => apiError(429, "TooManyRequests", { "retry-after": "1" }) }),
  () => ({ kind: "fail", error: networkError }),
  () => ({ kind: "hang" }),
  () => ({ kind: "lose-response" }),
];

function overlapping(intervals: readonly TermInterval[], nowMs: number): Array<[TermInterval, TermInterval]> {
  const found: Array<[TermInterval, TermInterval]> = [];
  for (const [i, a] of intervals.entries()) {
    for (const b of intervals.slice(i + 1)) {
      if (a.startMs < (b.endMs ?? nowMs) && b.startMs < (a.endMs ?? nowMs)) found.push([a, b]);
    }
  }
  return found;
}

async function chaosRun(
  seed: number,
): Promise<{ intervals: TermInterval[]; writes: Write[]; nowMs: number }> {
  const random = seeded(seed);
  const clock = new FakeClock(0);
  const backend = new MemoryLeaseBackend(clock);
  const writes: Write[] = [];
  const live: Replica[] = [];
  const all: Replica[] = [];
  let serial = 0;
  const spawn = (): void => {
    const r = startReplica(backend, clock, `r${++serial}`, {
      random,
      onStartedLeading: async (lead) => {
        while (await clock.sleep(100 + random() * 400, lead.signal)) {
          if (lead.canWrite()) writes.push({ replica: lead.identity, term: lead.term, atMs: clock.now() });
        }
      },
    });
    live.push(r);
    all.push(r);
  };
  const pick = (): Replica | undefined => live[Math.floor(random() * live.length)];
  const retire = (r: Replica, crash: boolean): void => {
    live.splice(live.indexOf(r), 1);
    if (crash) r.store.fault = { kind: "fail", error: () => new Error("process killed") };
    r.shutdown.abort();
    spawn();
  };
  const actions = [
    () => {
      const r = pick();
      if (r !== undefined) r.store.fault = FAULTS[Math.floor(random() * FAULTS.length)]!();
    },
    () => {
      const r = pick();
      if (r === undefined) return;
      r.store.latencyMs = random() < 0.5 ? 0 : random() * 3_000;
      r.store.responseLatencyMs = random() < 0.5 ? 0 : random() * 8_000;
    },
    () => {
      const r = pick();
      if (r !== undefined) retire(r, random() < 0.7);
    },
    () => {
      if (backend.current !== null) backend.put({ ...backend.current.record }); // a 409 for the next writer
    },
  ];

  for (let i = 0; i < 3; i++) spawn();
  while (clock.now() < 300_000) {
    await clock.advance(random() * 4_000);
    actions[Math.floor(random() * actions.length)]!();
  }
  for (const r of live) {
    r.store.fault = null;
    r.store.latencyMs = 0;
    r.store.responseLatencyMs = 0;
  }
  await clock.runUntil(() => live.some((r) => r.elector.status().isLeader), 60_000);
  for (const r of all) r.shutdown.abort();
  await clock.advance(60_000);
  await Promise.all(all.map((r) => r.done));
  return { intervals: all.flatMap((r) => r.intervals), writes, nowMs: clock.now() };
}

describe("randomized safety on the fake clock", () => {
  it.each(Array.from({ length: 16 }, (_, i) => 1_000 + i))(
    "seed %i: terms never overlap, only leaders write",
    async (seed) => {
      const { intervals, writes, nowMs } = await chaosRun(seed);
      expect(intervals.length).toBeGreaterThanOrEqual(2); // leadership changed hands at least once
      expect(overlapping(intervals, nowMs)).toEqual([]);
      expect(writes.length).toBeGreaterThan(0);
      for (const w of writes) {
        const own = intervals.find((i) => i.replica === w.replica && i.term === w.term)!;
        expect(w.atMs).toBeGreaterThanOrEqual(own.startMs);
        expect(w.atMs).toBeLessThan(own.endMs ?? Number.POSITIVE_INFINITY);
      }
    },
  );
});
