// The tail of every update of an existing object (PUT, PATCH, apply, /status, /finalize), in the
// generic registry's order: resourceVersion checks, rest.BeforeUpdate (generation, uid and
// timestamps carried over, the endpoint's PrepareForUpdate, validation), then no-op detection — an
// update that changes nothing keeps its resourceVersion and writes nothing — and the write itself,
// which becomes a delete once a terminating object has lost its last finalizer.

import { conflict, invalid, OBJECT_MODIFIED } from "../../errors.js";
import { fieldError, goLiteral } from "../../fielderrors.js";
import { deepEqual } from "../../json.js";
import type { FieldError, KubeObject, WriteContext } from "../../types.js";
import type { KindScope } from "../context.js";
import { objectKey } from "../handlers/keys.js";
import { canonicalObject } from "./canonical.js";
import { writeContext } from "./create.js";
import { heldByFinalizers } from "./deletion.js";
import { prepareSubresource, validateSubresource } from "./subresources.js";

/**
 * Optimistic concurrency: an update without resourceVersion is refused (422) by kinds that do not
 * allow unconditional updates; a different one is a 409 Conflict.
 */
export function checkResourceVersion(ctx: KindScope, next: KubeObject, live: KubeObject): void {
  const { kind } = ctx.served;
  const sent = next.metadata.resourceVersion ?? "";
  if (sent === "" || sent === "0") {
    if (!kind.allowUnconditionalUpdate) {
      const err = fieldError.invalid(
        "metadata.resourceVersion",
        goLiteral("0x0"),
        "must be specified for an update",
      );
      throw invalid({ group: kind.group, kind: kind.plural }, live.metadata.name ?? "", [err]);
    }
    return;
  }
  if (sent !== live.metadata.resourceVersion) {
    throw conflict({ group: kind.group, resource: kind.plural }, live.metadata.name ?? "", OBJECT_MODIFIED);
  }
}

/** rest.BeforeUpdate: what an update may never change is carried over from the stored object. */
function carryOver(next: KubeObject, live: KubeObject): void {
  const meta = next.metadata;
  const old = live.metadata;
  if (old.generation === undefined) delete meta.generation;
  else meta.generation = old.generation;
  if (!meta.uid) meta.uid = old.uid ?? "";
  if (old.creationTimestamp) meta.creationTimestamp = old.creationTimestamp;
  if (old.deletionTimestamp) meta.deletionTimestamp = old.deletionTimestamp;
  if (old.deletionGracePeriodSeconds !== undefined && meta.deletionGracePeriodSeconds === undefined) {
    meta.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
  }
}

function beforeUpdate(
  ctx: KindScope,
  subresource: string,
  next: KubeObject,
  live: KubeObject,
  wctx: WriteContext,
): void {
  const { kind } = ctx.served;
  carryOver(next, live);
  prepareSubresource(ctx.served, subresource, next, live, wctx);
  const errs: FieldError[] = validateSubresource(ctx.served, subresource, next, live, wctx);
  if (errs.length > 0) throw invalid({ group: kind.group, kind: kind.kind }, live.metadata.name ?? "", errs);
}

export interface UpdateOutcome {
  /** The object to answer with. */
  readonly obj: KubeObject;
  /** True when the update removed the object (last finalizer of a terminating object gone). */
  readonly deleted: boolean;
}

/** Runs beforeUpdate and writes the result (unless it changes nothing or it is a dry run). */
export function commitUpdate(
  ctx: KindScope,
  subresource: string,
  next: KubeObject,
  live: KubeObject,
  dryRun: boolean,
): UpdateOutcome {
  const { served, deps } = ctx;
  beforeUpdate(ctx, subresource, next, live, writeContext(ctx, dryRun));
  next.metadata.resourceVersion = live.metadata.resourceVersion ?? "";
  const canonical = canonicalObject(served, next);
  const key = objectKey(served, live.metadata.namespace ?? "", live.metadata.name ?? "");
  if (canonical.metadata.deletionTimestamp && !heldByFinalizers(served.kind, canonical)) {
    if (!dryRun) {
      const gone = deps.storage.delete(key);
      served.kind.release?.(gone);
    }
    return { obj: canonical, deleted: true };
  }
  if (deepEqual(canonical, live) || dryRun)
    return { obj: deepEqual(canonical, live) ? live : canonical, deleted: false };
  return { obj: deps.storage.update(key, canonical), deleted: false };
}
