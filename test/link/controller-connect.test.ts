// The link controller against two sims: it connects with the Secret's kubeconfig, fills the remote
// view with the selected Services (one server-side selector per mode) and their EndpointSlices,
// emits their keys, and reports RemoteReachable, Ready and GatewayAlive honestly.

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConditionType, Reason } from "../../src/link/conditions.js";
import type { ClusterPair } from "../scenarios/harness/index.js";
import {
  awaitCondition,
  CONNECTED,
  conditionOf,
  createRemoteEndpointSlice,
  createRemoteService,
  ensureNamespace,
  readLink,
} from "../scenarios/harness/kube.js";
import { eventually } from "../scenarios/harness/wait.js";
import { LinkRig } from "./controller-rig.js";

let rig: LinkRig;
let pair: ClusterPair;

beforeAll(async () => {
  rig = await LinkRig.start();
  pair = rig.pair;
  await ensureNamespace(pair.remote, "shop");
  await createRemoteService(pair.remote, "shop", "cart", { "svcmirror.io/exported": "true" });
  await createRemoteService(pair.remote, "shop", "pods", { "svcmirror.io/exported": "remote-discovery" });
  await createRemoteService(pair.remote, "shop", "private", {});
  await createRemoteEndpointSlice(pair.remote, "shop", "cart", ["10.1.0.1"]);
  await createRemoteEndpointSlice(pair.remote, "shop", "private", ["10.1.0.9"]);
});

afterEach(async () => {
  await rig.stopControllers();
});

afterAll(async () => {
  await pair.cleanup();
});

describe("LinkController connecting to the remote sim", () => {
  it("connects, fills the remote view per mode and reports the conditions", async () => {
    const { names, r } = await rig.startLink({ spec: { gatewayAddress: "192.0.2.10", gatewayPort: 4143 } });
    const keys: string[] = [];
    r.controller.remote.onKey((key) => keys.push(key));

    await awaitCondition(pair.local, names.namespace, names.link, CONNECTED);
    const link = await readLink(pair.local, names.namespace, names.link);
    expect(conditionOf(link, ConditionType.Ready)).toMatchObject({
      status: "Unknown",
      reason: Reason.Reconciling,
    });
    expect(conditionOf(link, ConditionType.GatewayAlive)).toMatchObject({
      status: "Unknown",
      reason: Reason.GatewayProbePending,
    });
    expect(link?.status).toMatchObject({ mode: "gateway+flat", mirroredServices: 0, observedGeneration: 1 });

    const view = r.controller.remote;
    expect(view.serviceKeys().sort()).toEqual(["shop/cart", "shop/pods"]);
    expect(view.service("gateway", "shop/cart")?.metadata?.name).toBe("cart");
    expect(view.service("flat", "shop/cart")).toBeUndefined();
    expect(view.service("flat", "shop/pods")?.metadata?.name).toBe("pods");
    expect(view.endpointSlices("shop/cart").map((s) => s.metadata?.name)).toEqual(["cart-abcde"]);
    expect(view.state()).toMatchObject({ synced: true, frozen: false, services: 2 });
    expect([...new Set(keys)].sort()).toEqual(["shop/cart", "shop/pods"]);

    r.controller.setMirrorsReconciled(true);
    await awaitCondition(pair.local, names.namespace, names.link, {
      type: ConditionType.Ready,
      status: "True",
      reason: Reason.Mirroring,
    });
  });

  it("emits the key of a selected Service when its EndpointSlices change, and not for others", async () => {
    const { r } = await rig.startLink();
    await eventually(() => r.controller.remote.state().synced, "the remote view to sync");
    const keys: string[] = [];
    r.controller.remote.onKey((key) => keys.push(key));
    await ensureNamespace(pair.remote, "later");
    await createRemoteService(pair.remote, "later", "hidden", {});
    await createRemoteEndpointSlice(pair.remote, "later", "hidden", ["10.2.0.1"]);
    await createRemoteService(pair.remote, "later", "web", { "svcmirror.io/exported": "remote-discovery" });
    await createRemoteEndpointSlice(pair.remote, "later", "web", ["10.2.0.2"]);
    await eventually(
      () => r.controller.remote.endpointSlices("later/web").length === 1,
      "the slice of later/web in the view",
    );
    expect(keys).toEqual(["later/web", "later/web"]);
    expect(r.controller.remote.endpointSlices("later/hidden")).toHaveLength(1);
  });
  it("counts owned mirror Services (by label) in status.mirroredServices", async () => {
    const { names, r } = await rig.startLink();
    await ensureNamespace(pair.local, "shop");
    const owned = { "svcmirror.io/link": names.link };
    const mirror = { ...owned, "svcmirror.io/mirrored-service": "true", "svcmirror.io/cluster-name": "east" };
    await createRemoteService(pair.local, "shop", `cart-${names.link}`, mirror);
    await createRemoteService(pair.local, "shop", `labelled-${names.link}`, owned);
    await createRemoteService(pair.local, "shop", `other-${names.link}`, {
      ...mirror,
      "svcmirror.io/link": "other",
    });
    const mirrored = async (): Promise<number | undefined> =>
      (await readLink(pair.local, names.namespace, names.link))?.status?.mirroredServices;
    await eventually(async () => (await mirrored()) === 1, "one mirrored Service");
    await pair.local.clients.core.deleteNamespacedService({ namespace: "shop", name: `cart-${names.link}` });
    await eventually(async () => (await mirrored()) === 0, "no mirrored Service");
    expect(r.controller.local.services.keys().sort()).toEqual([`shop/labelled-${names.link}`]);
  });
});
