// The sim as the ground of benchmarks: 20,000 Services and 20,000 EndpointSlices held, each full
// list answered in well under a second, and 10 concurrent watchers fed every event without falling
// behind. Objects are seeded straight into storage (cloned from ones made through the API), so the
// test measures serving, not creating.

import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sim, startSim } from "../../../src/sim/index.js";
import type { KubeObject } from "../../../src/sim/types.js";
import { openStream, send } from "../http-client.js";

const COUNT = 20_000;
const WATCHERS = 10;
const WRITES = 1_000;

function timedGet(url: string): Promise<{ status: number; ms: number; body: Buffer }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            ms: performance.now() - started,
            body: Buffer.concat(chunks),
          }),
        );
      })
      .on("error", reject);
  });
}

async function create(sim: Sim, path: string, body: unknown): Promise<KubeObject> {
  const res = await send({
    method: "POST",
    url: sim.url + path,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  return JSON.parse(res.body.toString()) as KubeObject;
}

/** Stores copies of `template` under new names (and a distinct address where `vary` says so). */
function seed(
  sim: Sim,
  resource: string,
  template: KubeObject,
  vary: (copy: KubeObject, i: number) => void,
): void {
  for (let i = 0; i < COUNT; i++) {
    const copy = structuredClone(template);
    copy.metadata.name = `${template.metadata.name}-${i}`;
    copy.metadata.uid = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
    vary(copy, i);
    sim.storage.create({ resource, namespace: "perf", name: copy.metadata.name }, copy);
  }
}

describe("serving 20,000 Services and 20,000 EndpointSlices", () => {
  let sim: Sim;

  beforeAll(async () => {
    sim = await startSim({ namespaceController: false });
    await create(sim, "/api/v1/namespaces", { metadata: { name: "perf" } });
    const svc = await create(sim, "/api/v1/namespaces/perf/services", {
      metadata: { name: "svc", labels: { app: "perf" } },
      spec: { ports: [{ name: "http", port: 80, targetPort: 8080 }] },
    });
    const slice = await create(sim, "/apis/discovery.k8s.io/v1/namespaces/perf/endpointslices", {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: { name: "slice", labels: { "kubernetes.io/service-name": "svc" } },
      addressType: "IPv4",
      endpoints: [{ addresses: ["10.1.0.1"], conditions: { ready: true } }],
      ports: [{ name: "http", port: 8080, protocol: "TCP" }],
    });
    seed(sim, "services", svc, (copy, i) => {
      const ip = `10.97.${Math.floor(i / 250)}.${(i % 250) + 1}`;
      Object.assign(copy.spec as object, { clusterIP: ip, clusterIPs: [ip] });
    });
    seed(sim, "discovery.k8s.io/endpointslices", slice, (copy, i) => {
      copy.endpoints = [
        { addresses: [`10.2.${Math.floor(i / 250)}.${(i % 250) + 1}`], conditions: { ready: true } },
      ];
    });
  });

  afterAll(async () => {
    await sim?.stop();
  });

  // Besides the seeded copies: the template, and for Services default/kubernetes.
  it.each([
    ["Services", "/api/v1/services", COUNT + 2],
    ["EndpointSlices", "/apis/discovery.k8s.io/v1/endpointslices", COUNT + 1],
  ])("lists all %s in well under a second", async (_what, path, expected) => {
    await timedGet(sim.url + path);
    const res = await timedGet(sim.url + path);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString()).items).toHaveLength(expected);
    expect(res.ms).toBeLessThan(1000);
  });

  it(`feeds ${WATCHERS} concurrent watchers every one of ${WRITES} writes`, async () => {
    const from = sim.storage.revision;
    const streams = await Promise.all(
      Array.from({ length: WATCHERS }, () =>
        openStream({
          method: "GET",
          url: `${sim.url}/api/v1/namespaces/perf/services?watch=1&resourceVersion=${from}`,
        }),
      ),
    );
    const started = performance.now();
    for (let i = 0; i < WRITES; i++) {
      const key = { resource: "services", namespace: "perf", name: `svc-${i}` };
      const current = sim.storage.get(key);
      if (!current) throw new Error(`svc-${i} missing`);
      const next = structuredClone(current);
      next.metadata.labels = { ...next.metadata.labels, round: "1" };
      sim.storage.update(key, next);
    }
    await Promise.all(streams.map((s) => s.waitForLines(WRITES)));
    const elapsedMs = performance.now() - started;
    for (const s of streams) {
      const names = s.lines.map((l) => JSON.parse(l.text).object.metadata.name);
      expect(names).toEqual(Array.from({ length: WRITES }, (_, i) => `svc-${i}`));
      s.close();
    }
    expect(elapsedMs).toBeLessThan(5000);
  });
});
