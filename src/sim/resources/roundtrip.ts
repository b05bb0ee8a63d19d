// What a real server's round trip through Go structs and protobuf storage does to JSON: a null
// decodes to the zero value (so the field disappears); an empty list or map in an `omitempty`
// field is dropped as soon as the typed object is converted back (before field management), and
// every empty list or map is stored as nil. Empty structs survive. The walks follow the kind's
// schema and leave free-form subtrees (x-kubernetes-preserve-unknown-fields) untouched, as Go keeps
// those verbatim. Zero scalars ("" / 0 / false) are kept: dropping them needs pointer-ness the
// schema does not carry.

import { isObject } from "../json.js";
import type { Schema } from "../types.js";

type Walk = (value: unknown, schema: Schema | undefined) => void;

function isFreeForm(schema: Schema | undefined): boolean {
  return schema?.["x-kubernetes-preserve-unknown-fields"] === true && !schema.properties;
}

function childSchema(schema: Schema | undefined, key: string): Schema | undefined {
  const fromProps = schema?.properties?.[key];
  if (fromProps) return fromProps;
  const extra = schema?.additionalProperties;
  return typeof extra === "object" ? extra : undefined;
}

function walkChildren(value: unknown, schema: Schema | undefined, visit: Walk): void {
  if (Array.isArray(value)) {
    for (const item of value) visit(item, schema?.items);
    return;
  }
  if (!isObject(value)) return;
  for (const [key, child] of Object.entries(value)) visit(child, childSchema(schema, key));
}

/** Removes null-valued fields, as decoding into a Go struct turns them into omitted zero values. */
export function dropNulls(value: unknown, schema: Schema | undefined): void {
  if (isFreeForm(schema)) return;
  if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (child === null) delete value[key];
    }
  }
  walkChildren(value, schema, dropNulls);
}

function isEmptyCollection(value: unknown, schema: Schema | undefined): boolean {
  if (Array.isArray(value)) return value.length === 0;
  // Only maps (additionalProperties) vanish when empty; an empty struct is still rendered as {}.
  return isObject(value) && Object.keys(value).length === 0 && schema?.additionalProperties !== undefined;
}

/**
 * Removes empty lists and maps, as storing and re-reading a built-in object does. Fields whose
 * dotted path (list indices omitted, e.g. `endpoints.addresses`) is in `keep` are left alone: Go
 * only drops those (non-`omitempty`) at storage.
 */
export function dropEmptyCollections(
  value: unknown,
  schema: Schema | undefined,
  keep: ReadonlySet<string> = new Set(),
  path = "",
): void {
  if (isFreeForm(schema)) return;
  if (Array.isArray(value)) {
    for (const item of value) dropEmptyCollections(item, schema?.items, keep, path);
    return;
  }
  if (!isObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    const childSchemaValue = childSchema(schema, key);
    if (isEmptyCollection(child, childSchemaValue) && !keep.has(childPath)) delete value[key];
    else dropEmptyCollections(child, childSchemaValue, keep, childPath);
  }
}
