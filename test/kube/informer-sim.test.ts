// The informer against the sim over TLS with a bearer token: sync, events, server-side selectors,
// 410 relists, list errors, dropped watches, partitions, a stalled connection caught by the watchdog.

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CacheChange, KubeObjectLike } from "../../src/kube/cache.js";
import type { KubeClients } from "../../src/kube/client.js";
import { createInformer, type Informer } from "../../src/kube/informer.js";
import { ENDPOINT_SLICES, NAMESPACES, SECRETS, SERVICES } from "../../src/kube/listwatch.js";
import { type Sim, startSim } from "../../src/sim/index.js";
import { TcpProxy } from "../support/tcp-proxy.js";
import {
  clientsFor,
  createNamespace,
  createService,
  deleteService,
  eventually,
  fastInformerOptions,
  labelService,
  names,
  TOKEN,
} from "./sim-helpers.js";

let sim: Sim;
let writer: KubeClients;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  sim = await startSim({ tls: true, token: TOKEN });
  writer = clientsFor(sim.kubeconfig);
});

afterEach(async () => {
  sim.faults.clear();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await sim.stop();
});

interface Watched {
  informer: Informer<KubeObjectLike>;
  events: string[];
}

function watchServices(clients: KubeClients, namespace: string, labelSelector?: string): Watched {
  const informer = createInformer<KubeObjectLike>(
    clients,
    SERVICES,
    labelSelector === undefined ? { namespace } : { namespace, labelSelector },
    fastInformerOptions(),
  );
  const events: string[] = [];
  informer.onEvent((e: CacheChange<KubeObjectLike>) => {
    events.push(`${e.type} ${e.key}${e.type === "deleted" && e.finalStateUnknown ? " (unknown)" : ""}`);
  });
  informer.start();
  cleanups.push(() => informer.stop());
  return { informer, events };
}

/** Synced and with its first watch open (the list completes before the watch request is sent). */
async function watching(informer: Informer<KubeObjectLike>): Promise<void> {
  await informer.waitForSync();
  await eventually(() => informer.status().watches >= 1, "the first watch to open");
}

async function proxied(): Promise<{ proxy: TcpProxy; clients: KubeClients }> {
  const proxy = await TcpProxy.start(sim.url);
  cleanups.push(() => proxy.close());
  return { proxy, clients: clientsFor(proxy.rewrite(sim.kubeconfig, sim.url)) };
}

