// ObjectMeta validation as apimachinery's ValidateObjectMeta / ValidateObjectMetaUpdate perform it,
// plus the DNS and qualified-name validators with their exact messages. Every kind's validate hook
// calls these first, then checks its own fields, so aggregated messages keep the real order.
// Lengths are counted in UTF-8 bytes, as Go's len() counts them.

import { fieldError, goStringSlice } from "../fielderrors.js";
import type { FieldError, JsonObject, ObjectMeta } from "../types.js";

const DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1035_LABEL = "[a-z]([-a-z0-9]*[a-z0-9])?";
const QUALIFIED_NAME_PART = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const LABEL_VALUE = `(${QUALIFIED_NAME_PART})?`;

function anchored(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

const dns1123LabelRe = anchored(DNS1123_LABEL);
const dns1123SubdomainRe = anchored(DNS1123_SUBDOMAIN);
const dns1035LabelRe = anchored(DNS1035_LABEL);
const qualifiedNamePartRe = anchored(QUALIFIED_NAME_PART);
const labelValueRe = anchored(LABEL_VALUE);

/** Go's len(): the UTF-8 byte length. */
export function byteLength(value: string): number {
  return Buffer.byteLength(value, "utf8");
}

/** Go's validation.RegexError: the message, examples separated by ",  or " and the regex. */
export function regexError(message: string, pattern: string, examples: readonly string[]): string {
  const eg = examples.length > 0 ? ` (e.g. ${examples.map((e) => `'${e}'`).join(",  or ")}, ` : " (";
  return `${message}${eg}regex used for validation is '${pattern}')`;
}

export function maxLenError(max: number): string {
  return `must be no more than ${max} characters`;
}

/**
 * Each validator returns the list of problems (empty when valid), as k8s.io/apimachinery/pkg/util/validation
 * does. `prefix` marks a generateName, which may end in a dash because a suffix gets appended.
 */
export type NameValidator = (value: string, prefix?: boolean) => string[];

/** apimachinery's maskTrailingDash, including its quirk of dropping the character before the dash. */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith("-") ? `${name.slice(0, -2)}a` : name;
}

const DNS1123_LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";

export const isDNS1123Label: NameValidator = (raw, prefix) => {
  const value = prefix ? maskTrailingDash(raw) : raw;
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!dns1123LabelRe.test(value)) {
    // A valid subdomain that is not a valid label can only be failing because of its dots.
    if (dns1123SubdomainRe.test(value)) errs.push("must not contain dots");
    else errs.push(regexError(DNS1123_LABEL_MESSAGE, DNS1123_LABEL, ["my-name", "123-abc"]));
  }
  return errs;
};

export const isDNS1123Subdomain: NameValidator = (raw, prefix) => {
  const value = prefix ? maskTrailingDash(raw) : raw;
  const errs: string[] = [];
  if (byteLength(value) > 253) errs.push(maxLenError(253));
  if (!dns1123SubdomainRe.test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN,
        ["example.com"],
      ),
    );
  }
  return errs;
};

export const isDNS1035Label: NameValidator = (raw, prefix) => {
  const value = prefix ? maskTrailingDash(raw) : raw;
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!dns1035LabelRe.test(value)) {
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_LABEL,
        ["my-name", "abc-123"],
      ),
    );
  }
  return errs;
};

/** Names of custom resources (and the generic check of every kind) only need to be a URL path segment. */
export const isPathSegmentName: NameValidator = (value, prefix) => {
  if (!prefix && (value === "." || value === "..")) return [`may not be '${value}'`];
  const errs: string[] = [];
  for (const bad of ["/", "%"]) {
    if (value.includes(bad)) errs.push(`may not contain '${bad}'`);
  }
  return errs;
};

const QUALIFIED_NAME_MESSAGE =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_EXAMPLES = ["MyName", "my.name", "123-abc"];

function qualifiedNamePrefixErrors(prefix: string): string[] {
  if (prefix.length === 0) return ["prefix part must be non-empty"];
  return isDNS1123Subdomain(prefix).map((msg) => `prefix part ${msg}`);
}

function qualifiedNamePartErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length === 0) errs.push("name part must be non-empty");
  else if (byteLength(name) > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!qualifiedNamePartRe.test(name)) {
    errs.push(
      `name part ${regexError(QUALIFIED_NAME_MESSAGE, QUALIFIED_NAME_PART, QUALIFIED_NAME_EXAMPLES)}`,
    );
  }
  return errs;
}

