// The built-in kinds against recorded discovery (007, 010, 012, 013) and per-sim allocation state.

import { describe, expect, it } from "vitest";
import { builtinKinds, kubernetesServiceIP } from "../../../src/sim/resources/index.js";
import { create, loadCase } from "./harness.js";

interface APIResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  storageVersionHash?: string;
}

const lists = ["007", "010", "012", "013"].map((n) => {
  const body = loadCase(n).response.body as { groupVersion: string; resources: APIResource[] };
  return body;
});

function discovered(groupVersion: string, name: string): APIResource | undefined {
  return lists.find((l) => l.groupVersion === groupVersion)?.resources.find((r) => r.name === name);
}

describe("built-in kinds agree with recorded discovery", () => {
  const kinds = builtinKinds();

  it("serves the nine kinds", () => {
    expect(kinds.map((k) => k.kind).sort()).toEqual([
      "ConfigMap",
      "CustomResourceDefinition",
      "EndpointSlice",
      "Endpoints",
      "Event",
      "Lease",
      "Namespace",
      "Secret",
      "Service",
    ]);
  });

  it.each(kinds.map((k) => [k.kind, k] as const))("%s", (_name, kind) => {
    const groupVersion = kind.group ? `${kind.group}/${kind.version}` : kind.version;
    const resource = discovered(groupVersion, kind.plural);
    expect(resource).toBeDefined();
    expect({
      singularName: kind.singular,
      namespaced: kind.namespaced,
      kind: kind.kind,
      verbs: kind.verbs,
      shortNames: kind.shortNames.length > 0 ? kind.shortNames : undefined,
      categories: kind.categories,
      storageVersionHash: kind.storageVersionHash,
    }).toEqual({
      singularName: resource?.singularName,
      namespaced: resource?.namespaced,
      kind: resource?.kind,
      verbs: resource?.verbs,
      shortNames: resource?.shortNames,
      categories: resource?.categories,
      storageVersionHash: resource?.storageVersionHash,
    });
    for (const sub of kind.subresources)
      expect(discovered(groupVersion, `${kind.plural}/${sub}`)).toBeDefined();
  });

  it("gives every sim its own ClusterIP range", () => {
    const body = { metadata: { name: "s" }, spec: { clusterIP: "10.96.10.10", ports: [{ port: 80 }] } };
    for (let sim = 0; sim < 2; sim++) {
      const service = builtinKinds().find((k) => k.kind === "Service");
      if (!service) throw new Error("no Service kind");
      expect(create(service, body, { namespace: "default" }).kind).toBe("ok");
    }
  });

  it("honours a custom service CIDR", () => {
    const service = builtinKinds({ serviceCIDR: "172.20.0.0/24" }).find((k) => k.kind === "Service");
    if (!service) throw new Error("no Service kind");
    const outcome = create(
      service,
      { metadata: { name: "s" }, spec: { clusterIP: "10.96.0.5", ports: [{ port: 80 }] } },
      {
        namespace: "default",
      },
    );
    expect(outcome.kind === "invalid" && outcome.errors[0]?.message).toContain(
      "The range of valid IPs is 172.20.0.0/24",
    );
    expect(kubernetesServiceIP("172.20.0.0/24")).toBe("172.20.0.1");
  });
});
