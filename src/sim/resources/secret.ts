// core/v1 Secret: data must be base64 (checked while decoding, with Go's byte offsets), stringData
// is merged over data and never stored, the type defaults to Opaque and cannot change, and the
// well-known types require their keys. Field selector `type` is served as kube serves it.

import { fieldError } from "../fielderrors.js";
import type { FieldError, KubeObject, ResourceKind, Schema } from "../types.js";
import { kindSchema } from "./common-schemas.js";
import { decodeBytesMap, immutableObjectErrors, MAX_SECRET_SIZE_B } from "./data-maps.js";
import { asString, asStringMap, ensureRecord, isRecord } from "./json-access.js";
import { decodeBody, STANDARD_VERBS, storageRoundTrip } from "./kind-base.js";
import {
  isDNS1123Subdomain,
  validateCommonFieldsUpdate,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./meta.js";
import { bool, bytes, mapOf, str, stringMap } from "./schema-builders.js";
import { validateConfigKeys } from "./validators.js";

const secretSchema: Schema = kindSchema({
  data: mapOf(bytes()),
  immutable: bool(),
  stringData: stringMap(),
  type: str(),
});

function decode(obj: KubeObject): void {
  decodeBody(obj, secretSchema);
  if (isRecord(obj.data)) decodeBytesMap(obj.data);
  const stringData = asStringMap(obj.stringData);
  delete obj.stringData;
  if (Object.keys(stringData).length === 0) return;
  const data = ensureRecord(obj, "data");
  for (const [key, value] of Object.entries(stringData))
    data[key] = Buffer.from(value, "utf8").toString("base64");
}

function dataSizeB(obj: KubeObject): number {
  let total = 0;
  for (const value of Object.values(asStringMap(obj.data))) total += Buffer.from(value, "base64").length;
  return total;
}

type Data = Record<string, string>;

const requiredKey = (key: string): FieldError => fieldError.required(`data[${key}]`);

function requireKeys(data: Data, ...keys: string[]): FieldError[] {
  return keys.filter((key) => !(key in data)).map(requiredKey);
}

/** What the well-known Secret types require of their data (ValidateSecret's type switch). */
const TYPE_RULES: Record<string, (data: Data, obj: KubeObject) => FieldError[]> = {
  "kubernetes.io/service-account-token": (_data, obj) =>
    asStringMap(obj.metadata.annotations)["kubernetes.io/service-account.name"]
      ? []
      : [fieldError.required("metadata.annotations[kubernetes.io/service-account.name]")],
  "kubernetes.io/dockercfg": (data) =>
    ".dockercfg" in data ? jsonContent(data, ".dockercfg") : [requiredKey(".dockercfg")],
  "kubernetes.io/dockerconfigjson": (data) =>
    ".dockerconfigjson" in data ? jsonContent(data, ".dockerconfigjson") : [requiredKey(".dockerconfigjson")],
  "kubernetes.io/basic-auth": (data) =>
    "username" in data || "password" in data ? [] : requireKeys(data, "username", "password"),
  "kubernetes.io/ssh-auth": (data) =>
    Buffer.from(data["ssh-privatekey"] ?? "", "base64").length > 0 ? [] : [requiredKey("ssh-privatekey")],
  "kubernetes.io/tls": (data) => requireKeys(data, "tls.crt", "tls.key"),
};

function requiredKeys(type: string, obj: KubeObject): FieldError[] {
  return TYPE_RULES[type]?.(asStringMap(obj.data), obj) ?? [];
}

/** Docker config keys must hold JSON. Go quotes its JSON parser's message; the sim's wording differs. */
function jsonContent(data: Data, key: string): FieldError[] {
  try {
    JSON.parse(Buffer.from(data[key] ?? "", "base64").toString("utf8"));
    return [];
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return [fieldError.invalid(`data[${key}]`, "<secret contents redacted>", detail)];
  }
}

/** ValidateSecret. */
function validateSecret(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, {
    namespaced: true,
    nameValidator: isDNS1123Subdomain,
    kubeFinalizerNames: true,
  });
  errs.push(...validateConfigKeys(Object.keys(asStringMap(obj.data)), "data"));
  if (dataSizeB(obj) > MAX_SECRET_SIZE_B) errs.push(fieldError.tooLong("data", MAX_SECRET_SIZE_B));
  errs.push(...requiredKeys(asString(obj.type), obj));
  return errs;
}

function validateSecretUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
  const type = asString(obj.type);
  if (type !== asString(old.type)) errs.push(fieldError.invalid("type", type, "field is immutable"));
  errs.push(...immutableObjectErrors(obj, old, ["data"]));
  return [...errs, ...validateSecret(obj)];
}

export function secretKind(): ResourceKind {
  return {
    group: "",
    version: "v1",
    kind: "Secret",
    listKind: "SecretList",
    plural: "secrets",
    singular: "secret",
    namespaced: true,
    shortNames: [],
    verbs: STANDARD_VERBS,
    subresources: [],
    storageVersionHash: "S6u1pOWzb84=",
    schema: secretSchema,
    deleteReturnsObject: false,
    allowCreateOnUpdate: false,
    allowUnconditionalUpdate: true,
    strategicMergePatch: true,
    fieldSelectors: { type: (obj): string => asString(obj.type) },
    decode,
    applyDefaults(obj): void {
      if (!obj.type) obj.type = "Opaque";
    },
    prepareForCreate: (obj): void => storageRoundTrip(obj, secretSchema),
    validateCreate: validateSecret,
    prepareForUpdate: (obj): void => storageRoundTrip(obj, secretSchema),
    validateUpdate: (obj, old): FieldError[] => [
      ...validateCommonFieldsUpdate(obj.metadata, old.metadata, true),
      ...validateSecretUpdate(obj, old),
    ],
  };
}
