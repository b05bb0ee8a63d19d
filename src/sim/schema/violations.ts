// Schema violations as k8s.io/kube-openapi's validate package words them ("spec.x in body should be
// ...") and their conversion into field errors as apiextensions-apiserver's
// kubeOpenAPIResultToFieldErrors does it in v1.28: which reason each check maps to, which value is
// shown, and how the violation's name becomes the field path.

import { fieldError } from "../fielderrors.js";
import { goV } from "../gotext/fmt.js";
import { goQuote } from "../gotext/quote.js";
import type { FieldError, Json } from "../types.js";
import { goBadValue, goJSON } from "./gofmt.js";

/** One kube-openapi validation error, before conversion. `name` may carry a leading "." at the root. */
export type Violation =
  | { readonly code: "required"; readonly name: string; readonly message: string }
  | { readonly code: "type"; readonly name: string; readonly message: string; readonly value: string }
  | {
      readonly code: "enum";
      readonly name: string;
      readonly message: string;
      readonly value: Json;
      readonly allowed: readonly Json[];
    }
  | { readonly code: "tooLong"; readonly name: string; readonly message: string; readonly max: number }
  | {
      readonly code: "tooMany";
      readonly name: string;
      readonly message: string;
      readonly actual: number;
      readonly max: number;
    }
  | { readonly code: "invalid"; readonly name: string; readonly message: string; readonly value: Json };

const IN = "body";

export const violation = {
  required(name: string): Violation {
    return { code: "required", name, message: `${name} in ${IN} is required` };
  },
  /** errors.InvalidType: `value` is the inferred type name (or the data for a failed format). */
  type(name: string, typeName: string, value: string): Violation {
    const message = `${name} in ${IN} must be of type ${typeName}: ${goQuote(value)}`;
    return { code: "type", name, message, value };
  },
  enum(name: string, value: Json, allowed: readonly Json[]): Violation {
    const message = `${name} in ${IN} should be one of ${goV(allowed as Json[])}`;
    return { code: "enum", name, message, value, allowed };
  },
  tooLong(name: string, max: number): Violation {
    return { code: "tooLong", name, message: `${name} in ${IN} should be at most ${max} chars long`, max };
  },
  tooShort(name: string, min: number, value: string): Violation {
    return { code: "invalid", name, message: `${name} in ${IN} should be at least ${min} chars long`, value };
  },
  pattern(name: string, pattern: string, value: string): Violation {
    return { code: "invalid", name, message: `${name} in ${IN} should match '${pattern}'`, value };
  },
  /** `limit` is already rendered as Go prints it (%v of an int64 or a float64). */
  bound(name: string, kind: "min" | "max", exclusive: boolean, limit: string, value: number): Violation {
    const relation = kind === "min" ? "greater than" : "less than";
    const message = `${name} in ${IN} should be ${relation}${exclusive ? "" : " or equal to"} ${limit}`;
    return { code: "invalid", name, message, value };
  },
  tooFewItems(name: string, min: number, size: number): Violation {
    return {
      code: "invalid",
      name,
      message: `${name} in ${IN} should have at least ${min} items`,
      value: size,
    };
  },
  tooManyItems(name: string, max: number, size: number): Violation {
    const message = `${name} in ${IN} should have at most ${max} items`;
    return { code: "tooMany", name, message, actual: size, max };
  },
  tooFewProperties(name: string, min: number, size: number): Violation {
    const message = `${name} in ${IN} should have at least ${min} properties`;
    return { code: "invalid", name, message, value: size };
  },
  tooManyProperties(name: string, max: number, size: number): Violation {
    const message = `${name} in ${IN} should have at most ${max} properties`;
    return { code: "tooMany", name, message, actual: size, max };
  },
  forbiddenProperty(name: string, key: string): Violation {
    return { code: "invalid", name, message: `${name}.${key} in ${IN} is a forbidden property`, value: key };
  },
};

/** The field path apiextensions derives from a violation's name: the leading "." trimmed. */
function fieldPathOf(name: string): string {
  if (name.length === 0 || name === ".") return "";
  return name.startsWith(".") ? name.slice(1) : name;
}

/** kubeOpenAPIResultToFieldErrors: reason and shown value per kind of violation. */
export function toFieldError(v: Violation): FieldError {
  const field = fieldPathOf(v.name);
  switch (v.code) {
    case "required":
      return fieldError.required(field);
    case "enum": {
      const supported = v.allowed.map((a) => (typeof a === "string" ? a : goJSON(a)));
      return fieldError.notSupported(field, goBadValue(v.value), supported);
    }
    case "tooLong":
      return fieldError.tooLong(field, v.max);
    case "tooMany":
      return fieldError.tooMany(field, v.actual, v.max);
    case "type":
      return fieldError.typeInvalid(field, v.value, v.message);
    case "invalid":
      return fieldError.invalid(field, goBadValue(v.value), v.message);
  }
}
