// Query-parameter parsing with the errors apiserver's parameter codec gives: Go's strconv messages
// for malformed integers and booleans (400 BadRequest), and the option-specific validation of
// dryRun, fieldValidation and fieldManager, which the real server answers 400 or 422.

import { type ApiError, badRequest, invalid } from "../errors.js";
import { fieldError } from "../fielderrors.js";

function parseGoInt(text: string): number {
  if (!/^[+-]?\d+$/.test(text))
    throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(text)}: value out of range`);
  }
  return value;
}

const TRUE_WORDS = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const FALSE_WORDS = new Set(["0", "f", "F", "FALSE", "false", "False"]);

function parseGoBool(text: string): boolean {
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text) || text === "") return false;
  throw badRequest(`strconv.ParseBool: parsing ${JSON.stringify(text)}: invalid syntax`);
}

function optionalInt(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name);
  return text === null ? undefined : parseGoInt(text);
}

function optionalBool(query: URLSearchParams, name: string): boolean {
  const text = query.get(name);
  return text === null ? false : parseGoBool(text);
}

export interface ListQuery {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly watch: boolean;
  readonly allowWatchBookmarks: boolean;
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: string;
  readonly timeoutSeconds?: number;
  readonly limit?: number;
  readonly continueToken?: string;
}

function optionalString(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name);
  return value === null || value === "" ? undefined : value;
}

export function parseListQuery(query: URLSearchParams): ListQuery {
  const out: {
    -readonly [K in keyof ListQuery]: ListQuery[K];
  } = {
    watch: optionalBool(query, "watch"),
    allowWatchBookmarks: optionalBool(query, "allowWatchBookmarks"),
  };
  const strings = ["labelSelector", "fieldSelector", "resourceVersion", "resourceVersionMatch"] as const;
  for (const name of strings) {
    const value = optionalString(query, name);
    if (value !== undefined) out[name] = value;
  }
  const continueToken = optionalString(query, "continue");
  if (continueToken !== undefined) out.continueToken = continueToken;
  const timeoutSeconds = optionalInt(query, "timeoutSeconds");
  if (timeoutSeconds !== undefined) out.timeoutSeconds = timeoutSeconds;
  const limit = optionalInt(query, "limit");
  if (limit !== undefined && limit > 0) out.limit = limit;
  return out;
}

export type FieldValidation = "Strict" | "Warn" | "Ignore";

export interface WriteQuery {
  readonly dryRun: boolean;
  readonly fieldValidation: FieldValidation;
  /** The fieldManager parameter as sent (undefined when absent). */
  readonly fieldManager?: string;
  readonly force: boolean;
}

function optionsInvalid(
  kind: "CreateOptions" | "UpdateOptions" | "PatchOptions",
  errs: ReturnType<typeof fieldError.required>[],
): ApiError {
  return invalid({ group: "meta.k8s.io", kind }, "", errs);
}

/** Parses dryRun, fieldValidation, fieldManager and force for a write of the given options kind. */
export function parseWriteQuery(
  query: URLSearchParams,
  optionsKind: "CreateOptions" | "UpdateOptions" | "PatchOptions",
): WriteQuery {
  const dryRunValues = query.getAll("dryRun");
  for (const value of dryRunValues) {
    if (value !== "All") {
      throw optionsInvalid(optionsKind, [fieldError.notSupported("dryRun", value, ["All"])]);
    }
  }
  const validation = query.get("fieldValidation") ?? "";
  const fieldValidation = validation === "" ? "Warn" : validation;
  if (fieldValidation !== "Strict" && fieldValidation !== "Warn" && fieldValidation !== "Ignore") {
    throw badRequest(`invalid fieldValidation directive: ${validation}`);
  }
  const fieldManager = query.get("fieldManager") ?? undefined;
  if (fieldManager !== undefined && fieldManager.length > 128) {
    throw optionsInvalid(optionsKind, [fieldError.tooLong("fieldManager", 128)]);
  }
  const force = optionalBool(query, "force");
  const out: WriteQuery = { dryRun: dryRunValues.length > 0, fieldValidation, force };
  return fieldManager === undefined ? out : { ...out, fieldManager };
}
