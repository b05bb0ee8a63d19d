// The objects the benchmarks load into a sim, and the two ways of loading them: over the HTTP API
// with client concurrency (what every client does: admission, defaulting, ClusterIP allocation),
// and straight into `sim.storage` (no HTTP, no admission — a floor for comparison only; the stored
// objects lack uid, creationTimestamp and clusterIP, so that state is not what the API would hold).

import type { Storage } from "../src/sim/storage/index.js";
import type { KubeObject } from "../src/sim/types.js";
import { createRawClient, expectStatus, type RawClient } from "./http-client.js";
import { forEachConcurrently } from "./pool.js";
import type { Layout } from "./sizes.js";

export const BENCH_TOKEN = "svcmirror-bench-token";
export const TIER_LABEL = "bench.svcmirror.io/tier";
export const TIERS = 4;
/** Storage ids of the two kinds, as the sim's registry names them (`group/plural`, core: `plural`). */
const SERVICES_ID = "services";
const SLICES_ID = "discovery.k8s.io/endpointslices";
/** Endpoint addresses are 10.<endpoint>.<index high byte>.<index low byte>. */
const MAX_OBJECTS = 65_536;

export function namespaceOf(index: number, layout: Layout): string {
  return `bench-${index % layout.namespaces}`;
}

export function serviceName(index: number): string {
  return `svc-${index}`;
}

export function tierOf(index: number): number {
  return index % TIERS;
}

export function serviceManifest(index: number, layout: Layout): KubeObject {
  const name = serviceName(index);
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name,
      namespace: namespaceOf(index, layout),
      labels: { app: name, [TIER_LABEL]: `t${tierOf(index)}` },
    },
    spec: {
      selector: { app: name },
      ports: [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP" }],
    },
  };
}

export function sliceManifest(index: number, layout: Layout): KubeObject {
  const endpoints = Array.from({ length: layout.endpointsPerSlice }, (_, e) => ({
    addresses: [`10.${e + 1}.${(index >> 8) & 255}.${index & 255}`],
    conditions: { ready: true },
  }));
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: {
      name: `${serviceName(index)}-bench`,
      namespace: namespaceOf(index, layout),
      labels: { "kubernetes.io/service-name": serviceName(index) },
    },
    addressType: "IPv4",
    ports: [{ name: "http", port: 8080, protocol: "TCP" }],
    endpoints,
  };
}

function checkLayout(layout: Layout): void {
  if (layout.objects > MAX_OBJECTS) throw new RangeError(`at most ${MAX_OBJECTS} objects per layout`);
  if (layout.endpointsPerSlice > 254) throw new RangeError("at most 254 endpoints per slice");
}

export function clientFor(sim: { url: string; caPem?: string | undefined }, maxSockets: number): RawClient {
  return createRawClient({
    url: sim.url,
    token: BENCH_TOKEN,
    maxSockets,
    ...(sim.caPem !== undefined ? { caPem: sim.caPem } : {}),
  });
}

export async function createNamespaces(client: RawClient, layout: Layout): Promise<void> {
  for (let i = 0; i < Math.min(layout.namespaces, Math.max(1, layout.objects)); i++) {
    const res = await client.request("POST", "/api/v1/namespaces", { metadata: { name: `bench-${i}` } });
    expectStatus(res, 201, `create namespace bench-${i}`);
  }
}

export interface HttpSeedTiming {
  /** Wall time of the whole kind, first request to last answer. */
  readonly totalMs: number;
  /** Round trip of each create, in index order. */
  readonly requestMs: number[];
}

/** POSTs one object per index with `layout.concurrency` requests in flight; every answer must be 201. */
export async function seedOverHttp(
  client: RawClient,
  layout: Layout,
  kind: "services" | "endpointslices",
  now: () => number,
): Promise<HttpSeedTiming> {
  checkLayout(layout);
  const requestMs = new Array<number>(layout.objects).fill(0);
  const startMs = now();
  await forEachConcurrently(layout.objects, layout.concurrency, async (i) => {
    const ns = namespaceOf(i, layout);
    const [path, body] =
      kind === "services"
        ? [`/api/v1/namespaces/${ns}/services`, serviceManifest(i, layout)]
        : [`/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`, sliceManifest(i, layout)];
    const sentMs = now();
    const res = await client.request("POST", path, body);
    requestMs[i] = now() - sentMs;
    expectStatus(res, 201, `create ${kind} ${ns}/${body.metadata.name}`);
  });
  return { totalMs: now() - startMs, requestMs };
}

/** Stores the same manifests with Storage.create, bypassing HTTP and admission. Returns the wall time. */
export function seedStorage(storage: Storage, layout: Layout, now: () => number): number {
  checkLayout(layout);
  const startMs = now();
  for (let i = 0; i < layout.objects; i++) {
    const ns = namespaceOf(i, layout);
    storage.create(
      { resource: SERVICES_ID, namespace: ns, name: serviceName(i) },
      serviceManifest(i, layout),
    );
    const slice = sliceManifest(i, layout);
    storage.create({ resource: SLICES_ID, namespace: ns, name: slice.metadata.name ?? "" }, slice);
  }
  return now() - startMs;
}
