// Randomized safety run against the sim: replicas are killed, stopped, partitioned (alone through
// their proxy, or all at once by the sim), their Lease is touched behind their back (409 on the
// next renewal), and lease requests get 500s, 429s and latency. Every leader writes ConfigMaps
// while canWrite() holds. Afterwards: leadership intervals (one shared clock) never overlap, each
// write was sent inside its writer's own interval, and in the server's order (resourceVersion) no
// write of an earlier term lands after a write of a later one. The action sequence is seeded
// (override with SVCMIRROR_SAFETY_SEED to explore); wall-clock timing still varies per run.

import { CoordinationV1Api, CoreV1Api, type KubeConfig } from "@kubernetes/client-node";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Leadership } from "../../src/election/term.js";
import { signalOptions } from "../../src/kube/leases.js";
import { realClock, type Timer } from "../../src/runtime/clock.js";
import type { Sim } from "../../src/sim/index.js";
import { seeded } from "./seeded.js";
import {
  type Interval,
  IntervalLog,
  kubeConfigVia,
  LEASE,
  NAMESPACE,
  overlaps,
  SIM_TIMINGS,
  type SimElector,
  startElectionSim,
  startSimElector,
} from "./simcluster.js";

const SEED = Number(process.env.SVCMIRROR_SAFETY_SEED ?? 20260101);
const RUN_MS = 10_000;

interface Write {
  replica: string;
  term: number;
  sentMs: number;
}

let sim: Sim;
let replicas: SimElector[];
let timers: Timer[];

beforeEach(async () => {
  sim = await startElectionSim();
  replicas = [];
  timers = [];
});

afterEach(async () => {
  for (const t of timers) t.cancel();
  await Promise.all(replicas.map((r) => r.stop()));
  await sim.stop();
});

/** Leader work: write a ConfigMap every 40 ms while the fencing check allows it. */
function writer(writes: Write[]) {
  return async (lead: Leadership, replica: string, kc: KubeConfig): Promise<void> => {
    const core = kc.makeApiClient(CoreV1Api);
    while (!lead.signal.aborted) {
      if (lead.canWrite()) {
        const sentMs = realClock.now();
        const body = {
          metadata: { generateName: "fence-" },
          data: { writer: replica, term: String(lead.term) },
        };
        try {
          await core.createNamespacedConfigMap({ namespace: NAMESPACE, body }, signalOptions(lead.signal));
          writes.push({ replica, term: lead.term, sentMs });
        } catch {
          // Partitioned or stepped down: checked below through what the server stored.
        }
      }
      await realClock.sleep(40, lead.signal);
    }
  };
}

function intervalOf(log: IntervalLog, replica: string, term: number): Interval {
  const found = log.intervals.find((i) => i.replica === replica && i.term === term);
  if (found === undefined) throw new Error(`no interval for ${replica} term ${term}`);
  return found;
}

