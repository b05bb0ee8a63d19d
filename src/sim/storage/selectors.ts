// A list's or watch's selection predicate: the label selector and the field selector of a query,
// checked in the apiserver's order (label syntax, field syntax, then — after the caller's
// ListOptions validation — the kind's field-label conversion), and matched against objects.

import type { KubeObject } from "../types.js";
import {
  checkFieldLabels,
  type FieldTerm,
  fieldSelectorOf,
  NAME_FIELD,
  NAMESPACE_FIELD,
  parseFieldTerms,
  supportedFieldLabels,
} from "./field-selector.js";
import { type LabelSelector, parseLabelSelector } from "./label-selector.js";
import type { FieldConversion, FieldExtractors, SelectorQuery } from "./types.js";

export interface ObjectFilter {
  /** Both selectors select everything (storage's SelectionPredicate.Empty). */
  readonly empty: boolean;
  /** The name a `metadata.name=x` term pins the selection to, if any. */
  readonly singleName: string | undefined;
  matches(obj: KubeObject): boolean;
}

export interface ParsedSelectors {
  readonly labels: LabelSelector;
  readonly fieldTerms: readonly FieldTerm[];
}

/** Syntax of both selectors (query-parameter decoding); throws 400. */
export function parseSelectors(query: SelectorQuery): ParsedSelectors {
  const labels = parseLabelSelector(query.labelSelector ?? "");
  return { labels, fieldTerms: parseFieldTerms(query.fieldSelector ?? "") };
}

function conversionOf(query: SelectorQuery): FieldConversion {
  if (query.fieldConversion) return query.fieldConversion;
  return { custom: Object.keys(query.fieldExtractors ?? {}).length > 0 };
}

function fieldValue(obj: KubeObject, extractors: FieldExtractors, name: string): string {
  if (name === NAME_FIELD) return obj.metadata.name ?? "";
  if (name === NAMESPACE_FIELD) return obj.metadata.namespace ?? "";
  return extractors[name]?.(obj) ?? "";
}

/** The field-label conversion step (throws 400 for an unsupported field), then the predicate. */
export function compileFilter(query: SelectorQuery, parsed: ParsedSelectors): ObjectFilter {
  const extractors = query.fieldExtractors ?? {};
  const conversion = conversionOf(query);
  checkFieldLabels(parsed.fieldTerms, supportedFieldLabels(Object.keys(extractors), conversion), conversion);
  const fields = fieldSelectorOf(parsed.fieldTerms);
  const { labels } = parsed;
  return {
    empty: labels.empty && fields.empty,
    singleName: fields.exactMatch(NAME_FIELD),
    matches: (obj) =>
      labels.matches(obj.metadata.labels) && fields.matches((name) => fieldValue(obj, extractors, name)),
  };
}
