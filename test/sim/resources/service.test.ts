// Service hooks against fixtures 034-111: defaults, ClusterIP/NodePort allocation, validation, updates.

import { describe, expect, it } from "vitest";
import type { KubeObject, ResourceKind } from "../../../src/sim/types.js";
import {
  builtinKind,
  create,
  expectOk,
  invalidBody,
  loadCase,
  namespaceOf,
  normalizeClusterIPs,
  rendered,
  requestBody,
  responseBody,
  update,
  withoutPipelineFields,
} from "./harness.js";

function svc(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: "v1", kind: "Service", metadata: { name }, spec };
}

const ns = "fixture-ns-2";

function renderedService(obj: KubeObject, requestedIPs: string[] = []): Record<string, unknown> {
  return rendered(normalizeClusterIPs(obj, requestedIPs));
}

describe("Service create: defaulting and allocation as the fixtures show", () => {
  it.each(["034", "038", "039", "040", "067", "069", "073"])("case %s", (number) => {
    const c = loadCase(number);
    const obj = expectOk(
      create(builtinKind("Service"), requestBody(c), { namespace: namespaceOf(c.request.path) }),
    );
    expect(renderedService(obj)).toEqual(withoutPipelineFields(responseBody(c)));
  });

  it("allocates from the range, skipping the API server's own address", () => {
    const kind = builtinKind("Service");
    const a = expectOk(create(kind, svc("a", { ports: [{ port: 80 }] }), { namespace: ns }));
    const b = expectOk(create(kind, svc("b", { ports: [{ port: 80 }] }), { namespace: ns }));
    const ipA = (a.spec as { clusterIP: string }).clusterIP;
    const ipB = (b.spec as { clusterIP: string }).clusterIP;
    expect(ipA).toMatch(/^10\.96\.\d+\.\d+$/);
    expect(ipB).not.toBe(ipA);
    expect([ipA, ipB]).not.toContain("10.96.0.1");
    expect(a.spec).toMatchObject({ clusterIPs: [ipA], ipFamilies: ["IPv4"], ipFamilyPolicy: "SingleStack" });
  });

  it("grants 10.96.0.1 when the kubernetes Service asks for it, once", () => {
    const kind = builtinKind("Service");
    const first = create(
      kind,
      svc("kubernetes", { clusterIP: "10.96.0.1", ports: [{ name: "https", port: 443 }] }),
      {
        namespace: "default",
      },
    );
    expect(expectOk(first).spec).toMatchObject({ clusterIP: "10.96.0.1", clusterIPs: ["10.96.0.1"] });
    const second = create(kind, svc("other", { clusterIP: "10.96.0.1", ports: [{ port: 443 }] }), {
      namespace: ns,
    });
    expect(second).toEqual({
      kind: "invalid",
      errors: [
        {
          reason: "FieldValueInvalid",
          field: "spec.clusterIPs",
          message:
            'Invalid value: []string{"10.96.0.1"}: failed to allocate IP 10.96.0.1: provided IP is already allocated',
        },
      ],
    });
  });

  it("reads empty strings and zeros of omitempty fields as unset, as Go's decoding does", () => {
    const body = svc("empty", { clusterIP: "", type: "", ports: [{ name: "", port: 80, nodePort: 0 }] });
    const obj = expectOk(create(builtinKind("Service"), body, { namespace: ns }));
    expect(obj.spec).toMatchObject({
      type: "ClusterIP",
      ports: [{ protocol: "TCP", port: 80, targetPort: 80 }],
    });
    expect((obj.spec as { clusterIP: string }).clusterIP).toMatch(/^10\.96\./);
    expect((obj.spec as { ports: object[] }).ports[0]).not.toHaveProperty("name");
  });

  it("selectorless headless Services get a dual-stack policy with both families (as kube does)", () => {
    const obj = expectOk(create(builtinKind("Service"), svc("h", { clusterIP: "None" }), { namespace: ns }));
    expect(obj.spec).toMatchObject({
      clusterIP: "None",
      clusterIPs: ["None"],
      ipFamilies: ["IPv4", "IPv6"],
      ipFamilyPolicy: "RequireDualStack",
    });
  });
});

