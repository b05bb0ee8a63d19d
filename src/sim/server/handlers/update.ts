// PUT of an object, its /status or a namespace's /finalize: decode → defaults → name and namespace
// of the body vs the URL → (create-on-update where the kind allows it) → field manager →
// resourceVersion checks → BeforeUpdate → no-op detection → storage.

import { badRequest, notFound } from "../../errors.js";
import { recordUpdate } from "../../patch/index.js";
import type { KubeObject } from "../../types.js";
import type { RequestContext } from "../context.js";
import { readBody } from "../pipeline/body.js";
import { writeContext } from "../pipeline/create.js";
import { decodeObject, parseBody } from "../pipeline/decode.js";
import { fieldManagerOptions, managerOf } from "../pipeline/fieldmanager.js";
import { checkResourceVersion, commitUpdate } from "../pipeline/update.js";
import { parseWriteQuery } from "../query.js";
import { createAndRespond, matchNamespace } from "./create.js";
import { objectKey } from "./keys.js";
import { writeObject } from "./output.js";

/** The name in the body must be the one in the URL (an empty one is filled in). */
export function matchName(ctx: RequestContext, obj: KubeObject): void {
  const given = obj.metadata.name ?? "";
  if (given === "") {
    obj.metadata.name = ctx.info.name;
    return;
  }
  if (given !== ctx.info.name) {
    throw badRequest(
      `the name of the object (${given}) does not match the name on the URL (${ctx.info.name})`,
    );
  }
}

export async function handleUpdate(ctx: RequestContext): Promise<void> {
  const wq = parseWriteQuery(ctx.query, "UpdateOptions");
  const body = await readBody(ctx.req);
  const { served, info, deps } = ctx;
  const value = parseBody(body, ctx.req.headers["content-type"], served.kind.kind);
  const decoded = decodeObject(deps.registry, served, value, wq.fieldValidation, body);
  const obj = decoded.obj;
  served.kind.applyDefaults?.(obj);
  matchName(ctx, obj);
  matchNamespace(ctx, obj);
  const live = deps.storage.get(objectKey(served, info.namespace, info.name));
  const gr = { group: served.kind.group, resource: served.kind.plural };
  if (!live) {
    if (info.subresource !== "" || !served.kind.allowCreateOnUpdate) throw notFound(gr, info.name);
    if (obj.metadata.resourceVersion) throw notFound(gr, info.name);
    createAndRespond(ctx, obj, wq, decoded.warnings);
    return;
  }
  const wctx = writeContext(ctx, wq.dryRun);
  recordUpdate(live, obj, fieldManagerOptions(ctx, managerOf(ctx, wq), wctx.now));
  checkResourceVersion(ctx, obj, live);
  const outcome = commitUpdate(ctx, ctx.info.subresource, obj, live, wq.dryRun);
  writeObject(ctx, 200, outcome.obj, [...decoded.warnings, ...(served.kind.warnings?.(outcome.obj) ?? [])]);
}
