// Structural defaulting as apiextensions-apiserver applies it to custom resources on every decode:
// first non-nullable nulls without a default are dropped, then `default` values fill absent fields
// and non-nullable nulls, recursing into what was just defaulted. Defaults are copied, never shared.

import { isObject } from "../json.js";
import type { Json, JsonObject, Schema } from "../types.js";

function additionalSchema(s: Schema): Schema | undefined {
  return typeof s.additionalProperties === "object" ? s.additionalProperties : undefined;
}

function fieldSchema(s: Schema | undefined, key: string): Schema | undefined {
  if (!s) return undefined;
  if (s.properties && Object.hasOwn(s.properties, key)) return s.properties[key];
  return additionalSchema(s);
}

function isNonNullableNull(value: Json | undefined, s: Schema | undefined): boolean {
  return value === null && s !== undefined && !s.nullable;
}

function dropNullsInPlace(x: Json, s: Schema | undefined): void {
  if (Array.isArray(x)) {
    for (const item of x) dropNullsInPlace(item, s?.items);
    return;
  }
  if (!isObject(x)) return;
  for (const [key, value] of Object.entries(x)) {
    const sub = fieldSchema(s, key);
    if (isNonNullableNull(value, sub) && sub?.default === undefined) delete x[key];
    else dropNullsInPlace(value, sub);
  }
}

/** PruneNonNullableNullsWithoutDefaults on a copy of `value`. */
export function pruneNonNullableNulls(value: Json, schema: Schema): Json {
  const copy = structuredClone(value);
  dropNullsInPlace(copy, schema);
  return copy;
}

function defaultArrayInPlace(x: Json[], items: Schema | undefined): void {
  for (const [i, item] of x.entries()) {
    if (isNonNullableNull(item, items) && items?.default !== undefined) x[i] = structuredClone(items.default);
    defaultInPlace(x[i] ?? null, items);
  }
}

/** Absent fields and non-nullable nulls take the property's default. */
function fillDefaults(x: JsonObject, s: Schema): void {
  for (const [key, prop] of Object.entries(s.properties ?? {})) {
    const missing = !Object.hasOwn(x, key) || isNonNullableNull(x[key], prop);
    if (missing && prop.default !== undefined) x[key] = structuredClone(prop.default);
  }
}

function defaultObjectInPlace(x: JsonObject, s: Schema): void {
  fillDefaults(x, s);
  const additional = additionalSchema(s);
  for (const key of Object.keys(x)) {
    const prop = s.properties && Object.hasOwn(s.properties, key) ? s.properties[key] : undefined;
    if (prop) defaultInPlace(x[key] ?? null, prop);
    else if (additional) defaultAdditionalInPlace(x, key, additional);
  }
}

function defaultAdditionalInPlace(x: JsonObject, key: string, additional: Schema): void {
  if (isNonNullableNull(x[key], additional) && additional.default !== undefined) {
    x[key] = structuredClone(additional.default);
  }
  defaultInPlace(x[key] ?? null, additional);
}

function defaultInPlace(x: Json, s: Schema | undefined): void {
  if (!s) return;
  if (Array.isArray(x)) defaultArrayInPlace(x, s.items);
  else if (isObject(x)) defaultObjectInPlace(x, s);
}

/** Returns a copy of `value` with the schema's defaults applied (apiextensions' structural Default). */
export function applySchemaDefaults(value: Json, schema: Schema): Json {
  const copy = structuredClone(value);
  defaultInPlace(copy, schema);
  return copy;
}
