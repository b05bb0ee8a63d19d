// manifests/deployment.yaml against the code that runs in it: the container's args and env go
// through the real config parser as a pod would hand them over, the probe and scrape paths are asked
// of a running daemon's admin server, and the pod's settings (replicas, disruption budget, spread,
// security, grace period) are checked against what the daemon needs.

import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RUN_OPTIONS, type RunConfig } from "../../src/config.js";
import { leaseNameForLink, resolveTimings } from "../../src/election/config.js";
import { type Sim, startSim } from "../../src/sim/index.js";
import { clusterFromKubeconfig } from "../scenarios/harness/clusters.js";
import { eventually } from "../scenarios/harness/wait.js";
import { startTestDaemon, type TestDaemon } from "../support/daemon.js";
import {
  type Container,
  DEPLOYMENT_FILE,
  type HttpProbe,
  loadDeployment,
  type PodDisruptionBudget,
  runConfigInPod,
} from "./support/deployment.js";
import {
  DAEMON_NAMESPACE,
  findObject,
  loadManifest,
  manifestText,
  parseManifests,
} from "./support/manifests.js";

const PACKAGE = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string;
};
/** src/admin/server.ts lets in-flight admin requests finish for this long when closing. */
const ADMIN_CLOSE_GRACE_MS = 5000;

const objects = loadManifest(DEPLOYMENT_FILE);
const { deployment, container } = loadDeployment(objects);
const pod = deployment.spec.template.spec;
const POD = { name: "svcmirror-example-5f7c9d-x2x4q", namespace: deployment.metadata.namespace ?? "" };

function adminPort(c: Container): number {
  const port = c.ports?.find((p) => p.name === "admin");
  if (port === undefined) throw new Error("no port named admin");
  return port.containerPort;
}

function probePort(probe: HttpProbe | undefined, c: Container): number | undefined {
  const port = probe?.httpGet.port;
  return typeof port === "string" ? c.ports?.find((p) => p.name === port)?.containerPort : port;
}

/** Kubernetes quantities as used here: plain numbers, milli-units, and binary suffixes. */
function quantity(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi)?$/.exec(text);
  if (match === null) throw new Error(`unsupported quantity ${text}`);
  const factor = { m: 0.001, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 }[match[2] ?? ""] ?? 1;
  return Number(match[1]) * factor;
}

describe("the daemon's command line in a pod", () => {
  const config = runConfigInPod(container, POD);

  it("parses with the real config parser into the intended settings", () => {
    expect(config).toMatchObject({
      link: "example",
      namespace: DAEMON_NAMESPACE,
      identity: POD.name,
      kube: { kind: "in-cluster" },
      adminAddr: { port: adminPort(container) },
      allowInsecureRemote: false,
    });
    expect(() => resolveTimings(config.election)).not.toThrow();
    expect(leaseNameForLink(config.link)).toBe("svcmirror-example");
  });

  it("sets only variables the daemon reads", () => {
    const known = new Set(RUN_OPTIONS.map((o) => o.env));
    expect((container.env ?? []).map((e) => e.name).filter((name) => !known.has(name))).toEqual([]);
  });

  it("gives each replica its own identity in the Lease", () => {
    const other = runConfigInPod(container, { ...POD, name: "svcmirror-example-5f7c9d-9kq7z" });
    expect(other.identity).not.toBe(config.identity);
  });

  it("runs the image's entrypoint with the `run` subcommand", () => {
    expect(container.command).toBeUndefined();
    expect(container.args?.[0]).toBe("run");
  });
});

describe("copies of the Deployment for other Links", () => {
  it("serve the Link whose name replaces the word example", () => {
    const rendered = parseManifests(manifestText(DEPLOYMENT_FILE).replaceAll("example", "east"), "copy");
    const copy = loadDeployment(rendered);
    const config = runConfigInPod(copy.container, { ...POD, name: "svcmirror-east-6b8d-7hjkl" });
    expect(config.link).toBe("east");
    expect(copy.deployment.metadata.name).toBe("svcmirror-east");
    const pdb = findObject<PodDisruptionBudget>(rendered, "PodDisruptionBudget", "svcmirror-east");
    expect(pdb.spec.selector).toEqual(copy.deployment.spec.selector);
    expect(copy.deployment.spec.selector).not.toEqual(deployment.spec.selector);
    expect(copy.container.image).toBe(container.image);
  });
});

