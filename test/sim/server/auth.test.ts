import { describe, expect, it } from "vitest";
import { isApiError } from "../../../src/sim/errors.js";
import {
  ADMIN_USER,
  ANONYMOUS_USER,
  allowsNonResource,
  allowsResource,
  authenticate,
  forbiddenPath,
  forbiddenResource,
  UNPRIVILEGED_USER,
} from "../../../src/sim/server/auth.js";

const tokens = { token: "admin-token", userToken: "user-token" };

describe("authentication", () => {
  it.each([
    ["Bearer admin-token", ADMIN_USER],
    ["bearer   admin-token", ADMIN_USER],
    ["Bearer user-token", UNPRIVILEGED_USER],
    [undefined, ANONYMOUS_USER],
    ["", ANONYMOUS_USER],
  ])("%s", (header, user) => {
    expect(authenticate(header, tokens)).toBe(user);
  });

  it.each(["Bearer wrong", "Basic YTpi", "Bearer"])("answers 401 for %s", (header) => {
    let caught: unknown;
    try {
      authenticate(header, tokens);
    } catch (err) {
      caught = err;
    }
    expect(isApiError(caught) && caught.status).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: "Unauthorized",
      reason: "Unauthorized",
      code: 401,
    });
  });

  it("treats everyone as admin when no token is configured", () => {
    expect(authenticate("Bearer anything", {})).toBe(ADMIN_USER);
    expect(authenticate(undefined, {})).toBe(ADMIN_USER);
  });
});

describe("authorization", () => {
  it.each([
    [ADMIN_USER, "/apis", true],
    [UNPRIVILEGED_USER, "/version", true],
    [UNPRIVILEGED_USER, "/apis/coordination.k8s.io/v1", true],
    [UNPRIVILEGED_USER, "/openapi/v3", true],
    [UNPRIVILEGED_USER, "/metrics", false],
    [ANONYMOUS_USER, "/version", true],
    [ANONYMOUS_USER, "/healthz", true],
    [ANONYMOUS_USER, "/api", false],
  ])("%o may get %s: %s", (user, path, allowed) => {
    expect(allowsNonResource(user, path)).toBe(allowed);
  });

  it.each([
    [ADMIN_USER, { verb: "delete", group: "", resource: "namespaces", name: "x" }, true],
    [UNPRIVILEGED_USER, { verb: "list", group: "", resource: "services", namespace: "ns" }, false],
    [
      UNPRIVILEGED_USER,
      { verb: "create", group: "authorization.k8s.io", resource: "selfsubjectaccessreviews" },
      true,
    ],
    [
      ANONYMOUS_USER,
      { verb: "create", group: "authorization.k8s.io", resource: "selfsubjectaccessreviews" },
      false,
    ],
  ])("%o %j: %s", (user, attrs, allowed) => {
    expect(allowsResource(user, attrs)).toBe(allowed);
  });

  it.each([
    [
      { verb: "list", group: "", resource: "services", namespace: "fixture-ns-2" },
      'services is forbidden: User "realkube-user" cannot list resource "services" in API group "" in the namespace "fixture-ns-2"',
      { kind: "services" },
    ],
    [
      { verb: "create", group: "coordination.k8s.io", resource: "leases", namespace: "ns" },
      'leases.coordination.k8s.io is forbidden: User "realkube-user" cannot create resource "leases" in API group "coordination.k8s.io" in the namespace "ns"',
      { group: "coordination.k8s.io", kind: "leases" },
    ],
    [
      { verb: "list", group: "", resource: "namespaces" },
      'namespaces is forbidden: User "realkube-user" cannot list resource "namespaces" in API group "" at the cluster scope',
      { kind: "namespaces" },
    ],
    [
      { verb: "get", group: "", resource: "services", namespace: "ns", name: "a", subresource: "status" },
      'services "a" is forbidden: User "realkube-user" cannot get resource "services/status" in API group "" in the namespace "ns"',
      { name: "a", kind: "services" },
    ],
  ])("403 message for %j", (attrs, message, details) => {
    const err = forbiddenResource(UNPRIVILEGED_USER, attrs);
    expect(err.status).toMatchObject({ code: 403, reason: "Forbidden", message, details });
    expect(err.headers).toEqual({ "X-Content-Type-Options": "nosniff" });
  });

  it("words a non-resource 403 like RBAC", () => {
    expect(forbiddenPath(ANONYMOUS_USER, "GET", "/api").status).toMatchObject({
      code: 403,
      reason: "Forbidden",
      message: 'forbidden: User "system:anonymous" cannot get path "/api"',
      details: {},
    });
  });
});
