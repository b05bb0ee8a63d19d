// apiextensions.k8s.io/v1 CustomResourceDefinition (cluster-scoped, status subresource): names and
// conversion defaults, generation and stored versions. Establishing a CRD (accepted names and
// conditions) is the work of controllers, which the sim's server runs.

import { deepEqual } from "../json.js";
import type { FieldError, KubeObject, ResourceKind } from "../types.js";
import { crdSchema } from "./crd-schema.js";
import { crdSpec, validateCrd, validateCrdStatusUpdate, validateCrdUpdate } from "./crd-validation.js";
import { decodeBytesMap } from "./data-maps.js";
import {
  asRecord,
  asString,
  asStringArray,
  ensureRecord,
  type JsonRecord,
  recordsOf,
} from "./json-access.js";
import { decodeBody, STANDARD_VERBS, storageRoundTrip } from "./kind-base.js";
import { validateCommonFieldsUpdate } from "./meta.js";

/** SetDefaults_CustomResourceDefinitionSpec. */
function applyDefaults(crd: KubeObject): void {
  const spec = ensureRecord(crd, "spec");
  const names = ensureRecord(spec, "names");
  const kind = asString(names.kind);
  if (!names.singular) names.singular = kind.toLowerCase();
  if (!names.listKind && kind) names.listKind = `${kind}List`;
  if (!asRecord(spec.conversion)) spec.conversion = { strategy: "None" };
  const service = asRecord(asRecord(asRecord(asRecord(spec.conversion)?.webhook)?.clientConfig)?.service);
  if (service && service.port === undefined) service.port = 443;
}

function decode(crd: KubeObject): void {
  decodeBody(crd, crdSchema, [
    "spec.versions",
    "spec.conversion.webhook.conversionReviewVersions",
    "status.conditions",
    "status.storedVersions",
  ]);
  const clientConfig = asRecord(asRecord(asRecord(crdSpec(crd).conversion)?.webhook)?.clientConfig);
  if (typeof clientConfig?.caBundle !== "string") return;
  const holder = { caBundle: clientConfig.caBundle };
  decodeBytesMap(holder);
  clientConfig.caBundle = holder.caBundle;
}

/** Go prints served/storage even when false, and the empty status fields as null or "". */
function render(crd: KubeObject): void {
  storageRoundTrip(crd, crdSchema);
  for (const version of recordsOf(crdSpec(crd).versions)) {
    version.served ??= false;
    version.storage ??= false;
  }
  const status = ensureRecord(crd, "status");
  status.conditions ??= null;
  const accepted = ensureRecord(status, "acceptedNames");
  accepted.plural ??= "";
  accepted.kind ??= "";
  status.storedVersions ??= null;
}

/** Adds the storage version to status.storedVersions, as every spec write does. */
function recordStorageVersion(crd: KubeObject): void {
  const storage = recordsOf(crdSpec(crd).versions).find((v) => v.storage === true);
  if (!storage) return;
  const status = ensureRecord(crd, "status");
  const stored = asStringArray(status.storedVersions);
  const name = asString(storage.name);
  if (!stored.includes(name)) status.storedVersions = [...stored, name];
}

function copyOf(value: unknown): JsonRecord {
  return structuredClone(asRecord(value) ?? {});
}

export function crdKind(): ResourceKind {
  return {
    group: "apiextensions.k8s.io",
    version: "v1",
    kind: "CustomResourceDefinition",
    listKind: "CustomResourceDefinitionList",
    plural: "customresourcedefinitions",
    singular: "customresourcedefinition",
    namespaced: false,
    shortNames: ["crd", "crds"],
    categories: ["api-extensions"],
    verbs: STANDARD_VERBS,
    subresources: ["status"],
    storageVersionHash: "jfWCUB31mvA=",
    schema: crdSchema,
    deleteReturnsObject: false,
    allowCreateOnUpdate: false,
    allowUnconditionalUpdate: false,
    strategicMergePatch: true,
    decode,
    applyDefaults,
    prepareForCreate(crd): void {
      crd.status = {};
      crd.metadata.generation = 1;
      recordStorageVersion(crd);
      render(crd);
    },
    validateCreate: validateCrd,
    prepareForUpdate(crd, old): void {
      crd.status = copyOf(old.status);
      const generation = old.metadata.generation ?? 0;
      crd.metadata.generation = deepEqual(crd.spec, old.spec) ? generation : generation + 1;
      recordStorageVersion(crd);
      render(crd);
    },
    validateUpdate: (crd, old): FieldError[] => [
      ...validateCommonFieldsUpdate(crd.metadata, old.metadata, false),
      ...validateCrdUpdate(crd, old),
    ],
    prepareForSubresourceUpdate(_subresource, crd, old): void {
      crd.spec = copyOf(old.spec);
      render(crd);
    },
    validateSubresourceUpdate: (_subresource, crd, old): FieldError[] => [
      ...validateCommonFieldsUpdate(crd.metadata, old.metadata, false),
      ...validateCrdStatusUpdate(crd, old),
    ],
  };
}
