// Helpers over plain JSON values that only the patch formats and the field manager need: copies,
// null stripping and Go's names for JSON kinds. Object tests and equality are ../json.ts.

import { isObject } from "../json.js";
import type { Json, JsonObject } from "../types.js";

export function clone<T extends Json>(value: T): T {
  return structuredClone(value);
}

/** A copy without null values at any depth (what a Go decoder keeps of explicit nulls in new content). */
export function withoutNulls(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (child !== null) out[key] = withoutNulls(child);
  }
  return out;
}

/** Go's reflect kind of a decoded JSON value, which decides whether two patch values "have the same type". */
export function goKind(value: Json | undefined): string {
  if (value === undefined || value === null) return "nil";
  if (Array.isArray(value)) return "slice";
  if (typeof value === "number") return Number.isInteger(value) ? "int64" : "float64";
  return typeof value === "object" ? "map" : typeof value;
}
