// `svcmirror run` as composed by runDaemon: under leadership it runs the link controller for --link,
// whose conditions reach the Link's status, the admin /status document and /metrics; shutdown stops
// it in order and exits 0.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Reason } from "../../src/link/conditions.js";
import type { ClusterPair } from "../scenarios/harness/index.js";
import {
  applyLink,
  applyLinkCrd,
  awaitCondition,
  CONNECTED,
  ensureNamespace,
  putCredentialsSecret,
} from "../scenarios/harness/kube.js";
import { simProvider } from "../scenarios/harness/sim-provider.js";
import { eventually } from "../scenarios/harness/wait.js";
import { startTestDaemon, testRunConfig } from "../support/daemon.js";

let pair: ClusterPair;

beforeAll(async () => {
  pair = await simProvider.start();
  await applyLinkCrd(pair.local);
  await ensureNamespace(pair.local, "svcmirror-system");
  await putCredentialsSecret(pair.local, "svcmirror-system", "east-creds", pair.remoteKubeconfigForSecret);
  await applyLink(pair.local, "svcmirror-system", "east", {
    targetClusterName: "east",
    clusterCredentialsSecret: "east-creds",
  });
});

afterAll(async () => {
  await pair.cleanup();
});

const config = testRunConfig({ kubeQps: 100, kubeBurst: 100 });

describe("svcmirror run with a Link", () => {
  it("runs the link controller under leadership and shows it on /status and /metrics", async () => {
    const { logs, stop, exit, adminUrl } = startTestDaemon(config, {
      version: "0.0.0-test",
      loadKubeConfig: () => pair.local.kubeConfig,
    });
    const admin = await adminUrl();

    await awaitCondition(pair.local, "svcmirror-system", "east", CONNECTED);
    let status: Record<string, unknown> = {};
    await eventually(
      async () => {
        status = (await (await fetch(`${admin}/status`)).json()) as Record<string, unknown>;
        return JSON.stringify(status).includes(Reason.Connected);
      },
      () => `the link section on /status: ${JSON.stringify(status)}`,
    );
    expect(status).toMatchObject({
      election: { isLeader: true },
      link: {
        link: "svcmirror-system/east",
        found: true,
        spec: { valid: true },
        secret: { name: "east-creds", exists: true },
        remote: { synced: true, frozen: false },
        stats: { specLoads: 1, connectionsStarted: 1 },
      },
    });
    const metrics = await (await fetch(`${admin}/metrics`)).text();
    expect(metrics).toContain(
      'svcmirror_link_condition{link="east",condition="RemoteReachable",status="True"} 1',
    );
    expect(metrics).toContain('svcmirror_link_remote_connections_total{link="east"} 1');
    expect(
      logs.lines.some((l) => l.component === "link" && l.msg === "connecting to the remote cluster"),
    ).toBe(true);

    stop.abort();
    expect(await exit).toBe(0);
  });
});
