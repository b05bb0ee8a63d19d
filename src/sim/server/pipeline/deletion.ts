// Graceful deletion of an object held by finalizers (rest.BeforeDelete): it gets a
// deletionTimestamp, deletionGracePeriodSeconds 0 and a generation bump (for kinds that track
// generation); a namespace instead enters phase Terminating. The object stays until its
// finalizers are gone.

import type { KubeObject } from "../../types.js";
import { thaw } from "./canonical.js";

export function isNamespaceObject(obj: KubeObject): boolean {
  return obj.kind === "Namespace" && obj.apiVersion === "v1";
}

/** A mutable copy of `live` marked for deletion at `now`. */
export function markedForDeletion(live: KubeObject, now: string): KubeObject {
  const marked = thaw(live);
  marked.metadata.deletionTimestamp = now;
  if (isNamespaceObject(live)) {
    marked.status = {
      ...((marked.status as Record<string, unknown> | undefined) ?? {}),
      phase: "Terminating",
    };
    return marked;
  }
  marked.metadata.deletionGracePeriodSeconds = 0;
  const generation = marked.metadata.generation ?? 0;
  if (generation > 0) marked.metadata.generation = generation + 1;
  return marked;
}
