// The request pipeline's front half, in kube-apiserver's filter order: authentication (401 even for
// /version), request-info parsing, authorization (403 before any existence check), routing to a
// served kind (plain-text or Status 404s as the real mux gives them, 405 for a verb the route lacks),
// content negotiation (406), injected faults, and finally the verb handler.

import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError, failure, isApiError, methodNotAllowed } from "../errors.js";
import {
  type AuthOptions,
  allowsNonResource,
  allowsResource,
  authenticate,
  forbiddenPath,
  forbiddenResource,
  type ResourceAttributes,
  type User,
} from "./auth.js";
import type { RequestContext, SimDeps } from "./context.js";
import { handleResource } from "./handlers/index.js";
import { negotiate } from "./negotiation.js";
import { type NonResourceDeps, serveNonResource } from "./nonresource.js";
import { DecodeFailure } from "./pipeline/decode.js";
import type { ServedKind } from "./registry.js";
import { PlainNotFound, writeApiError, writePlainNotFound } from "./respond.js";
import { parseRequestInfo, type ResourceRequestInfo } from "./router.js";

export interface AppOptions {
  readonly deps: SimDeps;
  readonly auth: AuthOptions;
  readonly nonResource: NonResourceDeps;
  /** Called with unexpected exceptions (the request is answered 500). */
  readonly onError?: (err: unknown) => void;
}

/** The generic 404 go-restful answers for an unknown resource or subresource in a served group. */
function resourceNotFound(): ApiError {
  return new ApiError(failure(404, "NotFound", "the server could not find the requested resource", {}));
}

function resolveKind(deps: SimDeps, info: ResourceRequestInfo): ServedKind {
  const { registry } = deps;
  if (!registry.hasGroupVersion(info.group, info.version)) throw new PlainNotFound();
  const served = registry.lookup(info.group, info.version, info.resource);
  if (!served) {
    if (registry.isCustomGroup(info.group)) throw new PlainNotFound();
    throw resourceNotFound();
  }
  const { kind } = served;
  if (info.namespacedPath && !kind.namespaced) throw resourceNotFound();
  if (!info.namespacedPath && kind.namespaced && info.name !== "") throw resourceNotFound();
  if (info.subresource !== "" && !kind.subresources.includes(info.subresource)) throw resourceNotFound();
  if (info.extraParts.length > 0) throw resourceNotFound();
  return served;
}

/** The RBAC verb must be one the route offers (POST to an object, DELETE of namespaces, …). */
function checkMethod(served: ServedKind, info: ResourceRequestInfo): void {
  if (info.verb === "unknown") throw methodNotAllowed();
  if (info.subresource !== "") {
    const allowed = info.subresource === "finalize" ? ["update"] : ["get", "update", "patch"];
    if (!allowed.includes(info.verb)) throw methodNotAllowed();
    return;
  }
  if (!served.kind.verbs.includes(info.verb)) throw methodNotAllowed();
  // A namespaced kind's all-namespaces path only lists and watches.
  const allNamespaces = served.kind.namespaced && !info.namespacedPath;
  if (allNamespaces && info.verb !== "list" && info.verb !== "watch") throw methodNotAllowed();
  if (info.name !== "" && info.verb === "create") throw methodNotAllowed();
  if (info.name === "" && (info.verb === "update" || info.verb === "patch")) throw methodNotAllowed();
}

function resourceAttributes(info: ResourceRequestInfo): ResourceAttributes {
  return {
    verb: info.verb,
    group: info.group,
    resource: info.resource,
    ...(info.subresource ? { subresource: info.subresource } : {}),
    ...(info.namespace ? { namespace: info.namespace } : {}),
    ...(info.name ? { name: info.name } : {}),
  };
}

async function serveResource(
  opts: AppOptions,
  user: User,
  info: ResourceRequestInfo,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
  signal: AbortSignal,
): Promise<void> {
  const { deps } = opts;
  const attrs = resourceAttributes(info);
  if (!allowsResource(user, attrs)) throw forbiddenResource(user, attrs);
  const served = resolveKind(deps, info);
  checkMethod(served, info);
  const rep = negotiate(req.headers.accept, {
    transforms: info.verb === "get" || info.verb === "list" || info.verb === "watch",
    aggregatedDiscovery: false,
  });
  await deps.faults.beforeRequest({ ...attrs, user }, signal);
  const ctx: RequestContext = { deps, req, res, info, served, user, query, rep, signal };
  await handleResource(ctx);
}

function writeFailure(opts: AppOptions, res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof PlainNotFound) {
    writePlainNotFound(res);
  } else if (err instanceof DecodeFailure) {
    writeApiError(res, err.error, err.warnings);
  } else if (isApiError(err)) {
    writeApiError(res, err);
  } else {
    opts.onError?.(err);
    const message = err instanceof Error ? err.message : String(err);
    writeApiError(res, new ApiError(failure(500, "InternalError", `Internal error occurred: ${message}`)));
  }
}

/** Builds the node request listener of one sim. */
export function createApp(opts: AppOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const abort = new AbortController();
    // Only a client that leaves before the answer is complete aborts (waits, latency faults).
    res.on("close", () => {
      if (!res.writableFinished) abort.abort();
    });
    const url = new URL(req.url ?? "/", "http://sim.invalid");
    const run = async (): Promise<void> => {
      const user = authenticate(req.headers.authorization, opts.auth);
      const info = parseRequestInfo(req.method ?? "GET", url.pathname, url.searchParams);
      if (!info.isResourceRequest) {
        if (!allowsNonResource(user, url.pathname))
          throw forbiddenPath(user, req.method ?? "GET", url.pathname);
        serveNonResource(opts.nonResource, info, req, res);
        return;
      }
      await serveResource(opts, user, info, req, res, url.searchParams, abort.signal);
    };
    run().catch((err: unknown) => writeFailure(opts, res, err));
  };
}
