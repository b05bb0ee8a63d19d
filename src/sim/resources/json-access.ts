// Defensive readers for decoded request bodies. Hooks work on plain JSON that has been pruned but
// not type-checked field by field, so a value of the wrong JSON type reads as absent (the Go zero
// value) instead of crashing a hook.

import type { KubeObject } from "../types.js";

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown): JsonRecord | undefined {
  return isRecord(value) ? value : undefined;
}

export function asString(value: unknown): string {
  return typeof value === "string" ? value : "";
}

export function asOptionalString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === "number" ? value : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asStringArray(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === "string");
}

export function asStringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(asRecord(value) ?? {})) {
    if (typeof v === "string") out[k] = v;
  }
  return out;
}

/** The object at `obj[key]`, created empty when missing or not an object. */
export function ensureRecord(obj: JsonRecord | KubeObject, key: string): JsonRecord {
  const current = obj[key];
  if (isRecord(current)) return current;
  const created: JsonRecord = {};
  obj[key] = created;
  return created;
}

/** The records of a list field, skipping entries that are not objects. */
export function recordsOf(value: unknown): JsonRecord[] {
  return asArray(value).filter(isRecord);
}
