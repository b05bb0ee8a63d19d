// Strategic merge patch as kube-apiserver applies it to built-in kinds: the kind's schema says,
// per field, whether a list merges (x-kubernetes-patch-strategy: merge, keyed by
// x-kubernetes-patch-merge-key) or is replaced, and the directives `$patch`, `$retainKeys`,
// `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>` are honoured. Nulls delete keys
// and are dropped from new content. The result still has to be decoded and validated by the caller.

import { goV } from "../gotext/fmt.js";
import { isObject } from "../json.js";
import type { Json, JsonObject, Schema } from "../types.js";
import { clone, goKind, withoutNulls } from "./json.js";
import { fieldType, rootSchema } from "./shape.js";
import { smpBadRequest, smpFailure } from "./strategic-errors.js";
import {
  checkElementOrder,
  DIRECTIVE,
  mergeList,
  normalizeOrder,
  withoutDirectives,
} from "./strategic-list.js";

const RETAIN_KEYS = "$retainKeys";
const SET_ELEMENT_ORDER = "$setElementOrder/";
const DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";

function patchStrategy(schema: Schema | undefined): string {
  const strategies = (schema?.["x-kubernetes-patch-strategy"] ?? "").split(",");
  return strategies.find((s) => s !== "retainKeys") ?? "";
}

function directiveInMap(directive: Json, patch: JsonObject): JsonObject {
  if (directive === "replace") {
    const { [DIRECTIVE]: _, ...rest } = patch;
    return rest;
  }
  if (directive === "delete") return {};
  throw smpFailure(500, `unknown patch type: ${goV(directive)} in map: ${goV(patch)}`);
}

/** $retainKeys: keys of the original that are not listed go away; the patch may only set listed keys. */
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!(RETAIN_KEYS in patch)) return;
  const retain = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(retain) || !retain.every((k) => typeof k === "string")) {
    throw smpBadRequest("invalid patch format of retainKeys");
  }
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key.startsWith(DELETE_FROM_PRIMITIVE_LIST) || key.startsWith(SET_ELEMENT_ORDER))
      continue;
    if (!retain.includes(key)) throw smpBadRequest("invalid patch format of retainKeys");
  }
  for (const key of Object.keys(original)) if (!retain.includes(key)) delete original[key];
}

function asList(value: Json | undefined): Json[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value))
    throw smpFailure(500, `expected a []interface {}, but received a ${goKind(value)}`);
  return value;
}

/** mergePatchIntoOriginal: a `$setElementOrder/<list>` directive merges that list now and fixes its order. */
function applyElementOrder(original: JsonObject, patch: JsonObject, schema: Schema | undefined): void {
  for (const directiveKey of Object.keys(patch).filter((k) => k.startsWith(SET_ELEMENT_ORDER))) {
    const order = patch[directiveKey];
    delete patch[directiveKey];
    if (!Array.isArray(order)) throw smpBadRequest("invalid patch format of setElementOrder list");
    const key = directiveKey.slice(SET_ELEMENT_ORDER.length);
    const list = fieldType(schema, key).schema;
    const mergeKey = list?.["x-kubernetes-patch-merge-key"] ?? "";
    const originalList = asList(original[key]);
    const patchList = asList(patch[key]);
    checkElementOrder(patchList ?? [], order, mergeKey);
    let merged: Json[];
    if (patchList === undefined) {
      if (originalList === undefined) continue;
      merged = originalList;
    } else if (originalList === undefined) {
      merged = (withoutDirectives(patchList) ?? []) as Json[];
    } else {
      merged = mergeListField(originalList, patchList, list, false);
    }
    original[key] = normalizeOrder(merged, order, originalList ?? [], mergeKey);
    delete patch[key];
  }
}

function mergeListField(
  original: Json,
  patch: Json,
  list: Schema | undefined,
  isDeleteList: boolean,
): Json[] {
  const originalList = asList(original) ?? [];
  const patchList = asList(patch) ?? [];
  if (patchStrategy(list) !== "merge" && !isDeleteList) return patchList;
  return mergeList(originalList, patchList, list, isDeleteList, mergeMap);
}

function mergeField(
  original: JsonObject,
  key: string,
  patchValue: Json,
  isDeleteList: boolean,
  schema: Schema | undefined,
): void {
  const current = original[key];
  if (current === undefined || goKind(current) !== goKind(patchValue)) {
    if (!isDeleteList) original[key] = withoutNulls(patchValue);
    return;
  }
  const child = fieldType(schema, key).schema;
  if (isObject(current) && isObject(patchValue)) {
    original[key] = patchStrategy(child) === "replace" ? patchValue : mergeMap(current, patchValue, child);
  } else if (Array.isArray(current)) {
    original[key] = mergeListField(current, patchValue, child, isDeleteList);
  } else {
    original[key] = patchValue;
  }
}

function mergeMap(original: JsonObject, patch: JsonObject, schema: Schema | undefined): JsonObject {
  if (DIRECTIVE in patch) return directiveInMap(patch[DIRECTIVE] ?? null, patch);
  applyRetainKeys(original, patch);
  applyElementOrder(original, patch, schema);
  for (const [rawKey, patchValue] of Object.entries(patch)) {
    const isDeleteList = rawKey.startsWith(DELETE_FROM_PRIMITIVE_LIST);
    const key = isDeleteList ? rawKey.slice(DELETE_FROM_PRIMITIVE_LIST.length) : rawKey;
    if (patchValue === null) {
      delete original[key];
      continue;
    }
    mergeField(original, key, patchValue, isDeleteList, schema);
  }
  return original;
}

/**
 * Schema-driven: lists with patch strategy merge + merge key merge by key (new entries go to the
 * FRONT, 088), `$patch: delete|replace`, `$setElementOrder/<field>`, `$retainKeys`,
 * `$deleteFromPrimitiveList/<field>`; lists without a merge strategy are replaced (145); null deletes a map key.
 */
export function applyStrategicMergePatch(target: JsonObject, patch: JsonObject, schema: Schema): JsonObject {
  return mergeMap(clone(target), clone(patch), rootSchema(schema));
}
