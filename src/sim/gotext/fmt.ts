// Go's fmt verbs (%v, %#v, %T) for the decoded JSON values (int64, float64, string, bool,
// map[string]interface{}, []interface{}) that apiserver error messages print. JSON numbers cannot be
// told apart once parsed: an integral number within int64 counts as int64 (what `3` decodes into); a
// literal such as `3.0`, which Go keeps as float64, is not reproduced. Map keys print sorted.

import type { Json } from "../types.js";
import { goQuote } from "./quote.js";

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

function sortedKeys(value: { readonly [key: string]: Json }): string[] {
  return Object.keys(value).sort();
}

/** Go's %#v for a decoded JSON value, as it appears nested inside maps and slices. */
export function goSharpV(value: Json): string {
  if (value === null) return "interface {}(nil)";
  if (typeof value === "string") return goQuote(value);
  if (typeof value === "number") return goNumber(value);
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[]interface {}{${value.map(goSharpV).join(", ")}}`;
  const entries = sortedKeys(value).map((key) => `${goQuote(key)}:${goSharpV(value[key] ?? null)}`);
  return `map[string]interface {}{${entries.join(", ")}}`;
}

/** Go's plain %v for a decoded JSON value ("[true false]", "map[a:1]", "<nil>"). */
export function goV(value: Json): string {
  if (value === null) return "<nil>";
  if (typeof value === "string") return value;
  if (typeof value === "number") return goNumber(value);
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(goV).join(" ")}]`;
  const entries = sortedKeys(value).map((key) => `${key}:${goV(value[key] ?? null)}`);
  return `map[${entries.join(" ")}]`;
}

/** Go's %T for a decoded JSON value. */
export function goTypeName(value: Json): string {
  if (value === null) return "<nil>";
  if (Array.isArray(value)) return "[]interface {}";
  if (typeof value === "object") return "map[string]interface {}";
  if (typeof value === "number") return isGoInt(value) ? "int64" : "float64";
  return typeof value === "boolean" ? "bool" : "string";
}
