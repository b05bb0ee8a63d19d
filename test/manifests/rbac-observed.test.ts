// The RBAC manifests against what a real run asks for. Two sims stand in for the clusters, each
// behind a recording proxy; `svcmirror run` is configured from the Deployment's args and env and
// serves the example Link. The scenario exercises every kind of call the daemon makes today: the
// election (create, renew, release), the Link's status, its Event created and then counted again, the
// credentials Secret deleted and restored, and the remote watches. Every recorded request must be
// allowed by manifests/rbac.yaml (local) or manifests/remote-rbac.yaml (remote) and be one the API
// call table lists; and the run must have touched every need in that table.

import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { ConditionType, Reason } from "../../src/link/conditions.js";
import { type Sim, startSim } from "../../src/sim/index.js";
import { clusterFromKubeconfig } from "../scenarios/harness/clusters.js";
import {
  applyLink,
  applyLinkCrd,
  awaitCondition,
  deleteSecret,
  ensureNamespace,
  putCredentialsSecret,
} from "../scenarios/harness/kube.js";
import type { ClusterHandle } from "../scenarios/harness/provider.js";
import { eventually } from "../scenarios/harness/wait.js";
import { startTestDaemon } from "../support/daemon.js";
import { API_CALL_SITES, type ClusterSide, RBAC_SUBJECTS } from "./support/api-calls.js";
import { loadDeployment, runConfigInPod } from "./support/deployment.js";
import { DAEMON_NAMESPACE, findObject, loadManifest } from "./support/manifests.js";
import { authorize, boundRules } from "./support/rbac.js";
import { type RecordedRequest, type RecordingProxy, startRecordingProxy } from "./support/recording-proxy.js";
import { requestAttributes } from "./support/request-info.js";

const TOKEN = "observed-admin-token";

interface LinkManifest {
  spec: Record<string, unknown> & { clusterCredentialsSecret: string };
}

/** The sim's kubeconfig with its server replaced by the proxy's URL. */
function throughProxy(sim: Sim, proxy: RecordingProxy): string {
  const kubeconfig = parse(sim.kubeconfig) as { clusters: { cluster: { server: string } }[] };
  for (const entry of kubeconfig.clusters) entry.cluster.server = proxy.url;
  return stringify(kubeconfig);
}

function needKey(side: ClusterSide, scope: string, group: string, resource: string, verb: string): string {
  return `${side} ${scope} ${verb} ${group || "core"}/${resource}`;
}

const TABLE_KEYS = new Set(
  API_CALL_SITES.flatMap((site) =>
    site.needs.flatMap((n) => n.verbs.map((verb) => needKey(n.cluster, n.scope, n.group, n.resource, verb))),
  ),
);

/** Which recorded requests the manifests deny or the table lacks, and the table keys they exercised. */
function judge(
  side: ClusterSide,
  requests: readonly RecordedRequest[],
): { problems: string[]; observed: Set<string> } {
  const rules = boundRules(loadManifest(RBAC_SUBJECTS[side].file), RBAC_SUBJECTS[side].account);
  const problems: string[] = [];
  const observed = new Set<string>();
  for (const { method, url } of requests) {
    const attributes = requestAttributes(method, url);
    if (attributes.kind === "nonResource") {
      problems.push(`${side}: non-resource request ${method} ${url}`);
      continue;
    }
    const { namespace, subresource } = attributes;
    const resource =
      subresource === undefined ? attributes.resource : `${attributes.resource}/${subresource}`;
    const scope = namespace === "" ? "cluster" : namespace === DAEMON_NAMESPACE ? "namespace" : namespace;
    const key = needKey(side, scope, attributes.group, resource, attributes.verb);
    observed.add(key);
    if (authorize(rules, attributes) === undefined) problems.push(`${side}: denied ${method} ${url}`);
    if (!TABLE_KEYS.has(key)) problems.push(`${side}: not in the API call table: ${key} (${method} ${url})`);
  }
  return { problems, observed };
}

