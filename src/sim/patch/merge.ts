// JSON merge patch (RFC 7386) as kube-apiserver applies it (evanphx/json-patch MergePatch): null
// deletes a key, objects merge recursively, everything else (lists included) replaces.
// Objects the patch touched come back with sorted keys, as Go re-marshals the maps it decoded;
// untouched subtrees keep their order. Only the key order of the embedded-object 422 depends on it.

import { badRequest } from "../errors.js";
import { isObject } from "../json.js";
import type { Json, JsonObject } from "../types.js";

function sortedObject(entries: [string, Json][]): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out[key] = value;
  return out;
}

/** Go's pruneNulls: null object members removed at any depth (list items stay), keys sorted. */
function pruneNulls(value: Json): Json {
  if (Array.isArray(value)) return value.map(pruneNulls);
  if (!isObject(value)) return value;
  const entries = Object.entries(value).filter(([, child]) => child !== null);
  return sortedObject(entries.map(([key, child]) => [key, pruneNulls(child)]));
}

function mergeValue(current: Json, patch: Json): Json {
  if (!isObject(current)) return pruneNulls(patch);
  if (!isObject(patch)) return patch;
  return mergeObjects(current, patch);
}

function mergeObjects(doc: JsonObject, patch: JsonObject): JsonObject {
  const out = new Map<string, Json>(Object.entries(doc));
  for (const [key, value] of Object.entries(patch)) {
    const current = out.get(key);
    if (value === null) out.delete(key);
    else if (current === undefined || current === null) out.set(key, pruneNulls(value));
    else out.set(key, mergeValue(current, value));
  }
  return sortedObject([...out.entries()]);
}

/** RFC 7386. A patch that is null or a scalar is the real server's 400 "Invalid JSON Patch". */
export function applyMergePatch(target: Json, patch: Json): Json {
  if (Array.isArray(patch)) return pruneNulls(patch);
  if (!isObject(patch)) throw badRequest("Invalid JSON Patch");
  if (!isObject(target)) return pruneNulls(patch);
  return mergeObjects(target, patch);
}
