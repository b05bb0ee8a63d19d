// The form objects are stored in, chosen so their JSON reads like the real server's: built-in kinds
// in Go struct order (kind, apiVersion, ObjectMeta's field order, then the kind's fields), custom
// resources as unstructured maps with every level sorted. metadata.resourceVersion is reserved in
// place so the storage's stamp lands where Go prints it.

import type { KubeObject } from "../../types.js";
import { orderedMeta, sortedKeys } from "../objectmeta.js";
import type { ServedKind } from "../registry.js";
import { apiVersionOf } from "./decode.js";

export function canonicalObject(served: ServedKind, obj: KubeObject): KubeObject {
  const apiVersion = apiVersionOf(served.kind);
  const metadata = { ...obj.metadata, resourceVersion: obj.metadata.resourceVersion ?? "" };
  if (served.source.type === "crd") {
    return sortedKeys({ ...obj, apiVersion, kind: served.kind.kind, metadata }) as KubeObject;
  }
  const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = obj;
  return { kind: served.kind.kind, apiVersion, metadata: orderedMeta(metadata), ...rest } as KubeObject;
}

/** A mutable deep copy of a stored (frozen) object. */
export function thaw(obj: KubeObject): KubeObject {
  return structuredClone(obj) as KubeObject;
}
