// Terse constructors for the structural schemas of the built-in kinds, so each kind's schema reads
// like its Go type. They only build plain Schema values; list/map semantics are passed explicitly
// because they must match the real OpenAPI (x-kubernetes-list-type, patch merge keys).

import type { Json, Schema } from "../types.js";

export const str = (extra: Schema = {}): Schema => ({ type: "string", ...extra });
export const int = (extra: Schema = {}): Schema => ({ type: "integer", ...extra });
export const int32 = (): Schema => int({ format: "int32" });
export const int64 = (): Schema => int({ format: "int64" });
export const bool = (): Schema => ({ type: "boolean" });
/** metav1.Time and metav1.MicroTime are strings on the wire. */
export const time = (): Schema => str({ format: "date-time" });
/** []byte fields travel base64-encoded. */
export const bytes = (): Schema => str({ format: "byte" });
export const intOrString = (): Schema => ({ "x-kubernetes-int-or-string": true });

export function obj(properties: Record<string, Schema>, extra: Schema = {}): Schema {
  return { type: "object", properties, ...extra };
}

/** A struct whose fields are replaced as a whole (+structType=atomic). */
export function atomicObj(properties: Record<string, Schema>, extra: Schema = {}): Schema {
  return obj(properties, { "x-kubernetes-map-type": "atomic", ...extra });
}

/** map[string]T; `atomic` for maps that apply and strategic merge replace as a whole. */
export function mapOf(values: Schema, atomic = false): Schema {
  const schema: Schema = { type: "object", additionalProperties: values };
  if (atomic) schema["x-kubernetes-map-type"] = "atomic";
  return schema;
}

export const stringMap = (atomic = false): Schema => mapOf(str(), atomic);

export function atomicList(items: Schema): Schema {
  return { type: "array", items, "x-kubernetes-list-type": "atomic" };
}

export function setList(items: Schema, patchStrategy?: string): Schema {
  const schema: Schema = { type: "array", items, "x-kubernetes-list-type": "set" };
  if (patchStrategy) schema["x-kubernetes-patch-strategy"] = patchStrategy;
  return schema;
}

export interface MapListOptions {
  readonly keys: readonly string[];
  /** The strategic-merge key (usually the first list-map key). */
  readonly mergeKey?: string;
  readonly patchStrategy?: string;
}

/** A list merged by key (+listType=map): apply tracks items as k:{...}, strategic merge by mergeKey. */
export function mapList(items: Schema, opts: MapListOptions): Schema {
  const schema: Schema = {
    type: "array",
    items,
    "x-kubernetes-list-type": "map",
    "x-kubernetes-list-map-keys": [...opts.keys],
  };
  if (opts.mergeKey) schema["x-kubernetes-patch-merge-key"] = opts.mergeKey;
  if (opts.patchStrategy) schema["x-kubernetes-patch-strategy"] = opts.patchStrategy;
  return schema;
}

/**
 * A non-pointer struct field: its Go zero value is `{}`, which kube-openapi publishes as
 * `default: {}` (server-side apply starts from that zero object).
 */
export function valueStruct(schema: Schema): Schema {
  return { ...schema, default: {} };
}

export function withDefault(schema: Schema, value: Json): Schema {
  return { ...schema, default: value };
}

export function required(schema: Schema, ...fields: string[]): Schema {
  return { ...schema, required: fields };
}
