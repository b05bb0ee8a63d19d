import { describe, expect, it } from "vitest";
import { parseLink } from "../../src/link/schema.js";

const minimalSpec = { targetClusterName: "east", clusterCredentialsSecret: "east-kubeconfig" };

function link(spec: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: "svcmirror.io/v1alpha1",
    kind: "Link",
    metadata: { name: "east", namespace: "svcmirror-system", generation: 3 },
    spec,
    ...extra,
  };
}

const gateway = { ...minimalSpec, gatewayAddress: "203.0.113.7", gatewayPort: 4143 };

describe("parseLink accepts", () => {
  it("a minimal Link and fills the CRD's defaults", () => {
    const result = parseLink(link(minimalSpec));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.link.metadata).toEqual({ name: "east", namespace: "svcmirror-system", generation: 3 });
    expect(result.link.spec).toEqual({
      targetClusterName: "east",
      targetClusterDomain: "cluster.local",
      clusterCredentialsSecret: "east-kubeconfig",
      probeSpec: { path: "/ready", port: 4191, period: "3s", timeout: "1s", failureThreshold: 3 },
      selector: { matchLabels: { "svcmirror.io/exported": "true" } },
      remoteDiscoverySelector: { matchLabels: { "svcmirror.io/exported": "remote-discovery" } },
    });
  });

  it("a fully specified gateway Link, keeping every given value", () => {
    const spec = {
      ...gateway,
      gatewayAddress: "203.0.113.7, gw.east.example.com,2001:db8::1",
      targetClusterDomain: "east.internal",
      gatewayIdentity: "gateway.multicluster.serviceaccount.identity.cluster.local",
      probeSpec: { path: "/health", port: 8080, period: "1m30s", timeout: "500ms", failureThreshold: 5 },
      selector: { matchExpressions: [{ key: "tier", operator: "In", values: ["web", "api"] }] },
      remoteDiscoverySelector: { matchLabels: {}, matchExpressions: [] },
      excludedLabels: ["internal.example.com/*", "team"],
      excludedAnnotations: ["kubectl.kubernetes.io/last-applied-configuration"],
    };
    const result = parseLink(link(spec));
    expect(result).toEqual({ ok: true, link: expect.objectContaining({ spec }) });
  });

  it("a status as the controller writes it", () => {
    const status = {
      observedGeneration: 3,
      mode: "gateway+flat",
      mirroredServices: 2,
      conditions: [
        {
          type: "Ready",
          status: "True",
          reason: "Mirroring",
          message: "",
          lastTransitionTime: "2026-01-01T00:00:00Z",
        },
      ],
      problems: [{ service: "web", namespace: "shop", reason: "name-too-long", message: "too long" }],
      omittedProblems: 0,
    };
    const result = parseLink(link(gateway, { status }));
    expect(result).toEqual({ ok: true, link: expect.objectContaining({ status }) });
  });

  it("and strips unknown fields at every level, as the API server prunes them", () => {
    const result = parseLink(
      link({ ...minimalSpec, bogus: 1, probeSpec: { nested: true } }, { extra: "x", status: { other: 1 } }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.link).not.toHaveProperty("extra");
    expect(result.link.spec).not.toHaveProperty("bogus");
    expect(result.link.spec.probeSpec).not.toHaveProperty("nested");
    expect(result.link.status).toEqual({});
  });
});

interface InvalidCase {
  readonly name: string;
  readonly object: unknown;
  readonly field: string;
  readonly message: string | RegExp;
}

