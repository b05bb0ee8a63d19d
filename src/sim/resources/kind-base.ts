// Pieces every built-in kind shares: the verbs discovery lists, and the hook steps that reproduce
// Go decoding (nulls vanish) and protobuf storage (empty lists and maps vanish).

import type { KubeObject, Schema } from "../types.js";
import { dropEmptyCollections, dropNulls } from "./roundtrip.js";

/** Verbs of a namespaced built-in resource, in discovery's order. */
export const STANDARD_VERBS: readonly string[] = [
  "create",
  "delete",
  "deletecollection",
  "get",
  "list",
  "patch",
  "update",
  "watch",
];

/**
 * Decode-time normalisation of a body: what json.Unmarshal into the Go type and the conversion back
 * to JSON leave behind. `nonOmitEmpty` lists the list/map fields without `omitempty` (dotted paths),
 * whose empty value survives until storage.
 */
export function decodeBody(obj: KubeObject, schema: Schema, nonOmitEmpty: readonly string[] = []): void {
  dropNulls(obj, schema);
  // An empty managedFields list is a request to reset them, which the field manager must still see.
  dropEmptyCollections(obj, schema, new Set([...nonOmitEmpty, "metadata.managedFields"]));
}

/** What storing and re-reading the object does to it; run last in prepareFor*. */
export function storageRoundTrip(obj: KubeObject, schema: Schema): void {
  dropEmptyCollections(obj, schema);
}

/** Deletes the listed keys whose value is the Go zero value of an `omitempty` non-pointer field. */
export function dropZeroValues(record: Record<string, unknown>, keys: readonly string[]): void {
  for (const key of keys) {
    const value = record[key];
    if (value === "" || value === 0 || value === false) delete record[key];
  }
}
