import { describe, expect, it } from "vitest";
import {
  isDnsLabel,
  isDnsSubdomain,
  isHostname,
  isIpAddress,
  isLabelValue,
  isQualifiedName,
} from "../../src/link/names.js";
import { gatewayAddresses, isEmptySelector, isExclusionPattern, linkMode } from "../../src/link/rules.js";
import { type LabelSelector, type LinkSpec, linkSpecSchema } from "../../src/link/schema.js";

function spec(fields: Record<string, unknown>): LinkSpec {
  return linkSpecSchema.parse({ targetClusterName: "east", clusterCredentialsSecret: "creds", ...fields });
}

describe("linkMode", () => {
  it.each([
    { name: "defaults without a gateway: flat only", fields: {}, mode: "flat" },
    {
      name: "defaults with a gateway: both",
      fields: { gatewayAddress: "gw.example.com", gatewayPort: 1 },
      mode: "gateway+flat",
    },
    {
      name: "gateway, flat selector emptied",
      fields: { gatewayAddress: "10.0.0.1", gatewayPort: 1, remoteDiscoverySelector: {} },
      mode: "gateway",
    },
    {
      name: "blank gatewayAddress is no gateway",
      fields: { gatewayAddress: "  ", remoteDiscoverySelector: {} },
      mode: undefined,
    },
    {
      name: "gateway selector without a gateway is unused",
      fields: { remoteDiscoverySelector: {} },
      mode: undefined,
    },
    {
      name: "an expression alone makes a selector non-empty",
      fields: { remoteDiscoverySelector: { matchExpressions: [{ key: "x", operator: "Exists" }] } },
      mode: "flat",
    },
  ])("$name", ({ fields, mode }) => {
    expect(linkMode(spec(fields))).toBe(mode);
  });
});

describe("gatewayAddresses", () => {
  it.each([
    { raw: undefined, want: [] },
    { raw: "", want: [] },
    { raw: " 10.0.0.1 ", want: ["10.0.0.1"] },
    { raw: "10.0.0.1, gw.example.com ,2001:db8::1", want: ["10.0.0.1", "gw.example.com", "2001:db8::1"] },
    { raw: "a,,b", want: ["a", "", "b"] },
  ])("splits $raw", ({ raw, want }) => {
    expect(gatewayAddresses(raw === undefined ? {} : { gatewayAddress: raw })).toEqual(want);
  });
});

describe("isEmptySelector", () => {
  it.each<{ selector: LabelSelector; empty: boolean }>([
    { selector: {}, empty: true },
    { selector: { matchLabels: {}, matchExpressions: [] }, empty: true },
    { selector: { matchLabels: { a: "" } }, empty: false },
    { selector: { matchExpressions: [{ key: "a", operator: "DoesNotExist" }] }, empty: false },
  ])("$selector → $empty", ({ selector, empty }) => {
    expect(isEmptySelector(selector)).toBe(empty);
  });
});

describe("isExclusionPattern", () => {
  it.each([
    ["team", true],
    ["example.com/team", true],
    ["example.com/*", true],
    ["kubectl.kubernetes.io/*", true],
    ["*", false],
    ["/*", false],
    ["Example.com/*", false],
    ["example.com/te*m", false],
    ["a/b/c", false],
    ["", false],
  ])("%s → %s", (pattern, ok) => {
    expect(isExclusionPattern(pattern)).toBe(ok);
  });
});

describe("name validators", () => {
  it("isDnsLabel", () => {
    expect(["a", "east-1", "0", "a".repeat(63)].every(isDnsLabel)).toBe(true);
    expect(["", "East", "-a", "a-", "a.b", "a".repeat(64)].some(isDnsLabel)).toBe(false);
  });

  it("isDnsSubdomain", () => {
    expect(["cluster.local", "a", "a.b-c.d"].every(isDnsSubdomain)).toBe(true);
    expect(["", "a..b", ".a", "a_b", "A.b", "a".repeat(254)].some(isDnsSubdomain)).toBe(false);
  });

  it("isHostname", () => {
    expect(["gw.example.com", "GW.Example.com", "gateway", "gw-1.east"].every(isHostname)).toBe(true);
    expect(["10.0.0.256", "1.2.3", "gw_1.example.com", "-gw.example.com", ""].some(isHostname)).toBe(false);
  });

  it("isIpAddress", () => {
    expect(["10.0.0.1", "2001:db8::1", "::1"].every(isIpAddress)).toBe(true);
    expect(["10.0.0.256", "10.0.0", "gw.example.com", ""].some(isIpAddress)).toBe(false);
  });

  it("isQualifiedName and isLabelValue", () => {
    expect(["app", "svcmirror.io/exported", "A_b.c-D"].every(isQualifiedName)).toBe(true);
    expect(["", "/app", "a/b/c", "-app", "bad key", `${"a".repeat(64)}`].some(isQualifiedName)).toBe(false);
    expect(["", "true", "remote-discovery"].every(isLabelValue)).toBe(true);
    expect(["-x", "a b", "a".repeat(64)].some(isLabelValue)).toBe(false);
  });
});
