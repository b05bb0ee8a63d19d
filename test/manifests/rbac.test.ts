// The RBAC manifests against the code. The method: api-scan.ts finds every place src/ calls an API
// server (client-node API methods, informers by resource constant, raw getJson reads), and the table
// in api-calls.ts says what RBAC each call site needs. The table must list exactly the call sites found
// (so a new call fails here until someone decides its permissions), every need must be allowed by the
// manifests, and every granted verb must be needed by the table or by a PLANNED entry with its reason
// (least privilege). rbac-observed.test.ts checks the same rules against the requests of a real run.

import { describe, expect, it } from "vitest";
import {
  API_CALL_SITES,
  type ApiNeed,
  allNeeds,
  type ClusterSide,
  RBAC_SUBJECTS,
  SCAN_EXCLUSIONS,
} from "./support/api-calls.js";
import { callsIn, clientNodeApiMethods, scanApiCalls } from "./support/api-scan.js";
import { DAEMON_NAMESPACE, loadManifest, type ManifestObject } from "./support/manifests.js";
import { authorize, type BoundRule, boundRules, type RoleObject, WRITE_VERBS } from "./support/rbac.js";

const REMOTE_ACCOUNT = RBAC_SUBJECTS.remote.account;

function rulesOf(side: ClusterSide): { objects: ManifestObject[]; rules: BoundRule[] } {
  const objects = loadManifest(RBAC_SUBJECTS[side].file);
  return { objects, rules: boundRules(objects, RBAC_SUBJECTS[side].account) };
}

function requestFor(need: ApiNeed, verb: string): Parameters<typeof authorize>[1] {
  const [resource = "", subresource] = need.resource.split("/");
  return {
    verb,
    group: need.group,
    resource,
    ...(subresource === undefined ? {} : { subresource }),
    namespace: need.scope === "namespace" ? DAEMON_NAMESPACE : "",
  };
}

function needRows(side: ClusterSide): [string, ApiNeed, string][] {
  return allNeeds(side).flatMap((need) =>
    need.verbs.map((verb): [string, ApiNeed, string] => [
      `${verb} ${need.group || "core"}/${need.resource} (${need.scope})`,
      need,
      verb,
    ]),
  );
}

interface Grant {
  /** "namespace" (the daemon's), "cluster", or the name of any other namespace (never needed). */
  scope: string;
  group: string;
  resource: string;
  verb: string;
  from: string;
}

/** Each (group, resource, verb) a bound rule grants; wildcards and foreign namespaces are kept as written so they fail. */
function grants(rules: readonly BoundRule[]): Grant[] {
  return rules.flatMap(({ rule, namespace, from }) => {
    const scope =
      namespace === undefined ? "cluster" : namespace === DAEMON_NAMESPACE ? "namespace" : namespace;
    return (rule.apiGroups ?? []).flatMap((group) =>
      (rule.resources ?? []).flatMap((resource) =>
        rule.verbs.map((verb) => ({ scope, group, resource, verb, from })),
      ),
    );
  });
}

function isNeeded(grant: Grant, side: ClusterSide): boolean {
  return allNeeds(side).some(
    (need) =>
      need.scope === grant.scope &&
      need.group === grant.group &&
      need.resource === grant.resource &&
      need.verbs.includes(grant.verb),
  );
}

describe("the API call table", () => {
  it("lists exactly the API call sites found in src/", () => {
    const found = scanApiCalls(Object.keys(SCAN_EXCLUSIONS)).map((c) => `${c.file} ${c.call}`);
    const listed = API_CALL_SITES.map((c) => `${c.file} ${c.call}`);
    expect(found.sort()).toEqual([...listed].sort());
  });

  it.each([
    [
      "a typed API method",
      "await api.deleteNamespacedService({ name, namespace });",
      ["deleteNamespacedService"],
    ],
    [
      "a call with http info",
      "core.patchNamespacedEventWithHttpInfo(x)",
      ["patchNamespacedEventWithHttpInfo"],
    ],
    [
      "an informer on a constant",
      "createInformer<X>(\n  deps.clients,\n  SECRETS,\n  {})",
      ["createInformer(SECRETS)"],
    ],
    ["an informer on a variable", "createInformer(this.#clients, resource, {})", ["createInformer(?)"]],
    ["a declaration", "export function createInformer<T>(clients: KubeClients, resource: ResourceRef)", []],
    ["a raw read", "await this.#clients.getJson(path, {})", ["getJson"]],
    [
      "a generic client",
      "kc.makeApiClient(KubernetesObjectApi)",
      ["generic:makeApiClient", "generic:KubernetesObjectApi"],
    ],
    ["a method of our own", "informer.getByKey(key); cache.list()", []],
  ])("scanner finds %s", (_name, text, expected) => {
    expect(callsIn(text, clientNodeApiMethods()).sort()).toEqual([...expected].sort());
  });
});