it(`leadership never overlaps and only the leader writes (seed ${SEED})`, async () => {
  const random = seeded(SEED);
  const log = new IntervalLog();
  const writes: Write[] = [];
  const admin = kubeConfigVia(sim.kubeconfig, null);
  const leases = admin.makeApiClient(CoordinationV1Api);
  let serial = 0;
  const live: SimElector[] = [];
  const spawn = async (): Promise<void> => {
    const r = await startSimElector(sim.url, sim.kubeconfig, `r${++serial}`, { log, work: writer(writes) });
    replicas.push(r);
    live.push(r);
  };
  const leader = (): SimElector | undefined => live.find((r) => r.elector.status().isLeader);
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  const later = (ms: number, fn: () => void): void => {
    timers.push(realClock.setTimer(ms, fn));
  };
  const retire = async (r: SimElector, how: "kill" | "stop"): Promise<void> => {
    live.splice(live.indexOf(r), 1);
    await (how === "kill" ? r.kill() : r.stop());
    await spawn();
  };

  const actions: Record<string, () => Promise<void> | void> = {
    kill: async () => {
      const l = leader();
      if (l !== undefined) await retire(l, "kill");
    },
    stop: async () => {
      const l = leader();
      if (l !== undefined) await retire(l, "stop");
    },
    partitionOne: () => {
      const target = random() < 0.7 ? (leader() ?? pick(live)) : pick(live);
      if (target === undefined || target.proxy.mode !== "pass") return;
      target.proxy.setMode(random() < 0.5 ? "blackhole" : "reset");
      later(300 + random() * 2_200, () => target.proxy.setMode("pass"));
    },
    partitionAll: () => {
      sim.faults.partition({ durationMs: 300 + random() * 1_200 });
    },
    conflict: async () => {
      // Someone else writes the Lease: the leader's next renewal carries a stale resourceVersion.
      const lease = await leases
        .readNamespacedLease({ name: LEASE, namespace: NAMESPACE })
        .catch(() => undefined);
      if (lease === undefined) return;
      lease.metadata!.annotations = { ...lease.metadata!.annotations, touched: String(realClock.now()) };
      await leases
        .replaceNamespacedLease({ name: LEASE, namespace: NAMESPACE, body: lease })
        .catch(() => undefined);
    },
    serverErrors: () => {
      sim.faults.fail({ resource: "leases" }, { code: 500 }, { times: 1 + Math.floor(random() * 8) });
    },
    throttle: () => {
      sim.faults.fail({ resource: "leases" }, { code: 429, retryAfterSeconds: 1 }, { times: 2 });
    },
    latency: () => {
      const fault = sim.faults.delay({ resource: "leases" }, 50 + random() * 300);
      later(1_000 + random() * 1_000, () => fault.clear());
    },
  };
  const names = Object.keys(actions);

  for (let i = 0; i < 3; i++) await spawn();
  const performed: string[] = [];
  const endMs = realClock.now() + RUN_MS;
  while (realClock.now() < endMs) {
    await realClock.sleep(300 + random() * 900);
    const name = pick(names)!;
    performed.push(name);
    await actions[name]!();
  }

  // Heal everything; someone must lead again (liveness), then stop all.
  for (const t of timers) t.cancel();
  sim.faults.clear();
  for (const r of live) r.proxy.setMode("pass");
  const { leaseDurationMs, retryPeriodMs } = SIM_TIMINGS;
  await log.until(
    () => log.current() !== undefined,
    2 * (leaseDurationMs + retryPeriodMs) + 2_000,
    "a leader after healing",
  );
  await Promise.all(replicas.map((r) => r.stop()));

  const context = `seed ${SEED}, actions ${performed.join(",")}`;
  expect(overlaps(log.intervals, realClock.now()), context).toEqual([]);
  expect(log.intervals.length, context).toBeGreaterThanOrEqual(3);
  expect(writes.length, context).toBeGreaterThan(0);
  for (const w of writes) {
    const iv = intervalOf(log, w.replica, w.term);
    expect(w.sentMs, context).toBeGreaterThanOrEqual(iv.startMs);
    expect(w.sentMs, context).toBeLessThanOrEqual(iv.endMs ?? Number.POSITIVE_INFINITY);
  }

  // What the server stored, in its own order: terms must never interleave.
  const stored = await admin.makeApiClient(CoreV1Api).listNamespacedConfigMap({ namespace: NAMESPACE });
  const fences = stored.items
    .filter((cm) => cm.metadata?.name?.startsWith("fence-"))
    .map((cm) => ({
      rv: BigInt(cm.metadata!.resourceVersion!),
      interval: intervalOf(log, cm.data!.writer!, Number(cm.data!.term)),
    }))
    .sort((a, b) => (a.rv < b.rv ? -1 : a.rv > b.rv ? 1 : 0));
  expect(fences.length, context).toBeGreaterThanOrEqual(writes.length);
  for (let i = 1; i < fences.length; i++) {
    expect(fences[i]!.interval.startMs, context).toBeGreaterThanOrEqual(fences[i - 1]!.interval.startMs);
  }
}, 60_000);
