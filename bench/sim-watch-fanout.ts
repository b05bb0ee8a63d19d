// sim-watch-fanout: a sim loaded with N Services over HTTPS; first the daemon's informer syncs all
// of them (with the daemon's default rate limit, and unthrottled); then ten watchers (five plain,
// five label-selected, see watchers.ts) watch Services while `updates` merge patches are written
// with client concurrency. Reports delivery lag (write acknowledged → event received), events lost
// and watchers that fell behind. Sim, writer and watchers share one Node process and event loop.

import { DEFAULT_KUBE_BURST, DEFAULT_KUBE_QPS } from "../src/kube/client.js";
import { realClock } from "../src/runtime/clock.js";
import { type Sim, startSim } from "../src/sim/index.js";
import {
  BENCH_TOKEN,
  clientFor,
  createNamespaces,
  namespaceOf,
  seedOverHttp,
  serviceName,
  tierOf,
} from "./fixtures.js";
import { type BenchContext, type HeadOf, heads, resultLine, summarize } from "./harness.js";
import { expectStatus, type RawClient, type WatchConnection } from "./http-client.js";
import { INFORMER_PAGE_SIZE, timeInformerSync } from "./informer-sync.js";
import { forEachConcurrently } from "./pool.js";
import type { WatchSizes } from "./sizes.js";
import {
  analyze,
  expectedUpdates,
  SEQ_ANNOTATION,
  WATCHERS,
  type WatcherOutcome,
  WatcherProbe,
  type WriteLog,
} from "./watchers.js";

const BENCH = "sim-watch-fanout";
const UNLIMITED_QPS = 1_000_000;
const INFORMER_DEADLINE_MS = 120_000;
/** Longer than any run, so no watch ends on its server-side timeout during the measurement. */
const WATCH_TIMEOUT_SECONDS = 3600;

async function benchInformer(ctx: BenchContext<WatchSizes>, sim: Sim, head: HeadOf): Promise<void> {
  const n = ctx.sizes.layout.objects;
  const variants = [
    { metric: "informer_initial_sync_ms", qps: DEFAULT_KUBE_QPS, burst: DEFAULT_KUBE_BURST },
    { metric: "informer_initial_sync_unthrottled_ms", qps: UNLIMITED_QPS, burst: UNLIMITED_QPS },
  ];
  for (const { metric, qps, burst } of variants) {
    ctx.report.progress(`${BENCH}: informer initial sync of ${n} Services (qps ${qps}, burst ${burst})`);
    const samples: number[] = [];
    for (let run = 0; run < ctx.sizes.informerRuns; run++) {
      samples.push(
        await timeInformerSync({
          kubeconfig: sim.kubeconfig,
          qps,
          burst,
          atLeast: n,
          now: ctx.now,
          deadlineMs: INFORMER_DEADLINE_MS,
        }),
      );
    }
    ctx.report.result(
      resultLine(ctx, head(metric, "ms"), summarize(samples), { qps, burst, page_size: INFORMER_PAGE_SIZE }),
    );
  }
}

async function currentResourceVersion(client: RawClient): Promise<string> {
  const res = expectStatus(await client.request("GET", "/api/v1/services?limit=1"), 200, "list services");
  return (JSON.parse(res.body.toString("utf8")) as { metadata: { resourceVersion: string } }).metadata
    .resourceVersion;
}

async function writeUpdates(ctx: BenchContext<WatchSizes>, client: RawClient): Promise<WriteLog> {
  const { layout, updates, writeConcurrency } = ctx.sizes;
  const sentMs = new Array<number>(updates).fill(0);
  const ackMs = new Array<number>(updates).fill(0);
  await forEachConcurrently(updates, writeConcurrency, async (seq) => {
    const index = seq % layout.objects;
    const path = `/api/v1/namespaces/${namespaceOf(index, layout)}/services/${serviceName(index)}`;
    const patch = { metadata: { annotations: { [SEQ_ANNOTATION]: String(seq) } } };
    sentMs[seq] = ctx.now();
    const res = await client.request("PATCH", path, patch, "application/merge-patch+json");
    ackMs[seq] = ctx.now();
    expectStatus(res, 200, `patch ${path}`);
  });
  return { sentMs, ackMs };
}

