// Authentication and authorization as the recorded server applied them: bearer tokens map to users,
// an unknown token is 401 even for /version, a missing header is system:anonymous, and RBAC is reduced
// to three fixed identities (system:masters admin, the unprivileged `realkube-user`, anonymous).
// Authorization runs before any existence check, so a forbidden GET of a missing object is still 403.

import { ApiError, failure, forbidden, unauthorized } from "../errors.js";

export interface User {
  readonly name: string;
  readonly groups: readonly string[];
}

export const ADMIN_USER: User = { name: "sim-admin", groups: ["system:masters", "system:authenticated"] };
export const UNPRIVILEGED_USER: User = { name: "realkube-user", groups: ["system:authenticated"] };
export const ANONYMOUS_USER: User = { name: "system:anonymous", groups: ["system:unauthenticated"] };

export interface AuthOptions {
  /** Admin bearer token; when neither token is set, authentication is off and everyone is admin. */
  readonly token?: string;
  /** Bearer token of `realkube-user`, who has no RBAC bindings. */
  readonly userToken?: string;
}

/** Resolves the Authorization header to a user; throws the 401 Status for an unknown token. */
export function authenticate(authorization: string | undefined, opts: AuthOptions): User {
  if (opts.token === undefined && opts.userToken === undefined) return ADMIN_USER;
  if (authorization === undefined || authorization === "") return ANONYMOUS_USER;
  const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
  const presented = match?.[1];
  if (presented !== undefined && presented === opts.token) return ADMIN_USER;
  if (presented !== undefined && presented === opts.userToken) return UNPRIVILEGED_USER;
  throw unauthorized();
}

/** What RBAC sees of a resource request. */
export interface ResourceAttributes {
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
}

/** Paths every caller may read (system:public-info-viewer). */
const PUBLIC_PATHS = new Set(["/version", "/version/", "/healthz", "/livez", "/readyz"]);
/** Discovery paths granted to every authenticated user (system:discovery, system:basic-user). */
const DISCOVERY_PREFIXES = ["/api", "/apis", "/openapi"];
/** Self-review resources every authenticated user may create (system:basic-user). */
const SELF_REVIEWS = new Set(["selfsubjectaccessreviews", "selfsubjectrulesreviews", "selfsubjectreviews"]);

function isMaster(user: User): boolean {
  return user.groups.includes("system:masters");
}

function isAuthenticated(user: User): boolean {
  return user.groups.includes("system:authenticated");
}

function isDiscoveryPath(path: string): boolean {
  return DISCOVERY_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

export function allowsNonResource(user: User, path: string): boolean {
  if (isMaster(user) || PUBLIC_PATHS.has(path)) return true;
  return isAuthenticated(user) && isDiscoveryPath(path);
}

export function allowsResource(user: User, attrs: ResourceAttributes): boolean {
  if (isMaster(user)) return true;
  return (
    isAuthenticated(user) &&
    attrs.verb === "create" &&
    attrs.group === "authorization.k8s.io" &&
    SELF_REVIEWS.has(attrs.resource)
  );
}

/** The RBAC 403 for a resource request, worded as the authorizer's reason. */
export function forbiddenResource(user: User, attrs: ResourceAttributes): ApiError {
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const scope = attrs.namespace ? `in the namespace "${attrs.namespace}"` : "at the cluster scope";
  const reason = `User "${user.name}" cannot ${attrs.verb} resource "${resource}" in API group "${attrs.group}" ${scope}`;
  const err = forbidden({ group: attrs.group, resource: attrs.resource }, attrs.name, reason);
  return new ApiError(err.status, { "X-Content-Type-Options": "nosniff" });
}

/** The RBAC 403 for a non-resource URL. */
export function forbiddenPath(user: User, method: string, path: string): ApiError {
  const message = `forbidden: User "${user.name}" cannot ${method.toLowerCase()} path "${path}"`;
  return new ApiError(failure(403, "Forbidden", message, {}), { "X-Content-Type-Options": "nosniff" });
}
