// Initial sync of the daemon's informer (src/kube/informer.ts) over a loaded sim: from start() to
// waitForSync() resolving with every object in its cache, paging at the informer's default page
// size. Each run builds fresh clients, so every run starts with a full rate-limiter bucket.

import { KubeConfig } from "@kubernetes/client-node";
import pino from "pino";
import { createKubeClients } from "../src/kube/client.js";
import { createInformer } from "../src/kube/informer.js";
import { SERVICES } from "../src/kube/listwatch.js";

/** The informer's own default page size, passed explicitly so the result line can name it. */
export const INFORMER_PAGE_SIZE = 500;

export interface InformerSyncOptions {
  readonly kubeconfig: string;
  /** Client-side rate limit of the run (the daemon's --kube-qps / --kube-burst). */
  readonly qps: number;
  readonly burst: number;
  /** The sync must see at least this many Services. */
  readonly atLeast: number;
  readonly now: () => number;
  /** Give up (and throw) when the sync takes longer than this. */
  readonly deadlineMs: number;
}

/** One timed initial sync of a Service informer over all namespaces; returns its duration in ms. */
export async function timeInformerSync(opts: InformerSyncOptions): Promise<number> {
  const kc = new KubeConfig();
  kc.loadFromString(opts.kubeconfig);
  const clients = createKubeClients(kc, { version: "0.0.0-bench", qps: opts.qps, burst: opts.burst });
  const informer = createInformer(
    clients,
    SERVICES,
    {},
    {
      log: pino({ level: "silent" }),
      pageSize: INFORMER_PAGE_SIZE,
    },
  );
  const startMs = opts.now();
  informer.start();
  try {
    if (!(await informer.waitForSync(AbortSignal.timeout(opts.deadlineMs)))) {
      throw new Error(`informer did not sync within ${opts.deadlineMs} ms`);
    }
    const syncedMs = opts.now() - startMs;
    const cached = informer.list().length;
    if (cached < opts.atLeast)
      throw new Error(`informer synced ${cached} Services, expected ${opts.atLeast}`);
    return syncedMs;
  } finally {
    await informer.stop();
  }
}
