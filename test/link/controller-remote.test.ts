// The remote connection's life: Secret rotation (to the same cluster and to another one), a network
// partition and its healing, and the Link being deleted and recreated. The remote view never drops
// what it knew for lack of contact, and after a reconnect or a switch it emits only the keys whose
// objects differ.

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConditionType, Reason } from "../../src/link/conditions.js";
import { type Sim, startSim } from "../../src/sim/index.js";
import { clusterFromKubeconfig } from "../scenarios/harness/clusters.js";
import type { ClusterHandle, ClusterPair } from "../scenarios/harness/index.js";
import {
  applyLink,
  awaitCondition,
  CONNECTED,
  createRemoteEndpointSlice,
  createRemoteService,
  deleteLink,
  ensureNamespace,
  labelRemoteService,
  putCredentialsSecret,
} from "../scenarios/harness/kube.js";
import { variant } from "../scenarios/harness/kubeconfig-variants.js";
import { SIM_TOKEN } from "../scenarios/harness/sim-provider.js";
import { eventually } from "../scenarios/harness/wait.js";
import { TcpProxy } from "../support/tcp-proxy.js";
import { LinkRig, linkSpec, type StartedLink } from "./controller-rig.js";
import type { RunningController } from "./support.js";

const EXPORTED = { "svcmirror.io/exported": "remote-discovery" };

let rig: LinkRig;
let pair: ClusterPair;
let other: Sim;
let otherCluster: ClusterHandle;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  rig = await LinkRig.start();
  pair = rig.pair;
  other = await startSim({ tls: true, token: SIM_TOKEN });
  otherCluster = clusterFromKubeconfig("other", other.kubeconfig);
  for (const cluster of [pair.remote, otherCluster]) await ensureNamespace(cluster, "app");
  await createRemoteService(pair.remote, "app", "a", EXPORTED);
  await createRemoteService(pair.remote, "app", "b", EXPORTED);
  await createRemoteEndpointSlice(pair.remote, "app", "a", ["10.1.0.1"]);
  await createRemoteService(otherCluster, "app", "b", EXPORTED);
  await createRemoteService(otherCluster, "app", "z", EXPORTED);
});

afterEach(async () => {
  pair.sims?.remote.faults.clear();
  other.faults.clear();
  await rig.stopControllers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await other.stop();
  await pair.cleanup();
});

/** A controller on a Link whose Secret holds `kubeconfig`, once its remote view has synced. */
async function started(kubeconfig: string): Promise<StartedLink> {
  const { names, r } = await rig.startLink({ secret: { kubeconfig } });
  await eventually(() => r.controller.remote.state().synced, "the remote view to sync");
  return { names, r };
}

function keysOf(r: RunningController): string[] {
  return r.controller.remote.serviceKeys().sort();
}

describe("Secret rotation", () => {
  it("to the same cluster reconnects without emitting a key; an unrelated Secret edit does not reconnect", async () => {
    const { names, r } = await started(pair.remoteKubeconfigForSecret);
    const keys: string[] = [];
    r.controller.remote.onKey((key) => keys.push(key));
    const renamed = variant(pair.remoteKubeconfigForSecret, () => {}).replaceAll(
      "sim-admin",
      "rotated-admin",
    );
    await putCredentialsSecret(pair.local, names.namespace, names.secret, renamed);
    await eventually(() => r.controller.stats().connectionsStarted === 2, "a second connection");
    await eventually(() => r.controller.remote.state().frozen === false, "the switch to the new connection");
    expect(keys).toEqual([]);
    expect(keysOf(r)).toEqual(["app/a", "app/b"]);

    const labelled = await pair.local.clients.core.patchNamespacedSecret({
      namespace: names.namespace,
      name: names.secret,
      body: [{ op: "add", path: "/metadata/labels", value: { x: "y" } }],
    });
    await eventually(
      () => r.controller.status().secret?.resourceVersion === labelled.metadata?.resourceVersion,
      "the labelled Secret to be seen",
    );
    await awaitCondition(pair.local, names.namespace, names.link, CONNECTED);
    expect(r.controller.stats().connectionsStarted).toBe(2);
  });

  it("to another cluster keeps the old view until the new one syncs, then emits only the differences", async () => {
    const { names, r } = await started(pair.remoteKubeconfigForSecret);
    const keys: string[] = [];
    r.controller.remote.onKey((key) => keys.push(key));
    const refused = other.faults.fail({ resource: "services", verbs: ["list"] }, { code: 403 });
    await putCredentialsSecret(pair.local, names.namespace, names.secret, other.kubeconfig);
    await awaitCondition(pair.local, names.namespace, names.link, {
      type: ConditionType.RemoteReachable,
      status: "False",
      reason: Reason.RemoteForbidden,
    });
    expect(r.controller.remote.state()).toMatchObject({ frozen: true, synced: true });
    expect(keysOf(r)).toEqual(["app/a", "app/b"]);
    expect(keys).toEqual([]);

    refused.clear();
    await awaitCondition(pair.local, names.namespace, names.link, CONNECTED);
    expect(keysOf(r)).toEqual(["app/b", "app/z"]);
    expect(r.controller.remote.state().frozen).toBe(false);
    // a left, z arrived, and b is another object (another uid) with no slices: all three differ.
    expect(keys.sort()).toEqual(["app/a", "app/b", "app/z"]);
    expect(r.controller.remote.endpointSlices("app/a")).toEqual([]);
  });
});