describe.each(["local", "remote"] as const)("%s cluster RBAC", (side) => {
  const { rules } = rulesOf(side);

  it.each(needRows(side))("allows %s", (_name, need, verb) => {
    expect(authorize(rules, requestFor(need, verb)), JSON.stringify(need)).toBeDefined();
  });

  it("grants nothing the daemon does not need (least privilege, no wildcards)", () => {
    const granted = grants(rules);
    expect(granted.length).toBeGreaterThan(0);
    const excess = granted.filter((g) => !isNeeded(g, side));
    expect(excess, "rules granting more than api-calls.ts lists").toEqual([]);
    for (const { rule } of rules) {
      expect(rule.resourceNames ?? [], "resourceNames are not part of the model").toEqual([]);
      expect(rule.nonResourceURLs ?? []).toEqual([]);
    }
  });
});

describe("local cluster RBAC boundaries", () => {
  const { rules } = rulesOf("local");
  const denied: [string, Parameters<typeof authorize>[1]][] = [
    ["Secrets of other namespaces", { verb: "list", group: "", resource: "secrets", namespace: "default" }],
    ["Secrets across all namespaces", { verb: "watch", group: "", resource: "secrets", namespace: "" }],
    [
      "reading a Secret by name",
      { verb: "get", group: "", resource: "secrets", namespace: DAEMON_NAMESPACE, name: "x" },
    ],
    [
      "changing a Link's spec",
      { verb: "update", group: "svcmirror.io", resource: "links", namespace: DAEMON_NAMESPACE },
    ],
    [
      "deleting a Link",
      { verb: "delete", group: "svcmirror.io", resource: "links", namespace: DAEMON_NAMESPACE },
    ],
    [
      "Leases of other namespaces",
      { verb: "update", group: "coordination.k8s.io", resource: "leases", namespace: "kube-system" },
    ],
    ["deleting namespaces", { verb: "delete", group: "", resource: "namespaces", namespace: "" }],
    ["pods", { verb: "list", group: "", resource: "pods", namespace: "" }],
  ];

  it.each(denied)("denies %s", (_name, request) => {
    expect(authorize(rules, request)).toBeUndefined();
  });
});

describe("remote cluster RBAC", () => {
  const objects = loadManifest("remote-rbac.yaml");
  const roles = objects.filter((o) => o.kind === "ClusterRole" || o.kind === "Role") as RoleObject[];

  it("is read-only and never reaches Secrets", () => {
    expect(roles.map((r) => r.metadata.name)).toEqual(["svcmirror-remote-reader"]);
    for (const rule of roles.flatMap((r) => r.rules ?? [])) {
      expect(rule.verbs.filter((v) => v === "*" || (WRITE_VERBS as readonly string[]).includes(v))).toEqual(
        [],
      );
      expect(rule.verbs.every((v) => ["get", "list", "watch"].includes(v))).toBe(true);
      expect(rule.resources ?? []).not.toContain("secrets");
      expect(rule.resources ?? []).not.toContain("*");
      expect(rule.apiGroups ?? []).not.toContain("*");
    }
  });

  it("gives a long-lived token to the account the ClusterRole is bound to", () => {
    const token = objects.find((o) => o.kind === "Secret");
    expect(token).toMatchObject({
      type: "kubernetes.io/service-account-token",
      metadata: {
        namespace: REMOTE_ACCOUNT.namespace,
        annotations: { "kubernetes.io/service-account.name": REMOTE_ACCOUNT.name },
      },
    });
    expect(boundRules(objects, REMOTE_ACCOUNT).length).toBeGreaterThan(0);
  });
});
