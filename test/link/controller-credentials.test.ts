// Every way the credentials can fail gets its own condition reason on RemoteReachable and Ready, a
// Warning Event and a log line, is retried, and a Secret change retries at once. Nothing of the
// Secret (tokens, CA data) ever reaches a log line.

import { createServer } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConditionType, Reason } from "../../src/link/conditions.js";
import type { ClusterPair } from "../scenarios/harness/index.js";
import {
  awaitCondition,
  CONNECTED,
  conditionOf,
  deleteSecret,
  putCredentialsSecret,
  readLink,
} from "../scenarios/harness/kube.js";
import {
  withExec,
  withInsecureSkipVerify,
  withServer,
  withToken,
  withTokenFile,
} from "../scenarios/harness/kubeconfig-variants.js";
import { SIM_TOKEN, SIM_USER_TOKEN } from "../scenarios/harness/sim-provider.js";
import { eventually } from "../scenarios/harness/wait.js";
import { LinkRig, type StartedLink } from "./controller-rig.js";

const BAD_TOKEN = "not-a-valid-token-4711";

let rig: LinkRig;
let pair: ClusterPair;
let closedPortUrl: string;
const logs: string[] = [];

beforeAll(async () => {
  rig = await LinkRig.start();
  pair = rig.pair;
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  closedPortUrl = `https://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

afterEach(async () => {
  pair.sims?.remote.faults.clear();
  for (const r of await rig.stopControllers()) logs.push(...r.log.lines);
});

afterAll(async () => {
  await pair.cleanup();
});

async function expectBlocked(started: StartedLink, reason: string, messagePart: string): Promise<void> {
  const { names } = started;
  const ready = await awaitCondition(pair.local, names.namespace, names.link, {
    type: ConditionType.Ready,
    status: "False",
    reason,
  });
  expect(ready.message).toContain(messagePart);
  const link = await readLink(pair.local, names.namespace, names.link);
  expect(conditionOf(link, ConditionType.RemoteReachable)).toMatchObject({ status: "False", reason });
  await eventually(async () => {
    const events = await pair.local.clients.core.listNamespacedEvent({ namespace: names.namespace });
    return events.items.some(
      (e) => e.involvedObject.name === names.link && e.type === "Warning" && e.reason === reason,
    );
  }, `a Warning Event ${reason} on the Link`);
  expect(
    started.r.log.lines.some((line) => line.includes('"msg":"Link is not ready"') && line.includes(reason)),
  ).toBe(true);
}

describe("credentials failures", () => {
  it("SecretNotFound, then connects at once when the Secret is created", async () => {
    const started = await rig.startLink({
      secret: null,
      connectBackoff: { initialMs: 60_000, maxMs: 60_000 },
    });
    await expectBlocked(started, Reason.SecretNotFound, started.names.secret);
    const { names } = started;
    await putCredentialsSecret(pair.local, names.namespace, names.secret, pair.remoteKubeconfigForSecret);
    await awaitCondition(pair.local, names.namespace, names.link, CONNECTED);
  });

  it.each([
    ["SecretTypeInvalid", { type: "Opaque" }, '"Opaque"'],
    ["SecretKeyMissing", { key: "config" }, '"kubeconfig"'],
  ])("%s", async (reason, shape, messagePart) => {
    const started = await rig.startLink({ secret: { kubeconfig: pair.remoteKubeconfigForSecret, ...shape } });
    await expectBlocked(started, reason, messagePart);
  });

  it("KubeconfigInvalid for text that is not a kubeconfig", async () => {
    const started = await rig.startLink({ secret: { kubeconfig: "clusters: [unclosed\n  token: x" } });
    await expectBlocked(started, Reason.KubeconfigInvalid, "not valid YAML");
  });

  it.each([
    ["exec", withExec],
    ["token-file", withTokenFile],
    ["insecure-skip-tls-verify", withInsecureSkipVerify],
  ])("KubeconfigForbiddenField for %s", async (field, make) => {
    const started = await rig.startLink({ secret: { kubeconfig: make(pair.remoteKubeconfigForSecret) } });
    await expectBlocked(started, Reason.KubeconfigForbiddenField, field);
  });

  it("accepts insecure-skip-tls-verify when started with allowInsecureRemote", async () => {
    const started = await rig.startLink({
      secret: { kubeconfig: withInsecureSkipVerify(pair.remoteKubeconfigForSecret) },
      allowInsecureRemote: true,
    });
    await awaitCondition(pair.local, started.names.namespace, started.names.link, CONNECTED);
    expect(started.r.log.lines.some((l) => l.includes("certificate is not verified"))).toBe(true);
  });
});

describe("remote failures", () => {
  it("RemoteUnreachable for a server that refuses connections", async () => {
    const started = await rig.startLink({
      secret: { kubeconfig: withServer(pair.remoteKubeconfigForSecret, closedPortUrl) },
    });
    await expectBlocked(started, Reason.RemoteUnreachable, "cannot reach");
  });

  it("RemoteUnauthorized (401) for a bad token; a Secret update retries at once", async () => {
    const started = await rig.startLink({
      secret: { kubeconfig: withToken(pair.remoteKubeconfigForSecret, BAD_TOKEN) },
      connectBackoff: { initialMs: 60_000, maxMs: 60_000 },
    });
    await expectBlocked(started, Reason.RemoteUnauthorized, "401");
    const { names } = started;
    await putCredentialsSecret(pair.local, names.namespace, names.secret, pair.remoteKubeconfigForSecret);
    await awaitCondition(pair.local, names.namespace, names.link, CONNECTED);
    expect(started.r.controller.stats().connectionsStarted).toBe(2);
  });

  it("RemoteForbidden (403) for a user without RBAC permissions", async () => {
    const started = await rig.startLink({
      secret: { kubeconfig: withToken(pair.remoteKubeconfigForSecret, SIM_USER_TOKEN) },
    });
    await expectBlocked(started, Reason.RemoteForbidden, "realkube-user");
  });

  it("retries a refusal with backoff and connects once the remote allows it", async () => {
    const faults = pair.sims?.remote.faults;
    if (faults === undefined) throw new Error("the sim provider exposes faults");
    faults.fail({ resource: "endpointslices", verbs: ["list"] }, { code: 403 }, { times: 3 });
    const started = await rig.startLink();
    await expectBlocked(started, Reason.RemoteForbidden, "endpointslices");
    await awaitCondition(pair.local, started.names.namespace, started.names.link, CONNECTED);
    expect(started.r.controller.stats().connectionsStarted).toBe(1);
  });

  it("a deleted Secret stops the connection and keeps the remote view", async () => {
    const started = await rig.startLink();
    const { names, r } = started;
    await eventually(() => r.controller.remote.state().synced, "the remote view to sync");
    await deleteSecret(pair.local, names.namespace, names.secret);
    await expectBlocked(started, Reason.SecretNotFound, "does not exist");
    expect(r.controller.remote.state()).toMatchObject({ synced: true, frozen: true });
  });
});

describe("logging", () => {
  it("never logs a token or certificate data", () => {
    const text = logs.join("");
    expect(text.length).toBeGreaterThan(0);
    const caData = /certificate-authority-data: (\S+)/.exec(pair.remoteKubeconfigForSecret)?.[1];
    expect(caData).toBeDefined();
    for (const secret of [SIM_TOKEN, SIM_USER_TOKEN, BAD_TOKEN, caData ?? "", "LS0tLS1CRUdJTi"]) {
      expect(text).not.toContain(secret);
    }
  });
});