async function openWatchers(client: RawClient, probes: readonly WatcherProbe[]): Promise<WatchConnection[]> {
  const resourceVersion = await currentResourceVersion(client);
  return Promise.all(
    probes.map((probe) => {
      const query = new URLSearchParams({
        watch: "true",
        resourceVersion,
        timeoutSeconds: String(WATCH_TIMEOUT_SECONDS),
      });
      if (probe.spec.labelSelector !== undefined) query.set("labelSelector", probe.spec.labelSelector);
      return client.watch(`/api/v1/services?${query}`, (line) => probe.onLine(line));
    }),
  );
}

async function benchFanout(ctx: BenchContext<WatchSizes>, client: RawClient, head: HeadOf): Promise<void> {
  const { layout, updates, deliveryDeadlineMs } = ctx.sizes;
  const probeClock = { now: ctx.now, setTimer: realClock.setTimer };
  const probes = WATCHERS.map((spec) => new WatcherProbe(spec, probeClock));
  const connections = await openWatchers(client, probes);
  try {
    ctx.report.progress(`${BENCH}: ${probes.length} watchers open; writing ${updates} updates`);
    const startMs = ctx.now();
    const writes = await writeUpdates(ctx, client);
    const writeMs = ctx.now() - startMs;
    const tierOfUpdate = (seq: number): number => tierOf(seq % layout.objects);
    await Promise.all(
      probes.map((probe) => {
        return probe.waitFor(expectedUpdates(probe.spec, updates, tierOfUpdate), deliveryDeadlineMs);
      }),
    );
    const outcomes = probes.map((probe, i) => analyze(probe, writes, tierOfUpdate, connections[i]!.ended));
    reportFanout(ctx, head, outcomes, writes, Math.round((updates / writeMs) * 1000));
  } finally {
    for (const connection of connections) connection.stop();
  }
}

function reportFanout(
  ctx: BenchContext<WatchSizes>,
  head: HeadOf,
  outcomes: readonly WatcherOutcome[],
  writes: WriteLog,
  updatesPerSecond: number,
): void {
  const sum = (pick: (o: WatcherOutcome) => number): number => outcomes.reduce((acc, o) => acc + pick(o), 0);
  const lags = outcomes.flatMap((o) => o.lagMs);
  if (lags.length === 0) throw new Error("no watcher received any update");
  // null when every watcher of the group lost everything (then events_lost says so).
  const median = (selected: boolean): number | null => {
    const group = outcomes.filter((o) => o.selected === selected).flatMap((o) => o.lagMs);
    return group.length === 0 ? null : summarize(group).median;
  };
  const behind = outcomes.filter((o) => o.behind).map((o) => o.name);
  ctx.report.result(
    resultLine(ctx, head("delivery_lag_ms", "ms"), summarize(lags), {
      watchers: outcomes.length,
      plain_median_ms: median(false),
      selected_median_ms: median(true),
      events_expected: sum((o) => o.expected),
      events_received: sum((o) => o.received),
      events_lost: sum((o) => o.lost),
      duplicates: sum((o) => o.duplicates),
      first_fifth_median_ms: summarize(outcomes.map((o) => o.firstFifthMedianMs)).median,
      last_fifth_median_ms: summarize(outcomes.map((o) => o.lastFifthMedianMs)).median,
      watchers_behind: behind,
      fell_behind: behind.length > 0,
      updates_per_s: updatesPerSecond,
    }),
  );
  ctx.report.result(
    resultLine(ctx, head("write_to_event_ms", "ms"), summarize(outcomes.flatMap((o) => o.sinceSentMs))),
  );
  const ackMs = writes.ackMs.map((at, seq) => at - writes.sentMs[seq]!);
  ctx.report.result(
    resultLine(ctx, head("write_ack_ms", "ms"), summarize(ackMs), {
      write_concurrency: ctx.sizes.writeConcurrency,
      updates_per_s: updatesPerSecond,
    }),
  );
}

export async function runSimWatchFanout(ctx: BenchContext<WatchSizes>): Promise<void> {
  const { layout } = ctx.sizes;
  const sim = await startSim({ tls: true, token: BENCH_TOKEN });
  const client = clientFor(sim, Math.max(layout.concurrency, ctx.sizes.writeConcurrency));
  try {
    await createNamespaces(client, layout);
    ctx.report.progress(`${BENCH}: loading ${layout.objects} Services over HTTPS`);
    await seedOverHttp(client, layout, "services", ctx.now);
    await benchInformer(ctx, sim, heads(BENCH, layout.objects));
    await benchFanout(ctx, client, heads(BENCH, ctx.sizes.updates));
  } finally {
    client.close();
    await sim.stop();
  }
}
