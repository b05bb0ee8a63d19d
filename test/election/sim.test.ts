// Leader election end to end: electors using client-node against the sim over HTTP, each behind
// its own proxy so one replica can be partitioned. Timings are short (lease 1.5 s, renew 1 s,
// retry 0.2 s); tests await leadership events and only wait fixed times where the point is that
// nothing happens during them. SLACK_MS covers HTTP round trips and event-loop delays.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { realClock } from "../../src/runtime/clock.js";
import type { Sim } from "../../src/sim/index.js";
import {
  IntervalLog,
  leaders,
  overlaps,
  SIM_TIMINGS,
  type SimElector,
  startElectionSim,
  startSimElector,
} from "./simcluster.js";

const { leaseDurationMs, renewDeadlineMs, retryPeriodMs } = SIM_TIMINGS;
const SLACK_MS = 250;

let sim: Sim;
let replicas: SimElector[];

beforeEach(async () => {
  sim = await startElectionSim();
  replicas = [];
});

afterEach(async () => {
  await Promise.all(replicas.map((r) => r.stop()));
  await sim.stop();
});

async function start(log: IntervalLog, names: string[]): Promise<SimElector[]> {
  const started = await Promise.all(names.map((n) => startSimElector(sim.url, sim.kubeconfig, n, { log })));
  replicas.push(...started);
  return started;
}

function replicaOf(name: string): SimElector {
  return replicas.find((r) => r.name === name)!;
}

describe("three electors on one sim", () => {
  it("exactly one leads and every replica reports it as the holder", async () => {
    const log = new IntervalLog();
    await start(log, ["a", "b", "c"]);
    await log.until(() => log.current() !== undefined, 5_000, "a leader");
    await realClock.sleep(2 * leaseDurationMs); // nothing may change while the leader renews
    expect(log.intervals).toHaveLength(1);
    const leader = log.intervals[0]!.replica;
    expect(leaders(replicas).map((r) => r.name)).toEqual([leader]);
    for (const r of replicas) expect(r.elector.status().holder).toBe(leader);
  });

  it("after the leader is killed, another leads within leaseDuration + retryPeriod", async () => {
    const log = new IntervalLog();
    await start(log, ["a", "b", "c"]);
    await log.until(() => log.current() !== undefined, 5_000, "a leader");
    const old = replicaOf(log.current()!.replica);
    const killedAtMs = realClock.now();
    await old.kill();
    await log.until(
      () => log.intervals.length === 2,
      leaseDurationMs + retryPeriodMs + 2_000,
      "a new leader",
    );
    const next = log.intervals[1]!;
    expect(next.replica).not.toBe(old.name);
    expect(next.startMs - killedAtMs).toBeLessThanOrEqual(leaseDurationMs + retryPeriodMs + SLACK_MS);
    expect(overlaps(log.intervals, realClock.now())).toEqual([]);
  });

  it("after a graceful release, another leads within about retryPeriod", async () => {
    const log = new IntervalLog();
    await start(log, ["a", "b", "c"]);
    await log.until(() => log.current() !== undefined, 5_000, "a leader");
    const old = replicaOf(log.current()!.replica);
    const stoppedAtMs = realClock.now();
    await old.stop();
    await log.until(() => log.intervals.length === 2, 2_000, "a new leader");
    expect(log.intervals[1]!.startMs - stoppedAtMs).toBeLessThanOrEqual(retryPeriodMs + SLACK_MS);
  });

  it("a partitioned leader's signal aborts before the new leader acquires", async () => {
    const log = new IntervalLog();
    await start(log, ["a", "b", "c"]);
    await log.until(() => log.current() !== undefined, 5_000, "a leader");
    const old = replicaOf(log.current()!.replica);
    old.proxy.setMode("blackhole");
    await log.until(() => log.intervals.length === 2, leaseDurationMs + 2_000, "a new leader");
    const [before, after] = log.intervals as [(typeof log.intervals)[0], (typeof log.intervals)[0]];
    expect(before.endMs).not.toBeNull();
    expect(before.endMs!).toBeLessThan(after.startMs);
    // In theory the margin is leaseDuration − renewDeadline; allow for observation and timer delays.
    expect(after.startMs - before.endMs!).toBeGreaterThanOrEqual(
      leaseDurationMs - renewDeadlineMs - SLACK_MS,
    );
    old.proxy.setMode("pass");
    await log.until(
      () => old.elector.status().holder === after.replica,
      2_000,
      "the old leader to see the new one",
    );
    expect(old.elector.status().isLeader).toBe(false);
  });
});
