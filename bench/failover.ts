// Failover times of leader election against the sim, over real HTTP with client-node: three
// replicas per run; "crash" stops the leader's requests without release (a killed pod), "graceful"
// aborts it so it releases the Lease (SIGTERM). Measured from the kill/stop to the moment the next
// leader's onStartedLeading runs. Prints one JSON document with the median of several runs.
//
//   npx tsx bench/failover.ts [--runs N] [--lease-ms MS] [--renew-ms MS] [--retry-ms MS]
//   (or through the runner: npm run bench -- failover)

import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { CoordinationV1Api, CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import pino from "pino";
import type { ElectionTimings } from "../src/election/config.js";
import { createElector } from "../src/election/elector.js";
import type { LeaseStore } from "../src/election/store.js";
import { createKubeLeaseStore } from "../src/kube/leases.js";
import { realClock } from "../src/runtime/clock.js";
import { startSim } from "../src/sim/index.js";

const NAMESPACE = "svcmirror-system";

interface Replica {
  name: string;
  isLeader: () => boolean;
  kill: () => Promise<void>;
  stop: () => Promise<void>;
}

function killable(store: LeaseStore, dead: () => boolean): LeaseStore {
  const guard = <T>(call: () => Promise<T>): Promise<T> =>
    dead() ? Promise.reject(new Error("process killed")) : call();
  return {
    description: store.description,
    get: (s) => guard(() => store.get(s)),
    create: (r, s) => guard(() => store.create(r, s)),
    update: (r, rv, s) => guard(() => store.update(r, rv, s)),
  };
}

function startReplica(
  kc: KubeConfig,
  lease: string,
  name: string,
  timings: ElectionTimings,
  onLead: (n: string) => void,
): Replica {
  let dead = false;
  const shutdown = new AbortController();
  const store = killable(
    createKubeLeaseStore(kc.makeApiClient(CoordinationV1Api), { namespace: NAMESPACE, name: lease }),
    () => dead,
  );
  const elector = createElector(
    { store, clock: realClock, logger: pino({ level: "silent" }), exit: () => {} },
    { identity: name, timings, onLostLeadership: "rejoin", onStartedLeading: () => onLead(name) },
  );
  const done = elector.run(shutdown.signal);
  return {
    name,
    isLeader: () => elector.status().isLeader,
    kill: async () => {
      dead = true;
      shutdown.abort();
      await done;
    },
    stop: async () => {
      shutdown.abort();
      await done;
    },
  };
}

/** Resolves with the name of the next replica that starts leading, other than `except`. */
function nextLeader(
  waiters: Array<(n: string) => void>,
  except: string | null,
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = realClock.setTimer(timeoutMs, () =>
      reject(new Error(`no new leader within ${timeoutMs}ms`)),
    );
    const waiter = (name: string): void => {
      if (name === except) return;
      timer.cancel();
      waiters.splice(waiters.indexOf(waiter), 1);
      resolve(name);
    };
    waiters.push(waiter);
  });
}

async function measure(
  kc: KubeConfig,
  run: number,
  mode: "crash" | "graceful",
  timings: ElectionTimings,
): Promise<number> {
  const waiters: Array<(n: string) => void> = [];
  const onLead = (name: string): void => {
    for (const w of [...waiters]) w(name);
  };
  const first = nextLeader(waiters, null, 10_000);
  const replicas = ["a", "b", "c"].map((n) =>
    startReplica(kc, `svcmirror-bench-${mode}-${run}`, n, timings, onLead),
  );
  const leaderName = await first;
  await realClock.sleep(3 * timings.retryPeriodMs); // steady state: followers have seen renewals
  const leader = replicas.find((r) => r.name === leaderName)!;
  const next = nextLeader(waiters, leaderName, 4 * timings.leaseDurationMs);
  const fromMs = realClock.now();
  await (mode === "crash" ? leader.kill() : leader.stop());
  await next;
  const failoverMs = realClock.now() - fromMs;
  await Promise.all(replicas.map((r) => r.stop()));
  return failoverMs;
}

function summary(samples: number[]): Omit<FailoverSummary, "boundMs"> {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const round = (ms: number): number => Math.round(ms);
  return {
    medianMs: round(median),
    minMs: round(sorted[0]!),
    maxMs: round(sorted.at(-1)!),
    samplesMs: samples.map(round),
  };
}

export interface FailoverOptions {
  readonly runs: number;
  readonly timings: ElectionTimings;
}

export interface FailoverSummary {
  medianMs: number;
  minMs: number;
  maxMs: number;
  samplesMs: number[];
  boundMs: number;
}

export interface FailoverResult {
  bench: string;
  node: string;
  runs: number;
  timings: ElectionTimings;
  crash: FailoverSummary;
  graceful: FailoverSummary;
}

/** Runs `runs` crash and graceful failovers against a fresh sim; bench/run.ts calls this too. */
export async function runFailover(opts: FailoverOptions): Promise<FailoverResult> {
  const { runs, timings } = opts;
  const sim = await startSim({});
  try {
    const kc = new KubeConfig();
    kc.loadFromString(sim.kubeconfig);
    await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: NAMESPACE } } });
    const crash: number[] = [];
    const graceful: number[] = [];
    for (let i = 0; i < runs; i++) {
      crash.push(await measure(kc, i, "crash", timings));
      graceful.push(await measure(kc, i, "graceful", timings));
    }
    return {
      bench: "leader-election-failover",
      node: process.version,
      runs,
      timings,
      crash: { ...summary(crash), boundMs: timings.leaseDurationMs + timings.retryPeriodMs },
      graceful: { ...summary(graceful), boundMs: timings.retryPeriodMs },
    };
  } finally {
    await sim.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: "string", default: "5" },
      "lease-ms": { type: "string", default: "1500" },
      "renew-ms": { type: "string", default: "1000" },
      "retry-ms": { type: "string", default: "200" },
    },
  });
  const result = await runFailover({
    runs: Number(values.runs),
    timings: {
      leaseDurationMs: Number(values["lease-ms"]),
      renewDeadlineMs: Number(values["renew-ms"]),
      retryPeriodMs: Number(values["retry-ms"]),
    },
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

// Run as a script only: bench/run.ts imports runFailover from this module.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
