// Builders for field errors rendered exactly as apimachinery's field.Error.ErrorBody() renders them,
// so that validation messages from the sim match a real kube-apiserver byte for byte.
// Go formats bad values with %q for strings and %#v for everything else; `goLiteral` lets callers
// pass an already-rendered Go literal such as `[]string{"10.96.0.1"}` or `0x0`.

import { goQuote } from "./gotext/quote.js";
import type { FieldError } from "./types.js";

export interface GoLiteral {
  readonly go: string;
}

export type BadValue = string | number | boolean | null | GoLiteral;

export function goLiteral(text: string): GoLiteral {
  return { go: text };
}

/** A Go `[]string{...}` literal, as %#v prints a string slice. */
export function goStringSlice(values: readonly string[]): GoLiteral {
  return goLiteral(`[]string{${values.map(goQuote).join(", ")}}`);
}

export function renderBadValue(value: BadValue): string {
  if (value === null) return "null";
  if (typeof value === "string") return goQuote(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return value.go;
}

function withDetail(head: string, detail?: string): string {
  return detail ? `${head}: ${detail}` : head;
}

export const fieldError = {
  required(field: string, detail?: string): FieldError {
    return { reason: "FieldValueRequired", field, message: withDetail("Required value", detail) };
  },
  invalid(field: string, value: BadValue, detail?: string): FieldError {
    return {
      reason: "FieldValueInvalid",
      field,
      message: withDetail(`Invalid value: ${renderBadValue(value)}`, detail),
    };
  },
  typeInvalid(field: string, value: BadValue, detail?: string): FieldError {
    return {
      reason: "FieldValueTypeInvalid",
      field,
      message: withDetail(`Invalid value: ${renderBadValue(value)}`, detail),
    };
  },
  duplicate(field: string, value: BadValue): FieldError {
    return { reason: "FieldValueDuplicate", field, message: `Duplicate value: ${renderBadValue(value)}` };
  },
  notFound(field: string, value: BadValue): FieldError {
    return { reason: "FieldValueNotFound", field, message: `Not found: ${renderBadValue(value)}` };
  },
  notSupported(field: string, value: BadValue, supported: readonly string[]): FieldError {
    const detail =
      supported.length > 0 ? `supported values: ${supported.map(goQuote).join(", ")}` : undefined;
    return {
      reason: "FieldValueNotSupported",
      field,
      message: withDetail(`Unsupported value: ${renderBadValue(value)}`, detail),
    };
  },
  forbidden(field: string, detail: string): FieldError {
    return { reason: "FieldValueForbidden", field, message: withDetail("Forbidden", detail) };
  },
  tooLong(field: string, maxLength: number): FieldError {
    return { reason: "FieldValueTooLong", field, message: `Too long: may not be longer than ${maxLength}` };
  },
  tooMany(field: string, actual: number, max: number): FieldError {
    return {
      reason: "FieldValueTooMany",
      field,
      message: `Too many: ${actual}: must have at most ${max} items`,
    };
  },
};

/** `field: message`, or just the message when the error has no field path. */
export function renderFieldError(err: FieldError): string {
  return err.field ? `${err.field}: ${err.message}` : err.message;
}

/**
 * The aggregate text apimachinery puts after "is invalid: ": one error alone, several in brackets.
 * Identical messages are listed once (utilerrors.NewAggregate de-duplicates) although every cause is kept.
 */
export function aggregateFieldErrors(errs: readonly FieldError[]): string {
  const unique = [...new Set(errs.map(renderFieldError))];
  if (unique.length === 1) return unique[0] ?? "";
  return `[${unique.join(", ")}]`;
}
