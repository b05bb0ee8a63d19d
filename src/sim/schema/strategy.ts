// The custom resource REST strategy of apiextensions-apiserver v1.28, with the generic registry's
// update checks folded in so each hook returns exactly the causes a real 422 lists. On update the
// registry first runs ValidateObjectMeta (path-segment names) and ValidateObjectMetaUpdate, then the
// strategy runs ValidateObjectMetaUpdate again: that is why a finalizer added to a terminating
// object is reported twice (fixture 229), and why /status reports schema errors without "status.".

import { fieldError } from "../fielderrors.js";
import {
  isDNS1123Subdomain,
  validateCommonFieldsUpdate,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "../resources/meta.js";
import type { FieldError, Json, JsonObject, KubeObject, Schema } from "../types.js";
import { validateEmbeddedResources } from "./embedded.js";
import { goJSON } from "./gofmt.js";
import { validateListSetsAndMaps } from "./listtype.js";
import { validateAgainstSchema } from "./validate.js";

/** What the strategy needs to know about one served version of a CRD. */
export interface CustomResourceShape {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /** The version's openAPIV3Schema as the CRD declares it: validation uses it unchanged. */
  readonly schema: Schema;
  readonly statusSubresource: boolean;
}

function asJson(obj: KubeObject): JsonObject {
  return obj as unknown as JsonObject;
}

/** Replaces every field of `target` with those of `source`, keeping the object's identity. */
export function replaceContents(target: KubeObject, source: JsonObject): void {
  for (const key of Object.keys(target)) delete target[key];
  Object.assign(target, source);
}

/** ValidateTypeMeta: the body's kind and apiVersion must name this kind exactly. */
function validateTypeMeta(obj: KubeObject, shape: CustomResourceShape): FieldError[] {
  const errs: FieldError[] = [];
  const gv = `${shape.group}/${shape.version}`;
  const kind = typeof obj.kind === "string" ? obj.kind : "";
  const apiVersion = typeof obj.apiVersion === "string" ? obj.apiVersion : "";
  if (kind !== shape.kind) errs.push(fieldError.invalid("kind", kind, `must be ${shape.kind}`));
  if (apiVersion !== gv) errs.push(fieldError.invalid("apiVersion", apiVersion, `must be ${gv}`));
  return errs;
}

function validateWholeObject(obj: KubeObject, shape: CustomResourceShape): FieldError[] {
  return validateAgainstSchema(asJson(obj), shape.schema, { basePath: "" });
}

/** List-type errors count on update only when the old object had none (ratcheting). */
function ratchetedListErrors(obj: KubeObject, old: KubeObject, schema: Schema): FieldError[] {
  if (validateListSetsAndMaps(asJson(old), schema).length > 0) return [];
  return validateListSetsAndMaps(asJson(obj), schema);
}

/** customResourceStrategy.Validate; the registry's own name check never fails after this one passes. */
export function validateCreate(obj: KubeObject, shape: CustomResourceShape): FieldError[] {
  const typeErrs = validateTypeMeta(obj, shape);
  const own =
    typeErrs.length > 0
      ? typeErrs
      : [
          ...validateObjectMeta(obj.metadata, {
            namespaced: shape.namespaced,
            nameValidator: isDNS1123Subdomain,
          }),
          ...validateWholeObject(obj, shape),
        ];
  return [
    ...own,
    ...validateEmbeddedResources(asJson(obj), shape.schema),
    ...validateListSetsAndMaps(asJson(obj), shape.schema),
  ];
}

/** The registry's common update checks, then customResourceStrategy.ValidateUpdate. */
export function validateUpdate(obj: KubeObject, old: KubeObject, shape: CustomResourceShape): FieldError[] {
  const typeErrs = validateTypeMeta(obj, shape);
  const own =
    typeErrs.length > 0
      ? typeErrs
      : [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateWholeObject(obj, shape)];
  return [
    ...validateCommonFieldsUpdate(obj.metadata, old.metadata, shape.namespaced),
    ...own,
    ...validateEmbeddedResources(asJson(obj), shape.schema),
    ...ratchetedListErrors(obj, old, shape.schema),
  ];
}

/** The registry's common update checks, then statusStrategy.ValidateUpdate: status alone, rooted at "". */
export function validateStatusUpdate(
  obj: KubeObject,
  old: KubeObject,
  shape: CustomResourceShape,
): FieldError[] {
  const statusSchema = shape.schema.properties?.status;
  const typeErrs = validateTypeMeta(obj, shape);
  const statusErrs =
    statusSchema && Object.hasOwn(obj, "status")
      ? validateAgainstSchema((obj.status ?? null) as Json, statusSchema, { basePath: "" })
      : [];
  const own =
    typeErrs.length > 0 ? typeErrs : [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...statusErrs];
  return [
    ...validateCommonFieldsUpdate(obj.metadata, old.metadata, shape.namespaced),
    ...own,
    ...ratchetedListErrors(obj, old, shape.schema),
  ];
}

/** PrepareForCreate: status is dropped when it has its own subresource; generation starts at 1. */
export function prepareForCreate(obj: KubeObject, shape: CustomResourceShape): void {
  if (shape.statusSubresource) delete obj.status;
  obj.metadata.generation = 1;
}

function withoutMetadata(obj: KubeObject): string {
  const { metadata: _ignored, ...rest } = asJson(obj);
  return goJSON(rest);
}

/**
 * PrepareForUpdate: with a status subresource the stored status is kept; any change outside metadata
 * bumps generation (the registry first resets generation to the stored one, as done here too).
 */
export function prepareForUpdate(obj: KubeObject, old: KubeObject, shape: CustomResourceShape): void {
  if (shape.statusSubresource) {
    if (Object.hasOwn(old, "status")) obj.status = structuredClone(old.status);
    else delete obj.status;
  }
  const oldGeneration = old.metadata.generation;
  if (oldGeneration === undefined) delete obj.metadata.generation;
  else obj.metadata.generation = oldGeneration;
  if (withoutMetadata(obj) !== withoutMetadata(old)) obj.metadata.generation = (oldGeneration ?? 0) + 1;
}

/** statusStrategy.PrepareForUpdate: the stored object with only the new status and managedFields. */
export function prepareForStatusUpdate(obj: KubeObject, old: KubeObject): void {
  const hadStatus = Object.hasOwn(obj, "status");
  const status = obj.status;
  const managedFields = obj.metadata.managedFields;
  replaceContents(obj, structuredClone(asJson(old)));
  if (managedFields === undefined) delete obj.metadata.managedFields;
  else obj.metadata.managedFields = managedFields;
  if (hadStatus) obj.status = status;
  else delete obj.status;
}
