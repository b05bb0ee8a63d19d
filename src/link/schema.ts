// The Link resource in zod: the same shape, bounds, patterns and defaults as the openAPIV3Schema in
// manifests/crd-link.yaml (test/link/agreement.test.ts holds both to the same verdicts). Like the
// API server it strips unknown fields. Rules a structural schema cannot state live in rules.ts;
// parseLink applies both and reports the first bad field instead of throwing.

import { z } from "zod";
import { renderIssue } from "./issues.js";
import {
  DNS_LABEL_MAX_LENGTH,
  DNS_LABEL_PATTERN,
  DNS_SUBDOMAIN_MAX_LENGTH,
  DNS_SUBDOMAIN_PATTERN,
  DURATION_PATTERN,
  GATEWAY_ADDRESS_PATTERN,
} from "./names.js";
import { specProblems } from "./rules.js";

const MAX_PORT = 65535;
/** The problems list is bounded so a broken remote cluster cannot grow the Link without limit. */
export const MAX_PROBLEMS = 100;
export const MAX_EXCLUDED_KEYS = 64;
/** Longest `prefix/name` key: a 253-character DNS subdomain, a slash and a 63-character name. */
const MAX_KEY_LENGTH = 317;

export const DEFAULT_CLUSTER_DOMAIN = "cluster.local";
export const DEFAULT_GATEWAY_SELECTOR_LABELS: Readonly<Record<string, string>> = {
  "svcmirror.io/exported": "true",
};
export const DEFAULT_FLAT_SELECTOR_LABELS: Readonly<Record<string, string>> = {
  "svcmirror.io/exported": "remote-discovery",
};

const dnsLabel = z.string().max(DNS_LABEL_MAX_LENGTH).regex(new RegExp(DNS_LABEL_PATTERN), {
  error: "must be a lowercase RFC 1123 label (lower case alphanumerics or '-', alphanumeric at both ends)",
});
const dnsSubdomain = z.string().max(DNS_SUBDOMAIN_MAX_LENGTH).regex(new RegExp(DNS_SUBDOMAIN_PATTERN), {
  error: "must be a lowercase RFC 1123 subdomain (dot-separated RFC 1123 labels)",
});
const port = z.int().min(1).max(MAX_PORT);
const duration = z
  .string()
  .max(64)
  .regex(new RegExp(DURATION_PATTERN), { error: "must be a duration such as 500ms, 3s or 1m30s" });

const labelSelectorRequirementSchema = z.object({
  key: z.string(),
  operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist"]),
  values: z.array(z.string()).optional(),
});

export const labelSelectorSchema = z.object({
  matchLabels: z.record(z.string(), z.string()).optional(),
  matchExpressions: z.array(labelSelectorRequirementSchema).optional(),
});