describe("requests of a real run", () => {
  const sims: Sim[] = [];
  const proxies: Partial<Record<ClusterSide, RecordingProxy>> = {};
  let admin: ClusterHandle;
  const link = findObject<LinkManifest>(loadManifest("example-link.yaml"), "Link", "example");

  beforeAll(async () => {
    const [local, remote] = await Promise.all([startSim({ token: TOKEN }), startSim({ token: TOKEN })]);
    sims.push(local, remote);
    proxies.local = await startRecordingProxy(local.url);
    proxies.remote = await startRecordingProxy(remote.url);
    admin = clusterFromKubeconfig("local", local.kubeconfig);
    await applyLinkCrd(admin);
    await ensureNamespace(admin, DAEMON_NAMESPACE);
  });

  afterAll(async () => {
    await Promise.all(Object.values(proxies).map((p) => p.stop()));
    await Promise.all(sims.map((s) => s.stop()));
  });

  it("stay within the RBAC manifests and the API call table, and cover the table", async () => {
    const [localSim, remoteSim] = sims as [Sim, Sim];
    const { local, remote } = proxies as Record<ClusterSide, RecordingProxy>;
    const secret = link.spec.clusterCredentialsSecret;
    const remoteKubeconfig = throughProxy(remoteSim, remote);
    await putCredentialsSecret(admin, DAEMON_NAMESPACE, secret, remoteKubeconfig);
    await applyLink(admin, DAEMON_NAMESPACE, link.metadata.name, link.spec);

    const { container } = loadDeployment();
    const podConfig = runConfigInPod(container, {
      name: "svcmirror-example-7d9f-abcde",
      namespace: DAEMON_NAMESPACE,
    });
    const localKubeConfig = new KubeConfig();
    localKubeConfig.loadFromString(throughProxy(localSim, local));
    const { stop, exit } = startTestDaemon(
      {
        ...podConfig,
        // Test-only changes: a free admin port, quick election timings, and plain HTTP to the proxy.
        adminAddr: { host: "127.0.0.1", port: 0 },
        election: { leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 250 },
        allowInsecureRemote: true,
      },
      { version: "0.0.0-test", loadKubeConfig: () => localKubeConfig },
    );

    const connected = { type: ConditionType.RemoteReachable, status: "True", reason: Reason.Connected };
    const missing = { type: ConditionType.Ready, status: "False", reason: Reason.SecretNotFound };
    await awaitCondition(admin, DAEMON_NAMESPACE, link.metadata.name, connected);
    // A status write that loses a race with another writer: the sim holds the PUT while the Link
    // changes underneath it, so it is answered 409 and the writer re-reads the Link with a GET.
    const statusWrites = (): number =>
      local.requests.filter((r) => r.method === "PUT" && r.url.includes("/links/")).length;
    const writesBefore = statusWrites();
    const held = localSim.faults.delay({ resource: "links.svcmirror.io", verbs: ["update"] }, 2000);
    await deleteSecret(admin, DAEMON_NAMESPACE, secret);
    await eventually(() => statusWrites() > writesBefore, "a Link status write in flight");
    await applyLink(admin, DAEMON_NAMESPACE, link.metadata.name, link.spec, { touched: "by-another-writer" });
    // The write already held keeps its delay; the retry after the 409 goes through at once.
    held.clear();
    await awaitCondition(admin, DAEMON_NAMESPACE, link.metadata.name, missing);
    await putCredentialsSecret(admin, DAEMON_NAMESPACE, secret, remoteKubeconfig);
    await awaitCondition(admin, DAEMON_NAMESPACE, link.metadata.name, connected);
    await deleteSecret(admin, DAEMON_NAMESPACE, secret);
    // The same Ready=False event again: the recorder counts it on the existing Event with a patch.
    await eventually(async () => {
      const events = await admin.clients.core.listNamespacedEvent({ namespace: DAEMON_NAMESPACE });
      return events.items.some((e) => e.reason === Reason.SecretNotFound && (e.count ?? 0) >= 2);
    }, "the SecretNotFound Event to be counted twice");
    stop.abort();
    expect(await exit).toBe(0);

    const problems: string[] = [];
    const observed = new Set<string>();
    for (const side of ["local", "remote"] as const) {
      const requests = proxies[side]?.requests ?? [];
      expect(requests.length, `${side} requests`).toBeGreaterThan(0);
      const verdict = judge(side, requests);
      problems.push(...verdict.problems);
      for (const key of verdict.observed) observed.add(key);
    }
    expect(problems).toEqual([]);
    expect(
      [...TABLE_KEYS].filter((key) => !observed.has(key)),
      "table needs this run never exercised",
    ).toEqual([]);
  });
});
