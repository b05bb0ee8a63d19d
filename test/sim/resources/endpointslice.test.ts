// EndpointSlice hooks against fixtures 113-146: defaults, rendering, validation messages, generation.

import { describe, expect, it } from "vitest";
import type { KubeObject, ResourceKind } from "../../../src/sim/types.js";
import {
  builtinKind,
  create,
  expectOk,
  invalidBody,
  loadCase,
  namespaceOf,
  rendered,
  requestBody,
  responseBody,
  update,
  withoutPipelineFields,
} from "./harness.js";

/** The generated bodies of fixtures 131 and 133: n endpoints 10.<octet>.(i/250).(i%250+1). */
function bigSlice(name: string, octet: number, n: number): KubeObject {
  const endpoints = Array.from({ length: n }, (_, i) => ({
    addresses: [`10.${octet}.${Math.floor(i / 250)}.${(i % 250) + 1}`],
  }));
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name },
    addressType: "IPv4",
    endpoints,
    ports: [{ name: "http", port: 8080, protocol: "TCP" }],
  };
}

describe("EndpointSlice create", () => {
  it.each(["113", "114", "115", "116", "125", "126", "129", "134", "138", "141"])("case %s", (number) => {
    const c = loadCase(number);
    const obj = expectOk(
      create(builtinKind("EndpointSlice"), requestBody(c), { namespace: namespaceOf(c.request.path) }),
    );
    expect(rendered(obj)).toEqual(withoutPipelineFields(responseBody(c)));
  });

  it("126: FQDN slices get the deprecation warning, IP slices none", () => {
    const kind = builtinKind("EndpointSlice");
    const fqdn = requestBody(loadCase("126"));
    expect(kind.warnings?.(fqdn)).toEqual(["spec.addressType: FQDN endpoints are deprecated"]);
    expect(loadCase("126").response.headers?.Warning).toBe(
      '299 - "spec.addressType: FQDN endpoints are deprecated"',
    );
    expect(kind.warnings?.(requestBody(loadCase("113")))).toEqual([]);
  });

  it("decoding drops empty omitempty maps but keeps the non-omitempty endpoints list until storage", () => {
    const kind = builtinKind("EndpointSlice");
    const body = requestBody(loadCase("115"));
    body.metadata.labels = {};
    body.metadata.managedFields = [];
    kind.decode?.(body);
    // An empty managedFields list asks the field manager to reset ownership: it must survive.
    expect(body.metadata.managedFields).toEqual([]);
    // What the field manager sees: 115's managedFields own f:endpoints, 141's own no f:labels.
    expect(body.metadata).not.toHaveProperty("labels");
    expect(body).toMatchObject({ endpoints: [], ports: [] });
    kind.prepareForCreate?.(body, { dryRun: false, now: "" });
    expect(body).toMatchObject({ endpoints: null, ports: null });
  });

  it("133: exactly 1000 endpoints are accepted", () => {
    expect(
      create(builtinKind("EndpointSlice"), bigSlice("svc-a-1000", 4, 1000), { namespace: "fixture-ns-3" })
        .kind,
    ).toBe("ok");
  });
});

describe("EndpointSlice validation messages", () => {
  it.each(["120", "121", "122", "123", "124", "127", "128", "130", "135", "136", "137", "139", "140"])(
    "case %s",
    (number) => {
      const c = loadCase(number);
      const kind = builtinKind("EndpointSlice");
      const body = requestBody(c);
      const outcome = create(kind, body, { namespace: namespaceOf(c.request.path) });
      if (outcome.kind !== "invalid") throw new Error("expected a validation failure");
      expect(invalidBody(kind, body.metadata.name ?? "", outcome.errors)).toEqual(responseBody(c));
    },
  );

  it("131: 1001 endpoints are too many", () => {
    const kind = builtinKind("EndpointSlice");
    const outcome = create(kind, bigSlice("bad-too-many", 2, 1001), { namespace: "fixture-ns-3" });
    if (outcome.kind !== "invalid") throw new Error("expected a validation failure");
    expect(invalidBody(kind, "bad-too-many", outcome.errors)).toEqual(responseBody(loadCase("131")));
  });

  it.each([
    ["0.0.0.0", "may not be unspecified (0.0.0.0)"],
    ["224.0.0.5", "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"],
    ["010.001.000.005", undefined],
  ])("IPv4 address %s", (address, message) => {
    const body = bigSlice("s", 1, 1);
    body.endpoints = [{ addresses: [address] }];
    const outcome = create(builtinKind("EndpointSlice"), body, { namespace: "ns" });
    if (message === undefined) expect(outcome.kind).toBe("ok");
    else
      expect(outcome.kind === "invalid" && outcome.errors.map((e) => e.message)).toEqual([
        `Invalid value: "${address}": ${message}`,
      ]);
  });
});

describe("EndpointSlice update", () => {
  function stored(kind: ResourceKind): KubeObject {
    return expectOk(create(kind, requestBody(loadCase("113")), { namespace: "fixture-ns-3" }));
  }

  function putBody(number: string, old: KubeObject): KubeObject {
    const body = requestBody(loadCase(number));
    body.metadata.uid = old.metadata.uid;
    delete body.metadata.managedFields;
    return body;
  }

  it("142: a spec change bumps the generation", () => {
    const kind = builtinKind("EndpointSlice");
    const old = stored(kind);
    const next = expectOk(update(kind, putBody("142", old), old));
    expect(rendered(next)).toEqual(withoutPipelineFields(responseBody(loadCase("142"))));
  });

  it("a metadata-only change keeps the generation, a label change bumps it", () => {
    const kind = builtinKind("EndpointSlice");
    const old = stored(kind);
    const annotated = structuredClone(old);
    annotated.metadata.annotations = { note: "x" };
    expect(expectOk(update(kind, annotated, old)).metadata.generation).toBe(1);
    const relabelled = structuredClone(old);
    relabelled.metadata.labels = { ...relabelled.metadata.labels, extra: "y" };
    expect(expectOk(update(kind, relabelled, old)).metadata.generation).toBe(2);
  });

  it("143: addressType is immutable", () => {
    const kind = builtinKind("EndpointSlice");
    const old = stored(kind);
    const outcome = update(kind, putBody("143", old), old);
    if (outcome.kind !== "invalid") throw new Error("expected a validation failure");
    expect(invalidBody(kind, "svc-a-cluster-2", outcome.errors)).toEqual(responseBody(loadCase("143")));
  });
});

describe("EndpointSlice kind metadata", () => {
  it("matches discovery and the REST strategy", () => {
    expect(builtinKind("EndpointSlice")).toMatchObject({
      group: "discovery.k8s.io",
      plural: "endpointslices",
      singular: "endpointslice",
      shortNames: [],
      storageVersionHash: "Nx3SIv6I0mE=",
      deleteReturnsObject: false,
      allowCreateOnUpdate: false,
      allowUnconditionalUpdate: true,
    });
  });

  it("endpoints and ports are atomic lists without a merge key", () => {
    const props = builtinKind("EndpointSlice").schema.properties ?? {};
    for (const key of ["endpoints", "ports"]) {
      expect(props[key]).toMatchObject({ "x-kubernetes-list-type": "atomic" });
      expect(props[key]).not.toHaveProperty("x-kubernetes-patch-merge-key");
    }
  });
});
