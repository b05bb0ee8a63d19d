// Server-assigned metadata: names from generateName, uids, and the field order of ObjectMeta.
// Output order matters in one place only — messages that embed a whole object as JSON (the patched
// Lease in a 422) — and there Go's struct order is what the real server prints.

import { randomInt, randomUUID } from "node:crypto";
import type { ObjectMeta } from "../types.js";

/** The alphabet of apimachinery's utilrand.String: no vowels, no confusable digits. */
const NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
const GENERATED_SUFFIX_LENGTH = 5;
/** Names are cut so that prefix + suffix stays within 63 characters. */
const MAX_GENERATED_NAME_LENGTH = 63;

export function generatedName(prefix: string, random: (max: number) => number = randomInt): string {
  const base =
    prefix.length > MAX_GENERATED_NAME_LENGTH - GENERATED_SUFFIX_LENGTH
      ? prefix.slice(0, MAX_GENERATED_NAME_LENGTH - GENERATED_SUFFIX_LENGTH)
      : prefix;
  let suffix = "";
  for (let i = 0; i < GENERATED_SUFFIX_LENGTH; i++) suffix += NAME_ALPHABET[random(NAME_ALPHABET.length)];
  return base + suffix;
}

export function newUid(): string {
  return randomUUID();
}

/** ObjectMeta's JSON field order (k8s.io/apimachinery/pkg/apis/meta/v1.ObjectMeta). */
const META_ORDER: readonly (keyof ObjectMeta | "selfLink")[] = [
  "name",
  "generateName",
  "namespace",
  "selfLink",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "labels",
  "annotations",
  "ownerReferences",
  "finalizers",
  "managedFields",
];

/** ManagedFieldsEntry's JSON field order. */
const MANAGED_FIELDS_ORDER = [
  "manager",
  "operation",
  "apiVersion",
  "time",
  "fieldsType",
  "fieldsV1",
  "subresource",
];

function ordered(source: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of order) {
    if (source[key] !== undefined) out[key] = source[key];
  }
  for (const [key, value] of Object.entries(source)) {
    if (!(key in out) && value !== undefined) out[key] = value;
  }
  return out;
}

/** A copy of the metadata with its keys in Go's order (unknown keys keep their place at the end). */
export function orderedMeta(meta: ObjectMeta): ObjectMeta {
  const out = ordered(meta as Record<string, unknown>, META_ORDER);
  if (Array.isArray(out.managedFields)) {
    out.managedFields = out.managedFields.map((entry: Record<string, unknown>) =>
      ordered(entry, MANAGED_FIELDS_ORDER),
    );
  }
  return out as ObjectMeta;
}

/** Recursively sorted keys, as Go's encoding/json prints a map[string]interface{}. */
export function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortedKeys((value as Record<string, unknown>)[key]);
  return out;
}
