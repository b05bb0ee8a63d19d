// List merging of strategic merge patch (apimachinery strategicpatch, server side): lists with
// patch strategy "merge" merge by their merge key (maps) or by value (primitives), honour
// `$patch: delete|replace` items, and are ordered so that items named in the patch keep the
// patch's order, with items the patch did not name slotted in by their place in the live list.

import { goV } from "../gotext/fmt.js";
import { deepEqual, isObject } from "../json.js";
import type { Json, JsonObject, Schema } from "../types.js";
import { goKind, withoutNulls } from "./json.js";
import { smpFailure } from "./strategic-errors.js";

export const DIRECTIVE = "$patch";

export type MapMerger = (original: JsonObject, patch: JsonObject, schema: Schema | undefined) => JsonObject;

/** The position of `item` in `list` by merge key (maps) or by value (primitives); -1 when absent. */
function indexIn(list: readonly Json[], item: Json, mergeKey: string): number {
  if (mergeKey && isObject(item)) {
    return list.findIndex((other) => isObject(other) && deepEqual(other[mergeKey], item[mergeKey]));
  }
  return list.findIndex((other) => deepEqual(other, item));
}

/** Stable sort of `items` by their position in `order` (items absent from it keep their place). */
function sortByOrder(items: Json[], order: readonly Json[], mergeKey: string): Json[] {
  return items
    .map((item, i) => ({ item, i, at: indexIn(order, item, mergeKey) }))
    .sort((a, b) => (a.at >= 0 && b.at >= 0 ? a.at - b.at : a.i - b.i))
    .map(({ item }) => item);
}

/** mergeSortedSlice: server-only items go before a patch item only when the live list has them before it. */
function interleave(
  serverOnly: Json[],
  patchItems: Json[],
  serverOrder: readonly Json[],
  mergeKey: string,
): Json[] {
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < patchItems.length) {
    const left = serverOnly[i];
    const right = patchItems[j];
    if (left === undefined) {
      out.push(right ?? null);
      j++;
      continue;
    }
    if (right === undefined) {
      out.push(left);
      i++;
      continue;
    }
    const li = indexIn(serverOrder, left, mergeKey);
    const ri = indexIn(serverOrder, right, mergeKey);
    if (li >= 0 && ri >= 0 && li < ri) {
      out.push(left);
      i++;
    } else {
      out.push(right);
      j++;
    }
  }
  return out;
}

/** Orders a merged list: items present in `patchOrder` by it, the rest by `serverOrder`, interleaved. */
export function normalizeOrder(
  merged: Json[],
  patchOrder: readonly Json[],
  serverOrder: readonly Json[],
  mergeKey: string,
): Json[] {
  const inPatch = merged.filter((item) => indexIn(patchOrder, item, mergeKey) >= 0);
  const serverOnly = merged.filter((item) => indexIn(patchOrder, item, mergeKey) < 0);
  return interleave(
    sortByOrder(serverOnly, serverOrder, mergeKey),
    sortByOrder(inPatch, patchOrder, mergeKey),
    serverOrder,
    mergeKey,
  );
}

function elementKind(original: readonly Json[], patch: readonly Json[]): string {
  let kind: string | undefined;
  for (const item of [...original, ...patch]) {
    const current = goKind(item);
    if (kind === undefined && current === "slice") throw smpFailure(422, "lists of lists are not supported");
    if (kind !== undefined && current !== kind) {
      throw smpFailure(
        500,
        `list element types are not identical: ${goV([original as Json[], patch as Json[]])}`,
      );
    }
    kind = current;
  }
  return kind ?? "nil";
}

function noMergeKey(item: JsonObject, mergeKey: string): Error {
  return smpFailure(500, `map: ${goV(item)} does not contain declared merge key: ${mergeKey}`);
}