describe("Service validation messages", () => {
  it.each(["068", "070", "071", "072", "074", "075", "076", "077", "079"])("case %s", (number) => {
    const c = loadCase(number);
    const kind = builtinKind("Service");
    const outcome = create(kind, requestBody(c), { namespace: namespaceOf(c.request.path) });
    if (outcome.kind !== "invalid") throw new Error("expected a validation failure");
    const name = requestBody(c).metadata.name ?? "";
    expect(invalidBody(kind, name, outcome.errors)).toEqual(responseBody(c));
  });

  it("078: a clusterIP outside the range", () => {
    const c = loadCase("078");
    const kind = builtinKind("Service");
    const body = requestBody(c);
    // The fixture normalized the requested address; its message names it.
    (body.spec as Record<string, unknown>).clusterIP = "192.168.1.1";
    const outcome = create(kind, body, { namespace: ns });
    if (outcome.kind !== "invalid") throw new Error("expected a validation failure");
    expect(invalidBody(kind, "svc-badip", outcome.errors)).toEqual(responseBody(c));
  });

  it("reports allocation errors alone, as the real server stops at allocation", () => {
    const outcome = create(
      builtinKind("Service"),
      svc("Bad_Name", { clusterIP: "10.95.0.1", ports: [{ port: 80 }] }),
      {
        namespace: ns,
      },
    );
    expect(outcome.kind === "invalid" && outcome.errors.map((e) => e.field)).toEqual(["spec.clusterIPs"]);
  });
});

describe("Service allocator lifecycle", () => {
  it("frees addresses on release and when validation fails, and not on a dry run", () => {
    const kind = builtinKind("Service");
    const want = { clusterIP: "10.96.200.200", ports: [{ port: 80 }] };
    const dry = create(kind, svc("dry", want), { namespace: ns, dryRun: true });
    expect(expectOk(dry).spec).toMatchObject({ clusterIP: "10.96.200.200" });
    const rejected = create(kind, svc("rejected", { ...want, ports: [] }), { namespace: ns });
    expect(rejected.kind).toBe("invalid");
    const held = expectOk(create(kind, svc("held", want), { namespace: ns }));
    expect(create(kind, svc("again", want), { namespace: ns }).kind).toBe("invalid");
    kind.release?.(held);
    expect(expectOk(create(kind, svc("again", want), { namespace: ns })).spec).toMatchObject({
      clusterIP: "10.96.200.200",
    });
  });

  it("a dry run hands out an address without keeping it", () => {
    const kind = builtinKind("Service");
    const dry = expectOk(
      create(kind, svc("dry", { ports: [{ port: 80 }] }), { namespace: ns, dryRun: true }),
    );
    const ip = (dry.spec as { clusterIP: string }).clusterIP;
    const taken = create(kind, svc("real", { clusterIP: ip, ports: [{ port: 80 }] }), { namespace: ns });
    expect(expectOk(taken).spec).toMatchObject({ clusterIP: ip });
  });

  it("allocates node ports for NodePort Services and reports a taken one", () => {
    const kind = builtinKind("Service");
    const a = expectOk(
      create(kind, svc("np", { type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] }), {
        namespace: ns,
      }),
    );
    expect(a.spec).toMatchObject({ externalTrafficPolicy: "Cluster", ports: [{ nodePort: 30080 }] });
    const b = create(kind, svc("np2", { type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] }), {
      namespace: ns,
    });
    expect(b.kind === "invalid" && b.errors).toEqual([
      {
        reason: "FieldValueInvalid",
        field: "spec.ports[0].nodePort",
        message: "Invalid value: 30080: provided port is already allocated",
      },
    ]);
    const c = expectOk(
      create(kind, svc("np3", { type: "NodePort", ports: [{ port: 80 }] }), { namespace: ns }),
    );
    const allocated = ((c.spec as { ports: { nodePort: number }[] }).ports[0] ?? { nodePort: 0 }).nodePort;
    expect(allocated).toBeGreaterThanOrEqual(30000);
    expect(allocated).toBeLessThanOrEqual(32767);
  });
});

