// OpenAPI v3 validation of a decoded value as kube-openapi's SchemaValidator performs it for custom
// resources in v1.28: per node the type, string, format, number, array, enum and object checks run in
// that order, nothing short-circuits, and identical messages are reported once. Go walks properties in
// random map order; here they are walked sorted by name so that results are deterministic.

import { goFloat, isGoInt } from "../gotext/fmt.js";
import type { FieldError, Json, JsonObject, Schema } from "../types.js";
import { formatChecker } from "./formats.js";
import { goJSON, jsonTypeOf } from "./gofmt.js";
import { toFieldError, type Violation, violation } from "./violations.js";

export interface ValidateOptions {
  /**
   * Path of `value` inside the object, used both in messages and in field paths. The v1.28 apiserver
   * validates whole objects and status (for /status) with an empty base path: "spec.x", "conditions[0]".
   */
  readonly basePath: string;
}

/** Collects violations in report order, dropping repeated messages as kube-openapi's Result does. */
class Violations {
  readonly items: Violation[] = [];
  private readonly seen = new Set<string>();

  add(v: Violation): void {
    if (this.seen.has(v.message)) return;
    this.seen.add(v.message);
    this.items.push(v);
  }
}

/** Validates a value against a structural schema; field errors come out as the real server reports them. */
export function validateAgainstSchema(value: Json, schema: Schema, opts: ValidateOptions): FieldError[] {
  const out = new Violations();
  validateNode(value, schema, opts.basePath, out);
  return out.items.map(toFieldError);
}

function schemaTypes(s: Schema): string[] {
  if (s["x-kubernetes-int-or-string"]) return ["integer", "string"];
  return s.type ? [s.type] : [];
}

/** The format the apiserver validates, or undefined when it strips the format from the schema. */
function validatedFormat(s: Schema): string | undefined {
  return formatChecker(s.format) ? s.format : undefined;
}

function validateNode(data: Json, s: Schema, path: string, out: Violations): void {
  if (data === null) {
    checkNull(s, path, out);
    checkEnum(data, s, path, out);
    return;
  }
  checkType(data, s, path, out);
  if (typeof data === "string") {
    checkString(data, s, path, out);
    checkFormat(data, s, path, out);
  } else if (typeof data === "number") {
    checkNumber(data, s, path, out);
  } else if (Array.isArray(data)) {
    checkArray(data, s, path, out);
  }
  checkEnum(data, s, path, out);
  if (typeof data === "object" && !Array.isArray(data)) checkObject(data, s, path, out);
}

function checkNull(s: Schema, path: string, out: Violations): void {
  const types = schemaTypes(s);
  if (types.length > 0 && !s.nullable) out.add(violation.type(path, types.join(","), "null"));
}

/** The format kube-openapi infers from a Go value, quoted when a formatted type gets a non-string. */
function inferredFormat(jsonType: string): string {
  if (jsonType === "integer") return "int64";
  return jsonType === "number" ? "float64" : "";
}

function checkType(data: Json, s: Schema, path: string, out: Violations): void {
  const types = schemaTypes(s);
  const format = validatedFormat(s);
  if (types.length === 0 && !format) return;
  const actual = jsonTypeOf(data);
  const matches = types.includes(actual) || (actual === "integer" && types.includes("number"));
  const stringOrArray = typeof data === "string" || Array.isArray(data);
  if (format && !stringOrArray && !matches) {
    out.add(violation.type(path, format, inferredFormat(actual)));
    return;
  }
  const numeric = types.includes("integer") || types.includes("number");
  if (format && stringOrArray && !numeric) return;
  if (!matches) out.add(violation.type(path, types.join(","), actual));
}

/** Go's RE2 syntax mostly runs unchanged in JavaScript; leading inline flags and \A, \z are translated. */
function compileGoPattern(pattern: string): RegExp | undefined {
  const flagMatch = /^\(\?([imsU]+)\)/.exec(pattern);
  const flags = [...new Set((flagMatch?.[1] ?? "").replaceAll("U", ""))].join("");
  const source = pattern
    .slice(flagMatch?.[0].length ?? 0)
    .replaceAll("\\A", "^")
    .replaceAll("\\z", "$");
  for (const extra of ["u", ""]) {
    try {
      return new RegExp(source, flags + extra);
    } catch {
      // Retried without the unicode flag, which rejects some escapes RE2 allows.
    }
  }
  return undefined;
}

function checkString(data: string, s: Schema, path: string, out: Violations): void {
  const runes = [...data].length;
  if (s.maxLength !== undefined && runes > s.maxLength) {
    out.add(violation.tooLong(path, s.maxLength));
  } else if (s.minLength !== undefined && runes < s.minLength) {
    out.add(violation.tooShort(path, s.minLength, data));
  } else if (s.pattern) {
    // A Go pattern that JavaScript cannot compile is not enforced rather than misreported.
    const re = compileGoPattern(s.pattern);
    if (re && !re.test(data)) out.add(violation.pattern(path, s.pattern, data));
  }
}

