// `svcmirror run` as composed by runDaemon: under leadership it runs the link controller for --link,
// whose conditions reach the Link's status, the admin /status document and /metrics; shutdown stops
// it in order and exits 0.

import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunConfig } from "../../src/config.js";
import { Reason } from "../../src/link/conditions.js";
import { runDaemon } from "../../src/main.js";
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

const config: RunConfig = {
  link: "east",
  namespace: "svcmirror-system",
  kube: { kind: "file", path: "unused.kubeconfig" },
  identity: "replica-a",
  adminAddr: { host: "127.0.0.1", port: 0 },
  election: { leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 250 },
  kubeQps: 100,
  kubeBurst: 100,
  log: { format: "json", level: "info" },
  allowInsecureRemote: false,
};

describe("svcmirror run with a Link", () => {
  it("runs the link controller under leadership and shows it on /status and /metrics", async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done): void {
        for (const text of chunk.toString("utf8").split("\n")) if (text !== "") lines.push(JSON.parse(text));
        done();
      },
    });
    const stop = new AbortController();
    const exit = runDaemon(config, {
      stop: stop.signal,
      version: "0.0.0-test",
      logDestination: destination,
      loadKubeConfig: () => pair.local.kubeConfig,
    });
    await eventually(() => lines.some((l) => l.msg === "admin server listening"), "the admin server");
    const admin = `http://127.0.0.1:${lines.find((l) => l.msg === "admin server listening")?.port}`;

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
    expect(lines.some((l) => l.component === "link" && l.msg === "connecting to the remote cluster")).toBe(
      true,
    );

    stop.abort();
    expect(await exit).toBe(0);
  });
});
