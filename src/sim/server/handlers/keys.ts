// Storage addressing for the served kind of a request: the object key, and the selector options
// (field extractors, field-label conversion) the storage needs to filter a list or watch.

import type { FieldConversion, ListQuery, ObjectKey } from "../../storage/index.js";
import type { ServedKind } from "../registry.js";

export function objectKey(served: ServedKind, namespace: string, name: string): ObjectKey {
  return { resource: served.storageId, namespace: served.kind.namespaced ? namespace : "", name };
}

/** Namespace scope of a collection request: undefined = all namespaces (or cluster-scoped). */
export function collectionNamespace(served: ServedKind, namespace: string): string | undefined {
  return served.kind.namespaced && namespace !== "" ? namespace : undefined;
}

/** Custom resources register their own field-label conversion ("field label not supported: x"). */
function fieldConversion(served: ServedKind): FieldConversion | undefined {
  if (served.source.type !== "crd") return undefined;
  return { custom: true, withoutNamespace: !served.kind.namespaced };
}

export function selectorOptions(served: ServedKind): Pick<ListQuery, "fieldExtractors" | "fieldConversion"> {
  const out: Pick<ListQuery, "fieldExtractors" | "fieldConversion"> = {};
  if (served.kind.fieldSelectors) out.fieldExtractors = served.kind.fieldSelectors;
  const conversion = fieldConversion(served);
  if (conversion) out.fieldConversion = conversion;
  return out;
}
