// Two-cluster scenarios of `svcmirror run`, on whichever provider SVCMIRROR_E2E_PROVIDER names (two
// sims by default; any two clusters; or two k3s containers). The scenario plays the user (CRD,
// Secret, Link) and the remote cluster's controllers (it creates the EndpointSlices itself), and
// judges the daemon by the Link's status and the admin /status document only.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConditionType, Reason } from "../../src/link/conditions.js";
import { type RunningDaemon, startDaemon } from "./harness/daemon.js";
import { type ClusterPair, resolveProvider } from "./harness/index.js";
import {
  applyLink,
  applyLinkCrd,
  awaitCondition,
  CONNECTED,
  createRemoteEndpointSlice,
  createRemoteService,
  deleteNamespace,
  ensureNamespace,
  putCredentialsSecret,
  readLink,
} from "./harness/kube.js";
import { variant } from "./harness/kubeconfig-variants.js";
import { eventually, uniqueName } from "./harness/wait.js";

const resolved = await resolveProvider();
if (resolved.skipReason !== undefined) console.warn(`link scenarios skipped (${resolved.label})`);

describe.skipIf(resolved.skipReason !== undefined)(`link scenarios (${resolved.label})`, () => {
  let pair: ClusterPair;
  const namespaces: { cluster: "local" | "remote"; name: string }[] = [];
  const daemons: RunningDaemon[] = [];

  beforeAll(async () => {
    pair = await resolved.provider.start();
    await applyLinkCrd(pair.local);
  }, 300_000);

  afterAll(async () => {
    for (const daemon of daemons) await daemon.stop();
    for (const { cluster, name } of namespaces) await deleteNamespace(pair[cluster], name);
    await pair?.cleanup();
  }, 120_000);

  async function namespace(cluster: "local" | "remote", prefix: string): Promise<string> {
    const name = uniqueName(prefix);
    await ensureNamespace(pair[cluster], name);
    namespaces.push({ cluster, name });
    return name;
  }

  async function linked(link: string): Promise<{ ns: string; daemon: RunningDaemon }> {
    const ns = await namespace("local", "svcmirror");
    await putCredentialsSecret(pair.local, ns, `${link}-creds`, pair.remoteKubeconfigForSecret);
    await applyLink(pair.local, ns, link, {
      targetClusterName: link,
      clusterCredentialsSecret: `${link}-creds`,
    });
    const daemon = await startDaemon(pair, { namespace: ns, link });
    daemons.push(daemon);
    return { ns, daemon };
  }

  async function remoteServices(daemon: RunningDaemon): Promise<number> {
    const status = (await daemon.status()) as { link?: { remote?: { services?: number } } };
    return status.link?.remote?.services ?? -1;
  }

  it("connects to the remote cluster and follows its exported Services", async () => {
    const remoteNs = await namespace("remote", "shop");
    await createRemoteService(pair.remote, remoteNs, "cart", { "svcmirror.io/exported": "remote-discovery" });
    await createRemoteEndpointSlice(pair.remote, remoteNs, "cart", ["10.10.0.1"]);
    const { ns, daemon } = await linked("east");
    await awaitCondition(pair.local, ns, "east", CONNECTED, 60_000);
    const link = await readLink(pair.local, ns, "east");
    expect(link?.status).toMatchObject({ observedGeneration: 1, mode: "flat" });
    const before = await remoteServices(daemon);
    expect(before).toBeGreaterThanOrEqual(1);

    await createRemoteService(pair.remote, remoteNs, "orders", {
      "svcmirror.io/exported": "remote-discovery",
    });
    await eventually(
      async () => (await remoteServices(daemon)) === before + 1,
      "the new export to be seen",
      30_000,
    );
  });

  it("reports broken credentials and recovers when the Secret is rotated back, without a restart", async () => {
    const { ns, daemon } = await linked("west");
    await awaitCondition(pair.local, ns, "west", CONNECTED, 60_000);
    const broken = variant(pair.remoteKubeconfigForSecret, (_cluster, user) => {
      for (const key of Object.keys(user)) delete user[key];
      user.token = "scenario-invalid-token";
    });
    await putCredentialsSecret(pair.local, ns, "west-creds", broken);
    await awaitCondition(
      pair.local,
      ns,
      "west",
      { type: ConditionType.Ready, status: "False", reason: Reason.RemoteUnauthorized },
      60_000,
    );
    await putCredentialsSecret(pair.local, ns, "west-creds", pair.remoteKubeconfigForSecret);
    await awaitCondition(pair.local, ns, "west", CONNECTED, 60_000);
    const status = (await daemon.status()) as { link?: { stats?: Record<string, number> } };
    expect(status.link?.stats).toEqual({ specLoads: 1, connectionsStarted: 3 });
    expect(daemon.lines.some((l) => l.msg === "svcmirror stopped")).toBe(false);
  });

  it("reports an invalid Link and picks up the corrected spec", async () => {
    const ns = await namespace("local", "svcmirror");
    await putCredentialsSecret(pair.local, ns, "north-creds", pair.remoteKubeconfigForSecret);
    const spec = {
      targetClusterName: "north",
      clusterCredentialsSecret: "north-creds",
      gatewayAddress: "192.0.2.7",
    };
    await applyLink(pair.local, ns, "north", spec);
    daemons.push(await startDaemon(pair, { namespace: ns, link: "north" }));
    const ready = await awaitCondition(
      pair.local,
      ns,
      "north",
      { type: ConditionType.Ready, status: "False", reason: Reason.InvalidSpec },
      60_000,
    );
    expect(ready.message).toContain("spec.gatewayPort");
    await applyLink(pair.local, ns, "north", { ...spec, gatewayPort: 4143 });
    await awaitCondition(pair.local, ns, "north", CONNECTED, 60_000);
    const link = await readLink(pair.local, ns, "north");
    expect(link?.status?.observedGeneration).toBe(2);
    expect(link?.status?.conditions?.find((c) => c.type === ConditionType.GatewayAlive)).toMatchObject({
      status: "Unknown",
      reason: Reason.GatewayProbePending,
    });
  });
});
