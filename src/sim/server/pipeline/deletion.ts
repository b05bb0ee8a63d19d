// Graceful deletion of an object held by finalizers (rest.BeforeDelete): it gets a
// deletionTimestamp, deletionGracePeriodSeconds 0 and a generation bump (for kinds that track
// generation), unless the kind deletes its own way (a namespace enters phase Terminating). The
// object stays until no finalizer holds it.

import type { KubeObject, ResourceKind } from "../../types.js";
import { thaw } from "./canonical.js";

/** Whether finalizers keep `obj` once deleted: metadata.finalizers, or the kind's own. */
export function heldByFinalizers(kind: ResourceKind, obj: KubeObject): boolean {
  return (obj.metadata.finalizers ?? []).length > 0 || (kind.deletion?.heldBy(obj) ?? false);
}

/** A mutable copy of `live` marked for deletion at `now`. */
export function markedForDeletion(kind: ResourceKind, live: KubeObject, now: string): KubeObject {
  const marked = thaw(live);
  if (kind.deletion) {
    kind.deletion.mark(marked, now);
    return marked;
  }
  marked.metadata.deletionTimestamp = now;
  marked.metadata.deletionGracePeriodSeconds = 0;
  const generation = marked.metadata.generation ?? 0;
  if (generation > 0) marked.metadata.generation = generation + 1;
  return marked;
}
