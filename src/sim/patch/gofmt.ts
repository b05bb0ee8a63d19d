// Renderings of decoded JSON values the way Go's fmt prints interface{} values, for the error
// messages that quote them: %v (strategic-merge-patch errors), %#v and %T (typed-value errors).
// Integers are int64 and other numbers float64, as apimachinery's JSON decoder produces them.

import { goQuote } from "../fielderrors.js";
import type { Json } from "../types.js";
import { isObject } from "./json.js";

/** fmt's %v of a float64: shortest digits, exponent form when the exponent is < -4 or >= 6. */
function goFloat(value: number): string {
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  if (exponent < -4 || exponent >= 6) {
    const [mantissa, exp = "0"] = value.toExponential().split("e");
    const sign = exp.startsWith("-") ? "-" : "+";
    const digits = exp.replace(/^[-+]/, "").padStart(2, "0");
    return `${mantissa}e${sign}${digits}`;
  }
  return String(value);
}

function goNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : goFloat(value);
}

function sortedEntries(value: { [key: string]: Json }): [string, Json][] {
  return Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** fmt's %v of a decoded JSON value: `map[k:v]` with sorted keys, `[a b]`, bare strings, `<nil>`. */
export function goV(value: Json): string {
  if (value === null) return "<nil>";
  if (Array.isArray(value)) return `[${value.map(goV).join(" ")}]`;
  if (isObject(value)) {
    return `map[${sortedEntries(value)
      .map(([k, v]) => `${k}:${goV(v)}`)
      .join(" ")}]`;
  }
  if (typeof value === "number") return goNumber(value);
  return String(value);
}

/** Go's fmt %v of map[string]interface{} as in 174: map[spec:map[renewTime:…]] (sorted keys). */
export function goMapString(value: Json): string {
  return goV(value);
}

/** fmt's %#v of an interface{} holding a decoded JSON value. */
export function goSharpV(value: Json): string {
  if (value === null) return "interface {}(nil)";
  if (Array.isArray(value)) return `[]interface {}{${value.map(goSharpV).join(", ")}}`;
  if (isObject(value)) {
    const body = sortedEntries(value)
      .map(([k, v]) => `${goQuote(k)}:${goSharpV(v)}`)
      .join(", ");
    return `map[string]interface {}{${body}}`;
  }
  if (typeof value === "string") return goQuote(value);
  if (typeof value === "number") return goNumber(value);
  return String(value);
}

/** fmt's %T of a decoded JSON value. */
export function goTypeName(value: Json): string {
  if (value === null) return "<nil>";
  if (Array.isArray(value)) return "[]interface {}";
  if (isObject(value)) return "map[string]interface {}";
  if (typeof value === "number") return Number.isInteger(value) ? "int64" : "float64";
  return typeof value === "boolean" ? "bool" : "string";
}
