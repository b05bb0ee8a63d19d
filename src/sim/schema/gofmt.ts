// Decoded JSON values as apiextensions-apiserver's schema errors print them: a field.Error bad value,
// Go's encoding/json text of an enum value, and the JSON type kube-openapi infers. The fmt verbs
// themselves are ../gotext/fmt.ts.

import { type BadValue, goLiteral } from "../fielderrors.js";
import { goFloat, goSharpV, isGoInt } from "../gotext/fmt.js";
import type { Json } from "../types.js";

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
