// Decoding of metav1.Time / metav1.MicroTime fields as their UnmarshalJSON does it: null is the
// zero time (omitted), a string must parse with the layout, anything else fails the way
// encoding/json reports it. Valid values are rewritten as MarshalJSON prints them (UTC).

import { DecodeError } from "../errors.js";
import { formatGoTime, isZeroTime, parseGoTime, TimeParseError } from "./gotime.js";
import type { JsonRecord } from "./json-access.js";

export { RFC3339, RFC3339_MICRO } from "./gotime.js";

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (typeof value === "boolean") return "bool";
  return typeof value === "number" ? "number" : "object";
}

export interface TimeField {
  /** The Go struct holding the field, as encoding/json names it in errors (e.g. `LeaseSpec`). */
  readonly struct: string;
  /** The JSON path from the object root, e.g. `spec.renewTime`. */
  readonly path: string;
  readonly layout: string;
}

/** Decodes `container[key]` in place; throws DecodeError with Go's message. */
export function decodeTimeField(container: JsonRecord, key: string, field: TimeField): void {
  const value = container[key];
  if (value === undefined) return;
  if (value === null) {
    delete container[key];
    return;
  }
  if (typeof value !== "string") {
    throw new DecodeError(
      `json: cannot unmarshal ${jsonKind(value)} into Go struct field ${field.struct}.${field.path} of type string`,
    );
  }
  try {
    const instant = parseGoTime(field.layout, value);
    if (isZeroTime(instant)) delete container[key];
    else container[key] = formatGoTime(field.layout, instant);
  } catch (err) {
    if (err instanceof TimeParseError) throw new DecodeError(err.message);
    throw err;
  }
}
