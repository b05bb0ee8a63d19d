// LIST: selectors, pagination and resourceVersion semantics are the storage's; this layer parses
// the query like the apiserver (400 for malformed numbers), waits for a resourceVersion from the
// future when the watch cache would (then 504), and writes the list.

import type { RequestContext } from "../context.js";
import type { ListQuery } from "../query.js";
import { waitForResourceVersion } from "./get.js";
import { collectionNamespace, selectorOptions } from "./keys.js";
import { writeList } from "./output.js";

/** Lists the cache would serve (not Exact, no continue token) wait for a future resourceVersion. */
function waitsForFuture(q: ListQuery): boolean {
  return (
    q.resourceVersion !== undefined && q.resourceVersionMatch !== "Exact" && q.continueToken === undefined
  );
}

export async function handleList(ctx: RequestContext, q: ListQuery): Promise<void> {
  const { served, info } = ctx;
  if (waitsForFuture(q)) await waitForResourceVersion(ctx, q.resourceVersion ?? "");
  const namespace = collectionNamespace(served, info.namespace);
  const result = ctx.deps.storage.list(served.storageId, {
    ...(namespace !== undefined ? { namespace } : {}),
    ...(q.labelSelector !== undefined ? { labelSelector: q.labelSelector } : {}),
    ...(q.fieldSelector !== undefined ? { fieldSelector: q.fieldSelector } : {}),
    ...selectorOptions(served),
    ...(q.limit !== undefined ? { limit: q.limit } : {}),
    ...(q.continueToken !== undefined ? { continueToken: q.continueToken } : {}),
    resourceVersion: q.resourceVersion ?? "",
    resourceVersionMatch: q.resourceVersionMatch ?? "",
  });
  writeList(ctx, result.items, {
    resourceVersion: result.resourceVersion,
    ...(result.continue !== undefined ? { continue: result.continue } : {}),
    ...(result.remainingItemCount !== undefined ? { remainingItemCount: result.remainingItemCount } : {}),
  });
}
