// Problem sizes of every benchmark, in three presets: `full` (the default run: issue 2's 20,000
// Services and 20,000 EndpointSlices), `quick` (--quick, a sanity run in seconds) and `tiny` (the
// smoke test in test/bench, which checks the shape of the output, not the numbers).

import type { ElectionTimings } from "../src/election/config.js";

/** How seeded objects are laid out: one Service and one EndpointSlice per index. */
export interface Layout {
  /** Services, and EndpointSlices (one per Service). */
  readonly objects: number;
  readonly namespaces: number;
  readonly endpointsPerSlice: number;
  /** Requests in flight while seeding over HTTP. */
  readonly concurrency: number;
}

export interface SeedSizes {
  readonly layout: Layout;
}

export interface ListSizes {
  readonly layout: Layout;
  readonly pageSize: number;
  readonly warmup: number;
  /** Timed runs of each raw HTTP list. */
  readonly runs: number;
  /** Timed runs of each list through @kubernetes/client-node (slower: typed deserialization). */
  readonly clientNodeRuns: number;
}

export interface WatchSizes {
  /** Only Services are seeded here: the watchers and the informer watch Services. */
  readonly layout: Layout;
  /** Updates written while the watchers run. */
  readonly updates: number;
  /** Updates in flight at once. */
  readonly writeConcurrency: number;
  /** Timed initial syncs of the informer (each with fresh clients). */
  readonly informerRuns: number;
  /** How long after the last write acknowledgement a missing event still counts as late, not lost. */
  readonly deliveryDeadlineMs: number;
}

export interface FailoverSizes {
  readonly runs: number;
  readonly timings: ElectionTimings;
}

export interface BenchSizes {
  readonly seed: SeedSizes;
  readonly list: ListSizes;
  readonly watch: WatchSizes;
  readonly failover: FailoverSizes;
}

export type PresetName = "full" | "quick" | "tiny";

/** bench/failover.ts's own defaults, so the runner and the standalone script agree. */
const FAILOVER_TIMINGS: ElectionTimings = {
  leaseDurationMs: 1500,
  renewDeadlineMs: 1000,
  retryPeriodMs: 200,
};

function layout(objects: number, namespaces: number): Layout {
  return { objects, namespaces, endpointsPerSlice: 5, concurrency: 16 };
}

export const PRESETS: Readonly<Record<PresetName, BenchSizes>> = {
  full: {
    seed: { layout: layout(20_000, 20) },
    list: { layout: layout(20_000, 20), pageSize: 500, warmup: 1, runs: 7, clientNodeRuns: 3 },
    watch: {
      layout: layout(20_000, 20),
      updates: 3000,
      writeConcurrency: 8,
      informerRuns: 3,
      deliveryDeadlineMs: 10_000,
    },
    failover: { runs: 5, timings: FAILOVER_TIMINGS },
  },
  quick: {
    seed: { layout: layout(2000, 4) },
    list: { layout: layout(2000, 4), pageSize: 500, warmup: 1, runs: 5, clientNodeRuns: 3 },
    watch: {
      layout: layout(2000, 4),
      updates: 500,
      writeConcurrency: 8,
      informerRuns: 3,
      deliveryDeadlineMs: 5000,
    },
    failover: { runs: 2, timings: FAILOVER_TIMINGS },
  },
  tiny: {
    seed: { layout: layout(40, 2) },
    list: { layout: layout(40, 2), pageSize: 16, warmup: 0, runs: 2, clientNodeRuns: 1 },
    watch: {
      layout: layout(40, 2),
      updates: 40,
      writeConcurrency: 4,
      informerRuns: 1,
      deliveryDeadlineMs: 5000,
    },
    failover: { runs: 1, timings: { leaseDurationMs: 400, renewDeadlineMs: 300, retryPeriodMs: 50 } },
  },
};
