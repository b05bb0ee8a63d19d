// Renders decoded JSON values the way Go's fmt prints the unstructured values (int64, float64, string,
// bool, map[string]interface{}, []interface{}) that apiextensions-apiserver puts into its messages.
// JSON numbers cannot be told apart once parsed: an integral number counts as Go's int64 (what the
// apiserver decodes `3` into); a literal such as `3.0`, which Go keeps as float64, is not reproduced.

import { type BadValue, goLiteral, goQuote } from "../fielderrors.js";
import type { Json } from "../types.js";

const INT64_LIMIT = 2 ** 63;

/** True when the apiserver would have decoded this JSON number into an int64. */
export function isGoInt(value: number): boolean {
  return Number.isInteger(value) && Math.abs(value) < INT64_LIMIT;
}

/** Go's %v for a float64: shortest digits, exponent form below 1e-4 and from 1e+06 on ("1e+06"). */
export function goFloat(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  const [mantissa = "0", expText = "0"] = value.toExponential().split("e");
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const digits = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${mantissa}e${exp < 0 ? "-" : "+"}${digits}`;
  }
  return String(value);
}

/** Go's %v for a number decoded from JSON (int64 or float64). */
export function goNumber(value: number): string {
  return isGoInt(value) ? BigInt(value).toString() : goFloat(value);
}

/** Go's %#v for a decoded JSON value, as it appears nested inside maps and slices. */
export function goSharpV(value: Json): string {
  if (value === null) return "interface {}(nil)";
  if (typeof value === "string") return goQuote(value);
  if (typeof value === "number") return goNumber(value);
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[]interface {}{${value.map(goSharpV).join(", ")}}`;
  const entries = Object.keys(value)
    .sort()
    .map((key) => `${goQuote(key)}:${goSharpV(value[key] ?? null)}`);
  return `map[string]interface {}{${entries.join(", ")}}`;
}

/** Go's plain %v for a decoded JSON value ("[True False]", "map[a:1]"). */
export function goV(value: Json): string {
  if (value === null) return "<nil>";
  if (typeof value === "string") return value;
  if (typeof value === "number") return goNumber(value);
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(goV).join(" ")}]`;
  const entries = Object.keys(value)
    .sort()
    .map((key) => `${key}:${goV(value[key] ?? null)}`);
  return `map[${entries.join(" ")}]`;
}

/**
 * A decoded JSON value as field.Error's ErrorBody prints a bad value: numbers and booleans with %v,
 * strings with %q, nil as null and maps or slices with %#v.
 */
export function goBadValue(value: Json): BadValue {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return isGoInt(value) ? value : goLiteral(goFloat(value));
  return goLiteral(goSharpV(value));
}

/** Go's encoding/json rendering (map keys sorted), used for non-string enum values in messages. */
export function goJSON(value: Json): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(goJSON).join(",")}]`;
  const entries = Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${goJSON(value[key] ?? null)}`);
  return `{${entries.join(",")}}`;
}

/** The JSON type name kube-openapi infers for a decoded value ("integer" for int64, "number" for float64). */
export function jsonTypeOf(
  value: Json,
): "null" | "boolean" | "integer" | "number" | "string" | "array" | "object" {
  if (value === null) return "null";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") return isGoInt(value) ? "integer" : "number";
  if (typeof value === "string") return "string";
  return Array.isArray(value) ? "array" : "object";
}
