// The tail of every create (POST, create-on-update PUT, apply to a missing object): rest.BeforeCreate
// (generateName, uid, creationTimestamp, the kind's PrepareForCreate and validation), then storage.
// A dry run goes through everything but the write and gives back what it reserved (ClusterIPs).

import { internalNoReason, invalid } from "../../errors.js";
import type { KubeObject, WriteContext } from "../../types.js";
import type { KindScope } from "../context.js";
import { objectKey } from "../handlers/keys.js";
import { generatedName, newUid } from "../objectmeta.js";
import { rfc3339 } from "../timefmt.js";
import { canonicalObject } from "./canonical.js";

export function writeContext(ctx: KindScope, dryRun: boolean): WriteContext {
  return { dryRun, now: rfc3339(ctx.deps.clock.wallNow()) };
}

/** Assigns the system fields and runs the kind's create strategy; throws 422 on validation errors. */
function beforeCreate(ctx: KindScope, obj: KubeObject, wctx: WriteContext): void {
  const { kind } = ctx.served;
  const meta = obj.metadata;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  meta.uid = newUid();
  meta.creationTimestamp = wctx.now;
  if (!meta.name && meta.generateName) meta.name = generatedName(meta.generateName);
  kind.prepareForCreate?.(obj, wctx);
  const errs = kind.validateCreate(obj, wctx);
  if (errs.length > 0) {
    // The kind undoes its own reservations when its validation fails.
    throw invalid({ group: kind.group, kind: kind.kind }, meta.name ?? "", errs);
  }
  if (meta.resourceVersion) {
    kind.release?.(obj);
    // etcd3's store refuses it; the error is not a Status, so the answer is a reason-less 500.
    throw internalNoReason("resourceVersion should not be set on objects to be created");
  }
}

/** Runs beforeCreate and stores the object (or, in a dry run, returns it without a resourceVersion). */
export function createObject(ctx: KindScope, obj: KubeObject, dryRun: boolean): KubeObject {
  const wctx = writeContext(ctx, dryRun);
  beforeCreate(ctx, obj, wctx);
  const { served, deps } = ctx;
  const canonical = canonicalObject(served, obj);
  if (dryRun) {
    served.kind.release?.(obj);
    delete canonical.metadata.resourceVersion;
    return canonical;
  }
  try {
    return deps.storage.create(
      objectKey(served, obj.metadata.namespace ?? "", obj.metadata.name ?? ""),
      canonical,
    );
  } catch (err) {
    served.kind.release?.(obj);
    throw err;
  }
}
