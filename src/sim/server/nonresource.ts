// Everything outside the resource paths: /version, the health checks, discovery and OpenAPI.
// Unknown paths, and group/versions the sim does not serve, get the Go mux's plain-text 404.

import type { IncomingMessage, ServerResponse } from "node:http";
import { aggregatedDiscovery, apiGroup, apiGroupList, apiResourceList, apiVersions } from "./discovery.js";
import { negotiate } from "./negotiation.js";
import { openApiV2, openApiV3Document, openApiV3Index } from "./openapi.js";
import { encodeOpenApiV2 } from "./openapi-proto.js";
import type { KindRegistry } from "./registry.js";
import { PlainNotFound, writeBody, writeText } from "./respond.js";
import type { NonResourceRequestInfo } from "./router.js";
import { SIM_VERSION } from "./version.js";

export interface NonResourceDeps {
  readonly registry: KindRegistry;
  /** `host:port` the server advertises in /api. */
  readonly serverAddress: () => string;
}

const HEALTH_PATHS = new Set(["/healthz", "/livez", "/readyz"]);

type DiscoveryCoords = NonNullable<NonResourceRequestInfo["discovery"]>;

/** The legacy discovery document at the coordinates; PlainNotFound when nothing is served there. */
function legacyDiscovery(deps: NonResourceDeps, coords: DiscoveryCoords): unknown {
  const { registry } = deps;
  if (coords.prefix === "api") {
    if (coords.version === undefined) return apiVersions(deps.serverAddress());
    if (coords.version !== "v1") throw new PlainNotFound();
    return apiResourceList(registry, "", "v1");
  }
  if (coords.group === undefined) return apiGroupList(registry);
  if (coords.version === undefined) {
    const group = apiGroup(registry, coords.group);
    if (!group) throw new PlainNotFound();
    return group;
  }
  if (!registry.hasGroupVersion(coords.group, coords.version)) throw new PlainNotFound();
  return apiResourceList(registry, coords.group, coords.version);
}

function discovery(
  deps: NonResourceDeps,
  info: NonResourceRequestInfo,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const coords = info.discovery;
  if (!coords) throw new PlainNotFound();
  const rep = negotiate(req.headers.accept, {
    transforms: false,
    aggregatedDiscovery: coords.group === undefined && coords.version === undefined,
  });
  if (rep.format === "discovery") {
    const body = aggregatedDiscovery(deps.registry, coords.prefix, rep.version);
    writeBody(res, 200, body, rep, { cacheControl: "public" });
  } else {
    writeBody(res, 200, legacyDiscovery(deps, coords), rep);
  }
}

function openApiDocument(deps: NonResourceDeps, path: string): unknown {
  if (path === "/openapi/v2") return openApiV2(deps.registry);
  if (path === "/openapi/v3") return openApiV3Index(deps.registry);
  const doc = openApiV3Document(deps.registry, path.slice("/openapi/v3/".length));
  if (!doc) throw new PlainNotFound();
  return doc;
}

const OPENAPI_V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

/** kubectl asks for `…spec.v2@v1.0+protobuf`; the server answers with `…spec.v2.v1.0+protobuf`. */
function wantsProtobuf(accept: string | undefined): boolean {
  return (accept ?? "").includes("application/com.github.proto-openapi.spec.v2");
}

function writeProtobuf(res: ServerResponse, body: Buffer): void {
  res.setHeader("Cache-Control", "no-cache, private");
  res.setHeader("Content-Type", OPENAPI_V2_PROTOBUF);
  res.setHeader("Content-Length", body.length);
  res.writeHead(200);
  res.end(body);
}

function isDiscoveryPath(path: string): boolean {
  return path === "/api" || path.startsWith("/api/") || path === "/apis" || path.startsWith("/apis/");
}

function isOpenApiPath(path: string): boolean {
  return path === "/openapi/v2" || path === "/openapi/v3" || path.startsWith("/openapi/v3/");
}

/** Serves a non-resource request; throws PlainNotFound or an ApiError (406) for the caller to write. */
export function serveNonResource(
  deps: NonResourceDeps,
  info: NonResourceRequestInfo,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const path = info.path.length > 1 ? info.path.replace(/\/+$/, "") : info.path;
  if (path === "/version") {
    const rep = negotiate(req.headers.accept, { transforms: false, aggregatedDiscovery: false });
    writeBody(res, 200, SIM_VERSION, rep);
  } else if (HEALTH_PATHS.has(path)) {
    writeText(res, 200, "ok");
  } else if (isDiscoveryPath(path)) {
    discovery(deps, info, req, res);
  } else if (path === "/openapi/v2" && wantsProtobuf(req.headers.accept)) {
    writeProtobuf(res, encodeOpenApiV2(openApiV2(deps.registry)));
  } else if (isOpenApiPath(path)) {
    writeBody(res, 200, openApiDocument(deps, path), { format: "json" });
  } else {
    throw new PlainNotFound();
  }
}
