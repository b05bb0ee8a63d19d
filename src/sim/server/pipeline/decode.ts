// Request-body decoding as the apiserver's codec does it for a write: JSON (or YAML) parse errors
// in Go's words, the apiVersion/kind of the body against the URL's kind, unknown fields (dropped
// with a Warning, rejected under fieldValidation=Strict, silent under Ignore), then the kind's own
// decode checks (MicroTime layout, base64). Every failure here is a 400 BadRequest, except a custom
// resource whose kind is wrong, which CR validation answers 422.

import { parse as parseYaml } from "yaml";
import { type ApiError, badRequest, DecodeError, invalid, unsupportedMediaType } from "../../errors.js";
import { fieldError } from "../../fielderrors.js";
import { parseGoJson } from "../../gotext/json.js";
import { pruneUnknownFields } from "../../schema/index.js";
import type { Json, KubeObject, ResourceKind } from "../../types.js";
import { requestMediaType } from "../negotiation.js";
import type { FieldValidation } from "../query.js";
import type { KindRegistry, ServedKind } from "../registry.js";

export interface Decoded {
  readonly obj: KubeObject;
  /** Warning texts (unknown fields) to send whatever the outcome. */
  readonly warnings: string[];
}

/** A decode failure that still carries the warnings gathered before it (as the real server sends them). */
export class DecodeFailure extends Error {
  constructor(
    readonly error: ApiError,
    readonly warnings: readonly string[],
  ) {
    super(error.message);
    this.name = "DecodeFailure";
  }
}

export function apiVersionOf(kind: Pick<ResourceKind, "group" | "version">): string {
  return kind.group ? `${kind.group}/${kind.version}` : kind.version;
}

/** `Lease in version "v1" cannot be handled as a Lease: …`, the wrapper of every typed decode error. */
function cannotBeHandled(bodyKind: string, bodyVersion: string, kind: string, cause: string): ApiError {
  return badRequest(`${bodyKind} in version "${bodyVersion}" cannot be handled as a ${kind}: ${cause}`);
}

/** apiserver's summarizeData: the body quoted in decode errors, cut to 30 bytes. */
export function summarizeBody(body: Buffer): string {
  if (body.length === 0) return "<empty>";
  if (body.length > 30) return `${body.subarray(0, 30).toString("utf8")} ...`;
  return body.toString("utf8");
}

function unrecognized(kind: string, cause: string, body: Buffer): ApiError {
  return badRequest(
    `the object provided is unrecognized (must be of type ${kind}): couldn't get version/kind; json parse error: ${cause} (${summarizeBody(body)})`,
  );
}

const TYPE_META_STRUCT =
  'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

function jsonTypeName(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  return typeof value === "number" ? "number" : typeof value;
}

