// OpenAPI documents generated from the served kinds: enough for kubectl (apply looks for the
// fieldValidation parameter and for each kind's schema through x-kubernetes-group-version-kind;
// strategic merge hints travel as x-kubernetes-patch-* extensions). v2 is served as JSON only; the
// real server also offers protobuf, which the sim does not.

import { createHash } from "node:crypto";
import type { Schema } from "../types.js";
import type { KindRegistry, ServedKind } from "./registry.js";
import { SIM_VERSION } from "./version.js";

const BUILTIN_PACKAGES: Readonly<Record<string, string>> = {
  "": "io.k8s.api.core",
  "discovery.k8s.io": "io.k8s.api.discovery",
  "coordination.k8s.io": "io.k8s.api.coordination",
  "authorization.k8s.io": "io.k8s.api.authorization",
  "events.k8s.io": "io.k8s.api.events",
  "apiextensions.k8s.io": "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions",
};

/** Definition name as kube-apiserver spells it (`io.k8s.api.core.v1.Service`, `io.svcmirror.v1alpha1.Link`). */
function definitionName(served: ServedKind): string {
  const { group, version, kind } = served.kind;
  const pkg =
    served.source.type !== "crd" && BUILTIN_PACKAGES[group] !== undefined
      ? BUILTIN_PACKAGES[group]
      : group.split(".").reverse().join(".");
  return `${pkg}.${version}.${kind}`;
}

function gvk(served: ServedKind): Record<string, string> {
  return { group: served.kind.group, version: served.kind.version, kind: served.kind.kind };
}

function groupVersionPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function definition(served: ServedKind): Schema & Record<string, unknown> {
  return { ...served.kind.schema, "x-kubernetes-group-version-kind": [gvk(served)] };
}

const WRITE_PARAMETERS = ["dryRun", "fieldManager", "fieldValidation"];

function queryParameters(names: readonly string[], v3: boolean): Record<string, unknown>[] {
  return names.map((name) =>
    v3
      ? { name, in: "query", schema: { type: name === "force" ? "boolean" : "string", uniqueItems: true } }
      : { name, in: "query", type: name === "force" ? "boolean" : "string", uniqueItems: true },
  );
}

interface Operation {
  readonly method: string;
  readonly action: string;
  readonly params: readonly string[];
}

const COLLECTION_OPERATIONS: readonly Operation[] = [
  { method: "get", action: "list", params: ["labelSelector", "fieldSelector", "limit", "continue", "watch"] },
  { method: "post", action: "post", params: WRITE_PARAMETERS },
  { method: "delete", action: "deletecollection", params: ["labelSelector", "fieldSelector", "dryRun"] },
];

const ITEM_OPERATIONS: readonly Operation[] = [
  { method: "get", action: "get", params: [] },
  { method: "put", action: "put", params: WRITE_PARAMETERS },
  { method: "patch", action: "patch", params: [...WRITE_PARAMETERS, "force"] },
  { method: "delete", action: "delete", params: ["dryRun"] },
];

function operation(served: ServedKind, op: Operation, ref: string, v3: boolean): Record<string, unknown> {
  const base: Record<string, unknown> = {
    operationId: `${op.action}${served.kind.kind}`,
    parameters: queryParameters(op.params, v3),
    "x-kubernetes-action": op.action,
    "x-kubernetes-group-version-kind": gvk(served),
  };
  if (v3) {
    base.responses = {
      "200": { description: "OK", content: { "application/json": { schema: { $ref: ref } } } },
    };
  } else {
    base.responses = { "200": { description: "OK", schema: { $ref: ref } } };
  }
  return base;
}

function paths(served: ServedKind, ref: string, v3: boolean): Record<string, Record<string, unknown>> {
  const { kind } = served;
  const prefix = `/${groupVersionPath(kind.group, kind.version)}`;
  const collection = kind.namespaced
    ? `${prefix}/namespaces/{namespace}/${kind.plural}`
    : `${prefix}/${kind.plural}`;
  const verbs = new Set(kind.verbs);
  const wanted = (op: Operation): boolean =>
    verbs.has(op.action === "post" ? "create" : op.action === "put" ? "update" : op.action);
  const collectionOps: Record<string, unknown> = {};
  for (const op of COLLECTION_OPERATIONS.filter(wanted))
    collectionOps[op.method] = operation(served, op, ref, v3);
  const itemOps: Record<string, unknown> = {};
  for (const op of ITEM_OPERATIONS.filter(wanted)) itemOps[op.method] = operation(served, op, ref, v3);
  return { [collection]: collectionOps, [`${collection}/{name}`]: itemOps };
}

/** Swagger 2.0 document of every served kind (JSON). */
export function openApiV2(registry: KindRegistry): Record<string, unknown> {
  const definitions: Record<string, unknown> = {};
  const allPaths: Record<string, unknown> = {};
  for (const served of registry.all()) {
    const name = definitionName(served);
    definitions[name] = definition(served);
    Object.assign(allPaths, paths(served, `#/definitions/${name}`, false));
  }
  return {
    swagger: "2.0",
    info: { title: "Kubernetes", version: SIM_VERSION.gitVersion },
    paths: allPaths,
    definitions,
  };
}

/** The OpenAPI 3.0 document of one group/version (`api/v1`, `apis/discovery.k8s.io/v1`). */
export function openApiV3Document(
  registry: KindRegistry,
  gvPath: string,
): Record<string, unknown> | undefined {
  const kinds = registry.all().filter((s) => groupVersionPath(s.kind.group, s.kind.version) === gvPath);
  if (kinds.length === 0) return undefined;
  const schemas: Record<string, unknown> = {};
  const allPaths: Record<string, unknown> = {};
  for (const served of kinds) {
    const name = definitionName(served);
    schemas[name] = definition(served);
    Object.assign(allPaths, paths(served, `#/components/schemas/${name}`, true));
  }
  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version: SIM_VERSION.gitVersion },
    paths: allPaths,
    components: { schemas },
  };
}

/** The /openapi/v3 index: one entry per served group/version, with a content hash. */
export function openApiV3Index(registry: KindRegistry): Record<string, unknown> {
  const entries: Record<string, unknown> = {};
  const gvPaths = new Set(registry.all().map((s) => groupVersionPath(s.kind.group, s.kind.version)));
  for (const gvPath of [...gvPaths].sort()) {
    const doc = openApiV3Document(registry, gvPath);
    const hash = createHash("sha512").update(JSON.stringify(doc)).digest("hex").toUpperCase();
    entries[gvPath] = { serverRelativeURL: `/openapi/v3/${gvPath}?hash=${hash}` };
  }
  return { paths: entries };
}
