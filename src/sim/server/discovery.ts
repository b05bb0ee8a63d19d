// Discovery documents built from the registry: legacy JSON (/api, /api/v1, /apis, /apis/{g},
// /apis/{g}/{v}) and aggregated discovery (apidiscovery.k8s.io v2beta1 as recorded, and v2 which
// kubectl 1.32 asks for first). Only what the sim serves is listed, so clients never discover a
// resource they cannot use.

import type { ResourceKind } from "../types.js";
import type { KindRegistry, ServedKind } from "./registry.js";

/** Verbs of a subresource as kube-apiserver advertises them. */
function subresourceVerbs(name: string): string[] {
  return name === "finalize" ? ["update"] : ["get", "patch", "update"];
}

function optionalLists(kind: ResourceKind): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (kind.shortNames.length > 0) out.shortNames = [...kind.shortNames];
  if (kind.categories && kind.categories.length > 0) out.categories = [...kind.categories];
  return out;
}

function legacyResources(served: readonly ServedKind[]): Record<string, unknown>[] {
  const entries: Record<string, unknown>[] = [];
  for (const { kind } of served) {
    const main: Record<string, unknown> = {
      name: kind.plural,
      singularName: kind.singular,
      namespaced: kind.namespaced,
      kind: kind.kind,
      verbs: [...kind.verbs],
      ...optionalLists(kind),
    };
    if (kind.storageVersionHash) main.storageVersionHash = kind.storageVersionHash;
    entries.push(main);
    for (const sub of [...kind.subresources].sort()) {
      entries.push({
        name: `${kind.plural}/${sub}`,
        singularName: "",
        namespaced: kind.namespaced,
        kind: kind.kind,
        verbs: subresourceVerbs(sub),
      });
    }
  }
  return entries;
}

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
  };
}

/** `/api/v1` has no apiVersion field (recorded); group versions carry `apiVersion: v1`. */
export function apiResourceList(
  registry: KindRegistry,
  group: string,
  version: string,
): Record<string, unknown> {
  const groupVersion = group ? `${group}/${version}` : version;
  const resources = legacyResources(registry.kindsOf(group, version));
  if (!group) return { kind: "APIResourceList", groupVersion, resources };
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion, resources };
}

function groupEntry(group: string, versions: readonly string[]): Record<string, unknown> {
  const list = versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
  return { name: group, versions: list, preferredVersion: list[0] };
}

export function apiGroupList(registry: KindRegistry): Record<string, unknown> {
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: registry.groups().map((g) => groupEntry(g.group, g.versions)),
  };
}

/** `/apis/{group}`, or undefined when the group is not served. */
export function apiGroup(registry: KindRegistry, group: string): Record<string, unknown> | undefined {
  const found = registry.groups().find((g) => g.group === group);
  if (!found) return undefined;
  return { kind: "APIGroup", apiVersion: "v1", ...groupEntry(found.group, found.versions) };
}

function responseKind(served: ServedKind): Record<string, string> {
  // Built-in entries leave group/version empty (meaning "this group/version"); CRD entries spell them out.
  const { kind } = served;
  if (served.source.type === "crd") return { group: kind.group, version: kind.version, kind: kind.kind };
  return { group: "", version: "", kind: kind.kind };
}

function aggregatedResource(served: ServedKind): Record<string, unknown> {
  const { kind } = served;
  const entry: Record<string, unknown> = {
    resource: kind.plural,
    responseKind: responseKind(served),
    scope: kind.namespaced ? "Namespaced" : "Cluster",
    singularResource: kind.singular,
    verbs: [...kind.verbs],
    ...optionalLists(kind),
  };
  if (kind.subresources.length > 0) {
    entry.subresources = [...kind.subresources].sort().map((sub) => ({
      subresource: sub,
      responseKind: responseKind(served),
      verbs: subresourceVerbs(sub),
    }));
  }
  return entry;
}

function aggregatedGroup(
  registry: KindRegistry,
  group: string,
  versions: readonly string[],
): Record<string, unknown> {
  const metadata: Record<string, unknown> = group
    ? { name: group, creationTimestamp: null }
    : { creationTimestamp: null };
  return {
    metadata,
    versions: versions.map((version) => ({
      version,
      resources: registry.kindsOf(group, version).map(aggregatedResource),
      freshness: "Current",
    })),
  };
}

/** Aggregated discovery for `/api` (legacy group only) or `/apis` (every named group). */
export function aggregatedDiscovery(
  registry: KindRegistry,
  prefix: "api" | "apis",
  version: "v2" | "v2beta1",
): Record<string, unknown> {
  const items =
    prefix === "api"
      ? [aggregatedGroup(registry, "", ["v1"])]
      : registry.groups().map((g) => aggregatedGroup(registry, g.group, g.versions));
  return { kind: "APIGroupDiscoveryList", apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}
