// Field-manager bookkeeping options for a write: the manager named by ?fieldManager or derived from
// the User-Agent, the endpoint's version and subresource, and the fields its strategy resets.

import { defaultFieldManager, type FieldManagerOptions } from "../../patch/index.js";
import type { RequestContext } from "../context.js";
import type { WriteQuery } from "../query.js";
import { apiVersionOf } from "./decode.js";

export function managerOf(ctx: RequestContext, wq: WriteQuery): string {
  return wq.fieldManager ?? defaultFieldManager(String(ctx.req.headers["user-agent"] ?? ""));
}

export function fieldManagerOptions(
  ctx: RequestContext,
  manager: string,
  nowIso: string,
): FieldManagerOptions {
  const { kind } = ctx.served;
  const opts: FieldManagerOptions = {
    manager,
    apiVersion: apiVersionOf(kind),
    time: nowIso,
    schema: kind.schema,
  };
  if (ctx.info.subresource === "status") opts.subresource = "status";
  if (!kind.subresources.includes("status")) opts.resetFields = [];
  return opts;
}
