// Uniqueness of x-kubernetes-list-type "set" items and "map" keys, as apiextensions' listtype
// validation reports it: each repeated value once, at its second occurrence, as "Duplicate value".
// Field paths follow field.Path: properties as ".name", map keys as "[key]", items as "[i]".

import { fieldError } from "../fielderrors.js";
import { isObject } from "../json.js";
import type { FieldError, Json, JsonObject, Schema } from "../types.js";
import { goBadValue, goJSON, jsonTypeOf } from "./gofmt.js";

function child(path: string, name: string): string {
  return path === "" ? name : `${path}.${name}`;
}

/** A list-map item without the key field (or a null item) has an unspecified key. */
const UNSPECIFIED = Symbol("unspecified key");

/** A key under which Go would consider two values equal (compounds by their JSON, scalars by type and value). */
function identity(value: Json | typeof UNSPECIFIED): string {
  if (value === UNSPECIFIED) return "unspecified";
  if (value !== null && typeof value === "object") return `json:${goJSON(value)}`;
  return `${jsonTypeOf(value)}:${goJSON(value)}`;
}

/** Indices of the second occurrence of every value that occurs more than once. */
function repeatedIndices(values: readonly (Json | typeof UNSPECIFIED)[]): number[] {
  const seen = new Map<string, number>();
  const repeated: number[] = [];
  for (const [i, value] of values.entries()) {
    const id = identity(value);
    const times = seen.get(id) ?? 0;
    if (times === 1) repeated.push(i);
    seen.set(id, times + 1);
  }
  return repeated;
}

function validateListMap(path: string, s: Schema, list: Json[]): FieldError[] {
  const bad = list.findIndex((item) => item !== null && !isObject(item));
  if (bad >= 0) {
    const item = list[bad] ?? null;
    return [
      fieldError.invalid(
        `${path}[${bad}]`,
        goBadValue(item),
        "must be an object for an array of list-type map",
      ),
    ];
  }
  if (list.length <= 1) return [];
  const keyFields = s["x-kubernetes-list-map-keys"] ?? [];
  if (keyFields.length === 1) {
    const field = keyFields[0] ?? "";
    const keys = list.map((item) =>
      isObject(item) && Object.hasOwn(item, field) ? (item[field] ?? null) : UNSPECIFIED,
    );
    return repeatedIndices(keys).map((i) => {
      const key = keys[i];
      const shown: JsonObject = key === UNSPECIFIED || key === undefined ? {} : { [field]: key };
      return fieldError.duplicate(`${path}[${i}]`, goBadValue(shown));
    });
  }
  const keys = list.map((item) => {
    const key: JsonObject = {};
    for (const field of keyFields)
      if (isObject(item) && Object.hasOwn(item, field)) key[field] = item[field] ?? null;
    return key;
  });
  return repeatedIndices(keys).map((i) => fieldError.duplicate(`${path}[${i}]`, goBadValue(keys[i] ?? {})));
}

function validateArray(path: string, s: Schema, list: Json[]): FieldError[] {
  const errs: FieldError[] = [];
  const listType = s["x-kubernetes-list-type"];
  if (listType === "set") {
    for (const i of repeatedIndices(list))
      errs.push(fieldError.duplicate(`${path}[${i}]`, goBadValue(list[i] ?? null)));
  } else if (listType === "map") {
    errs.push(...validateListMap(path, s, list));
  }
  if (s.items) {
    for (const [i, item] of list.entries()) errs.push(...validateValue(`${path}[${i}]`, s.items, item));
  }
  return errs;
}

function validateValue(path: string, s: Schema, value: Json): FieldError[] {
  if (Array.isArray(value)) return validateArray(path, s, value);
  return isObject(value) ? validateObject(path, s, value) : [];
}

function validateObject(path: string, s: Schema, obj: JsonObject): FieldError[] {
  const errs: FieldError[] = [];
  const keys = Object.keys(obj).sort();
  if (typeof s.additionalProperties === "object") {
    for (const key of keys)
      errs.push(...validateValue(`${path}[${key}]`, s.additionalProperties, obj[key] ?? null));
  }
  for (const key of keys) {
    const prop = s.properties && Object.hasOwn(s.properties, key) ? s.properties[key] : undefined;
    if (prop) errs.push(...validateValue(child(path, key), prop, obj[key] ?? null));
  }
  return errs;
}

/** ValidateListSetsAndMaps over a whole object (maps are walked in sorted key order). */
export function validateListSetsAndMaps(value: Json, schema: Schema): FieldError[] {
  return isObject(value) ? validateObject("", schema, value) : [];
}