export const probeSpecSchema = z.object({
  path: z.string().max(1024).regex(/^\//, { error: "must start with '/'" }).default("/ready"),
  port: port.default(4191),
  period: duration.default("3s"),
  timeout: duration.default("1s"),
  failureThreshold: z.int().min(1).default(3),
});

const excludedKeys = z.array(z.string().max(MAX_KEY_LENGTH)).max(MAX_EXCLUDED_KEYS);

export const linkSpecSchema = z.object({
  targetClusterName: dnsLabel,
  targetClusterDomain: dnsSubdomain.default(DEFAULT_CLUSTER_DOMAIN),
  clusterCredentialsSecret: dnsSubdomain,
  gatewayAddress: z
    .string()
    .max(1024)
    .regex(new RegExp(GATEWAY_ADDRESS_PATTERN), {
      error: "must be a comma-separated list of IP addresses or hostnames",
    })
    .optional(),
  gatewayPort: port.optional(),
  gatewayIdentity: z.string().max(1024).optional(),
  probeSpec: probeSpecSchema.prefault({}),
  selector: labelSelectorSchema.default(() => ({ matchLabels: { ...DEFAULT_GATEWAY_SELECTOR_LABELS } })),
  remoteDiscoverySelector: labelSelectorSchema.default(() => ({
    matchLabels: { ...DEFAULT_FLAT_SELECTOR_LABELS },
  })),
  excludedLabels: excludedKeys.optional(),
  excludedAnnotations: excludedKeys.optional(),
});

export const CONDITION_STATUSES = ["True", "False", "Unknown"] as const;

export const linkConditionSchema = z.object({
  type: z
    .string()
    .max(316)
    .regex(
      /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$/,
      { error: "must be a qualified name such as Ready or example.com/Ready" },
    ),
  status: z.enum(CONDITION_STATUSES),
  observedGeneration: z.int().min(0).optional(),
  lastTransitionTime: z.iso.datetime({ offset: true }),
  reason: z
    .string()
    .min(1)
    .max(1024)
    .regex(/^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/, { error: "must be a CamelCase identifier" }),
  message: z.string().max(32768),
});

/** Conditions form a list-map keyed by type (x-kubernetes-list-map-keys: [type]). */
const conditionList = z.array(linkConditionSchema).superRefine((conditions, ctx) => {
  const seen = new Set<string>();
  for (const [i, condition] of conditions.entries()) {
    if (seen.has(condition.type)) {
      ctx.addIssue({
        code: "custom",
        path: [i],
        input: { type: condition.type },
        message: "Duplicate value",
      });
    }
    seen.add(condition.type);
  }
});

export const PROBLEM_REASONS = [
  "name-too-long",
  "name-collision",
  "missing-namespace",
  "invalid-remote-object",
] as const;

export const linkProblemSchema = z.object({
  service: z.string().max(DNS_SUBDOMAIN_MAX_LENGTH),
  namespace: z.string().max(DNS_LABEL_MAX_LENGTH).optional(),
  reason: z.enum(PROBLEM_REASONS),
  message: z.string().max(1024),
});

export const LINK_MODES = ["gateway", "flat", "gateway+flat"] as const;

export const linkStatusSchema = z.object({
  observedGeneration: z.int().min(0).optional(),
  mode: z.enum(LINK_MODES).optional(),
  mirroredServices: z.int().min(0).optional(),
  conditions: conditionList.optional(),
  problems: z.array(linkProblemSchema).max(MAX_PROBLEMS).optional(),
  omittedProblems: z.int().min(0).optional(),
});

export const linkMetadataSchema = z.object({
  name: dnsLabel,
  namespace: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  generation: z.int().min(0).optional(),
});

/** A whole Link as read from the API: the CRD's structural schema, unknown fields stripped. */
export const linkSchema = z.object({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: linkMetadataSchema,
  spec: linkSpecSchema,
  status: linkStatusSchema.optional(),
});

export type LabelSelector = z.infer<typeof labelSelectorSchema>;
export type LabelSelectorRequirement = z.infer<typeof labelSelectorRequirementSchema>;
export type ProbeSpec = z.infer<typeof probeSpecSchema>;
export type LinkSpec = z.infer<typeof linkSpecSchema>;
export type LinkCondition = z.infer<typeof linkConditionSchema>;
export type ConditionStatus = (typeof CONDITION_STATUSES)[number];
export type LinkProblem = z.infer<typeof linkProblemSchema>;
export type ProblemReason = (typeof PROBLEM_REASONS)[number];
export type LinkMode = (typeof LINK_MODES)[number];
export type LinkStatus = z.infer<typeof linkStatusSchema>;
export type Link = z.infer<typeof linkSchema>;

/**
 * Drops object fields whose value is null, as the API server drops non-nullable nulls before
 * defaulting and validating (no field of a Link is nullable). Null array items are kept: the server
 * rejects them too. Returns a copy.
 */
export function withoutNullFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNullFields);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field !== null) out[key] = withoutNullFields(field);
  }
  return out;
}

export type ParseLinkResult =
  | { readonly ok: true; readonly link: Link }
  | { readonly ok: false; readonly field: string; readonly message: string };

/**
 * Parses a Link as the API server would decode it (null fields dropped, unknown fields stripped,
 * defaults filled). An invalid Link is a value, not an exception: the caller reports
 * `field: message` on the Link's status and waits for a new generation. Only the first problem is
 * returned, in schema order, then the semantic rules of rules.ts in their order.
 */
export function parseLink(obj: unknown): ParseLinkResult {
  const parsed = linkSchema.safeParse(withoutNullFields(obj), { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue === undefined) return { ok: false, field: "", message: "invalid object" };
    return { ok: false, ...renderIssue(issue) };
  }
  const problem = specProblems(parsed.data.spec)[0];
  if (problem !== undefined) return { ok: false, field: problem.field, message: problem.message };
  return { ok: true, link: parsed.data };
}
