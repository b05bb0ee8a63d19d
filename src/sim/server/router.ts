// Splits a request path into apiserver's RequestInfo: whether it addresses a resource, and then its
// group, version, namespace, resource, name, subresource and RBAC verb. Follows the rules of
// k8s.io/apiserver's RequestInfoFactory (namespace sub-resources, list vs get, deletecollection),
// so authorization and routing see the same attributes a real server would compute.

export interface ResourceRequestInfo {
  readonly isResourceRequest: true;
  /** `/api` (legacy core group) or `/apis`. */
  readonly prefix: "api" | "apis";
  readonly group: string;
  readonly version: string;
  /** Empty when the path is not namespaced. */
  readonly namespace: string;
  readonly resource: string;
  readonly name: string;
  readonly subresource: string;
  /** Segments after the subresource, which no served resource accepts. */
  readonly extraParts: readonly string[];
  readonly verb: Verb;
  /** True when `/namespaces/{ns}/` appeared in the path. */
  readonly namespacedPath: boolean;
}

export interface NonResourceRequestInfo {
  readonly isResourceRequest: false;
  readonly path: string;
  /** For `/api`, `/apis`, `/apis/{g}`, `/apis/{g}/{v}`, `/api/{v}`: the discovery coordinates. */
  readonly discovery?: {
    readonly prefix: "api" | "apis";
    readonly group?: string;
    readonly version?: string;
  };
}

export type RequestInfo = ResourceRequestInfo | NonResourceRequestInfo;

export type Verb =
  | "get"
  | "list"
  | "watch"
  | "create"
  | "update"
  | "patch"
  | "delete"
  | "deletecollection"
  | "unknown";

const NAMESPACE_SUBRESOURCES = new Set(["status", "finalize"]);

function baseVerb(method: string): Verb {
  switch (method) {
    case "GET":
    case "HEAD":
      return "get";
    case "POST":
      return "create";
    case "PUT":
      return "update";
    case "PATCH":
      return "patch";
    case "DELETE":
      return "delete";
    default:
      return "unknown";
  }
}

function isWatchFlag(value: string | null): boolean {
  return value === "true" || value === "1";
}

function discoveryInfo(path: string, parts: readonly string[]): NonResourceRequestInfo {
  const [prefix, a, b] = parts;
  if (prefix === "api" && parts.length <= 2) {
    return { isResourceRequest: false, path, discovery: { prefix: "api", version: a } };
  }
  if (prefix === "apis" && parts.length <= 3) {
    return { isResourceRequest: false, path, discovery: { prefix: "apis", group: a, version: b } };
  }
  return { isResourceRequest: false, path };
}

/**
 * `/namespaces/{ns}/...`: the namespace, and the parts after it unless they address the namespace
 * itself (`namespaces/{ns}`, `namespaces/{ns}/status|finalize`).
 */
function splitNamespace(parts: readonly string[]): {
  namespace: string;
  namespacedPath: boolean;
  rest: readonly string[];
} {
  if (parts[0] !== "namespaces" || parts.length < 2)
    return { namespace: "", namespacedPath: false, rest: parts };
  const namespace = parts[1] ?? "";
  if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2] ?? "")) {
    return { namespace, namespacedPath: true, rest: parts.slice(2) };
  }
  return { namespace, namespacedPath: false, rest: parts };
}

/** Without a name, GET is list (or watch) and DELETE is deletecollection. */
function collectionVerb(verb: Verb, name: string, query: URLSearchParams): Verb {
  if (name !== "") return verb;
  if (verb === "get") return isWatchFlag(query.get("watch")) ? "watch" : "list";
  if (verb === "delete") return "deletecollection";
  return verb;
}

/** Parses `/api/v1/...` and `/apis/{g}/{v}/...`; anything else is a non-resource request. */
export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const parts = path.split("/").filter((p) => p !== "");
  const prefix = parts[0];
  if (prefix !== "api" && prefix !== "apis") return { isResourceRequest: false, path };
  const groupParts = prefix === "api" ? 0 : 1;
  if (parts.length < 2 + groupParts + 1) return discoveryInfo(path, parts);

  const group = prefix === "api" ? "" : (parts[1] ?? "");
  const version = parts[1 + groupParts] ?? "";
  const { namespace, namespacedPath, rest } = splitNamespace(parts.slice(2 + groupParts));
  const resource = rest[0] ?? "";
  const name = rest[1] ?? "";
  const subresource = rest[2] ?? "";
  return {
    isResourceRequest: true,
    prefix,
    group,
    version,
    namespace,
    resource,
    name,
    subresource,
    extraParts: rest.slice(3),
    verb: collectionVerb(baseVerb(method), name, query),
    namespacedPath,
  };
}
