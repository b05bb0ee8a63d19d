// The parts of ValidateCustomResourceDefinition(Update) a client is likely to trip over: the
// plural.group name, group and scope, version names with exactly one storage version and a schema
// each, the names block, and stored versions. Schema-level checks (structural rules, CEL) are not
// done here. Where Go prints a whole []CustomResourceDefinitionVersion with %#v, the sim prints the
// version names only, so those messages differ from the real server's.

import { fieldError, goLiteral } from "../fielderrors.js";
import { goQuote } from "../gotext/quote.js";
import type { FieldError, KubeObject } from "../types.js";
import { asRecord, asString, asStringArray, type JsonRecord, recordsOf } from "./json-access.js";
import {
  isDNS1035Label,
  isDNS1123Subdomain,
  type NameValidator,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./meta.js";

const SCOPES = ["Cluster", "Namespaced"];

export function crdSpec(crd: KubeObject): JsonRecord {
  return asRecord(crd.spec) ?? {};
}

function crdNames(spec: JsonRecord): JsonRecord {
  return asRecord(spec.names) ?? {};
}

function versionsLiteral(versions: readonly JsonRecord[]): ReturnType<typeof goLiteral> {
  const items = versions.map(
    (v) => `apiextensions.CustomResourceDefinitionVersion{Name:${goQuote(asString(v.name))}, ...}`,
  );
  return goLiteral(`[]apiextensions.CustomResourceDefinitionVersion{${items.join(", ")}}`);
}

function dns1035(value: string, field: string, prefix = ""): FieldError[] {
  const errs = isDNS1035Label(value);
  return errs.length > 0 ? [fieldError.invalid(field, value, `${prefix}${errs.join(",")}`)] : [];
}

/** ValidateCustomResourceDefinitionNames (used for spec.names and status.acceptedNames). */
function validateNames(names: JsonRecord, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const mixedCase = "may have mixed case, but should otherwise match: ";
  const plural = asString(names.plural);
  const singular = asString(names.singular);
  const kind = asString(names.kind);
  const listKind = asString(names.listKind);
  if (plural) errs.push(...dns1035(plural, `${path}.plural`));
  if (singular) errs.push(...dns1035(singular, `${path}.singular`));
  if (kind && isDNS1035Label(kind.toLowerCase()).length > 0) {
    errs.push(
      fieldError.invalid(`${path}.kind`, kind, mixedCase + isDNS1035Label(kind.toLowerCase()).join(",")),
    );
  }
  if (listKind && isDNS1035Label(listKind.toLowerCase()).length > 0) {
    errs.push(
      fieldError.invalid(
        `${path}.listKind`,
        listKind,
        mixedCase + isDNS1035Label(listKind.toLowerCase()).join(","),
      ),
    );
  }
  for (const [i, short] of asStringArray(names.shortNames).entries())
    errs.push(...dns1035(short, `${path}.shortNames[${i}]`));
  if (kind && kind === listKind)
    errs.push(fieldError.invalid(`${path}.listKind`, listKind, "kind and listKind may not be the same"));
  for (const [i, category] of asStringArray(names.categories).entries()) {
    errs.push(...dns1035(category, `${path}.categories[${i}]`));
  }
  return errs;
}

function validateGroupAndScope(spec: JsonRecord): FieldError[] {
  const errs: FieldError[] = [];
  const group = asString(spec.group);
  const groupErrs = isDNS1123Subdomain(group);
  if (!group) errs.push(fieldError.required("spec.group"));
  else if (groupErrs.length > 0) errs.push(fieldError.invalid("spec.group", group, groupErrs.join(",")));
  else if (group.split(".").length < 2)
    errs.push(fieldError.invalid("spec.group", group, "should be a domain with at least one dot"));
  const scope = asString(spec.scope);
  if (!scope) errs.push(fieldError.required("spec.scope"));
  else if (!SCOPES.includes(scope)) errs.push(fieldError.notSupported("spec.scope", scope, SCOPES));
  return errs;
}

function validateVersions(spec: JsonRecord): FieldError[] {
  const versions = recordsOf(spec.versions);
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  let unique = true;
  for (const [i, version] of versions.entries()) {
    const name = asString(version.name);
    if (seen.has(name)) unique = false;
    seen.add(name);
    errs.push(...dns1035(name, `spec.versions[${i}].name`));
    if (!asRecord(asRecord(version.schema)?.openAPIV3Schema)) {
      errs.push(fieldError.required(`spec.versions[${i}].schema.openAPIV3Schema`, "schemas are required"));
    }
  }
  if (!unique)
    errs.push(
      fieldError.invalid("spec.versions", versionsLiteral(versions), "must contain unique version names"),
    );
  if (versions.filter((v) => v.storage === true).length !== 1) {
    errs.push(
      fieldError.invalid(
        "spec.versions",
        versionsLiteral(versions),
        "must have exactly one version marked as storage version",
      ),
    );
  }
  return errs;
}

function requiredNames(names: JsonRecord): FieldError[] {
  return ["plural", "singular", "kind", "listKind"]
    .filter((key) => !asString(names[key]))
    .map((key) => fieldError.required(`spec.names.${key}`));
}

function validateStoredVersions(crd: KubeObject): FieldError[] {
  const stored = asStringArray(asRecord(crd.status)?.storedVersions);
  const served = new Set(recordsOf(crdSpec(crd).versions).map((v) => asString(v.name)));
  return stored.flatMap((v, i) =>
    served.has(v)
      ? []
      : [fieldError.invalid(`status.storedVersions[${i}]`, v, "must appear in spec.versions")],
  );
}

function crdNameValidator(spec: JsonRecord): NameValidator {
  return (name, prefix) => {
    const errs = isDNS1123Subdomain(name, prefix);
    const wanted = `${asString(crdNames(spec).plural)}.${asString(spec.group)}`;
    return name === wanted ? errs : [...errs, 'must be spec.names.plural+"."+spec.group'];
  };
}

function validateSpec(crd: KubeObject): FieldError[] {
  const spec = crdSpec(crd);
  return [
    ...validateGroupAndScope(spec),
    ...validateVersions(spec),
    ...requiredNames(crdNames(spec)),
    ...validateNames(crdNames(spec), "spec.names"),
  ];
}

function validateStatusNames(crd: KubeObject): FieldError[] {
  return validateNames(asRecord(asRecord(crd.status)?.acceptedNames) ?? {}, "status.acceptedNames");
}

/** ValidateCustomResourceDefinition. */
export function validateCrd(crd: KubeObject): FieldError[] {
  const spec = crdSpec(crd);
  return [
    ...validateObjectMeta(crd.metadata, { namespaced: false, nameValidator: crdNameValidator(spec) }),
    ...validateSpec(crd),
    ...validateStatusNames(crd),
  ];
}

function isEstablished(crd: KubeObject): boolean {
  return recordsOf(asRecord(crd.status)?.conditions).some(
    (c) => c.type === "Established" && c.status === "True",
  );
}

function immutable(field: string, next: unknown, prev: unknown): FieldError[] {
  return next === prev ? [] : [fieldError.invalid(field, asString(next), "field is immutable")];
}

/** ValidateCustomResourceDefinitionUpdate. */
export function validateCrdUpdate(crd: KubeObject, old: KubeObject): FieldError[] {
  const spec = crdSpec(crd);
  const oldSpec = crdSpec(old);
  const errs = [...validateObjectMetaUpdate(crd.metadata, old.metadata), ...validateSpec(crd)];
  if (isEstablished(old)) {
    errs.push(...immutable("spec.scope", spec.scope, oldSpec.scope));
    errs.push(...immutable("spec.names.kind", crdNames(spec).kind, crdNames(oldSpec).kind));
  }
  errs.push(...immutable("spec.group", spec.group, oldSpec.group));
  errs.push(...immutable("spec.names.plural", crdNames(spec).plural, crdNames(oldSpec).plural));
  return [...errs, ...validateStatusNames(crd), ...validateStoredVersions(crd)];
}

/** ValidateUpdateCustomResourceDefinitionStatus. */
export function validateCrdStatusUpdate(crd: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(crd.metadata, old.metadata), ...validateStatusNames(crd)];
}
