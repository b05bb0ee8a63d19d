// ObjectMeta validation as apimachinery's ValidateObjectMeta / ValidateObjectMetaUpdate perform it,
// plus the DNS and qualified-name validators with their exact messages. Every kind's validate hook
// calls these first, then checks its own fields, so aggregated messages keep the real order.

import { fieldError, goStringSlice } from "../fielderrors.js";
import type { FieldError, ObjectMeta } from "../types.js";

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

/** Go's validation.RegexError: the message, examples separated by ",  or " and the regex. */
function regexError(message: string, pattern: string, examples: readonly string[]): string {
  const eg = examples.length > 0 ? ` (e.g. ${examples.map((e) => `'${e}'`).join(",  or ")}, ` : " (";
  return `${message}${eg}regex used for validation is '${pattern}')`;
}

function maxLenError(max: number): string {
  return `must be no more than ${max} characters`;
}

/** Each validator returns the list of problems (empty when valid), as k8s.io/apimachinery/pkg/util/validation does. */
export type NameValidator = (value: string) => string[];

export const isDNS1123Label: NameValidator = (value) => {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!dns1123LabelRe.test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        DNS1123_LABEL,
        ["my-name", "123-abc"],
      ),
    );
  }
  return errs;
};

export const isDNS1123Subdomain: NameValidator = (value) => {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
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

export const isDNS1035Label: NameValidator = (value) => {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
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

/** Names of custom resources only need to be usable as a URL path segment. */
export const isPathSegmentName: NameValidator = (value) => {
  if (value === "." || value === "..") return [`may not be '${value}'`];
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
  if (name.length === 0) return ["name part must be non-empty"];
  const errs: string[] = [];
  if (name.length > 63) errs.push(`name part ${maxLenError(63)}`);
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
  if (value.length > 63) errs.push(maxLenError(63));
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

const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * 1024;

export function validateLabels(labels: Record<string, string> | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    for (const msg of isQualifiedName(key)) errs.push(fieldError.invalid(field, key, msg));
    for (const msg of isValidLabelValue(value)) errs.push(fieldError.invalid(field, value, msg));
  }
  return errs;
}

export function validateAnnotations(
  annotations: Record<string, string> | undefined,
  field: string,
): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    for (const msg of isQualifiedName(key.toLowerCase())) errs.push(fieldError.invalid(field, key, msg));
    size += key.length + value.length;
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT_B) {
    errs.push({
      reason: "FieldValueTooLong",
      field,
      message: `Too long: must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT_B} bytes`,
    });
  }
  return errs;
}

export interface MetaValidationOptions {
  readonly namespaced: boolean;
  readonly nameValidator: NameValidator;
}

function validateName(meta: ObjectMeta, nameValidator: NameValidator): FieldError[] {
  const errs: FieldError[] = [];
  if (meta.generateName) {
    // A generateName is checked as a prefix: its trailing dash is allowed.
    const prefix = meta.generateName.replace(/-$/, "a");
    for (const msg of nameValidator(prefix)) {
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

/** ValidateObjectMeta: name (or generateName), namespace presence, labels, annotations, finalizers. */
export function validateObjectMeta(meta: ObjectMeta, opts: MetaValidationOptions): FieldError[] {
  const errs = validateName(meta, opts.nameValidator);
  if (opts.namespaced) {
    if (!meta.namespace) errs.push(fieldError.required("metadata.namespace"));
    else
      for (const msg of isDNS1123Label(meta.namespace))
        errs.push(fieldError.invalid("metadata.namespace", meta.namespace, msg));
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
  for (const [i, finalizer] of (meta.finalizers ?? []).entries()) {
    for (const msg of isQualifiedName(finalizer)) {
      errs.push(fieldError.invalid(`metadata.finalizers[${i}]`, finalizer, msg));
    }
  }
  return errs;
}

function immutable(field: string, value: string | number | undefined | null): FieldError {
  return fieldError.invalid(field, value ?? "", "field is immutable");
}

/** ValidateObjectMetaUpdate: identity fields are immutable; no finalizer may be added while deleting. */
export function validateObjectMetaUpdate(
  next: ObjectMeta,
  old: ObjectMeta,
  opts: MetaValidationOptions,
): FieldError[] {
  const errs = validateObjectMeta(next, opts);
  if (next.name !== old.name) errs.push(immutable("metadata.name", next.name));
  if (next.namespace !== old.namespace) errs.push(immutable("metadata.namespace", next.namespace));
  if (next.uid !== old.uid) errs.push(immutable("metadata.uid", next.uid));
  if (next.creationTimestamp !== old.creationTimestamp) {
    errs.push(immutable("metadata.creationTimestamp", next.creationTimestamp));
  }
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
  return errs;
}
