// Small helpers over plain JSON values shared by the patch formats and the field manager.
// Objects compare without regard to key order (Go maps have none); arrays compare in order.

import type { Json, JsonObject } from "../types.js";

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
  }
  return false;
}

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