describe("Informer against the sim", () => {
  it("syncs, then sees adds, updates and deletes; listed objects carry apiVersion and kind", async () => {
    await createNamespace(writer, "basic");
    await createService(writer, "basic", "a");
    await createService(writer, "basic", "b");
    const { informer, events } = watchServices(writer, "basic");
    expect(await informer.waitForSync()).toBe(true);
    expect(names(informer.list())).toEqual(["a", "b"]);
    expect(informer.get("basic", "a")).toMatchObject({ apiVersion: "v1", kind: "Service" });

    await createService(writer, "basic", "c");
    await labelService(writer, "basic", "a", { tier: "web" });
    await deleteService(writer, "basic", "b");
    await eventually(
      () => events.length === 5,
      () => `5 events, got ${events.join(", ")}`,
    );
    expect(events).toEqual([
      "added basic/a",
      "added basic/b",
      "added basic/c",
      "updated basic/a",
      "deleted basic/b",
    ]);
    expect(informer.get("basic", "a")?.metadata?.labels).toEqual({ tier: "web" });
    expect(informer.status()).toMatchObject({
      synced: true,
      connected: true,
      watches: 1,
      relists: 0,
      restarts: 0,
    });
  });

  it("lists and watches with the server-side label selector only", async () => {
    await createNamespace(writer, "label");
    await createService(writer, "label", "x", { "svcmirror.io/exported": "true" });
    await createService(writer, "label", "y");
    const { informer, events } = watchServices(writer, "label", "svcmirror.io/exported=true");
    await informer.waitForSync();
    expect(names(informer.list())).toEqual(["x"]);

    await labelService(writer, "label", "y", { "svcmirror.io/exported": "true" });
    await labelService(writer, "label", "x", { "svcmirror.io/exported": null });
    await eventually(
      () => events.length === 3,
      () => `3 events, got ${events.join(", ")}`,
    );
    expect(events).toEqual(["added label/x", "added label/y", "deleted label/x"]);
    expect(names(informer.list())).toEqual(["y"]);
  });

  it("relists after compaction and reports objects deleted while its watch was down", async () => {
    await createNamespace(writer, "expire");
    for (const name of ["keep", "gone", "edit"]) await createService(writer, "expire", name);
    const { informer, events } = watchServices(writer, "expire");
    await watching(informer);
    const blocked = sim.faults.fail({ resource: "services", verbs: ["watch"] }, { code: 500 });
    expect(sim.faults.dropWatches({ resource: "services" })).toBeGreaterThan(0);
    await deleteService(writer, "expire", "gone");
    await labelService(writer, "expire", "edit", { v: "2" });
    await createService(writer, "expire", "new");
    sim.faults.compact();
    blocked.clear();

    await eventually(
      () => informer.status().relists === 1,
      () => JSON.stringify(informer.status()),
    );
    expect(events.slice(3).sort()).toEqual([
      "added expire/new",
      "deleted expire/gone (unknown)",
      "updated expire/edit",
    ]);
    expect(names(informer.list())).toEqual(["edit", "keep", "new"]);
    expect(informer.status().lastError).toMatchObject({ kind: "expired", code: 410 });
  });

  it("retries a list answered 500 and then 429, honouring Retry-After, then syncs", async () => {
    await createNamespace(writer, "retry");
    await createService(writer, "retry", "a");
    sim.faults.fail(
      { resource: "services", verbs: ["list"], namespace: "retry" },
      { code: 500 },
      { times: 1 },
    );
    sim.faults.fail(
      { resource: "services", verbs: ["list"], namespace: "retry" },
      { code: 429, retryAfterSeconds: 1 },
      { times: 1 },
    );
    const startedMs = Date.now();
    const { informer } = watchServices(writer, "retry");
    expect(await informer.waitForSync()).toBe(true);
    expect(Date.now() - startedMs).toBeGreaterThanOrEqual(1_000);
    expect(names(informer.list())).toEqual(["a"]);
    expect(informer.status()).toMatchObject({ restarts: 2, relists: 0, connected: true });
    expect(informer.status().lastError).toMatchObject({
      kind: "tooManyRequests",
      code: 429,
      retryAfterMs: 1_000,
    });
  });

  it("watches a grouped kind across all namespaces, a cluster-scoped kind, and by field selector", async () => {
    await createNamespace(writer, "scope-a");
    await createNamespace(writer, "scope-b");
    const options = fastInformerOptions<KubeObjectLike>();
    const slices = createInformer<KubeObjectLike>(writer, ENDPOINT_SLICES, {}, options);
    const namespaces = createInformer<KubeObjectLike>(writer, NAMESPACES, {}, options);
    const secret = createInformer<KubeObjectLike>(
      writer,
      SECRETS,
      { namespace: "scope-a", fieldSelector: "metadata.name=creds" },
      options,
    );
    for (const informer of [slices, namespaces, secret]) {
      informer.start();
      cleanups.push(() => informer.stop());
      await informer.waitForSync();
    }
    for (const [namespace, name] of [
      ["scope-a", "s1"],
      ["scope-b", "s2"],
    ] as const) {
      await writer.discovery.createNamespacedEndpointSlice({
        namespace,
        body: { metadata: { name }, addressType: "IPv4", endpoints: [{ addresses: ["10.0.0.1"] }] },
      });
    }
    for (const name of ["other", "creds"]) {
      await writer.core.createNamespacedSecret({ namespace: "scope-a", body: { metadata: { name } } });
    }
    await createNamespace(writer, "scope-c");
    await eventually(
      () => slices.keys().length === 2,
      () => slices.keys().join(),
    );
    expect(slices.keys().sort()).toEqual(["scope-a/s1", "scope-b/s2"]);
    expect(slices.get("scope-a", "s1")).toMatchObject({
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
    });
    await eventually(() => namespaces.getByKey("scope-c") !== undefined, "namespace scope-c");
    expect(namespaces.keys()).toEqual(expect.arrayContaining(["default", "scope-a", "scope-b", "scope-c"]));
    // "other" was written first: had the selector been ignored, it would be cached by now.
    await eventually(() => secret.keys().length > 0, "the creds secret");
    expect(secret.keys()).toEqual(["scope-a/creds"]);
  });

  it("resumes a dropped watch from its last resourceVersion without relisting", async () => {
    await createNamespace(writer, "resume");
    await createService(writer, "resume", "a");
    const { informer, events } = watchServices(writer, "resume");
    await watching(informer);
    const refused = sim.faults.fail({ resource: "services", verbs: ["watch"] }, { code: 500 }, { times: 1 });
    expect(sim.faults.dropWatches({ resource: "services" }, { abrupt: true })).toBeGreaterThan(0);
    await createService(writer, "resume", "b");
    await eventually(() => events.includes("added resume/b"), "b to be seen");
    refused.clear();
    await createService(writer, "resume", "c");
    await eventually(() => events.includes("added resume/c"), "c to be seen");
    expect(informer.status()).toMatchObject({ relists: 0, restarts: 2 });
    expect(informer.status().watches).toBeGreaterThanOrEqual(2);
  });

  it("turns stale during a partition and reconnects and converges when it heals", async () => {
    await createNamespace(writer, "part");
    await createService(writer, "part", "a");
    const { informer, events } = watchServices(writer, "part");
    await informer.waitForSync();
    const partition = sim.faults.partition();
    await eventually(
      () => informer.status().stale,
      () => JSON.stringify(informer.status()),
    );
    expect(informer.status().lastError?.kind).toBe("network");
    expect(informer.get("part", "a")).toBeDefined();
    partition.clear();
    await eventually(
      () => informer.status().connected,
      () => JSON.stringify(informer.status()),
    );
    expect(informer.status().stale).toBe(false);
    await createService(writer, "part", "b");
    await eventually(() => events.includes("added part/b"), "b to be seen after healing");
  });

  it("converges after a partition of its own connection, deletions included", async () => {
    await createNamespace(writer, "cut");
    for (const name of ["a", "b"]) await createService(writer, "cut", name);
    const { proxy, clients } = await proxied();
    const { informer, events } = watchServices(clients, "cut");
    await informer.waitForSync();
    proxy.setMode("reset");
    await eventually(() => !informer.status().connected, "the informer to notice the partition");
    await deleteService(writer, "cut", "a");
    await createService(writer, "cut", "c");
    sim.faults.compact();
    proxy.setMode("pass");
    await eventually(
      () => names(informer.list()).join() === "b,c",
      () => names(informer.list()).join(),
    );
    expect(events.slice(2).sort()).toEqual(["added cut/c", "deleted cut/a (unknown)"]);
    expect(informer.status()).toMatchObject({ connected: true, stale: false, relists: 1 });
  });

  it("catches a stalled watch with its watchdog and recovers once bytes flow again", async () => {
    await createNamespace(writer, "stall");
    await createService(writer, "stall", "a");
    const { proxy, clients } = await proxied();
    const informer = createInformer<KubeObjectLike>(
      clients,
      SERVICES,
      { namespace: "stall" },
      fastInformerOptions({ watchTimeoutSeconds: { min: 1, max: 1 }, idleTimeoutMs: 1_500 }),
    );
    cleanups.push(() => informer.stop());
    informer.start();
    await watching(informer);
    proxy.setMode("stall");
    await createService(writer, "stall", "b");
    await eventually(
      () => informer.status().lastError?.kind === "timeout",
      () => JSON.stringify(informer.status()),
    );
    expect(informer.get("stall", "b")).toBeUndefined();
    proxy.setMode("pass");
    await eventually(() => informer.get("stall", "b") !== undefined, "b to be seen after the stall");
    expect(informer.status().relists).toBe(0);
  });
});

