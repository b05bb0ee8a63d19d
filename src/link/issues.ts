// Renders a zod issue the way Kubernetes renders a field error: a field path such as
// `spec.selector.matchExpressions[0].operator` and a message such as `Invalid value: 0: must be
// greater than or equal to 1`. Values are shown truncated; a Link holds no secrets, but a runaway
// value must not flood a condition message.

import type { z } from "zod";

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

const MAX_VALUE_CHARS = 80;

/**
 * `spec.selector.matchExpressions[0].operator`. Map keys are joined with dots, as the API server's
 * schema validation reports them (`spec.selector.matchLabels.svcmirror.io/exported`).
 */
export function fieldPath(segments: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += `${out === "" ? "" : "."}${String(segment)}`;
  }
  return out;
}

/** A short, JSON-like rendering of a bad value for a message. */
export function renderValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}...` : text;
}

function lowerBound(origin: string, minimum: number | bigint): string {
  if (origin === "string") return `must be at least ${minimum} characters`;
  if (origin === "array") return `must have at least ${minimum} items`;
  return `must be greater than or equal to ${minimum}`;
}

function upperBound(origin: string, maximum: number | bigint): string {
  if (origin === "string") return `must be no more than ${maximum} characters`;
  if (origin === "array") return `must have at most ${maximum} items`;
  return `must be less than or equal to ${maximum}`;
}

function typeName(expected: string): string {
  return expected === "int" ? "integer" : expected;
}

function detail(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "too_small":
      return lowerBound(issue.origin, issue.minimum);
    case "too_big":
      return upperBound(issue.origin, issue.maximum);
    case "invalid_type":
      return `must be of type ${typeName(issue.expected)}`;
    case "invalid_format":
      // Every regex in schema.ts carries its own wording; other formats get a generic one.
      if (issue.format === "regex") return issue.message;
      return issue.format === "datetime"
        ? "must be an RFC 3339 date-time"
        : `must be a valid ${issue.format}`;
    default:
      return issue.message;
  }
}

/** Field and message of one issue from a parse made with `reportInput: true`. */
export function renderIssue(issue: z.core.$ZodIssue): FieldProblem {
  const field = fieldPath(issue.path);
  const hasInput = "input" in issue && issue.input !== undefined;
  if (issue.code === "invalid_type" && !hasInput) return { field, message: "Required value" };
  if (issue.code === "invalid_value") {
    const supported = issue.values.map((v) => renderValue(v)).join(", ");
    return {
      field,
      message: `Unsupported value: ${renderValue(issue.input)}: supported values: ${supported}`,
    };
  }
  if (issue.code === "custom") return { field, message: `${issue.message}: ${renderValue(issue.input)}` };
  const shown = hasInput ? renderValue(issue.input) : "null";
  return { field, message: `Invalid value: ${shown}: ${detail(issue)}` };
}
