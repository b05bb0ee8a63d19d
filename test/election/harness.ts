// Starts electors on a FakeClock against a MemoryLeaseBackend and records what each one did.

import type { Logger } from "pino";
import pino from "pino";
import { createElector, type ElectorOptions, type LeaderElector } from "../../src/election/elector.js";
import type { ElectionObserver } from "../../src/election/metrics.js";
import type { Leadership, StepDownReason } from "../../src/election/term.js";
import type { FakeClock } from "../../src/runtime/fakeclock.js";
import type { FakeLeaseClient, MemoryLeaseBackend } from "./fakes.js";

export interface ReplicaEvent {
  atMs: number;
  event: "started" | "stopped";
  term?: number;
  reason?: StepDownReason;
}

/** A leadership term as seen from outside: from onStartedLeading until its signal aborted. */
export interface TermInterval {
  replica: string;
  term: number;
  startMs: number;
  endMs: number | null;
}

export interface Replica {
  name: string;
  intervals: TermInterval[];
  store: FakeLeaseClient;
  elector: LeaderElector;
  events: ReplicaEvent[];
  exits: number[];
  lead: Leadership | null;
  shutdown: AbortController;
  done: Promise<void>;
}

export interface ReplicaOptions extends Partial<ElectorOptions> {
  logger?: Logger;
  observer?: ElectionObserver;
  random?: () => number;
}

export const UNIT_TIMINGS = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

export function startReplica(
  backend: MemoryLeaseBackend,
  clock: FakeClock,
  name: string,
  opts: ReplicaOptions = {},
): Replica {
  const store = backend.client(name);
  const shutdown = new AbortController();
  const replica: Replica = {
    name,
    store,
    intervals: [],
    events: [],
    exits: [],
    lead: null,
    shutdown,
    elector: undefined as unknown as LeaderElector,
    done: Promise.resolve(),
  };
  const { logger, observer, random, ...electorOpts } = opts;
  replica.elector = createElector(
    {
      store,
      clock,
      logger: logger ?? pino({ level: "silent" }),
      observer,
      random: random ?? (() => 0),
      exit: (code) => replica.exits.push(code),
    },
    {
      identity: name,
      timings: UNIT_TIMINGS,
      onLostLeadership: "rejoin",
      ...electorOpts,
      onStartedLeading: (lead) => {
        replica.lead = lead;
        replica.events.push({ atMs: clock.now(), event: "started", term: lead.term });
        const interval: TermInterval = { replica: name, term: lead.term, startMs: clock.now(), endMs: null };
        replica.intervals.push(interval);
        lead.signal.addEventListener("abort", () => {
          interval.endMs = clock.now();
        });
        return electorOpts.onStartedLeading?.(lead);
      },
      onStoppedLeading: (reason) => {
        replica.events.push({ atMs: clock.now(), event: "stopped", reason });
        electorOpts.onStoppedLeading?.(reason);
      },
    },
  );
  replica.done = replica.elector.run(shutdown.signal);
  return replica;
}

export function isLeading(r: Replica): boolean {
  return r.elector.status().isLeader;
}
