// Turns an HTTP request to the Kubernetes API into the attributes RBAC decides on, following
// kube-apiserver's RequestInfoFactory: /api/v1/... and /apis/<group>/<version>/..., an optional
// namespaces/<ns> segment, resource, name and subresource, and the verb from the method (GET of a
// collection is list, or watch with watch=true; DELETE of a collection is deletecollection).

import type { ResourceRequest } from "./rbac.js";

export type RequestAttributes =
  | ({ kind: "resource" } & ResourceRequest)
  | { kind: "nonResource"; verb: string; path: string };

const METHOD_VERBS: Readonly<Record<string, string>> = {
  POST: "create",
  PUT: "update",
  PATCH: "patch",
  GET: "get",
  HEAD: "get",
  DELETE: "delete",
};

function splitPrefix(segments: string[]): { group: string; rest: string[] } | undefined {
  if (segments[0] === "api" && segments.length >= 3) return { group: "", rest: segments.slice(2) };
  if (segments[0] === "apis" && segments.length >= 4)
    return { group: segments[1] ?? "", rest: segments.slice(3) };
  return undefined;
}

export function requestAttributes(method: string, rawUrl: string): RequestAttributes {
  const url = new URL(rawUrl, "http://apiserver");
  const segments = url.pathname
    .split("/")
    .filter((s) => s !== "")
    .map(decodeURIComponent);
  const baseVerb = METHOD_VERBS[method.toUpperCase()] ?? method.toLowerCase();
  const prefixed = splitPrefix(segments);
  if (prefixed === undefined) return { kind: "nonResource", verb: baseVerb, path: url.pathname };
  let parts = prefixed.rest;
  let namespace = "";
  if (parts[0] === "namespaces" && parts.length > 1) {
    namespace = parts[1] ?? "";
    // namespaces/<ns>/<resource>... names a resource inside the namespace; namespaces/<ns> alone is the namespace.
    if (parts.length > 2) parts = parts.slice(2);
  }
  const [resource = "", name, subresource] = parts;
  let verb = baseVerb;
  if (name === undefined && verb === "get")
    verb = url.searchParams.get("watch") === "true" ? "watch" : "list";
  if (name === undefined && verb === "delete") verb = "deletecollection";
  const fieldName = /(?:^|,)metadata\.name=([^,]+)/.exec(url.searchParams.get("fieldSelector") ?? "")?.[1];
  const objectName = name ?? fieldName;
  return {
    kind: "resource",
    verb,
    group: prefixed.group,
    resource,
    namespace,
    ...(objectName === undefined ? {} : { name: objectName }),
    ...(subresource === undefined ? {} : { subresource }),
  };
}
