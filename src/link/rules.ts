// Rules about a Link spec that a structural schema cannot state, and the reading of a spec they
// rest on (which mirroring modes are active). A spec that breaks one is reported on the Link as
// InvalidSpec; it is never a 422, so these rules can change without breaking stored Links.
//
// Decision: a spec with no active selector is invalid, not "mirrors nothing". Gateway mode is
// active when gatewayAddress is set and `selector` is non-empty; flat mode when
// `remoteDiscoverySelector` is non-empty. An empty selector matches nothing (unlike Kubernetes'
// own LabelSelector, where it matches everything), so a spec with neither is almost certainly a
// mistake and saying so beats silently mirroring nothing. To pause a link, scale it down.

import { parseDurationMs } from "../runtime/duration.js";
import type { FieldProblem } from "./issues.js";
import { renderValue } from "./issues.js";
import { isDnsSubdomain, isHostname, isIpAddress, isLabelValue, isQualifiedName } from "./names.js";
import type { LabelSelector, LabelSelectorRequirement, LinkMode, LinkSpec, ProbeSpec } from "./schema.js";

const NOT_A_TIMER_DURATION = "must be a whole number of milliseconds, at most 596h";

/** True when the selector has no labels and no expressions: it matches nothing. */
export function isEmptySelector(selector: LabelSelector): boolean {
  return (
    Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0
  );
}

/** The gateway's addresses, trimmed; empty when the spec sets no gateway. */
export function gatewayAddresses(spec: Pick<LinkSpec, "gatewayAddress">): string[] {
  const raw = spec.gatewayAddress?.trim() ?? "";
  return raw === "" ? [] : raw.split(",").map((entry) => entry.trim());
}

/** Which mirroring modes a spec enables, or undefined when none is (an invalid spec). */
export function linkMode(spec: LinkSpec): LinkMode | undefined {
  const gateway = gatewayAddresses(spec).length > 0 && !isEmptySelector(spec.selector);
  const flat = !isEmptySelector(spec.remoteDiscoverySelector);
  if (gateway && flat) return "gateway+flat";
  if (gateway) return "gateway";
  return flat ? "flat" : undefined;
}

function invalid(field: string, value: unknown, why: string): FieldProblem {
  return { field, message: `Invalid value: ${renderValue(value)}: ${why}` };
}

function gatewayProblems(spec: LinkSpec): FieldProblem[] {
  const addresses = gatewayAddresses(spec);
  const problems: FieldProblem[] = [];
  for (const [i, address] of addresses.entries()) {
    if (!isIpAddress(address) && !isHostname(address)) {
      const why = `entry ${i + 1} (${renderValue(address)}) is neither an IP address nor a DNS name`;
      problems.push(invalid("spec.gatewayAddress", spec.gatewayAddress, why));
    }
  }
  if (addresses.length > 0 && spec.gatewayPort === undefined) {
    problems.push({
      field: "spec.gatewayPort",
      message: "Required value: required when gatewayAddress is set",
    });
  }
  return problems;
}

function probeProblems(probe: ProbeSpec): FieldProblem[] {
  const periodMs = parseDurationMs(probe.period);
  const timeoutMs = parseDurationMs(probe.timeout);
  // The CRD's pattern admits fractions of a millisecond and absurd lengths; timers cannot.
  if (periodMs === undefined) return [invalid("spec.probeSpec.period", probe.period, NOT_A_TIMER_DURATION)];
  if (timeoutMs === undefined)
    return [invalid("spec.probeSpec.timeout", probe.timeout, NOT_A_TIMER_DURATION)];
  if (periodMs <= 0) return [invalid("spec.probeSpec.period", probe.period, "must be greater than zero")];
  if (timeoutMs <= 0) return [invalid("spec.probeSpec.timeout", probe.timeout, "must be greater than zero")];
  if (timeoutMs >= periodMs) {
    return [invalid("spec.probeSpec.timeout", probe.timeout, `must be less than period (${probe.period})`)];
  }
  return [];
}

function matchLabelsProblems(labels: Record<string, string>, field: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [key, value] of Object.entries(labels)) {
    if (!isQualifiedName(key)) problems.push(invalid(field, key, "must be a valid label key"));
    if (!isLabelValue(value)) problems.push(invalid(`${field}.${key}`, value, "must be a valid label value"));
  }
  return problems;
}

function requirementProblems(expr: LabelSelectorRequirement, at: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isQualifiedName(expr.key)) problems.push(invalid(`${at}.key`, expr.key, "must be a valid label key"));
  const values = expr.values ?? [];
  const needsValues = expr.operator === "In" || expr.operator === "NotIn";
  if (needsValues && values.length === 0) {
    const message = `Required value: must be specified when operator is ${expr.operator}`;
    problems.push({ field: `${at}.values`, message });
  } else if (!needsValues && values.length > 0) {
    const message = `Forbidden: may not be specified when operator is ${expr.operator}`;
    problems.push({ field: `${at}.values`, message });
  }
  for (const [j, value] of values.entries()) {
    if (!isLabelValue(value))
      problems.push(invalid(`${at}.values[${j}]`, value, "must be a valid label value"));
  }
  return problems;
}

function expressionProblems(selector: LabelSelector, field: string): FieldProblem[] {
  return (selector.matchExpressions ?? []).flatMap((expr, i) =>
    requirementProblems(expr, `${field}.matchExpressions[${i}]`),
  );
}

function selectorProblems(selector: LabelSelector, field: string): FieldProblem[] {
  return [
    ...matchLabelsProblems(selector.matchLabels ?? {}, `${field}.matchLabels`),
    ...expressionProblems(selector, field),
  ];
}

function activeSelectorProblems(spec: LinkSpec): FieldProblem[] {
  if (linkMode(spec) !== undefined) return [];
  if (gatewayAddresses(spec).length === 0) {
    const why =
      "matches nothing, and selector is unused without gatewayAddress: the Link would mirror nothing";
    return [invalid("spec.remoteDiscoverySelector", spec.remoteDiscoverySelector, why)];
  }
  const why = "selector and remoteDiscoverySelector are both empty: the Link would mirror nothing";
  return [invalid("spec.selector", spec.selector, why)];
}

/** An exact key, or `prefix/*` excluding every key under a DNS-subdomain prefix. */
export function isExclusionPattern(pattern: string): boolean {
  if (pattern.endsWith("/*")) return isDnsSubdomain(pattern.slice(0, -2));
  return isQualifiedName(pattern);
}

function exclusionProblems(patterns: readonly string[] | undefined, field: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [i, pattern] of (patterns ?? []).entries()) {
    if (!isExclusionPattern(pattern)) {
      problems.push(invalid(`${field}[${i}]`, pattern, "must be a label or annotation key, or 'prefix/*'"));
    }
  }
  return problems;
}

/** Every semantic problem of a structurally valid spec, in field order; empty when the spec is usable. */
export function specProblems(spec: LinkSpec): FieldProblem[] {
  return [
    ...gatewayProblems(spec),
    ...probeProblems(spec.probeSpec),
    ...selectorProblems(spec.selector, "spec.selector"),
    ...selectorProblems(spec.remoteDiscoverySelector, "spec.remoteDiscoverySelector"),
    ...activeSelectorProblems(spec),
    ...exclusionProblems(spec.excludedLabels, "spec.excludedLabels"),
    ...exclusionProblems(spec.excludedAnnotations, "spec.excludedAnnotations"),
  ];
}
