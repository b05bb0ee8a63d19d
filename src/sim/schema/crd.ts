// The ResourceKind of one served version of an Established CustomResourceDefinition: names as the
// CRD accepted them, the verbs and subresources discovery lists (fixture 199), the served object's
// schema, the REST flags of custom resources and the custom resource strategy's hooks. The scale
// subresource is not served by the sim and is not listed; /status goes through the subresource hooks.

import { isObject } from "../json.js";
import { objectMetaSchema } from "../resources/common-schemas.js";
import type { FieldError, Json, JsonObject, KubeObject, ResourceKind, Schema } from "../types.js";
import { completeResourceSchema } from "./complete.js";
import { applySchemaDefaults, pruneNonNullableNulls } from "./defaults.js";
import { storageVersionHash } from "./hash.js";
import {
  type CustomResourceShape,
  prepareForCreate,
  prepareForStatusUpdate,
  prepareForUpdate,
  replaceContents,
  validateCreate,
  validateStatusUpdate,
  validateUpdate,
} from "./strategy.js";

/** kube-apiserver lists a custom resource's verbs in this order. */
const CUSTOM_RESOURCE_VERBS: readonly string[] = [
  "delete",
  "deletecollection",
  "get",
  "list",
  "patch",
  "create",
  "update",
  "watch",
];

interface Names {
  readonly kind: string;
  readonly listKind: string;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
}

function field(obj: unknown, key: string): unknown {
  return isObject(obj) ? obj[key] : undefined;
}

function text(obj: unknown, key: string): string {
  const value = field(obj, key);
  return typeof value === "string" ? value : "";
}

function strings(obj: unknown, key: string): string[] {
  const value = field(obj, key);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** The apiserver serves the names it accepted (status.acceptedNames), falling back to spec.names. */
function servedNames(crd: KubeObject): Names {
  const accepted = field(crd.status, "acceptedNames");
  const names = text(accepted, "plural") ? accepted : field(crd.spec, "names");
  const kind = text(names, "kind");
  return {
    kind,
    listKind: text(names, "listKind") || `${kind}List`,
    plural: text(names, "plural"),
    singular: text(names, "singular") || kind.toLowerCase(),
    shortNames: strings(names, "shortNames"),
    categories: strings(names, "categories"),
  };
}

function versionsOf(crd: KubeObject): JsonObject[] {
  const versions = field(crd.spec, "versions");
  return Array.isArray(versions) ? versions.filter(isObject) : [];
}

/** A CRD's openAPIV3Schema is a structural schema once the CRD was accepted, so it is used as is. */
function versionSchema(entry: JsonObject): Schema {
  const schema = field(field(entry, "schema"), "openAPIV3Schema");
  return isObject(schema)
    ? (schema as Schema)
    : { type: "object", "x-kubernetes-preserve-unknown-fields": true };
}

function applyDefaultsInPlace(obj: KubeObject, schema: Schema): void {
  const defaulted = applySchemaDefaults(pruneNonNullableNulls(obj as unknown as Json, schema), schema);
  replaceContents(obj, defaulted as JsonObject);
}

function assertStatus(subresource: string): void {
  if (subresource !== "status") throw new Error(`custom resources serve no ${subresource} subresource`);
}

/** statusStrategy: /status keeps the stored object but for status and managedFields, and validates status. */
function statusHooks(
  shape: CustomResourceShape,
): Pick<ResourceKind, "prepareForSubresourceUpdate" | "validateSubresourceUpdate"> {
  return {
    prepareForSubresourceUpdate: (subresource: string, obj: KubeObject, old: KubeObject): void => {
      assertStatus(subresource);
      prepareForStatusUpdate(obj, old);
    },
    validateSubresourceUpdate: (subresource: string, obj: KubeObject, old: KubeObject): FieldError[] => {
      assertStatus(subresource);
      return validateStatusUpdate(obj, old, shape);
    },
  };
}

/** The served kind of one version of an Established CRD. Throws when the CRD does not serve `version`. */
export function kindFromCRD(crd: KubeObject, version: string): ResourceKind {
  const group = text(crd.spec, "group");
  const entries = versionsOf(crd);
  const entry = entries.find((v) => v.name === version && v.served === true);
  if (!entry)
    throw new Error(`CustomResourceDefinition ${crd.metadata.name} does not serve version ${version}`);
  const storageVersion = text(entries.find((v) => v.storage === true) ?? entry, "name");
  const names = servedNames(crd);
  const schema = versionSchema(entry);
  const shape: CustomResourceShape = {
    group,
    version,
    kind: names.kind,
    namespaced: text(crd.spec, "scope") === "Namespaced",
    schema,
    statusSubresource: isObject(field(field(entry, "subresources"), "status")),
  };
  return {
    group,
    version,
    ...names,
    namespaced: shape.namespaced,
    verbs: CUSTOM_RESOURCE_VERBS,
    subresources: shape.statusSubresource ? ["status"] : [],
    storageVersionHash: storageVersionHash(group, storageVersion, names.kind),
    schema: completeResourceSchema(schema, objectMetaSchema),
    deleteReturnsObject: false,
    allowCreateOnUpdate: false,
    allowUnconditionalUpdate: false,
    strategicMergePatch: false,
    applyDefaults: (obj) => applyDefaultsInPlace(obj, schema),
    prepareForCreate: (obj) => prepareForCreate(obj, shape),
    prepareForUpdate: (obj, old) => prepareForUpdate(obj, old, shape),
    validateCreate: (obj) => validateCreate(obj, shape),
    validateUpdate: (obj, old) => validateUpdate(obj, old, shape),
    ...(shape.statusSubresource ? statusHooks(shape) : {}),
  };
}