describe("partition", () => {
  it("keeps the remote view while unreachable and converges with only the differences after healing", async () => {
    const remote = pair.sims?.remote;
    if (remote === undefined) throw new Error("the sim provider exposes its sims");
    await ensureNamespace(pair.remote, "part");
    for (const name of ["p1", "p2", "p3"]) await createRemoteService(pair.remote, "part", name, EXPORTED);
    const proxy = await TcpProxy.start(remote.url);
    cleanups.push(() => proxy.close());
    const { names, r } = await started(proxy.rewrite(pair.remoteKubeconfigForSecret, remote.url));
    const keys: string[] = [];
    r.controller.remote.onKey((key) => keys.push(key));
    const before = keysOf(r);

    proxy.setMode("reset");
    const down = await awaitCondition(pair.local, names.namespace, names.link, {
      type: ConditionType.RemoteReachable,
      status: "False",
      reason: Reason.RemoteUnreachable,
    });
    expect(down.message).toContain("the last known remote state is kept");
    await pair.remote.clients.core.deleteNamespacedService({ namespace: "part", name: "p1" });
    await labelRemoteService(pair.remote, "part", "p2", { tier: "gold" });
    await createRemoteService(pair.remote, "part", "p4", EXPORTED);
    remote.faults.compact();
    expect(keysOf(r)).toEqual(before);
    expect(keys).toEqual([]);

    proxy.setMode("pass");
    await awaitCondition(pair.local, names.namespace, names.link, CONNECTED);
    await eventually(
      () => keysOf(r).includes("part/p4") && !keysOf(r).includes("part/p1"),
      () => `the view to converge, have ${keysOf(r).join(",")}`,
    );
    expect(keys.sort()).toEqual(["part/p1", "part/p2", "part/p4"]);
    expect(r.controller.remote.service("flat", "part/p2")?.metadata?.labels).toMatchObject({ tier: "gold" });
    expect(r.controller.stats().connectionsStarted).toBe(1);
  });
});

describe("Link lifecycle", () => {
  it("a deleted Link stops the connection and keeps the view; a recreated one connects again", async () => {
    const { names, r } = await started(pair.remoteKubeconfigForSecret);
    const before = keysOf(r);
    await deleteLink(pair.local, names.namespace, names.link);
    await eventually(() => r.controller.status().found === false, "the controller to see the deletion");
    await eventually(
      () => r.controller.remote.state().connection?.state.phase === "stopped",
      "the connection to stop",
    );
    expect(r.controller.remote.state()).toMatchObject({ frozen: true, synced: true });
    expect(keysOf(r)).toEqual(before);

    await applyLink(pair.local, names.namespace, names.link, linkSpec(names));
    await awaitCondition(pair.local, names.namespace, names.link, CONNECTED);
    expect(r.controller.stats()).toEqual({ specLoads: 2, connectionsStarted: 2 });
  });
});
