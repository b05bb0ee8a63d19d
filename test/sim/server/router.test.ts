import { describe, expect, it } from "vitest";
import { parseRequestInfo } from "../../../src/sim/server/router.js";

function info(method: string, path: string): ReturnType<typeof parseRequestInfo> {
  const url = new URL(path, "http://x");
  return parseRequestInfo(method, url.pathname, url.searchParams);
}

describe("request info as apiserver's RequestInfoFactory computes it", () => {
  it.each([
    [
      "GET",
      "/api/v1/namespaces/ns/services",
      { resource: "services", namespace: "ns", name: "", verb: "list", namespacedPath: true },
    ],
    [
      "GET",
      "/api/v1/namespaces/ns/services?watch=1",
      { resource: "services", namespace: "ns", verb: "watch" },
    ],
    ["GET", "/api/v1/namespaces/ns/services?watch=true", { verb: "watch" }],
    ["GET", "/api/v1/namespaces/ns/services?watch=false", { verb: "list" }],
    ["GET", "/api/v1/namespaces/ns/services/a", { resource: "services", name: "a", verb: "get" }],
    ["GET", "/api/v1/namespaces/ns/services/a?watch=1", { name: "a", verb: "get" }],
    ["PUT", "/api/v1/namespaces/ns/services/a/status", { name: "a", subresource: "status", verb: "update" }],
    ["DELETE", "/api/v1/namespaces/ns/services", { verb: "deletecollection" }],
    ["DELETE", "/api/v1/namespaces/ns/services/a", { verb: "delete" }],
    ["POST", "/api/v1/namespaces/ns/services", { verb: "create" }],
    ["PATCH", "/api/v1/namespaces/ns/services/a", { verb: "patch" }],
    // The namespace object itself: its name is also the request's namespace.
    [
      "GET",
      "/api/v1/namespaces/ns",
      { resource: "namespaces", name: "ns", namespace: "ns", namespacedPath: false },
    ],
    [
      "PUT",
      "/api/v1/namespaces/ns/finalize",
      { resource: "namespaces", name: "ns", subresource: "finalize" },
    ],
    ["GET", "/api/v1/namespaces", { resource: "namespaces", name: "", namespace: "", verb: "list" }],
    ["GET", "/api/v1/services", { resource: "services", namespace: "", verb: "list", namespacedPath: false }],
    [
      "GET",
      "/api/v1/namespaces/ns/namespaces",
      { resource: "namespaces", namespace: "ns", namespacedPath: true },
    ],
    [
      "GET",
      "/apis/discovery.k8s.io/v1/namespaces/ns/endpointslices/s",
      { group: "discovery.k8s.io", version: "v1", resource: "endpointslices", name: "s" },
    ],
    ["GET", "/api/v1/namespaces/ns/services/a/status/x", { subresource: "status", extraParts: ["x"] }],
    ["OPTIONS", "/api/v1/namespaces/ns/services/a", { verb: "unknown" }],
  ])("%s %s", (method, path, expected) => {
    const got = info(method, path);
    expect(got.isResourceRequest).toBe(true);
    expect(got).toMatchObject(expected);
  });

  it.each([
    ["/api", { prefix: "api" }],
    ["/api/v1", { prefix: "api", version: "v1" }],
    ["/apis", { prefix: "apis" }],
    ["/apis/coordination.k8s.io", { prefix: "apis", group: "coordination.k8s.io" }],
    ["/apis/coordination.k8s.io/v1", { prefix: "apis", group: "coordination.k8s.io", version: "v1" }],
  ])("discovery path %s", (path, discovery) => {
    const got = info("GET", path);
    expect(got.isResourceRequest).toBe(false);
    if (!got.isResourceRequest) expect(got.discovery).toEqual(discovery);
  });

  it.each(["/version", "/healthz", "/openapi/v2", "/not-an-api-path"])("non-resource path %s", (path) => {
    const got = info("GET", path);
    expect(got).toEqual({ isResourceRequest: false, path });
  });
});
