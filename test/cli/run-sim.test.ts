// runDaemon's default composition (leader election on svcmirror-<link>) against the embedded API server.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CoordinationV1Api, CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sim, startSim } from "../../src/sim/index.js";
import { startTestDaemon, type TestDaemon, testRunConfig } from "../support/daemon.js";
import { withDeadline } from "../support/logs.js";

let sim: Sim;
let kubeconfigPath: string;
let kubeConfig: KubeConfig;

beforeAll(async () => {
  sim = await startSim({});
  kubeconfigPath = join(mkdtempSync(join(tmpdir(), "svcmirror-run-sim-")), "local.kubeconfig");
  writeFileSync(kubeconfigPath, sim.kubeconfig);
  kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(sim.kubeconfig);
  await kubeConfig
    .makeApiClient(CoreV1Api)
    .createNamespace({ body: { metadata: { name: "svcmirror-system" } } });
});

afterAll(async () => {
  await sim?.stop();
});

/** A replica of the default composition, reading the sim's kubeconfig from a file as the CLI does. */
function startDaemon(identity: string): TestDaemon {
  return startTestDaemon(testRunConfig({ kube: { kind: "file", path: kubeconfigPath }, identity }), {
    version: "0.0.0-test",
  });
}

async function holder(): Promise<string | undefined> {
  const lease = await kubeConfig
    .makeApiClient(CoordinationV1Api)
    .readNamespacedLease({ name: "svcmirror-east", namespace: "svcmirror-system" });
  return lease.spec?.holderIdentity;
}

describe("svcmirror run on the sim", () => {
  it("leads through the Lease, shows it on /status and /metrics, and hands over on shutdown", async () => {
    const a = startDaemon("replica-a");
    await a.logs.waitFor("started leading");
    const adminA = await a.adminUrl();
    expect(await (await fetch(`${adminA}/status`)).json()).toMatchObject({
      election: {
        lease: "svcmirror-system/svcmirror-east",
        identity: "replica-a",
        isLeader: true,
        holder: "replica-a",
      },
    });
    expect(await (await fetch(`${adminA}/metrics`)).text()).toContain(
      'svcmirror_leader_election_is_leader{lease="svcmirror-system/svcmirror-east"} 1',
    );
    expect(await holder()).toBe("replica-a");

    const b = startDaemon("replica-b");
    const adminB = await b.adminUrl();
    await b.logs.waitFor("svcmirror started");
    expect((await fetch(`${adminB}/ready`)).status).toBe(200);
    expect(await (await fetch(`${adminB}/status`)).json()).toMatchObject({
      election: { identity: "replica-b", isLeader: false },
    });

    a.stop.abort();
    expect(await withDeadline(a.exit, 10_000, "replica-a to stop")).toBe(0);
    await a.logs.waitFor("released lease");
    await b.logs.waitFor("started leading");
    expect(await holder()).toBe("replica-b");

    b.stop.abort();
    expect(await withDeadline(b.exit, 10_000, "replica-b to stop")).toBe(0);
    expect(await holder()).toBe("");
  });

  it("exits 1 after an orderly shutdown when another holder takes the Lease over", async () => {
    const a = startDaemon("replica-c");
    await a.logs.waitFor("started leading");
    const leases = kubeConfig.makeApiClient(CoordinationV1Api);
    const lease = await leases.readNamespacedLease({ name: "svcmirror-east", namespace: "svcmirror-system" });
    await leases.replaceNamespacedLease({
      name: "svcmirror-east",
      namespace: "svcmirror-system",
      body: { metadata: lease.metadata, spec: { ...lease.spec, holderIdentity: "intruder" } },
    });
    expect(await withDeadline(a.exit, 10_000, "replica-c to exit")).toBe(1);
    expect(await a.logs.waitFor("component failed, shutting down")).toMatchObject({
      component: "leader-election",
      err: expect.objectContaining({ message: "lost leadership" }),
    });
    await expect(fetch(`${await a.adminUrl()}/ping`)).rejects.toThrow();
    expect(await holder()).toBe("intruder");
  });
});
