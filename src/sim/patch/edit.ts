// Schema-driven edits of whole objects for server-side apply: merging a configuration into the
// live object (maps and keyed/set lists merge, atomic values replace) and removing a set of
// fields (pruning what an applier dropped). Emptied containers disappear, as they do once Go
// converts structured-merge-diff's nil back to a typed object; value structs stay as `{}`.

import { isObject } from "../json.js";
import type { Json, JsonObject, Schema } from "../types.js";
import type { FieldSet } from "./fieldset.js";
import { withoutNulls } from "./json.js";
import { fieldElement, type PathElement } from "./pathelement.js";
import { fieldType, isValueStruct, type Shape, shapeOf } from "./shape.js";
import { indexItems, itemElement } from "./typed.js";

type ListShape = Extract<Shape, { kind: "list" }>;

function isEmpty(value: Json): boolean {
  return Array.isArray(value) ? value.length === 0 : isObject(value) && Object.keys(value).length === 0;
}

type Step = "both" | "skipLive" | "live" | "config";

/** One step of merge.go's walk over both lists (visitListItems). */
function nextStep(
  liveId: string | undefined,
  configId: string | undefined,
  inConfig: boolean,
  nextShared: string | undefined,
): Step {
  if (liveId === undefined) return "config";
  if (liveId === configId) return "both";
  if (!inConfig) return "live";
  // A shared item met out of turn waits for the configuration side; with that side exhausted it was already taken.
  return configId === undefined || (nextShared !== undefined && nextShared !== liveId)
    ? "skipLive"
    : "config";
}

/**
 * merge.go's list order: items present on both sides follow the configuration's order, live-only
 * items keep their place relative to them, configuration-only items come where the configuration has them.
 */
function mergeListOrder(live: Json[], config: Json[], shape: ListShape): Json[] {
  const left = new Map([...indexItems(shape, live)].map(([id, [, item]]) => [id, item]));
  const right = new Map([...indexItems(shape, config)].map(([id, [, item]]) => [id, item]));
  const leftOrder = [...left.keys()];
  const rightOrder = [...right.keys()];
  const shared = rightOrder.filter((id) => left.has(id));
  const out: Json[] = [];
  const take = (id: string): void => {
    const merged = mergeApplied(left.get(id), right.get(id), shape.item);
    if (merged !== undefined) out.push(merged);
  };
  let [l, r, s] = [0, 0, 0];
  while (l < leftOrder.length || r < rightOrder.length) {
    const lid = leftOrder[l];
    const rid = rightOrder[r];
    switch (nextStep(lid, rid, lid !== undefined && right.has(lid), shared[s])) {
      case "both":
        take(rid as string);
        [l, r, s] = [l + 1, r + 1, s + 1];
        break;
      case "skipLive":
        l++;
        break;
      case "live":
        out.push(left.get(lid as string) ?? null);
        l++;
        break;
      case "config":
        take(rid as string);
        if (shared[s] === rid) s++;
        r++;
    }
  }
  return out;
}

function mergeMaps(live: JsonObject, config: JsonObject, schema: Schema | undefined): JsonObject {
  const out: JsonObject = { ...live };
  for (const [key, value] of Object.entries(config)) {
    const merged = mergeApplied(live[key], value, fieldType(schema, key).schema);
    if (merged === undefined) delete out[key];
    else out[key] = merged;
  }
  return out;
}

/**
 * The live value with the configuration merged in. An explicit null in the configuration unsets
 * the field (Go decodes it to the zero value); undefined means "not mentioned".
 */
export function mergeApplied(
  live: Json | undefined,
  config: Json | undefined,
  schema: Schema | undefined,
): Json | undefined {
  if (config === undefined) return live;
  if (config === null) return undefined;
  if (live === undefined || live === null) return withoutNulls(config);
  const shape = shapeOf(schema, config);
  if (shape.kind === "map" && !shape.atomic && isObject(live) && isObject(config)) {
    return isEmpty(live) && isEmpty(config) ? config : mergeMaps(live, config, schema);
  }
  if (shape.kind === "list" && shape.relation !== "atomic" && Array.isArray(live) && Array.isArray(config)) {
    return isEmpty(live) && isEmpty(config) ? config : mergeListOrder(live, config, shape);
  }
  return withoutNulls(config);
}

function emptied(schema: Schema | undefined): Json | undefined {
  return isValueStruct(schema) ? {} : undefined;
}

function removeFromMap(value: JsonObject, set: FieldSet, schema: Schema | undefined): Json | undefined {
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    const pe = fieldElement(key);
    if (set.hasMember(pe)) continue;
    const below = set.child(pe);
    const kept = below ? removeItems(child, below, fieldType(schema, key).schema) : child;
    if (kept !== undefined) out[key] = kept;
  }
  return Object.keys(out).length > 0 ? out : emptied(schema);
}

function removeFromList(value: Json[], set: FieldSet, shape: ListShape): Json | undefined {
  const out: Json[] = [];
  value.forEach((item, i) => {
    const pe = itemElement(shape, item, i);
    if (set.hasMember(pe)) return;
    const below = set.child(pe);
    const kept = below ? removeItems(item, below, shape.item) : item;
    if (kept !== undefined) out.push(kept);
  });
  return out.length > 0 ? out : undefined;
}

/** The value without the fields in `set` (each member goes with everything below it). */
export function removeItems(value: Json, set: FieldSet, schema: Schema | undefined): Json | undefined {
  if (isEmpty(value)) return value;
  const shape = shapeOf(schema, value);
  if (shape.kind === "map" && !shape.atomic && isObject(value)) return removeFromMap(value, set, schema);
  if (shape.kind === "list" && shape.relation !== "atomic" && Array.isArray(value)) {
    return removeFromList(value, set, shape);
  }
  return value;
}

function childSchema(schema: Schema | undefined, pe: PathElement): Schema | undefined {
  if (pe.kind === "field") return fieldType(schema, pe.name).schema;
  return schema?.items;
}

/** EnsureNamedFieldsAreMembers: a struct field with owned fields below it counts as owned itself. */
export function withNamedFieldsAsMembers(set: FieldSet, schema: Schema | undefined): FieldSet {
  const out = set.copy();
  for (const [pe, below] of set.childEntries()) {
    if (pe.kind === "field" && fieldType(schema, pe.name).declared) out.insert([pe]);
    const nested = withNamedFieldsAsMembers(below, childSchema(schema, pe));
    if (!nested.equals(below)) {
      for (const path of nested.paths([pe])) out.insert(path);
    }
  }
  return out;
}
