// Stored objects are shared, never copied per read: every object the engine keeps is deep-frozen,
// so a caller that mutates one by mistake fails loudly instead of rewriting history. Stamping a
// resourceVersion makes a new top level and metadata; everything below is shared with the input.

import type { KubeObject } from "../types.js";

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

/** The object with metadata.resourceVersion set to `revision`, frozen with everything it holds. */
export function stamp(obj: KubeObject, revision: number): KubeObject {
  const stamped: KubeObject = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(revision) } };
  deepFreeze(stamped);
  return stamped;
}
