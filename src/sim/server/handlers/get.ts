// GET of one object (or its /status). A resourceVersion parameter is served "not older than" from
// the latest state, as the watch cache serves it; one from the future waits, then answers 504.

import { notFound } from "../../errors.js";
import { parseResourceVersion } from "../../storage/index.js";
import type { RequestContext } from "../context.js";
import { objectKey } from "./keys.js";
import { writeObject } from "./output.js";

/** Waits (bounded) for a resourceVersion the store has not reached yet; the 504 comes from storage. */
export async function waitForResourceVersion(ctx: RequestContext, raw: string): Promise<void> {
  const { storage, futureResourceVersionWaitMs } = ctx.deps;
  const requested = parseResourceVersion(raw);
  if (requested.value > storage.revision) {
    await storage.waitForRevision(requested.value, futureResourceVersionWaitMs, ctx.signal);
  }
}

export async function handleGet(ctx: RequestContext): Promise<void> {
  const { info, served } = ctx;
  await waitForResourceVersion(ctx, ctx.query.get("resourceVersion") ?? "");
  const obj = ctx.deps.storage.get(objectKey(served, info.namespace, info.name));
  if (!obj) throw notFound({ group: served.kind.group, resource: served.kind.plural }, info.name);
  writeObject(ctx, 200, obj);
}
