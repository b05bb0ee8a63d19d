// sim-list: full lists of N Services and of N EndpointSlices (all namespaces) over HTTPS from a sim
// loaded through its API — with a bare client (request sent → last byte received, no decoding), as
// pages of `pageSize` (every page decoded to follow its continue token), and through
// @kubernetes/client-node (typed objects). Each list is checked to hold all N objects first.

import { CoreV1Api, DiscoveryV1Api, KubeConfig } from "@kubernetes/client-node";
import { startSim } from "../src/sim/index.js";
import { BENCH_TOKEN, clientFor, createNamespaces, seedOverHttp } from "./fixtures.js";
import { type BenchContext, heads, ratioLine, resultLine, type Stats, sample, summarize } from "./harness.js";
import { expectStatus, type RawClient } from "./http-client.js";
import type { ListSizes } from "./sizes.js";

const BENCH = "sim-list";

interface ListBody {
  items: unknown[];
  metadata: { continue?: string };
}

async function getList(client: RawClient, path: string): Promise<Buffer> {
  return expectStatus(await client.request("GET", path), 200, `GET ${path}`).body;
}

/** Follows continue tokens to the end; returns how many items and pages came back. */
async function listPaged(
  client: RawClient,
  path: string,
  pageSize: number,
): Promise<{ items: number; pages: number }> {
  let items = 0;
  let pages = 0;
  let token: string | undefined;
  do {
    const query = new URLSearchParams({ limit: String(pageSize) });
    if (token !== undefined) query.set("continue", token);
    const page = JSON.parse((await getList(client, `${path}?${query}`)).toString("utf8")) as ListBody;
    items += page.items.length;
    pages += 1;
    token = page.metadata.continue || undefined;
  } while (token !== undefined);
  return { items, pages };
}

function checkCount(what: string, got: number, atLeast: number): void {
  if (got < atLeast) throw new Error(`${what} returned ${got} items, expected at least ${atLeast}`);
}

/** One collection to list: its path, and the same list through client-node returning the item count. */
interface Target {
  readonly kind: string;
  readonly path: string;
  readonly typedList: () => Promise<number>;
}

function targets(kubeconfig: string): Target[] {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  const discovery = kc.makeApiClient(DiscoveryV1Api);
  return [
    {
      kind: "services",
      path: "/api/v1/services",
      typedList: async (): Promise<number> => (await core.listServiceForAllNamespaces()).items.length,
    },
    {
      kind: "endpointslices",
      path: "/apis/discovery.k8s.io/v1/endpointslices",
      typedList: async (): Promise<number> =>
        (await discovery.listEndpointSliceForAllNamespaces()).items.length,
    },
  ];
}

async function benchTarget(ctx: BenchContext<ListSizes>, client: RawClient, target: Target): Promise<void> {
  const { layout, pageSize, warmup, runs, clientNodeRuns } = ctx.sizes;
  const { kind, path } = target;
  const n = layout.objects;
  const head = heads(BENCH, n);
  const timed = async (fn: () => Promise<unknown>, count: number): Promise<Stats> =>
    summarize(await sample(fn, { warmup, runs: count, now: ctx.now }));

  const body = await getList(client, path);
  checkCount(`GET ${path}`, (JSON.parse(body.toString("utf8")) as ListBody).items.length, n);
  ctx.report.progress(`${BENCH}: full list of ${kind}, ${runs} runs`);
  const full = await timed(() => getList(client, path), runs);
  ctx.report.result(
    resultLine(ctx, head(`full_list_${kind}_ms`, "ms"), full, { client: "raw", bytes: body.length }),
  );

  const paged = await listPaged(client, path, pageSize);
  checkCount(`paginated ${path}`, paged.items, n);
  ctx.report.progress(`${BENCH}: paginated list of ${kind} (limit=${pageSize}, ${paged.pages} pages)`);
  const pagedStats = await timed(() => listPaged(client, path, pageSize), runs);
  ctx.report.result(
    resultLine(ctx, head(`paginated_list_${kind}_ms`, "ms"), pagedStats, {
      client: "raw",
      limit: pageSize,
      pages: paged.pages,
    }),
  );

  checkCount(`client-node list ${kind}`, await target.typedList(), n);
  ctx.report.progress(`${BENCH}: list of ${kind} through @kubernetes/client-node, ${clientNodeRuns} runs`);
  const typed = await timed(target.typedList, clientNodeRuns);
  ctx.report.result(
    resultLine(ctx, head(`clientnode_list_${kind}_ms`, "ms"), typed, { client: "client-node" }),
  );
  ctx.report.result(ratioLine(ctx, head(`paginated_over_full_${kind}`, "ratio"), pagedStats, full));
  ctx.report.result(ratioLine(ctx, head(`clientnode_over_raw_${kind}`, "ratio"), typed, full));
}

export async function runSimList(ctx: BenchContext<ListSizes>): Promise<void> {
  const { layout } = ctx.sizes;
  const sim = await startSim({ tls: true, token: BENCH_TOKEN });
  const client = clientFor(sim, layout.concurrency);
  try {
    await createNamespaces(client, layout);
    ctx.report.progress(
      `${BENCH}: loading ${layout.objects} Services and ${layout.objects} EndpointSlices over HTTPS`,
    );
    await seedOverHttp(client, layout, "services", ctx.now);
    await seedOverHttp(client, layout, "endpointslices", ctx.now);
    for (const target of targets(sim.kubeconfig)) await benchTarget(ctx, client, target);
  } finally {
    client.close();
    await sim.stop();
  }
}
