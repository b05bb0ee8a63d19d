// core/v1 ConfigMap: keys must be valid config keys and unique across data and binaryData,
// binaryData must be base64, the whole payload stays within 1 MiB, and `immutable` freezes it.

import { fieldError } from "../fielderrors.js";
import type { FieldError, KubeObject, ResourceKind, Schema } from "../types.js";
import { kindSchema } from "./common-schemas.js";
import { decodeBytesMap, immutableObjectErrors, MAX_SECRET_SIZE_B } from "./data-maps.js";
import { asStringMap, isRecord } from "./json-access.js";
import { decodeBody, STANDARD_VERBS, storageRoundTrip } from "./kind-base.js";
import {
  byteLength,
  isDNS1123Subdomain,
  validateCommonFieldsUpdate,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./meta.js";
import { bool, bytes, mapOf, stringMap } from "./schema-builders.js";
import { validateConfigKeys } from "./validators.js";

const configMapSchema: Schema = kindSchema({
  binaryData: mapOf(bytes()),
  data: stringMap(),
  immutable: bool(),
});

function payloadSizeB(obj: KubeObject): number {
  let total = 0;
  for (const value of Object.values(asStringMap(obj.data))) total += byteLength(value);
  for (const value of Object.values(asStringMap(obj.binaryData)))
    total += Buffer.from(value, "base64").length;
  return total;
}

/** ValidateConfigMap. */
function validateConfigMap(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, {
    namespaced: true,
    nameValidator: isDNS1123Subdomain,
    kubeFinalizerNames: true,
  });
  const binary = asStringMap(obj.binaryData);
  for (const key of Object.keys(asStringMap(obj.data))) {
    errs.push(...validateConfigKeys([key], "data"));
    if (key in binary)
      errs.push(fieldError.invalid(`data[${key}]`, key, "duplicate of key present in binaryData"));
  }
  errs.push(...validateConfigKeys(Object.keys(binary), "binaryData"));
  // The error refers to the whole object, hence the empty field path.
  if (payloadSizeB(obj) > MAX_SECRET_SIZE_B) errs.push(fieldError.tooLong("", MAX_SECRET_SIZE_B));
  return errs;
}

export function configMapKind(): ResourceKind {
  return {
    group: "",
    version: "v1",
    kind: "ConfigMap",
    listKind: "ConfigMapList",
    plural: "configmaps",
    singular: "configmap",
    namespaced: true,
    shortNames: ["cm"],
    verbs: STANDARD_VERBS,
    subresources: [],
    storageVersionHash: "qFsyl6wFWjQ=",
    schema: configMapSchema,
    deleteReturnsObject: false,
    allowCreateOnUpdate: false,
    allowUnconditionalUpdate: true,
    strategicMergePatch: true,
    decode(obj): void {
      decodeBody(obj, configMapSchema);
      if (isRecord(obj.binaryData)) decodeBytesMap(obj.binaryData);
    },
    prepareForCreate: (obj): void => storageRoundTrip(obj, configMapSchema),
    validateCreate: validateConfigMap,
    prepareForUpdate: (obj): void => storageRoundTrip(obj, configMapSchema),
    validateUpdate: (obj, old): FieldError[] => [
      ...validateCommonFieldsUpdate(obj.metadata, old.metadata, true),
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...immutableObjectErrors(obj, old, ["data", "binaryData"]),
      ...validateConfigMap(obj),
    ],
  };
}
