// manifests/crd-link.yaml applied to the sim over HTTP the way `kubectl apply --server-side` sends it
// (an apply patch of the manifest's JSON, with client-node's TLS and credentials): it is stored as
// written, Established and discovered with its status subresource, applying it again changes nothing,
// and a Link created from it gets the schema defaults.

import type { KubernetesObject } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClusterPair } from "../scenarios/harness/index.js";
import { applyLink, applyLinkCrd, ensureNamespace, linkCrd, readLink } from "../scenarios/harness/kube.js";
import { simProvider } from "../scenarios/harness/sim-provider.js";

let pair: ClusterPair;

beforeAll(async () => {
  pair = await simProvider.start();
});

afterAll(async () => {
  await pair.cleanup();
});

interface ApiResourceList {
  resources: {
    name: string;
    kind: string;
    namespaced: boolean;
    shortNames?: string[];
    categories?: string[];
  }[];
}

describe("the Link CRD on the sim", () => {
  it("applies, is served and discovered, and re-applies as a no-op", async () => {
    await applyLinkCrd(pair.local);
    const path = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/links.svcmirror.io";
    const stored = (await pair.local.clients.getJson(path, {})) as KubernetesObject & { spec: unknown };
    expect(stored.spec).toMatchObject(linkCrd().spec);
    const discovery = (await pair.local.clients.getJson(
      "/apis/svcmirror.io/v1alpha1",
      {},
    )) as ApiResourceList;
    expect(discovery.resources.find((r) => r.name === "links")).toMatchObject({
      kind: "Link",
      namespaced: true,
      shortNames: ["lnk"],
      categories: ["svcmirror"],
    });
    expect(discovery.resources.map((r) => r.name)).toContain("links/status");

    const second = await applyLinkCrd(pair.local);
    expect(second.metadata?.resourceVersion).toBe(stored.metadata?.resourceVersion);
    expect(second.metadata?.generation).toBe(1);
  });

  it("defaults a minimal Link as the schema says", async () => {
    await applyLinkCrd(pair.local);
    await ensureNamespace(pair.local, "crd");
    await applyLink(pair.local, "crd", "east", {
      targetClusterName: "east",
      clusterCredentialsSecret: "creds",
    });
    const link = (await readLink(pair.local, "crd", "east")) as unknown as { spec: Record<string, unknown> };
    expect(link.spec).toEqual({
      targetClusterName: "east",
      clusterCredentialsSecret: "creds",
      targetClusterDomain: "cluster.local",
      probeSpec: { path: "/ready", port: 4191, period: "3s", timeout: "1s", failureThreshold: 3 },
      selector: { matchLabels: { "svcmirror.io/exported": "true" } },
      remoteDiscoverySelector: { matchLabels: { "svcmirror.io/exported": "remote-discovery" } },
    });
  });
});
