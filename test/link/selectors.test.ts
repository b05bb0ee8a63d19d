// LabelSelector → labelSelector string (table), which selectors a spec watches, and proof against the
// sim that the API server reads the strings as the LabelSelector means them.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabelSelector, linkSpecSchema } from "../../src/link/schema.js";
import { remoteSelectors, selectorString } from "../../src/link/selectors.js";
import type { ClusterPair } from "../scenarios/harness/index.js";
import { createRemoteService, ensureNamespace } from "../scenarios/harness/kube.js";
import { simProvider } from "../scenarios/harness/sim-provider.js";

describe("selectorString", () => {
  it.each<[string, LabelSelector, string | undefined]>([
    ["empty", {}, undefined],
    ["empty lists", { matchLabels: {}, matchExpressions: [] }, undefined],
    ["one label", { matchLabels: { "svcmirror.io/exported": "true" } }, "svcmirror.io/exported=true"],
    ["labels sorted", { matchLabels: { b: "2", a: "1" } }, "a=1,b=2"],
    [
      "In, values sorted and unique",
      { matchExpressions: [{ key: "tier", operator: "In", values: ["web", "api", "web"] }] },
      "tier in (api,web)",
    ],
    ["NotIn", { matchExpressions: [{ key: "tier", operator: "NotIn", values: ["db"] }] }, "tier notin (db)"],
    [
      "Exists",
      { matchExpressions: [{ key: "example.com/export", operator: "Exists" }] },
      "example.com/export",
    ],
    ["DoesNotExist", { matchExpressions: [{ key: "internal", operator: "DoesNotExist" }] }, "!internal"],
    [
      "labels and expressions together",
      { matchLabels: { app: "shop" }, matchExpressions: [{ key: "internal", operator: "DoesNotExist" }] },
      "!internal,app=shop",
    ],
  ])("%s", (_name, selector, expected) => {
    expect(selectorString(selector)).toBe(expected);
  });
});

describe("remoteSelectors", () => {
  const base = { targetClusterName: "east", clusterCredentialsSecret: "creds" };
  it.each<[string, Record<string, unknown>, Record<string, string>]>([
    ["defaults without a gateway: flat only", {}, { flat: "svcmirror.io/exported=remote-discovery" }],
    [
      "defaults with a gateway: both",
      { gatewayAddress: "192.0.2.1", gatewayPort: 4143 },
      { gateway: "svcmirror.io/exported=true", flat: "svcmirror.io/exported=remote-discovery" },
    ],
    [
      "gateway only when the flat selector is empty",
      { gatewayAddress: "192.0.2.1", gatewayPort: 4143, remoteDiscoverySelector: {} },
      { gateway: "svcmirror.io/exported=true" },
    ],
    [
      "a gateway selector without a gateway is not watched",
      { selector: { matchLabels: { a: "b" } }, remoteDiscoverySelector: { matchLabels: { c: "d" } } },
      { flat: "c=d" },
    ],
  ])("%s", (_name, spec, expected) => {
    expect(remoteSelectors(linkSpecSchema.parse({ ...base, ...spec }))).toEqual(expected);
  });
});

describe("selector strings on the API server", () => {
  let pair: ClusterPair;

  beforeAll(async () => {
    pair = await simProvider.start();
    await ensureNamespace(pair.remote, "sel");
    await createRemoteService(pair.remote, "sel", "web", { tier: "web", "example.com/export": "" });
    await createRemoteService(pair.remote, "sel", "api", { tier: "api", internal: "yes" });
    await createRemoteService(pair.remote, "sel", "db", { tier: "db", "example.com/export": "x" });
    await createRemoteService(pair.remote, "sel", "none", {});
  });

  afterAll(async () => {
    await pair.cleanup();
  });

  it.each<[LabelSelector, string[]]>([
    [{ matchExpressions: [{ key: "tier", operator: "In", values: ["web", "api"] }] }, ["api", "web"]],
    [{ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["web"] }] }, ["api", "db", "none"]],
    [{ matchExpressions: [{ key: "example.com/export", operator: "Exists" }] }, ["db", "web"]],
    [
      {
        matchLabels: { tier: "api" },
        matchExpressions: [{ key: "internal", operator: "DoesNotExist" }],
      },
      [],
    ],
    [
      {
        matchExpressions: [
          { key: "internal", operator: "DoesNotExist" },
          { key: "tier", operator: "Exists" },
        ],
      },
      ["db", "web"],
    ],
  ])("%j selects what it means", async (selector, expected) => {
    const labelSelector = selectorString(selector);
    const list = await pair.remote.clients.core.listNamespacedService({ namespace: "sel", labelSelector });
    expect(list.items.map((s) => s.metadata?.name).sort()).toEqual(expected);
  });
});