export const isQualifiedName: NameValidator = (value) => {
  const parts = value.split("/");
  if (parts.length > 2) {
    const base = regexError(
      `a qualified name ${QUALIFIED_NAME_MESSAGE}`,
      QUALIFIED_NAME_PART,
      QUALIFIED_NAME_EXAMPLES,
    );
    return [`${base} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  const name = parts.at(-1) ?? "";
  const prefixErrs = parts.length === 2 ? qualifiedNamePrefixErrors(parts[0] ?? "") : [];
  return [...prefixErrs, ...qualifiedNamePartErrors(name)];
};

export const isValidLabelValue: NameValidator = (value) => {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!labelValueRe.test(value)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE,
        ["MyValue", "my_value", "12345"],
      ),
    );
  }
  return errs;
};

/** Runs a validator and renders each problem as `Invalid value` on one field (ValidateDNS1123Label etc.). */
export function invalidEach(field: string, value: string, validator: NameValidator): FieldError[] {
  return validator(value).map((msg) => fieldError.invalid(field, value, msg));
}

const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * 1024;

export function validateLabels(labels: Record<string, string> | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    errs.push(...invalidEach(field, key, isQualifiedName));
    errs.push(...invalidEach(field, value, isValidLabelValue));
  }
  return errs;
}

export function validateAnnotations(
  annotations: Record<string, string> | undefined,
  field: string,
): FieldError[] {
  const errs: FieldError[] = [];
  let sizeB = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    for (const msg of isQualifiedName(key.toLowerCase())) errs.push(fieldError.invalid(field, key, msg));
    sizeB += byteLength(key) + byteLength(value);
  }
  if (sizeB > TOTAL_ANNOTATION_SIZE_LIMIT_B)
    errs.push(fieldError.tooLong(field, TOTAL_ANNOTATION_SIZE_LIMIT_B));
  return errs;
}

function text(ref: JsonObject, key: string): string {
  const value = ref[key];
  return typeof value === "string" ? value : "";
}

/** The version part of an apiVersion as schema.ParseGroupVersion reads it ("" when unparseable). */
function apiVersionVersion(apiVersion: string): string {
  const parts = apiVersion.split("/");
  if (parts.length === 1) return parts[0] ?? "";
  return parts.length === 2 ? (parts[1] ?? "") : "";
}

function validateOwnerReference(ref: JsonObject, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const apiVersion = text(ref, "apiVersion");
  if (!apiVersionVersion(apiVersion)) {
    errs.push(fieldError.invalid(`${field}.apiVersion`, apiVersion, "version must not be empty"));
  }
  for (const key of ["kind", "name", "uid"]) {
    if (!text(ref, key)) errs.push(fieldError.invalid(`${field}.${key}`, "", `${key} must not be empty`));
  }
  return errs;
}

/** ValidateOwnerReferences: every reference names its owner fully; at most one is the controller. */
export function validateOwnerReferences(
  refs: readonly JsonObject[] | undefined,
  field: string,
): FieldError[] {
  const errs: FieldError[] = [];
  let controller = "";
  for (const ref of refs ?? []) {
    errs.push(...validateOwnerReference(ref, field));
    if (ref.controller !== true) continue;
    const current = `${text(ref, "kind")}/${text(ref, "name")}`;
    if (!controller) {
      controller = current;
      continue;
    }
    // Go prints the whole []OwnerReference with %#v here; the sim names the two controllers only.
    const detail = `Only one reference can have Controller set to true. Found "true" in references for ${controller} and ${current}`;
    errs.push(fieldError.invalid(field, `${controller}, ${current}`, detail));
  }
  return errs;
}

const STANDARD_FINALIZERS = new Set(["kubernetes", "orphan", "foregroundDeletion"]);

/** ValidateFinalizers: qualified names, and not both orphan and foregroundDeletion. */
export function validateFinalizers(
  finalizers: readonly string[] | undefined,
  field: string,
  kubeNames: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  for (const finalizer of finalizers ?? []) errs.push(...invalidEach(field, finalizer, isQualifiedName));
  const list = finalizers ?? [];
  if (list.includes("orphan") && list.includes("foregroundDeletion")) {
    errs.push(
      fieldError.invalid(
        field,
        goStringSlice(list),
        "finalizer orphan and foregroundDeletion cannot be both set",
      ),
    );
  }
  if (!kubeNames) return errs;
  // pkg/apis/core adds: a finalizer without a prefix must be one of the standard names.
  for (const finalizer of list) {
    if (!finalizer.includes("/") && !STANDARD_FINALIZERS.has(finalizer)) {
      errs.push(
        fieldError.invalid(
          field,
          finalizer,
          "name is neither a standard finalizer name nor is it fully qualified",
        ),
      );
    }
  }
  return errs;
}

export interface MetaValidationOptions {
  readonly namespaced: boolean;
  readonly nameValidator: NameValidator;
  /** Core (pkg/apis/core) kinds also require unprefixed finalizers to be standard names. */
  readonly kubeFinalizerNames?: boolean;
}

function validateName(meta: ObjectMeta, nameValidator: NameValidator): FieldError[] {
  const errs: FieldError[] = [];
  if (meta.generateName) {
    for (const msg of nameValidator(meta.generateName, true)) {
      errs.push(fieldError.invalid("metadata.generateName", meta.generateName, msg));
    }
  }
  if (!meta.name) {
    errs.push(fieldError.required("metadata.name", "name or generateName is required"));
  } else {
    for (const msg of nameValidator(meta.name))
      errs.push(fieldError.invalid("metadata.name", meta.name, msg));
  }
  return errs;
}

/** ValidateObjectMeta: name (or generateName), namespace presence, labels, annotations, owners, finalizers. */
export function validateObjectMeta(meta: ObjectMeta, opts: MetaValidationOptions): FieldError[] {
  const errs = validateName(meta, opts.nameValidator);
  if (opts.namespaced) {
    if (!meta.namespace) errs.push(fieldError.required("metadata.namespace"));
    else errs.push(...invalidEach("metadata.namespace", meta.namespace, isDNS1123Label));
  } else if (meta.namespace) {
    errs.push(fieldError.forbidden("metadata.namespace", "not allowed on this type"));
  }
  if (meta.generation !== undefined && meta.generation < 0) {
    errs.push(
      fieldError.invalid("metadata.generation", meta.generation, "must be greater than or equal to 0"),
    );
  }
  errs.push(...validateLabels(meta.labels, "metadata.labels"));
  errs.push(...validateAnnotations(meta.annotations, "metadata.annotations"));
  errs.push(...validateOwnerReferences(meta.ownerReferences, "metadata.ownerReferences"));
  errs.push(...validateFinalizers(meta.finalizers, "metadata.finalizers", opts.kubeFinalizerNames === true));
  return errs;
}

function immutable(field: string, value: string | number | undefined | null): FieldError {
  return fieldError.invalid(field, value ?? "", "field is immutable");
}

/**
 * ValidateObjectMetaUpdate (apimachinery's ValidateObjectMetaAccessorUpdate): identity fields are
 * immutable, generation never decreases, no finalizer may be added while deleting, and labels,
 * annotations and owner references are checked again. Name formats are not re-checked here.
 */
export function validateObjectMetaUpdate(next: ObjectMeta, old: ObjectMeta): FieldError[] {
  const errs: FieldError[] = [];
  if (old.deletionTimestamp) {
    const before = new Set(old.finalizers ?? []);
    const added = (next.finalizers ?? []).filter((f) => !before.has(f));
    if (added.length > 0) {
      errs.push(
        fieldError.forbidden(
          "metadata.finalizers",
          `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(added).go}`,
        ),
      );
    }
  }
  if ((next.generation ?? 0) < (old.generation ?? 0)) {
    errs.push(fieldError.invalid("metadata.generation", next.generation ?? 0, "must not be decremented"));
  }
  if (next.name !== old.name) errs.push(immutable("metadata.name", next.name));
  if (next.namespace !== old.namespace) errs.push(immutable("metadata.namespace", next.namespace));
  if (next.uid !== old.uid) errs.push(immutable("metadata.uid", next.uid));
  if (next.creationTimestamp !== old.creationTimestamp) {
    errs.push(immutable("metadata.creationTimestamp", next.creationTimestamp));
  }
  if (next.deletionTimestamp !== old.deletionTimestamp) {
    errs.push(immutable("metadata.deletionTimestamp", next.deletionTimestamp));
  }
  if (next.deletionGracePeriodSeconds !== old.deletionGracePeriodSeconds) {
    errs.push(immutable("metadata.deletionGracePeriodSeconds", next.deletionGracePeriodSeconds));
  }
  errs.push(...validateLabels(next.labels, "metadata.labels"));
  errs.push(...validateAnnotations(next.annotations, "metadata.annotations"));
  errs.push(...validateOwnerReferences(next.ownerReferences, "metadata.ownerReferences"));
  return errs;
}

/**
 * The checks the generic registry runs on every update before the kind's own ValidateUpdate
 * (validateCommonFields): path-segment name rules plus ValidateObjectMetaUpdate.
 */
export function validateCommonFieldsUpdate(
  next: ObjectMeta,
  old: ObjectMeta,
  namespaced: boolean,
): FieldError[] {
  return [
    ...validateObjectMeta(next, { namespaced, nameValidator: isPathSegmentName }),
    ...validateObjectMetaUpdate(next, old),
  ];
}