const invalidCases: InvalidCase[] = [
  { name: "not an object", object: "link", field: "", message: /must be of type object/ },
  { name: "missing spec", object: { metadata: { name: "east" } }, field: "spec", message: "Required value" },
  {
    name: "Link name not a DNS label",
    object: { ...link(minimalSpec), metadata: { name: "East" } },
    field: "metadata.name",
    message: /Invalid value: "East": must be a lowercase RFC 1123 label/,
  },
  {
    name: "missing targetClusterName",
    object: link({ clusterCredentialsSecret: "s" }),
    field: "spec.targetClusterName",
    message: "Required value",
  },
  {
    name: "missing clusterCredentialsSecret",
    object: link({ targetClusterName: "east" }),
    field: "spec.clusterCredentialsSecret",
    message: "Required value",
  },
  {
    name: "targetClusterName with upper case",
    object: link({ ...minimalSpec, targetClusterName: "East" }),
    field: "spec.targetClusterName",
    message: /RFC 1123 label/,
  },
  {
    name: "targetClusterName of 64 characters",
    object: link({ ...minimalSpec, targetClusterName: "a".repeat(64) }),
    field: "spec.targetClusterName",
    message: /must be no more than 63 characters/,
  },
  {
    name: "targetClusterDomain with an underscore",
    object: link({ ...minimalSpec, targetClusterDomain: "cluster_local" }),
    field: "spec.targetClusterDomain",
    message: /RFC 1123 subdomain/,
  },
  {
    name: "gatewayPort 0",
    object: link({ ...gateway, gatewayPort: 0 }),
    field: "spec.gatewayPort",
    message: "Invalid value: 0: must be greater than or equal to 1",
  },
  {
    name: "gatewayPort 70000",
    object: link({ ...gateway, gatewayPort: 70000 }),
    field: "spec.gatewayPort",
    message: "Invalid value: 70000: must be less than or equal to 65535",
  },
  {
    name: "gatewayPort as a string",
    object: link({ ...gateway, gatewayPort: "4143" }),
    field: "spec.gatewayPort",
    message: 'Invalid value: "4143": must be of type number',
  },
  {
    name: "gatewayPort fractional",
    object: link({ ...gateway, gatewayPort: 4143.5 }),
    field: "spec.gatewayPort",
    message: "Invalid value: 4143.5: must be of type integer",
  },
  {
    name: "gatewayAddress with a forbidden character",
    object: link({ ...gateway, gatewayAddress: "gw;rm -rf" }),
    field: "spec.gatewayAddress",
    message: /comma-separated list of IP addresses or hostnames/,
  },
  {
    name: "probe period not a duration",
    object: link({ ...minimalSpec, probeSpec: { period: "3" } }),
    field: "spec.probeSpec.period",
    message: /must be a duration/,
  },
  {
    name: "probe path without leading slash",
    object: link({ ...minimalSpec, probeSpec: { path: "ready" } }),
    field: "spec.probeSpec.path",
    message: /must start with '\/'/,
  },
  {
    name: "probe failureThreshold 0",
    object: link({ ...minimalSpec, probeSpec: { failureThreshold: 0 } }),
    field: "spec.probeSpec.failureThreshold",
    message: /greater than or equal to 1/,
  },
  {
    name: "selector operator outside the enum",
    object: link({ ...minimalSpec, selector: { matchExpressions: [{ key: "a", operator: "Equals" }] } }),
    field: "spec.selector.matchExpressions[0].operator",
    message: /Unsupported value: "Equals": supported values: "In", "NotIn", "Exists", "DoesNotExist"/,
  },
  {
    name: "matchExpressions entry without key",
    object: link({ ...minimalSpec, remoteDiscoverySelector: { matchExpressions: [{ operator: "Exists" }] } }),
    field: "spec.remoteDiscoverySelector.matchExpressions[0].key",
    message: "Required value",
  },
  {
    name: "matchLabels value not a string",
    object: link({ ...minimalSpec, selector: { matchLabels: { "svcmirror.io/exported": true } } }),
    field: "spec.selector.matchLabels.svcmirror.io/exported",
    message: "Invalid value: true: must be of type string",
  },
  {
    name: "more than 64 excluded labels",
    object: link({ ...minimalSpec, excludedLabels: Array.from({ length: 65 }, (_, i) => `l${i}`) }),
    field: "spec.excludedLabels",
    message: /must have at most 64 items/,
  },
  {
    name: "condition status outside the enum",
    object: link(minimalSpec, {
      status: {
        conditions: [
          {
            type: "Ready",
            status: "Maybe",
            reason: "R",
            message: "",
            lastTransitionTime: "2026-01-01T00:00:00Z",
          },
        ],
      },
    }),
    field: "status.conditions[0].status",
    message: /Unsupported value: "Maybe"/,
  },
  {
    name: "condition without lastTransitionTime",
    object: link(minimalSpec, {
      status: { conditions: [{ type: "Ready", status: "True", reason: "R", message: "" }] },
    }),
    field: "status.conditions[0].lastTransitionTime",
    message: "Required value",
  },
  {
    name: "condition lastTransitionTime not RFC 3339",
    object: link(minimalSpec, {
      status: {
        conditions: [
          { type: "Ready", status: "True", reason: "R", message: "", lastTransitionTime: "yesterday" },
        ],
      },
    }),
    field: "status.conditions[0].lastTransitionTime",
    message: /RFC 3339/,
  },
  {
    name: "two conditions of one type",
    object: link(minimalSpec, {
      status: {
        conditions: [
          {
            type: "Ready",
            status: "True",
            reason: "R",
            message: "",
            lastTransitionTime: "2026-01-01T00:00:00Z",
          },
          {
            type: "Ready",
            status: "False",
            reason: "R",
            message: "",
            lastTransitionTime: "2026-01-01T00:00:00Z",
          },
        ],
      },
    }),
    field: "status.conditions[1]",
    message: 'Duplicate value: {"type":"Ready"}',
  },
  {
    name: "problem reason outside the enum",
    object: link(minimalSpec, { status: { problems: [{ service: "web", reason: "oops", message: "" }] } }),
    field: "status.problems[0].reason",
    message: /Unsupported value: "oops"/,
  },
  {
    name: "101 problems",
    object: link(minimalSpec, {
      status: {
        problems: Array.from({ length: 101 }, (_, i) => ({
          service: `s${i}`,
          reason: "name-collision",
          message: "",
        })),
      },
    }),
    field: "status.problems",
    message: /must have at most 100 items/,
  },
  {
    name: "negative mirroredServices",
    object: link(minimalSpec, { status: { mirroredServices: -1 } }),
    field: "status.mirroredServices",
    message: /greater than or equal to 0/,
  },
  // Semantic rules (rules.ts), reached only once the structure is valid.
  {
    name: "gatewayAddress entry that is neither IP nor DNS name",
    object: link({ ...gateway, gatewayAddress: "203.0.113.7,gw-.example.com" }),
    field: "spec.gatewayAddress",
    message: /entry 2 \("gw-.example.com"\) is neither an IP address nor a DNS name/,
  },
  {
    name: "gatewayAddress with a mistyped IPv4 address",
    object: link({ ...gateway, gatewayAddress: "10.0.0.256" }),
    field: "spec.gatewayAddress",
    message: /entry 1 \("10.0.0.256"\) is neither an IP address nor a DNS name/,
  },
  {
    name: "gatewayAddress with an empty entry",
    object: link({ ...gateway, gatewayAddress: "203.0.113.7,,203.0.113.8" }),
    field: "spec.gatewayAddress",
    message: /entry 2 \(""\)/,
  },
  {
    name: "gatewayAddress without gatewayPort",
    object: link({ ...minimalSpec, gatewayAddress: "203.0.113.7" }),
    field: "spec.gatewayPort",
    message: "Required value: required when gatewayAddress is set",
  },
  {
    name: "probe timeout equal to period",
    object: link({ ...gateway, probeSpec: { period: "2s", timeout: "2000ms" } }),
    field: "spec.probeSpec.timeout",
    message: 'Invalid value: "2000ms": must be less than period (2s)',
  },
  {
    name: "probe period zero",
    object: link({ ...gateway, probeSpec: { period: "0s" } }),
    field: "spec.probeSpec.period",
    message: /must be greater than zero/,
  },
  {
    name: "probe period with a fraction of a millisecond",
    object: link({ ...gateway, probeSpec: { period: "1.5ms", timeout: "1ms" } }),
    field: "spec.probeSpec.period",
    message: 'Invalid value: "1.5ms": must be a whole number of milliseconds, at most 596h',
  },
  {
    name: "In without values",
    object: link({ ...minimalSpec, selector: { matchExpressions: [{ key: "tier", operator: "In" }] } }),
    field: "spec.selector.matchExpressions[0].values",
    message: "Required value: must be specified when operator is In",
  },
  {
    name: "Exists with values",
    object: link({
      ...minimalSpec,
      selector: { matchExpressions: [{ key: "tier", operator: "Exists", values: ["x"] }] },
    }),
    field: "spec.selector.matchExpressions[0].values",
    message: "Forbidden: may not be specified when operator is Exists",
  },
  {
    name: "matchLabels key that is not a label key",
    object: link({ ...minimalSpec, remoteDiscoverySelector: { matchLabels: { "bad key": "x" } } }),
    field: "spec.remoteDiscoverySelector.matchLabels",
    message: /Invalid value: "bad key": must be a valid label key/,
  },
  {
    name: "matchLabels value that is not a label value",
    object: link({ ...minimalSpec, selector: { matchLabels: { app: "-web" } } }),
    field: "spec.selector.matchLabels.app",
    message: 'Invalid value: "-web": must be a valid label value',
  },
  {
    name: "no active selector without a gateway",
    object: link({ ...minimalSpec, remoteDiscoverySelector: {} }),
    field: "spec.remoteDiscoverySelector",
    message: /the Link would mirror nothing/,
  },
  {
    name: "both selectors empty with a gateway",
    object: link({ ...gateway, selector: {}, remoteDiscoverySelector: { matchLabels: {} } }),
    field: "spec.selector",
    message: /selector and remoteDiscoverySelector are both empty/,
  },
  {
    name: "excluded label pattern with a bare wildcard",
    object: link({ ...minimalSpec, excludedLabels: ["team", "*"] }),
    field: "spec.excludedLabels[1]",
    message: /Invalid value: "\*": must be a label or annotation key, or 'prefix\/\*'/,
  },
  {
    name: "excluded annotation pattern with a wildcard inside",
    object: link({ ...minimalSpec, excludedAnnotations: ["example.com/foo*"] }),
    field: "spec.excludedAnnotations[0]",
    message: /must be a label or annotation key/,
  },
];

describe("parseLink rejects, naming the first bad field", () => {
  it.each(invalidCases)("$name", ({ object, field, message }) => {
    const result = parseLink(object);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.field).toBe(field);
    if (typeof message === "string") expect(result.message).toBe(message);
    else expect(result.message).toMatch(message);
  });

  it("reports the first field in schema order when several are bad", () => {
    const result = parseLink(link({ gatewayPort: 0 }));
    expect(result).toEqual({ ok: false, field: "spec.targetClusterName", message: "Required value" });
  });

  it("never throws, whatever it is given", () => {
    for (const input of [undefined, null, 42, [], { spec: null }, { metadata: [], spec: [] }]) {
      expect(() => parseLink(input)).not.toThrow();
      expect(parseLink(input).ok).toBe(false);
    }
  });

  it("cuts long bad values short in messages", () => {
    const result = parseLink(link({ ...minimalSpec, targetClusterName: "X".repeat(500) }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message.length).toBeLessThan(200);
  });
});
