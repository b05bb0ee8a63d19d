// The ten watchers of sim-watch-fanout and what they saw. Five watch every Service; five carry a
// label selector on the tier label the fixtures put on each Service, so each knows which updates
// it must receive. A watcher records when each update (numbered by an annotation) reached it; the
// analysis turns that into delivery lag, lost events and whether its lag grew during the run.

import type { Clock } from "../src/runtime/clock.js";
import { TIER_LABEL } from "./fixtures.js";
import { summarize } from "./harness.js";

export const SEQ_ANNOTATION = "bench.svcmirror.io/seq";

export interface WatcherSpec {
  readonly name: string;
  readonly labelSelector?: string;
  /** Whether a Service of this tier matches the selector. */
  matchesTier(tier: number): boolean;
}

const all = (): boolean => true;

export const WATCHERS: readonly WatcherSpec[] = [
  ...Array.from({ length: 5 }, (_, i) => ({ name: `plain-${i + 1}`, matchesTier: all })),
  { name: "tier=t0", labelSelector: `${TIER_LABEL}=t0`, matchesTier: (t) => t === 0 },
  { name: "tier in (t0,t1)", labelSelector: `${TIER_LABEL} in (t0,t1)`, matchesTier: (t) => t <= 1 },
  { name: "tier!=t3", labelSelector: `${TIER_LABEL}!=t3`, matchesTier: (t) => t !== 3 },
  {
    name: "tier notin (t0,t1,t2)",
    labelSelector: `${TIER_LABEL} notin (t0,t1,t2)`,
    matchesTier: (t) => t === 3,
  },
  { name: "tier exists", labelSelector: TIER_LABEL, matchesTier: all },
];

interface EventLine {
  type?: string;
  object?: { metadata?: { annotations?: Record<string, string> } };
}

/** Receipt times of the numbered updates one watcher saw. */
export class WatcherProbe {
  readonly spec: WatcherSpec;
  readonly receivedMs = new Map<number, number>();
  duplicates = 0;
  readonly #clock: Pick<Clock, "now" | "setTimer">;
  #expected = Number.POSITIVE_INFINITY;
  #onComplete: (() => void) | undefined;

  /** `clock.now` must be the clock the writer stamps its WriteLog with. */
  constructor(spec: WatcherSpec, clock: Pick<Clock, "now" | "setTimer">) {
    this.spec = spec;
    this.#clock = clock;
  }

  onLine(line: string): void {
    const atMs = this.#clock.now();
    const event = JSON.parse(line) as EventLine;
    const seq = event.object?.metadata?.annotations?.[SEQ_ANNOTATION];
    if (event.type !== "MODIFIED" || seq === undefined) return;
    const index = Number(seq);
    if (this.receivedMs.has(index)) this.duplicates += 1;
    else this.receivedMs.set(index, atMs);
    if (this.receivedMs.size >= this.#expected) this.#onComplete?.();
  }

  /** Resolves true once `expected` updates arrived, false when `deadlineMs` passes first. */
  waitFor(expected: number, deadlineMs: number): Promise<boolean> {
    this.#expected = expected;
    if (this.receivedMs.size >= expected) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = this.#clock.setTimer(deadlineMs, () => resolve(false));
      this.#onComplete = (): void => {
        timer.cancel();
        this.#onComplete = undefined;
        resolve(true);
      };
    });
  }
}

/** When each update was sent and when its write was acknowledged, indexed by update number. */
export interface WriteLog {
  readonly sentMs: readonly number[];
  readonly ackMs: readonly number[];
}

export interface WatcherOutcome {
  readonly name: string;
  readonly selected: boolean;
  readonly expected: number;
  readonly received: number;
  readonly lost: number;
  readonly duplicates: number;
  /** Acknowledgement → receipt per received update, in update order (negative: event beat the answer). */
  readonly lagMs: number[];
  /** Request sent → receipt per received update. */
  readonly sinceSentMs: number[];
  readonly firstFifthMedianMs: number;
  readonly lastFifthMedianMs: number;
  readonly behind: boolean;
}

/** Lag growth beyond this is "falling behind": last fifth's median > 2 × first fifth's + slack. */
const GROWTH_FACTOR = 2;
const GROWTH_SLACK_MS = 5;

/** 0 without samples: such a watcher lost every event and counts as behind for that reason. */
function fifthMedian(lagMs: readonly number[], last: boolean): number {
  if (lagMs.length === 0) return 0;
  const size = Math.max(1, Math.floor(lagMs.length / 5));
  return summarize(last ? lagMs.slice(-size) : lagMs.slice(0, size)).median;
}

/** How many of updates 0..count-1 match the watcher's selector. */
export function expectedUpdates(
  spec: WatcherSpec,
  count: number,
  tierOfUpdate: (seq: number) => number,
): number {
  let expected = 0;
  for (let seq = 0; seq < count; seq++) if (spec.matchesTier(tierOfUpdate(seq))) expected += 1;
  return expected;
}

export function analyze(
  probe: WatcherProbe,
  writes: WriteLog,
  tierOfUpdate: (seq: number) => number,
  endedEarly: boolean,
): WatcherOutcome {
  const lagMs: number[] = [];
  const sinceSentMs: number[] = [];
  const expected = expectedUpdates(probe.spec, writes.ackMs.length, tierOfUpdate);
  for (let seq = 0; seq < writes.ackMs.length; seq++) {
    if (!probe.spec.matchesTier(tierOfUpdate(seq))) continue;
    const atMs = probe.receivedMs.get(seq);
    if (atMs === undefined) continue;
    lagMs.push(atMs - writes.ackMs[seq]!);
    sinceSentMs.push(atMs - writes.sentMs[seq]!);
  }
  const lost = expected - lagMs.length;
  const firstFifthMedianMs = fifthMedian(lagMs, false);
  const lastFifthMedianMs = fifthMedian(lagMs, true);
  const grew = lastFifthMedianMs > GROWTH_FACTOR * Math.max(0, firstFifthMedianMs) + GROWTH_SLACK_MS;
  return {
    name: probe.spec.name,
    selected: probe.spec.labelSelector !== undefined,
    expected,
    received: lagMs.length,
    lost,
    duplicates: probe.duplicates,
    lagMs,
    sinceSentMs,
    firstFifthMedianMs,
    lastFifthMedianMs,
    behind: lost > 0 || grew || endedEarly,
  };
}
