// Field selectors parsed as k8s.io/apimachinery/pkg/fields does it (terms split on unescaped commas,
// `!=`, `==`, `=`, backslash escapes in values), then checked against the labels the kind converts,
// with the message of the kind's conversion function. Both steps answer 400 with Go's text.

import { badRequest } from "../errors.js";
import { goQuote } from "../gotext/quote.js";
import type { FieldConversion } from "./types.js";

export interface FieldTerm {
  readonly field: string;
  readonly value: string;
  /** `!=` rather than `=`/`==`. */
  readonly negate: boolean;
}

/** A parsed field selector: an AND of terms over the object's selectable fields. */
export interface FieldSelector {
  readonly terms: readonly FieldTerm[];
  /** True when the selector selects everything. */
  readonly empty: boolean;
  /** `field(name)` yields the object's value of a selectable field ("" when absent). */
  matches(field: (name: string) => string): boolean;
  /** The value a `field=value` term requires, as Selector.RequiresExactMatch reports it. */
  exactMatch(field: string): string | undefined;
}

export const NAME_FIELD = "metadata.name";
export const NAMESPACE_FIELD = "metadata.namespace";

const OPERATORS = ["!=", "==", "="] as const;

/** Splits on commas that are not backslash-escaped; the escapes stay in the terms. */
function splitTerms(raw: string): string[] {
  if (raw === "") return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (inSlash) inSlash = false;
    else if (ch === "\\") inSlash = true;
    else if (ch === ",") {
      terms.push(raw.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(raw.slice(start));
  return terms;
}

function splitTerm(term: string): { lhs: string; op: string; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    const op = OPERATORS.find((candidate) => term.startsWith(candidate, i));
    if (op !== undefined) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
  }
  return undefined;
}

function unescapeValue(text: string): string {
  if (!/[\\,=]/.test(text)) return text;
  let out = "";
  let inSlash = false;
  for (const ch of text) {
    if (inSlash) {
      if (ch !== "\\" && ch !== "," && ch !== "=") {
        throw badRequest(`invalid field selector: invalid escape sequence: \\${ch}`);
      }
      out += ch;
      inSlash = false;
    } else if (ch === "\\") {
      inSlash = true;
    } else if (ch === "," || ch === "=") {
      // Go prints the rune with %v, i.e. as its number.
      throw badRequest(`invalid field selector: unescaped character in value: ${ch.codePointAt(0)}`);
    } else {
      out += ch;
    }
  }
  if (inSlash) throw badRequest("invalid field selector: invalid escape sequence: \\");
  return out;
}

/** fields.ParseSelector: syntax only, terms in Go's (sorted) order. */
export function parseFieldTerms(raw: string): FieldTerm[] {
  const parts = splitTerms(raw).sort();
  const terms: FieldTerm[] = [];
  for (const part of parts) {
    if (part === "") continue;
    const split = splitTerm(part);
    if (split === undefined) throw badRequest(`invalid selector: '${raw}'; can't understand '${part}'`);
    terms.push({ field: split.lhs, value: unescapeValue(split.rhs), negate: split.op === "!=" });
  }
  return terms;
}

/** The labels a kind accepts: metadata.name, usually metadata.namespace, and its own extra fields. */
export function supportedFieldLabels(extra: readonly string[], conversion: FieldConversion): string[] {
  const base = conversion.withoutNamespace ? [NAME_FIELD] : [NAME_FIELD, NAMESPACE_FIELD];
  return [...base, ...extra];
}

/** The conversion step (Selector.Transform with the kind's FieldLabelConversionFunc). */
export function checkFieldLabels(
  terms: readonly FieldTerm[],
  supported: readonly string[],
  conversion: FieldConversion,
): void {
  for (const term of terms) {
    if (supported.includes(term.field)) continue;
    if (conversion.custom) throw badRequest(`field label not supported: ${term.field}`);
    throw badRequest(
      `${goQuote(term.field)} is not a known field selector: only "${NAME_FIELD}", "${NAMESPACE_FIELD}"`,
    );
  }
}

export function fieldSelectorOf(terms: readonly FieldTerm[]): FieldSelector {
  return {
    terms,
    empty: terms.length === 0,
    matches: (field) => terms.every((t) => (field(t.field) === t.value) !== t.negate),
    exactMatch: (field) => terms.find((t) => t.field === field && !t.negate)?.value,
  };
}

/**
 * Parses and checks a field selector against the supported labels (which must include
 * metadata.name/metadata.namespace when the kind accepts them). Throws the 400 the server answers.
 */
export function parseFieldSelector(
  raw: string,
  supported: readonly string[],
  conversion: FieldConversion = { custom: false },
): FieldSelector {
  const terms = parseFieldTerms(raw);
  checkFieldLabels(terms, supported, conversion);
  return fieldSelectorOf(terms);
}
