// Validation of the resources embedded in a custom resource (x-kubernetes-embedded-resource), as
// apiextensions' schema/objectmeta Validate does it: apiVersion and kind are required and well formed,
// and the embedded metadata passes ObjectMeta validation with path-segment name rules. Metadata that
// would not even decode into ObjectMeta (wrong field types) is not reported here.

import { fieldError } from "../fielderrors.js";
import { isObject } from "../json.js";
import { isDNS1035Label, isPathSegmentName, validateObjectMeta } from "../resources/meta.js";
import type { FieldError, Json, JsonObject, ObjectMeta, Schema } from "../types.js";
import { goBadValue } from "./gofmt.js";

function child(path: string, name: string): string {
  return path === "" ? name : `${path}.${name}`;
}

function validateApiVersion(path: string, value: Json): FieldError[] {
  const at = child(path, "apiVersion");
  if (typeof value !== "string") return [fieldError.invalid(at, goBadValue(value), "must be a string")];
  if (value === "") return [fieldError.required(at)];
  if (value !== "/" && value.split("/").length > 2) {
    return [fieldError.invalid(at, value, `unexpected GroupVersion string: ${value}`)];
  }
  return [];
}

function validateKind(path: string, value: Json): FieldError[] {
  const at = child(path, "kind");
  if (typeof value !== "string") return [fieldError.invalid(at, goBadValue(value), "must be a string")];
  if (value === "") return [fieldError.required(at)];
  const errs = isDNS1035Label(value.toLowerCase());
  if (errs.length === 0) return [];
  return [
    fieldError.invalid(at, value, `may have mixed case, but should otherwise match: ${errs.join(",")}`),
  ];
}

/** ValidateObjectMeta under the embedded path; a missing name is tolerated ("fakename"). */
function validateEmbeddedMeta(path: string, value: JsonObject): FieldError[] {
  const meta = { ...value } as unknown as ObjectMeta;
  if (!meta.name) meta.name = "fakename";
  const errs = validateObjectMeta(meta, {
    namespaced: Boolean(meta.namespace),
    nameValidator: isPathSegmentName,
  });
  const prefix = child(path, "metadata");
  return errs.map((e) => ({ ...e, field: prefix + e.field.slice("metadata".length) }));
}

function validateEmbeddedResource(path: string, x: JsonObject): FieldError[] {
  const errs: FieldError[] = [];
  if (!Object.hasOwn(x, "apiVersion")) errs.push(fieldError.required(child(path, "apiVersion")));
  if (!Object.hasOwn(x, "kind")) errs.push(fieldError.required(child(path, "kind")));
  if (Object.hasOwn(x, "apiVersion")) errs.push(...validateApiVersion(path, x.apiVersion ?? null));
  if (Object.hasOwn(x, "kind")) errs.push(...validateKind(path, x.kind ?? null));
  if (isObject(x.metadata)) errs.push(...validateEmbeddedMeta(path, x.metadata));
  return errs;
}

function walkFields(path: string, x: JsonObject, s: Schema): FieldError[] {
  const additional = typeof s.additionalProperties === "object" ? s.additionalProperties : undefined;
  return Object.keys(x)
    .sort()
    .flatMap((key) => {
      const prop = s.properties && Object.hasOwn(s.properties, key) ? s.properties[key] : undefined;
      if (prop) return walk(child(path, key), x[key] ?? null, prop);
      return additional ? walk(`${path}[${key}]`, x[key] ?? null, additional) : [];
    });
}

function walk(path: string, x: Json, s: Schema | undefined): FieldError[] {
  if (!s) return [];
  if (Array.isArray(x)) return x.flatMap((item, i) => walk(`${path}[${i}]`, item, s.items));
  if (!isObject(x)) return [];
  const own = s["x-kubernetes-embedded-resource"] ? validateEmbeddedResource(path, x) : [];
  return [...own, ...walkFields(path, x, s)];
}

/** Errors of every embedded resource below the root (the root itself is validated as the object). */
export function validateEmbeddedResources(value: Json, schema: Schema): FieldError[] {
  if (!isObject(value)) return [];
  const root: Schema = { ...schema, "x-kubernetes-embedded-resource": false };
  return walk("", value, root);
}
