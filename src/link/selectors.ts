// The Link's two LabelSelectors as the `labelSelector` strings the remote API server filters by, so
// only selected Services cross the network. Every LabelSelector has an exact string form (matchLabels
// as `k=v`, In/NotIn as set-based terms, Exists as `k`, DoesNotExist as `!k`), so nothing is filtered
// client-side. An empty selector matches nothing in a Link (rules.ts) and so has no string: the mode
// it belongs to is off and nothing is watched for it. Terms and values are sorted, so equal selectors
// give equal strings and a Link edit that does not change a selector does not reconnect.

import { linkMode } from "./rules.js";
import type { LabelSelector, LabelSelectorRequirement, LinkSpec } from "./schema.js";

/** The two mirroring modes, each with its own selector. */
export type RemoteMode = "gateway" | "flat";

/** `labelSelector` per active mode; a mode without an entry is off. */
export type RemoteSelectors = Readonly<Partial<Record<RemoteMode, string>>>;

function requirementTerm(expr: LabelSelectorRequirement): string {
  const values = [...new Set(expr.values ?? [])].sort().join(",");
  switch (expr.operator) {
    case "In":
      return `${expr.key} in (${values})`;
    case "NotIn":
      return `${expr.key} notin (${values})`;
    case "Exists":
      return expr.key;
    case "DoesNotExist":
      return `!${expr.key}`;
  }
}

/**
 * The selector string of a LabelSelector that rules.ts accepted (keys and values already validated),
 * or undefined when it is empty. Terms are ANDed, as the API server reads a comma-separated list.
 */
export function selectorString(selector: LabelSelector): string | undefined {
  const terms = [
    ...Object.entries(selector.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`),
    ...(selector.matchExpressions ?? []).map(requirementTerm),
  ];
  if (terms.length === 0) return undefined;
  return [...new Set(terms)].sort().join(",");
}

/**
 * One selector per active mode. Two selectors are two watches rather than one union: a union of two
 * LabelSelectors has no selector string (terms are only ANDed), so a union would mean watching every
 * Service and filtering here; and the reconciler needs to know which selector matched anyway.
 */
export function remoteSelectors(spec: LinkSpec): RemoteSelectors {
  const mode = linkMode(spec);
  const out: Partial<Record<RemoteMode, string>> = {};
  if (mode === "gateway" || mode === "gateway+flat") {
    const gateway = selectorString(spec.selector);
    if (gateway !== undefined) out.gateway = gateway;
  }
  if (mode === "flat" || mode === "gateway+flat") {
    const flat = selectorString(spec.remoteDiscoverySelector);
    if (flat !== undefined) out.flat = flat;
  }
  return out;
}