describe("the admin server behind the probes", () => {
  let sim: Sim;
  let config: RunConfig;
  let daemon: TestDaemon;
  let adminUrl = "";

  beforeAll(async () => {
    sim = await startSim();
    config = { ...runConfigInPod(container, POD), adminAddr: { host: "127.0.0.1", port: 0 } };
    const kubeConfig = clusterFromKubeconfig("local", sim.kubeconfig).kubeConfig;
    daemon = startTestDaemon(config, { version: PACKAGE.version, loadKubeConfig: () => kubeConfig });
    adminUrl = await daemon.adminUrl();
  });

  afterAll(async () => {
    daemon.stop.abort();
    expect(await daemon.exit).toBe(0);
    await sim.stop();
  });

  it("answers the liveness probe", async () => {
    expect(probePort(container.livenessProbe, container)).toBe(adminPort(container));
    const response = await fetch(`${adminUrl}${container.livenessProbe?.httpGet.path}`);
    expect(response.status).toBe(200);
  });

  it("answers the readiness probe once started", async () => {
    expect(probePort(container.readinessProbe, container)).toBe(adminPort(container));
    let status = 0;
    await eventually(
      async () => {
        status = (await fetch(`${adminUrl}${container.readinessProbe?.httpGet.path}`)).status;
        return status === 200;
      },
      () => `readiness 200, last ${status}`,
    );
  });

  it("serves metrics where the scrape annotations point", async () => {
    const annotations = deployment.spec.template.metadata.annotations ?? {};
    expect(annotations["prometheus.io/scrape"]).toBe("true");
    expect(Number(annotations["prometheus.io/port"])).toBe(adminPort(container));
    const response = await fetch(`${adminUrl}${annotations["prometheus.io/path"]}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("svcmirror_leader_election_");
  });

  it("answers 404 for a path it does not serve (so a wrong probe path fails above)", async () => {
    expect((await fetch(`${adminUrl}/healthz`)).status).toBe(404);
  });
});

describe("the pod", () => {
  it("runs two replicas, kept at one or more through voluntary disruptions", () => {
    expect(deployment.spec.replicas).toBe(2);
    const pdb = findObject<PodDisruptionBudget>(objects, "PodDisruptionBudget", deployment.metadata.name);
    expect(pdb.metadata.namespace).toBe(deployment.metadata.namespace);
    expect(pdb.spec.minAvailable).toBe(1);
    expect(pdb.spec.selector).toEqual(deployment.spec.selector);
  });

  it("is selected by its own Deployment and spread across nodes", () => {
    const labels = deployment.spec.template.metadata.labels;
    expect(labels).toMatchObject(deployment.spec.selector.matchLabels ?? {});
    expect(deployment.spec.selector.matchExpressions).toBeUndefined();
    const spread = pod.topologySpreadConstraints ?? [];
    expect(spread).toEqual([expect.objectContaining({ maxSkew: 1, topologyKey: "kubernetes.io/hostname" })]);
    expect(spread[0]?.labelSelector).toEqual(deployment.spec.selector);
  });

  it("gives the leader time to stop its work, release the Lease and close the admin server", () => {
    const config = runConfigInPod(container, POD);
    // Leader work is awaited for at most renewDeadline, and the release is bounded by it too.
    const worstCaseMs = 2 * config.election.renewDeadlineMs + ADMIN_CLOSE_GRACE_MS;
    expect((pod.terminationGracePeriodSeconds ?? 30) * 1000).toBeGreaterThan(worstCaseMs);
  });

  it("runs as the image's non-root user with nothing it does not need", () => {
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(container.securityContext?.capabilities?.add).toBeUndefined();
    const dockerfile = readFileSync(new URL("../../Dockerfile", import.meta.url), "utf8");
    const user = /^USER (\d+):(\d+)$/m.exec(dockerfile);
    expect(user, "a numeric USER in the Dockerfile").not.toBeNull();
    expect(pod.securityContext?.runAsUser).toBe(Number(user?.[1]));
    expect(pod.securityContext?.runAsGroup).toBe(Number(user?.[2]));
    expect(pod.securityContext?.runAsUser).not.toBe(0);
  });

  it("requests and bounds CPU and memory", () => {
    const { requests = {}, limits = {} } = container.resources ?? {};
    for (const resource of ["cpu", "memory"]) {
      expect(requests[resource], `requests.${resource}`).toBeDefined();
      expect(limits[resource], `limits.${resource}`).toBeDefined();
      expect(quantity(requests[resource] ?? "")).toBeLessThanOrEqual(quantity(limits[resource] ?? ""));
    }
  });

  it("runs the ServiceAccount that rbac.yaml grants, and the image of this version", () => {
    const rbac = loadManifest("rbac.yaml");
    const account = findObject(rbac, "ServiceAccount", pod.serviceAccountName ?? "");
    expect(account.metadata.namespace).toBe(deployment.metadata.namespace);
    expect(container.image).toBe(`svcmirror:${PACKAGE.version}`);
  });
});