/** mergeSliceWithSpecialElements: applies `$patch: delete` items; a `$patch: replace` item makes the rest the list. */
function applySpecialItems(original: Json[], patch: Json[], mergeKey: string): [Json[], Json[]] {
  const plain: Json[] = [];
  let replace = false;
  let current = original;
  for (const item of patch) {
    const patchItem = item as JsonObject;
    const directive = patchItem[DIRECTIVE];
    if (directive === undefined) {
      plain.push(item);
    } else if (directive === "delete") {
      if (!(mergeKey in patchItem)) throw noMergeKey(patchItem, mergeKey);
      current = current.filter((o) => !(isObject(o) && deepEqual(o[mergeKey], patchItem[mergeKey])));
    } else if (directive === "replace") {
      replace = true;
    } else if (directive === "merge") {
      throw smpFailure(500, "merging lists cannot yet be specified in the patch");
    } else {
      throw smpFailure(500, `unknown patch type: ${goV(directive)} in map: ${goV(patchItem)}`);
    }
  }
  return replace ? [plain, []] : [current, plain];
}

function mergeMapItems(
  original: Json[],
  patch: Json[],
  mergeKey: string,
  item: Schema | undefined,
  mergeMap: MapMerger,
): Json[] {
  const out = [...original];
  for (const patchItem of patch as JsonObject[]) {
    if (!(mergeKey in patchItem)) throw noMergeKey(patchItem, mergeKey);
    const at = out.findIndex((o) => isObject(o) && deepEqual(o[mergeKey], patchItem[mergeKey]));
    const existing = out[at];
    if (at >= 0 && isObject(existing)) out[at] = mergeMap(existing, patchItem, item);
    else out.push(withoutNulls(patchItem));
  }
  return out;
}

function dedupe(items: Json[]): Json[] {
  return items.filter((item, i) => items.findIndex((other) => deepEqual(other, item)) === i);
}

/** mergeSlice for a list whose patch strategy is merge (or a `$deleteFromPrimitiveList` list). */
export function mergeList(
  original: Json[],
  patch: Json[],
  list: Schema | undefined,
  isDeleteList: boolean,
  mergeMap: MapMerger,
): Json[] {
  if (original.length === 0 && patch.length === 0) return original;
  const mergeKey = list?.["x-kubernetes-patch-merge-key"] ?? "";
  if (elementKind(original, patch) !== "map") {
    if (isDeleteList) return original.filter((item) => !patch.some((d) => deepEqual(d, item)));
    return normalizeOrder(dedupe([...original, ...patch]), patch, original, "");
  }
  if (!mergeKey) throw smpFailure(500, "cannot merge lists without merge key for the list");
  const [base, plain] = applySpecialItems(original, patch, mergeKey);
  const merged = mergeMapItems(base, plain, mergeKey, list?.items, mergeMap);
  return normalizeOrder(merged, plain, base, mergeKey);
}

/** removeDirectives: a new list from a patch loses its directive items and keys. */
export function withoutDirectives(value: Json): Json | undefined {
  if (Array.isArray(value)) {
    return value.map(withoutDirectives).filter((item): item is Json => item !== undefined);
  }
  if (!isObject(value)) return value;
  if (DIRECTIVE in value) return undefined;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    const kept = withoutDirectives(child);
    if (kept !== undefined) out[key] = kept;
  }
  return out;
}

/** validatePatchWithSetOrderList: every non-directive patch item must appear in the order list, in order. */
export function checkElementOrder(patchList: Json[], order: Json[], mergeKey: string): void {
  const items = patchList.filter((item) => !(isObject(item) && DIRECTIVE in item));
  let p = 0;
  for (const entry of order) {
    const item = items[p];
    if (item === undefined) break;
    const same =
      mergeKey && isObject(item) && isObject(entry)
        ? deepEqual(item[mergeKey], entry[mergeKey])
        : deepEqual(item, entry);
    if (same) p++;
  }
  if (p < items.length) {
    throw smpFailure(
      500,
      `The order in patch list:\n${goV(patchList)}\n doesn't match $setElementOrder list:\n${goV(order)}\n`,
    );
  }
}
