// @kubernetes/client-node 1.4.0 against the sim over HTTPS: typed list, a raw watch, and an informer
// that survives a 410 (history compacted and its watch dropped: it relists and converges).

import {
  CoreV1Api,
  KubeConfig,
  type KubernetesObject,
  makeInformer,
  type V1Service,
  Watch,
} from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sim, startSim } from "../../src/sim/index.js";

const NS = "client-node";

function service(name: string): V1Service {
  return { metadata: { name, labels: { app: "demo" } }, spec: { ports: [{ name: "http", port: 80 }] } };
}

/** Resolves when `check` holds, re-evaluated whenever `subscribe`'s callback fires; rejects at the deadline. */
function when(check: () => boolean, subscribe: (wake: () => void) => void, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve();
    const timer = setTimeout(() => reject(new Error("condition not reached before the deadline")), timeoutMs);
    subscribe(() => {
      if (!check()) return;
      clearTimeout(timer);
      resolve();
    });
  });
}

describe("@kubernetes/client-node against the sim", () => {
  let sim: Sim;
  let kc: KubeConfig;
  let core: CoreV1Api;

  beforeAll(async () => {
    sim = await startSim({ tls: true, token: "client-node-token" });
    kc = new KubeConfig();
    kc.loadFromString(sim.kubeconfig);
    core = kc.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: NS } } });
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it("lists typed objects", async () => {
    await core.createNamespacedService({ namespace: NS, body: service("a") });
    const list = await core.listNamespacedService({ namespace: NS });
    expect(list.items.map((s) => s.metadata?.name)).toEqual(["a"]);
    expect(list.items[0]?.spec?.clusterIP).toMatch(/^10\.96\./);
    expect(Number(list.metadata?.resourceVersion)).toBeGreaterThan(0);
  });

  it("watches from a list's resourceVersion", async () => {
    const list = await core.listNamespacedService({ namespace: NS });
    const events: string[] = [];
    let wake = (): void => {};
    const watch = new Watch(kc);
    const req = await watch.watch(
      `/api/v1/namespaces/${NS}/services`,
      { resourceVersion: list.metadata?.resourceVersion },
      (type: string, obj: KubernetesObject) => {
        events.push(`${type} ${obj.metadata?.name}`);
        wake();
      },
      () => {},
    );
    await core.createNamespacedService({ namespace: NS, body: service("b") });
    await core.patchNamespacedService({
      name: "b",
      namespace: NS,
      body: [{ op: "add", path: "/metadata/labels/x", value: "y" }],
    });
    await core.deleteNamespacedService({ name: "b", namespace: NS });
    await when(
      () => events.length >= 3,
      (w) => (wake = w),
    );
    req.abort();
    expect(events).toEqual(["ADDED b", "MODIFIED b", "DELETED b"]);
  });

  it("keeps an informer's cache converged through a 410", async () => {
    let lists = 0;
    let wake = (): void => {};
    const informer = makeInformer(kc, `/api/v1/namespaces/${NS}/services`, () => {
      lists += 1;
      wake();
      return core.listNamespacedService({ namespace: NS });
    });
    const names = (): string[] =>
      informer
        .list(NS)
        .map((s) => s.metadata?.name ?? "")
        .sort();
    for (const event of ["add", "update", "delete"] as const) informer.on(event, () => wake());
    informer.on("connect", () => wake());
    await informer.start();
    try {
      await when(
        () => names().join() === "a",
        (w) => (wake = w),
      );
      // A write the informer does not see moves the revision on; compaction then starts the watch
      // window after the informer's resourceVersion, and the dropped watch's resumption is answered
      // 410: only a relist brings the informer back.
      await core.createNamespacedService({ namespace: "default", body: service("elsewhere") });
      sim.faults.compact();
      expect(sim.faults.dropWatches({ resource: "services" })).toBe(1);
      await core.createNamespacedService({ namespace: NS, body: service("c") });
      await when(
        () => lists >= 2 && names().join() === "a,c",
        (w) => (wake = w),
      );
      await core.createNamespacedService({ namespace: NS, body: service("d") });
      await when(
        () => names().join() === "a,c,d",
        (w) => (wake = w),
      );
      expect(sim.storage.watchCount("services")).toBe(1);
    } finally {
      await informer.stop();
    }
  });
});