function checkFormat(data: string, s: Schema, path: string, out: Violations): void {
  const checker = formatChecker(s.format);
  if (s.format && checker && !checker(data)) out.add(violation.type(path, s.format, data));
}

/** An int64 value is compared with the bound truncated to int64 and the bound is printed as an integer. */
function checkBound(
  data: number,
  kind: "min" | "max",
  bound: number,
  exclusive: boolean,
): string | undefined {
  const asInt = isGoInt(data);
  const limit = asInt ? Math.trunc(bound) : bound;
  const below = exclusive ? data <= limit : data < limit;
  const above = exclusive ? data >= limit : data > limit;
  if (!(kind === "min" ? below : above)) return undefined;
  return asInt ? BigInt(limit).toString() : goFloat(limit);
}

function checkNumber(data: number, s: Schema, path: string, out: Violations): void {
  if (s.minimum !== undefined) {
    const exclusive = s.exclusiveMinimum === true;
    const limit = checkBound(data, "min", s.minimum, exclusive);
    if (limit !== undefined) out.add(violation.bound(path, "min", exclusive, limit, data));
  }
  if (s.maximum !== undefined) {
    const exclusive = s.exclusiveMaximum === true;
    const limit = checkBound(data, "max", s.maximum, exclusive);
    if (limit !== undefined) out.add(violation.bound(path, "max", exclusive, limit, data));
  }
}

function checkArray(data: Json[], s: Schema, path: string, out: Violations): void {
  if (s.items) {
    for (const [i, item] of data.entries()) validateNode(item, s.items, `${path}[${i}]`, out);
  }
  if (s.minItems !== undefined && data.length < s.minItems) {
    out.add(violation.tooFewItems(path, s.minItems, data.length));
  }
  if (s.maxItems !== undefined && data.length > s.maxItems) {
    out.add(violation.tooManyItems(path, s.maxItems, data.length));
  }
}

/**
 * reflect's conversion rules decide enum membership: a float64 converted to an int64 enum value is
 * truncated, and an integer converted to a string enum value becomes the character with that code.
 */
function enumMatches(data: Json, allowed: Json): boolean {
  if (data === null || allowed === null) return false;
  if (typeof allowed === "string") {
    if (typeof data === "number" && isGoInt(data)) return runeString(data) === allowed;
    return data === allowed;
  }
  if (typeof allowed === "number") {
    if (typeof data !== "number") return false;
    return (isGoInt(allowed) ? Math.trunc(data) : data) === allowed;
  }
  if (typeof allowed === "boolean") return data === allowed;
  if (Array.isArray(allowed) !== Array.isArray(data) || typeof data !== "object") return false;
  return goJSON(data) === goJSON(allowed);
}

/** Go's string(rune(n)): invalid code points become U+FFFD. */
function runeString(code: number): string {
  const valid = code >= 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
  return String.fromCodePoint(valid ? code : 0xfffd);
}

function checkEnum(data: Json, s: Schema, path: string, out: Violations): void {
  if (!s.enum || s.enum.length === 0) return;
  if (!s.enum.some((allowed) => enumMatches(data, allowed))) out.add(violation.enum(path, data, s.enum));
}

function checkPropertyCount(data: JsonObject, s: Schema, path: string, out: Violations): void {
  const count = Object.keys(data).length;
  if (s.minProperties !== undefined && count < s.minProperties) {
    out.add(violation.tooFewProperties(path, s.minProperties, count));
  }
  if (s.maxProperties !== undefined && count > s.maxProperties) {
    out.add(violation.tooManyProperties(path, s.maxProperties, count));
  }
}

function checkAdditionalProperties(data: JsonObject, s: Schema, path: string, out: Violations): void {
  const extra = Object.keys(data)
    .filter((key) => !Object.hasOwn(s.properties ?? {}, key))
    .sort();
  const additional = s.additionalProperties;
  for (const key of extra) {
    if (additional === false) out.add(violation.forbiddenProperty(path, key));
    else if (typeof additional === "object")
      validateNode(data[key] ?? null, additional, `${path}.${key}`, out);
  }
}

function checkObject(data: JsonObject, s: Schema, path: string, out: Violations): void {
  checkPropertyCount(data, s, path, out);
  checkAdditionalProperties(data, s, path, out);
  const properties = s.properties ?? {};
  for (const name of Object.keys(properties).sort()) {
    const prop = properties[name];
    if (prop && Object.hasOwn(data, name)) {
      validateNode(data[name] ?? null, prop, path === "" ? name : `${path}.${name}`, out);
    }
  }
  for (const name of s.required ?? []) {
    if (!Object.hasOwn(data, name)) out.add(violation.required(`${path}.${name}`));
  }
}
