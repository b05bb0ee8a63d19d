// Electors against a running sim over real HTTP with client-node, each behind its own TcpProxy so
// that a test can partition one replica. Leadership intervals are recorded on one shared clock
// (this process's monotonic clock): start when onStartedLeading runs, end when the term's signal
// aborts. kill() models a crash (connections reset, no release); stop() a graceful SIGTERM.

import { CoordinationV1Api, CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import pino, { type Logger } from "pino";
import type { ElectionTimings } from "../../src/election/config.js";
import { createElector, type LeaderElector } from "../../src/election/elector.js";
import type { LeaseStore } from "../../src/election/store.js";
import type { Leadership } from "../../src/election/term.js";
import { createKubeLeaseStore } from "../../src/kube/leases.js";
import { realClock } from "../../src/runtime/clock.js";
import { type Sim, startSim } from "../../src/sim/index.js";
import { TcpProxy } from "../support/tcp-proxy.js";

export const SIM_TIMINGS: ElectionTimings = {
  leaseDurationMs: 1_500,
  renewDeadlineMs: 1_000,
  retryPeriodMs: 200,
};
export const NAMESPACE = "svcmirror-system";
export const LEASE = "svcmirror-east";

export interface Interval {
  replica: string;
  term: number;
  startMs: number;
  endMs: number | null;
}

export interface SimElector {
  name: string;
  elector: LeaderElector;
  proxy: TcpProxy;
  intervals: Interval[];
  lead: Leadership | null;
  done: Promise<void>;
  /** Crash: every request fails from now on and the lease is not released. Idempotent. */
  kill(): Promise<void>;
  /** Graceful shutdown: abort, let leader work stop, release the lease. Idempotent. */
  stop(): Promise<void>;
}

export interface SimElectorOptions {
  /** Where every replica records its leadership intervals. */
  log: IntervalLog;
  timings?: ElectionTimings;
  logger?: Logger;
  /** Leader work; must stop when the term's signal aborts. `kc` reaches the sim through the replica's proxy. */
  work?: (lead: Leadership, replica: string, kc: KubeConfig) => Promise<void>;
}

/** Leadership intervals of all replicas, on one clock, with a way to await a condition on them. */
export class IntervalLog {
  readonly intervals: Interval[] = [];
  #waiters: Array<() => void> = [];

  started(replica: string, term: number): Interval {
    const interval: Interval = { replica, term, startMs: realClock.now(), endMs: null };
    this.intervals.push(interval);
    this.changed();
    return interval;
  }

  ended(interval: Interval): void {
    interval.endMs = realClock.now();
    this.changed();
  }

  /** The interval currently open, if exactly one is. */
  current(): Interval | undefined {
    const open = this.intervals.filter((i) => i.endMs === null);
    return open.length === 1 ? open[0] : undefined;
  }

  /** Resolves as soon as `test()` holds (checked now and after every change); rejects after timeoutMs. */
  until(test: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = realClock.setTimer(timeoutMs, () => {
        this.#waiters = this.#waiters.filter((w) => w !== check);
        reject(new Error(`timed out after ${timeoutMs}ms waiting for ${what}`));
      });
      const check = (): void => {
        if (!test()) return;
        timer.cancel();
        this.#waiters = this.#waiters.filter((w) => w !== check);
        resolve();
      };
      this.#waiters.push(check);
    });
  }

  /** Re-checks pending until() conditions; replicas call it when their observed holder changes. */
  changed(): void {
    for (const w of [...this.#waiters]) w();
  }
}

/** A KubeConfig like `kubeconfig` whose current cluster is reached through `proxy`. */
export function kubeConfigVia(kubeconfig: string, proxy: TcpProxy | null): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfig);
  if (proxy === null) return kc;
  const current = kc.getCurrentCluster();
  kc.loadFromOptions({
    clusters: kc.clusters.map((c) =>
      c.name === current?.name ? { ...c, server: proxy.urlFor(c.server) } : c,
    ),
    users: kc.users,
    contexts: kc.contexts,
    currentContext: kc.currentContext,
  });
  return kc;
}

/** A sim over plain HTTP with the Lease's namespace created. */
export async function startElectionSim(): Promise<Sim> {
  const sim = await startSim({});
  await kubeConfigVia(sim.kubeconfig, null)
    .makeApiClient(CoreV1Api)
    .createNamespace({ body: { metadata: { name: NAMESPACE } } });
  return sim;
}

/** Wraps a store so that it fails every call once `dead()` is true, like a crashed process. */
function killable(store: LeaseStore, dead: () => boolean): LeaseStore {
  const guard = <T>(call: () => Promise<T>): Promise<T> =>
    dead() ? Promise.reject(new Error("process killed")) : call();
  return {
    description: store.description,
    get: (signal) => guard(() => store.get(signal)),
    create: (record, signal) => guard(() => store.create(record, signal)),
    update: (record, rv, signal) => guard(() => store.update(record, rv, signal)),
  };
}

export async function startSimElector(
  simUrl: string,
  kubeconfig: string,
  name: string,
  opts: SimElectorOptions,
): Promise<SimElector> {
  const proxy = await TcpProxy.start(simUrl);
  const kc = kubeConfigVia(kubeconfig, proxy);
  const api = kc.makeApiClient(CoordinationV1Api);
  let dead = false;
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async (): Promise<void> => {
      shutdown.abort();
      await self.done;
      await proxy.close();
    })();
    return closing;
  };
  const store = killable(createKubeLeaseStore(api, { namespace: NAMESPACE, name: LEASE }), () => dead);
  const shutdown = new AbortController();
  const self: SimElector = {
    name,
    proxy,
    intervals: [],
    lead: null,
    elector: undefined as unknown as LeaderElector,
    done: Promise.resolve(),
    kill: () => {
      dead = true;
      proxy.setMode("reset");
      return close();
    },
    stop: close,
  };
  self.elector = createElector(
    { store, clock: realClock, logger: opts.logger ?? pino({ level: "silent" }), exit: () => {} },
    {
      identity: name,
      timings: opts.timings ?? SIM_TIMINGS,
      onLostLeadership: "rejoin",
      onNewLeader: () => opts.log.changed(),
      onStartedLeading: async (lead) => {
        const interval = opts.log.started(name, lead.term);
        self.intervals.push(interval);
        self.lead = lead;
        const ended = new Promise<void>((resolve) => {
          lead.signal.addEventListener(
            "abort",
            () => {
              opts.log.ended(interval);
              resolve();
            },
            { once: true },
          );
        });
        await Promise.all([ended, opts.work?.(lead, name, kc)]);
      },
    },
  );
  self.done = self.elector.run(shutdown.signal);
  return self;
}

export function leaders(replicas: readonly SimElector[]): SimElector[] {
  return replicas.filter((r) => r.elector.status().isLeader);
}

/** Every pair of intervals from different replicas (or terms) must not overlap. */
export function overlaps(intervals: readonly Interval[], nowMs: number): Array<[Interval, Interval]> {
  const found: Array<[Interval, Interval]> = [];
  for (let i = 0; i < intervals.length; i++) {
    for (let j = i + 1; j < intervals.length; j++) {
      const a = intervals[i]!;
      const b = intervals[j]!;
      if (a.startMs < (b.endMs ?? nowMs) && b.startMs < (a.endMs ?? nowMs)) found.push([a, b]);
    }
  }
  return found;
}
