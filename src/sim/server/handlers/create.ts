// POST to a collection: decode → defaults → namespace of the body vs the URL → field manager →
// NamespaceLifecycle → BeforeCreate (names, uid, strategy, validation) → storage → 201.

import { badRequest } from "../../errors.js";
import { recordUpdate } from "../../patch/index.js";
import type { KubeObject } from "../../types.js";
import type { RequestContext } from "../context.js";
import { readBody } from "../pipeline/body.js";
import { createObject, writeContext } from "../pipeline/create.js";
import { decodeObject, parseBody } from "../pipeline/decode.js";
import { fieldManagerOptions, managerOf } from "../pipeline/fieldmanager.js";
import { admitCreate } from "../pipeline/namespaces.js";
import { parseWriteQuery, type WriteQuery } from "../query.js";
import { writeObject } from "./output.js";

/** EnsureObjectNamespaceMatchesRequestNamespace: fills an empty namespace, refuses a different one. */
export function matchNamespace(ctx: RequestContext, obj: KubeObject): void {
  const expected = ctx.served.kind.namespaced ? ctx.info.namespace : "";
  const given = obj.metadata.namespace ?? "";
  if (given === expected || given === "") {
    if (expected === "") delete obj.metadata.namespace;
    else obj.metadata.namespace = expected;
    return;
  }
  if (expected === "") {
    delete obj.metadata.namespace;
    return;
  }
  throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
}

/** Field manager, admission and BeforeCreate for an object that does not exist yet; answers 201. */
export function createAndRespond(
  ctx: RequestContext,
  obj: KubeObject,
  wq: WriteQuery,
  warnings: string[],
): void {
  const wctx = writeContext(ctx, wq.dryRun);
  recordUpdate(null, obj, fieldManagerOptions(ctx, managerOf(ctx, wq), wctx.now));
  admitCreate(ctx.deps.storage, ctx.served, obj);
  const stored = createObject(ctx, obj, wq.dryRun);
  writeObject(ctx, 201, stored, [...warnings, ...(ctx.served.kind.warnings?.(stored) ?? [])]);
}

export async function handleCreate(ctx: RequestContext): Promise<void> {
  const wq = parseWriteQuery(ctx.query, "CreateOptions");
  const body = await readBody(ctx.req);
  const { kind } = ctx.served;
  const value = parseBody(body, ctx.req.headers["content-type"], kind.kind);
  const decoded = decodeObject(ctx.deps.registry, ctx.served, value, wq.fieldValidation, body);
  const obj = decoded.obj;
  kind.applyDefaults?.(obj);
  matchNamespace(ctx, obj);
  createAndRespond(ctx, obj, wq, decoded.warnings);
}