/** Parses the body by Content-Type; anything but JSON or YAML is 415. */
export function parseBody(body: Buffer, contentType: string | undefined, kind: string): Json {
  const media = requestMediaType(contentType);
  if (media !== "" && media !== "application/json" && media !== "application/yaml")
    throw unsupportedMediaType();
  try {
    if (media === "application/yaml")
      return (parseYaml(body.toString("utf8"), { version: "1.1" }) ?? null) as Json;
    return parseGoJson(body) as Json;
  } catch (err) {
    if (err instanceof Error) throw unrecognized(kind, err.message, body);
    throw err;
  }
}

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf("/");
  return slash < 0
    ? { group: "", version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The Go package of a built-in group's internal types (`core.Service`, `discovery.EndpointSlice`). */
function internalPackage(group: string): string {
  return group === "" ? "core" : (group.split(".")[0] ?? group);
}

/** A built-in body of the wrong type: unknown to the scheme, or known but not convertible. */
function builtinTypeMismatch(
  registry: KindRegistry,
  kind: ResourceKind,
  bodyApiVersion: string,
  bodyKind: string,
): ApiError {
  const { group, version } = splitApiVersion(bodyApiVersion);
  const known = registry
    .all()
    .some(
      (s) =>
        s.source.type !== "crd" &&
        s.kind.group === group &&
        s.kind.version === version &&
        s.kind.kind === bodyKind,
    );
  const cause = known
    ? `converting (${version}.${bodyKind}) to (${internalPackage(kind.group)}.${kind.kind}): unknown conversion`
    : `no kind "${bodyKind}" is registered for version "${bodyApiVersion}" in scheme "pkg/api/legacyscheme/scheme.go:30"`;
  return cannotBeHandled(bodyKind, version, kind.kind, cause);
}

function metadataName(obj: Record<string, Json>): string {
  const meta = obj.metadata;
  return typeof meta === "object" && meta !== null && !Array.isArray(meta) ? String(meta.name ?? "") : "";
}

/**
 * Custom resources: a wrong apiVersion is a 400 (with a warning per top-level field, as the body was
 * decoded without a schema), a wrong kind the 422 of CR validation.
 */
function checkCustomTypeMeta(
  served: ServedKind,
  obj: Record<string, Json>,
  apiVersion: string,
  kind: string,
): void {
  const expected = apiVersionOf(served.kind);
  if (apiVersion !== expected) {
    const warnings = Object.keys(obj)
      .filter((k) => k !== "apiVersion" && k !== "kind" && k !== "metadata")
      .sort()
      .map((k) => `unknown field "${k}"`);
    const message = `the API version in the data (${apiVersion}) does not match the expected API version (${expected})`;
    throw new DecodeFailure(badRequest(message), warnings);
  }
  if (kind !== served.kind.kind) {
    throw invalid({ group: served.kind.group, kind }, metadataName(obj), [
      fieldError.invalid("kind", kind, `must be ${served.kind.kind}`),
    ]);
  }
}

function checkTypeMeta(registry: KindRegistry, served: ServedKind, obj: Record<string, Json>): void {
  const { kind } = served;
  const bodyApiVersion =
    typeof obj.apiVersion === "string" && obj.apiVersion !== "" ? obj.apiVersion : apiVersionOf(kind);
  const bodyKind = typeof obj.kind === "string" && obj.kind !== "" ? obj.kind : kind.kind;
  if (served.source.type === "crd") {
    checkCustomTypeMeta(served, obj, bodyApiVersion, bodyKind);
  } else if (bodyApiVersion !== apiVersionOf(kind) || bodyKind !== kind.kind) {
    throw builtinTypeMismatch(registry, kind, bodyApiVersion, bodyKind);
  }
}

/**
 * Decodes a create/update body into the served kind: returns the object (apiVersion/kind set,
 * unknown fields pruned) and the warnings, or throws DecodeFailure / ApiError.
 */
export function decodeObject(
  registry: KindRegistry,
  served: ServedKind,
  value: Json,
  validation: FieldValidation,
  body: Buffer,
): Decoded {
  const { kind } = served;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw unrecognized(
      kind.kind,
      `json: cannot unmarshal ${jsonTypeName(value)} into Go value of type ${TYPE_META_STRUCT}`,
      body,
    );
  }
  checkTypeMeta(registry, served, value);
  return decodeTyped(served, value, validation);
}

/**
 * The typed half of decoding, shared with patches (whose input is the patched object): prune unknown
 * fields, run the kind's decode checks, then enforce fieldValidation=Strict.
 */
export function decodeTyped(
  served: ServedKind,
  value: Record<string, Json>,
  validation: FieldValidation,
  wrapDecodeError: (err: DecodeError) => Error = (err) =>
    cannotBeHandled(served.kind.kind, served.kind.version, served.kind.kind, err.message),
): Decoded {
  const { kind } = served;
  const pruned = pruneUnknownFields(value, kind.schema, {
    order: served.source.type === "crd" ? "sorted" : "document",
  });
  const obj = pruned.value as unknown as KubeObject;
  obj.apiVersion = apiVersionOf(kind);
  obj.kind = kind.kind;
  if (typeof obj.metadata !== "object" || obj.metadata === null) obj.metadata = {};
  try {
    kind.decode?.(obj);
  } catch (err) {
    if (err instanceof DecodeError) throw wrapDecodeError(err);
    throw err;
  }
  const unknown = pruned.unknownFields.map((path) => `unknown field "${path}"`);
  if (validation === "Strict" && unknown.length > 0) {
    throw cannotBeHandled(kind.kind, kind.version, kind.kind, `strict decoding error: ${unknown.join(", ")}`);
  }
  return { obj, warnings: validation === "Warn" ? unknown : [] };
}