describe("Service update", () => {
  function stored(kind: ResourceKind): KubeObject {
    return expectOk(create(kind, requestBody(loadCase("034")), { namespace: ns }));
  }

  it("061: a PUT omitting clusterIP/clusterIPs keeps them", () => {
    const kind = builtinKind("Service");
    const old = stored(kind);
    const body = structuredClone(old);
    const spec = body.spec as Record<string, unknown>;
    delete spec.clusterIP;
    delete spec.clusterIPs;
    const next = expectOk(update(kind, body, old));
    expect(next.spec).toEqual(old.spec);
  });

  it.each([
    ["064", true],
    ["065", false],
  ])("%s: changing the clusterIP is rejected", (number, withPlural) => {
    const kind = builtinKind("Service");
    const old = stored(kind);
    const body = structuredClone(old);
    const spec = body.spec as Record<string, unknown>;
    spec.clusterIP = "10.96.200.200";
    if (withPlural) spec.clusterIPs = ["10.96.200.200"];
    else delete spec.clusterIPs;
    const outcome = update(kind, body, old);
    if (outcome.kind !== "invalid") throw new Error("expected a validation failure");
    expect(invalidBody(kind, "svc-a", outcome.errors)).toEqual(responseBody(loadCase(number)));
  });

  it("keeps the stored status and ignores one sent on the main resource", () => {
    const kind = builtinKind("Service");
    const old = stored(kind);
    const body = { ...structuredClone(old), status: { loadBalancer: { ingress: [{ ip: "1.2.3.4" }] } } };
    expect(expectOk(update(kind, body, old)).status).toEqual({ loadBalancer: {} });
  });

  it("switching to ExternalName wipes the allocated fields", () => {
    const kind = builtinKind("Service");
    const old = stored(kind);
    const body = structuredClone(old);
    Object.assign(body.spec as object, { type: "ExternalName", externalName: "db.example.com" });
    const next = expectOk(update(kind, body, old));
    expect(next.spec).not.toHaveProperty("clusterIP");
    expect(next.spec).not.toHaveProperty("ipFamilies");
  });

  it("status writes keep the stored spec and validate load balancer ingress", () => {
    const kind = builtinKind("Service");
    const old = stored(kind);
    const body = {
      ...structuredClone(old),
      spec: {},
      status: { loadBalancer: { ingress: [{ ip: "nope" }] } },
    };
    kind.prepareForSubresourceUpdate?.("status", body, old, { dryRun: false, now: "" });
    expect(body.spec).toEqual(old.spec);
    expect(kind.validateSubresourceUpdate?.("status", body, old, { dryRun: false, now: "" })).toEqual([
      {
        reason: "FieldValueInvalid",
        field: "status.loadBalancer.ingress[0].ip",
        message: 'Invalid value: "nope": must be a valid IP address',
      },
    ]);
  });
});

describe("Service kind metadata", () => {
  it("matches discovery and the REST strategy", () => {
    const kind = builtinKind("Service");
    expect(kind).toMatchObject({
      plural: "services",
      singular: "service",
      shortNames: ["svc"],
      categories: ["all"],
      storageVersionHash: "0/CO1lhkEBI=",
      deleteReturnsObject: true,
      allowCreateOnUpdate: true,
      allowUnconditionalUpdate: true,
    });
  });

  it("declares ports as a map keyed by port and protocol, merged by port", () => {
    const ports = builtinKind("Service").schema.properties?.spec?.properties?.ports;
    expect(ports).toMatchObject({
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["port", "protocol"],
      "x-kubernetes-patch-merge-key": "port",
      "x-kubernetes-patch-strategy": "merge",
    });
  });
});