describe("Informer over plain HTTP, and with credentials the server refuses", () => {
  let plain: Sim;

  beforeAll(async () => {
    plain = await startSim({ token: TOKEN, userToken: "nobody-token" });
  });

  afterAll(async () => {
    await plain.stop();
  });

  it("lists and watches an http:// server (insecure-skip-tls-verify kubeconfig)", async () => {
    const clients = clientsFor(plain.kubeconfig);
    const { informer, events } = watchServices(clients, "default");
    await informer.waitForSync();
    await createService(clients, "default", "plain");
    await eventually(
      () => events.includes("added default/plain"),
      () => events.join(),
    );
  });

  it.each([
    {
      who: "an unknown token",
      kubeconfig: (): string => plain.kubeconfig.replace(TOKEN, "wrong"),
      kind: "unauthorized",
      code: 401,
    },
    {
      who: "a user without RBAC",
      kubeconfig: (): string => plain.userKubeconfig ?? "",
      kind: "forbidden",
      code: 403,
    },
  ])("keeps retrying with $who and reports $kind", async ({ kubeconfig, kind, code }) => {
    const { informer } = watchServices(clientsFor(kubeconfig()), "default");
    await eventually(
      () => informer.status().restarts >= 2 && informer.status().stale,
      () => JSON.stringify(informer.status()),
    );
    expect(informer.status()).toMatchObject({ synced: false, connected: false, lastError: { kind, code } });
  });
});
