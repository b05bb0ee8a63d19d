// How server-side apply sees a Schema node: a scalar, a map (struct or string-keyed map, granular
// or atomic) or a list (atomic, set, or map keyed by fields), as structured-merge-diff derives it
// from OpenAPI. Nodes without a usable schema are "deduced" from the value: objects are granular
// maps, arrays atomic lists. metadata is always ObjectMeta's schema, whatever the kind declares.

import { isObject } from "../json.js";
import type { Json, JsonObject, Schema } from "../types.js";

export type ScalarType = "string" | "numeric" | "boolean" | "untyped";

export type Shape =
  | { readonly kind: "scalar"; readonly scalar: ScalarType }
  | { readonly kind: "map"; readonly atomic: boolean; readonly schema: Schema | undefined }
  | {
      readonly kind: "list";
      readonly relation: "atomic" | "set" | "map";
      readonly keys: readonly string[];
      readonly item: Schema | undefined;
    };

const STRING: Schema = { type: "string" };
const STRING_MAP: Schema = { type: "object", additionalProperties: { type: "string" } };

/** ObjectMeta as kube-openapi publishes it, reduced to what merging and field tracking need. */
export const objectMetaSchema: Schema = {
  type: "object",
  default: {},
  properties: {
    name: STRING,
    generateName: STRING,
    namespace: STRING,
    selfLink: STRING,
    uid: STRING,
    resourceVersion: STRING,
    generation: { type: "integer" },
    creationTimestamp: { type: "string", format: "date-time" },
    deletionTimestamp: { type: "string", format: "date-time" },
    deletionGracePeriodSeconds: { type: "integer" },
    labels: STRING_MAP,
    annotations: STRING_MAP,
    finalizers: {
      type: "array",
      items: STRING,
      "x-kubernetes-list-type": "set",
      "x-kubernetes-patch-strategy": "merge",
    },
    ownerReferences: {
      type: "array",
      items: {
        type: "object",
        "x-kubernetes-map-type": "atomic",
        required: ["apiVersion", "kind", "name", "uid"],
        properties: {
          apiVersion: STRING,
          kind: STRING,
          name: STRING,
          uid: STRING,
          controller: { type: "boolean" },
          blockOwnerDeletion: { type: "boolean" },
        },
      },
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["uid"],
      "x-kubernetes-patch-merge-key": "uid",
      "x-kubernetes-patch-strategy": "merge",
    },
    managedFields: {
      type: "array",
      items: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
      "x-kubernetes-list-type": "atomic",
    },
  },
};

/** The kind's schema with apiVersion, kind and ObjectMeta filled in (CRDs declare metadata as a bare object). */
export function rootSchema(schema: Schema): Schema {
  return {
    ...schema,
    type: "object",
    properties: { ...schema.properties, apiVersion: STRING, kind: STRING, metadata: objectMetaSchema },
  };
}

function deduced(value: Json | undefined): Shape {
  if (isObject(value)) return { kind: "map", atomic: false, schema: undefined };
  if (Array.isArray(value)) return { kind: "list", relation: "atomic", keys: [], item: undefined };
  return { kind: "scalar", scalar: "untyped" };
}

function scalarType(type: Schema["type"]): ScalarType | undefined {
  switch (type) {
    case "string":
      return "string";
    case "integer":
    case "number":
      return "numeric";
    case "boolean":
      return "boolean";
    default:
      return undefined;
  }
}

/** The shape of a node; `value` only matters where the schema leaves the type open. */
export function shapeOf(schema: Schema | undefined, value: Json | undefined): Shape {
  if (!schema) return deduced(value);
  if (schema["x-kubernetes-int-or-string"]) return { kind: "scalar", scalar: "untyped" };
  if (schema.type === "array" || (!schema.type && schema.items)) {
    return {
      kind: "list",
      relation: schema["x-kubernetes-list-type"] ?? "atomic",
      keys: schema["x-kubernetes-list-map-keys"] ?? [],
      item: schema.items,
    };
  }
  if (schema.type === "object" || (!schema.type && (schema.properties || schema.additionalProperties))) {
    return { kind: "map", atomic: schema["x-kubernetes-map-type"] === "atomic", schema };
  }
  const scalar = scalarType(schema.type);
  return scalar ? { kind: "scalar", scalar } : deduced(value);
}

export interface FieldType {
  readonly schema: Schema | undefined;
  /** A named field of a struct (as opposed to an entry of a string-keyed map). */
  readonly declared: boolean;
  /** False when the struct has a closed set of fields and this is not one of them. */
  readonly allowed: boolean;
}

export function fieldType(map: Schema | undefined, key: string): FieldType {
  if (!map) return { schema: undefined, declared: false, allowed: true };
  const declared = map.properties?.[key];
  if (declared) return { schema: declared, declared: true, allowed: true };
  const extra = map.additionalProperties;
  if (typeof extra === "object") return { schema: extra, declared: false, allowed: true };
  const open = extra === true || map["x-kubernetes-preserve-unknown-fields"] === true || !map.properties;
  return { schema: undefined, declared: false, allowed: open };
}

/** Go's zero value of a struct field is `{}` for non-pointer structs, which OpenAPI marks with `default: {}`. */
export function isValueStruct(schema: Schema | undefined): boolean {
  const value = schema?.default;
  return isObject(value) && Object.keys(value).length === 0;
}

function zeroStruct(schema: Schema): JsonObject {
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    if (isValueStruct(child)) out[key] = zeroStruct(child);
  }
  return out;
}

/** What the typed empty object of a kind serializes to: metadata and nested value structs, nothing else. */
export function zeroObject(schema: Schema): JsonObject {
  return zeroStruct(rootSchema(schema));
}
