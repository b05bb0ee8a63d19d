// Link examples that the zod schema and the CRD's schema (as the sim validates it) must judge alike.
// `valid` is the verdict both must give; a case is about structure only: rules.ts's semantic checks
// are not the CRD's business. Each invalid case breaks exactly one thing, so `field` names it.

export interface AgreementCase {
  readonly name: string;
  readonly object: Record<string, unknown>;
  readonly valid: boolean;
  /** For invalid cases: the field zod reports first, which the server must report too. */
  readonly field?: string;
}

type Fields = Record<string, unknown>;

const baseSpec: Fields = { targetClusterName: "east", clusterCredentialsSecret: "east-kubeconfig" };
const condition: Fields = {
  type: "Ready",
  status: "True",
  reason: "Mirroring",
  message: "",
  lastTransitionTime: "2026-01-01T00:00:00Z",
};
const problem: Fields = { service: "web", namespace: "shop", reason: "name-collision", message: "exists" };

function linkWith(spec: Fields, extra: Fields = {}): Record<string, unknown> {
  return {
    apiVersion: "svcmirror.io/v1alpha1",
    kind: "Link",
    metadata: { name: "east", namespace: "svcmirror-system" },
    spec,
    ...extra,
  };
}

const named = (name: string): Record<string, unknown> => ({
  ...linkWith(baseSpec),
  metadata: { name, namespace: "svcmirror-system" },
});
const withoutSpec = (): Record<string, unknown> => {
  const { spec: _dropped, ...rest } = linkWith(baseSpec);
  return rest;
};
const spec = (fields: Fields): Record<string, unknown> => linkWith({ ...baseSpec, ...fields });
const status = (fields: Fields): Record<string, unknown> => linkWith(baseSpec, { status: fields });
const probe = (fields: Fields): Record<string, unknown> => spec({ probeSpec: fields });
const withCondition = (fields: Fields): Record<string, unknown> =>
  status({ conditions: [{ ...condition, ...fields }] });
const withoutConditionField = (key: string): Record<string, unknown> => {
  const { [key]: _dropped, ...rest } = condition;
  return status({ conditions: [rest] });
};
const withProblem = (fields: Fields): Record<string, unknown> =>
  status({ problems: [{ ...problem, ...fields }] });
const many = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

const accepted: [string, Record<string, unknown>][] = [
  ["minimal spec, defaults filled", linkWith(baseSpec)],
  [
    "every spec field set",
    spec({
      targetClusterDomain: "east.internal",
      gatewayAddress: "203.0.113.7, gw.example.com,2001:db8::1",
      gatewayPort: 4143,
      gatewayIdentity: "gateway.identity",
      probeSpec: { path: "/health", port: 8080, period: "1h1m1s", timeout: "1.5s", failureThreshold: 1 },
      selector: { matchLabels: { app: "", "svcmirror.io/exported": "true" } },
      remoteDiscoverySelector: { matchExpressions: [{ key: "tier", operator: "In", values: ["a", "b"] }] },
      excludedLabels: ["example.com/*"],
      excludedAnnotations: [],
    }),
  ],
  ["targetClusterName of 63 characters", spec({ targetClusterName: "a".repeat(63) })],
  ["gatewayPort 1", spec({ gatewayPort: 1 })],
  ["gatewayPort 65535", spec({ gatewayPort: 65535 })],
  ["empty gatewayAddress", spec({ gatewayAddress: "" })],
  ["durations in ms", probe({ period: "750ms", timeout: "250ms" })],
  ["empty probeSpec gets its defaults", spec({ probeSpec: {} })],
  [
    "empty selectors (structurally fine; rules.ts judges them)",
    spec({ selector: {}, remoteDiscoverySelector: {} }),
  ],
  [
    "matchExpressions without values",
    spec({ selector: { matchExpressions: [{ key: "a", operator: "Exists" }] } }),
  ],
  ["64 excluded labels", spec({ excludedLabels: many(64, (i) => `l${i}`) })],
  ["unknown spec field is pruned", spec({ bogus: "x", nested: { a: 1 } })],
  ["unknown top-level field is pruned", linkWith(baseSpec, { extra: { x: 1 } })],
  ["unknown field inside probeSpec is pruned", probe({ scheme: "HTTPS" })],
  [
    "unknown field inside a selector is pruned",
    spec({ selector: { matchLabels: { a: "b" }, matchFields: [] } }),
  ],
  [
    "unknown field inside a match expression is pruned",
    spec({ selector: { matchExpressions: [{ key: "a", operator: "Exists", note: "x" }] } }),
  ],
  [
    "a full status",
    status({
      observedGeneration: 0,
      mode: "gateway+flat",
      mirroredServices: 0,
      conditions: [
        condition,
        {
          ...condition,
          type: "RemoteReachable",
          status: "False",
          reason: "RemoteUnreachable",
          observedGeneration: 4,
        },
        { ...condition, type: "example.com/GatewayAlive", status: "Unknown", reason: "Pending:Probe_1" },
      ],
      problems: many(100, (i) => ({ ...problem, service: `s${i}` })),
      omittedProblems: 7,
    }),
  ],
  ["status mode flat", status({ mode: "flat" })],
  [
    "problem without namespace",
    status({ problems: [{ service: "web", reason: "missing-namespace", message: "" }] }),
  ],
  ["unknown field in status is pruned", status({ phase: "Running" })],
  ["null gatewayPort is dropped", spec({ gatewayPort: null })],
  ["null targetClusterDomain takes the default", spec({ targetClusterDomain: null })],
  ["null probeSpec takes the default", spec({ probeSpec: null })],
  ["null selector takes the default", spec({ selector: null })],
  ["null matchLabels value is dropped", spec({ selector: { matchLabels: { app: null, tier: "web" } } })],
  ["null status is dropped", linkWith(baseSpec, { status: null })],
  ["unknown field in a condition is pruned", withCondition({ severity: "Info" })],
  ["unknown field in a problem is pruned", withProblem({ hint: "x" })],
];

const rejected: [string, Record<string, unknown>, string][] = [
  ["missing spec", withoutSpec(), "spec"],
  ["Link name not a DNS label", named("East_1"), "metadata.name"],
  ["Link name of 64 characters", named("a".repeat(64)), "metadata.name"],
  ["spec is a string", linkWith("east" as unknown as Fields), "spec"],
  ["missing targetClusterName", linkWith({ clusterCredentialsSecret: "s" }), "spec.targetClusterName"],
  [
    "missing clusterCredentialsSecret",
    linkWith({ targetClusterName: "east" }),
    "spec.clusterCredentialsSecret",
  ],
  ["empty targetClusterName", spec({ targetClusterName: "" }), "spec.targetClusterName"],
  ["targetClusterName with upper case", spec({ targetClusterName: "East" }), "spec.targetClusterName"],
  ["targetClusterName starting with '-'", spec({ targetClusterName: "-east" }), "spec.targetClusterName"],
  [
    "targetClusterName of 64 characters",
    spec({ targetClusterName: "a".repeat(64) }),
    "spec.targetClusterName",
  ],
  ["targetClusterName a number", spec({ targetClusterName: 2 }), "spec.targetClusterName"],
  [
    "targetClusterDomain with upper case",
    spec({ targetClusterDomain: "Cluster.Local" }),
    "spec.targetClusterDomain",
  ],
  [
    "targetClusterDomain of 254 characters",
    spec({ targetClusterDomain: `${"a.".repeat(126)}ab` }),
    "spec.targetClusterDomain",
  ],
  [
    "clusterCredentialsSecret with '_'",
    spec({ clusterCredentialsSecret: "east_creds" }),
    "spec.clusterCredentialsSecret",
  ],
  ["gatewayAddress with ';'", spec({ gatewayAddress: "10.0.0.1;reboot" }), "spec.gatewayAddress"],
  ["gatewayAddress a list", spec({ gatewayAddress: ["10.0.0.1"] }), "spec.gatewayAddress"],
  ["gatewayAddress of 1025 characters", spec({ gatewayAddress: "a".repeat(1025) }), "spec.gatewayAddress"],
  ["gatewayPort 0", spec({ gatewayPort: 0 }), "spec.gatewayPort"],
  ["gatewayPort 65536", spec({ gatewayPort: 65536 }), "spec.gatewayPort"],
  ["gatewayPort a string", spec({ gatewayPort: "443" }), "spec.gatewayPort"],
  ["gatewayPort fractional", spec({ gatewayPort: 443.5 }), "spec.gatewayPort"],
  ["gatewayPort a boolean", spec({ gatewayPort: true }), "spec.gatewayPort"],
  ["gatewayIdentity a number", spec({ gatewayIdentity: 7 }), "spec.gatewayIdentity"],
  ["gatewayIdentity of 1025 characters", spec({ gatewayIdentity: "i".repeat(1025) }), "spec.gatewayIdentity"],
  ["probeSpec a string", spec({ probeSpec: "http://gw/ready" }), "spec.probeSpec"],
  ["probe path without '/'", probe({ path: "ready" }), "spec.probeSpec.path"],
  ["probe port 0", probe({ port: 0 }), "spec.probeSpec.port"],
  ["probe port 70000", probe({ port: 70000 }), "spec.probeSpec.port"],
  ["probe period without unit", probe({ period: "3" }), "spec.probeSpec.period"],
  ["probe period in days", probe({ period: "1d" }), "spec.probeSpec.period"],
  ["probe period negative", probe({ period: "-1s" }), "spec.probeSpec.period"],
  ["probe timeout empty", probe({ timeout: "" }), "spec.probeSpec.timeout"],
  ["probe timeout a number", probe({ timeout: 1 }), "spec.probeSpec.timeout"],
  ["probe failureThreshold 0", probe({ failureThreshold: 0 }), "spec.probeSpec.failureThreshold"],
  ["probe failureThreshold a string", probe({ failureThreshold: "3" }), "spec.probeSpec.failureThreshold"],
  ["selector a list", spec({ selector: [] }), "spec.selector"],
  [
    "matchLabels value a number",
    spec({ selector: { matchLabels: { app: 5 } } }),
    "spec.selector.matchLabels.app",
  ],
  [
    "matchLabels a list",
    spec({ remoteDiscoverySelector: { matchLabels: ["a"] } }),
    "spec.remoteDiscoverySelector.matchLabels",
  ],
  [
    "operator outside the enum",
    spec({ selector: { matchExpressions: [{ key: "a", operator: "Equals" }] } }),
    "spec.selector.matchExpressions[0].operator",
  ],
  [
    "match expression without key",
    spec({ selector: { matchExpressions: [{ operator: "Exists" }] } }),
    "spec.selector.matchExpressions[0].key",
  ],
  [
    "match expression without operator",
    spec({ remoteDiscoverySelector: { matchExpressions: [{ key: "a" }] } }),
    "spec.remoteDiscoverySelector.matchExpressions[0].operator",
  ],
  [
    "match expression values a string",
    spec({ selector: { matchExpressions: [{ key: "a", operator: "In", values: "x" }] } }),
    "spec.selector.matchExpressions[0].values",
  ],
  [
    "match expression value a number",
    spec({ selector: { matchExpressions: [{ key: "a", operator: "In", values: [1] }] } }),
    "spec.selector.matchExpressions[0].values[0]",
  ],
  ["65 excluded labels", spec({ excludedLabels: many(65, (i) => `l${i}`) }), "spec.excludedLabels"],
  ["excluded label a number", spec({ excludedLabels: [1] }), "spec.excludedLabels[0]"],
  [
    "excluded label null (array items are not dropped)",
    spec({ excludedLabels: [null] }),
    "spec.excludedLabels[0]",
  ],
  ["null targetClusterName counts as missing", spec({ targetClusterName: null }), "spec.targetClusterName"],
  [
    "excluded annotation of 318 characters",
    spec({ excludedAnnotations: ["a".repeat(318)] }),
    "spec.excludedAnnotations[0]",
  ],
  ["excludedAnnotations a string", spec({ excludedAnnotations: "a/*" }), "spec.excludedAnnotations"],
  ["status a list", linkWith(baseSpec, { status: [] }), "status"],
  ["observedGeneration negative", status({ observedGeneration: -1 }), "status.observedGeneration"],
  ["mode outside the enum", status({ mode: "both" }), "status.mode"],
  ["mirroredServices negative", status({ mirroredServices: -1 }), "status.mirroredServices"],
  ["mirroredServices a string", status({ mirroredServices: "3" }), "status.mirroredServices"],
  ["omittedProblems negative", status({ omittedProblems: -1 }), "status.omittedProblems"],
  ["condition status outside the enum", withCondition({ status: "Maybe" }), "status.conditions[0].status"],
  ["condition without type", withoutConditionField("type"), "status.conditions[0].type"],
  ["condition without status", withoutConditionField("status"), "status.conditions[0].status"],
  ["condition without reason", withoutConditionField("reason"), "status.conditions[0].reason"],
  ["condition without message", withoutConditionField("message"), "status.conditions[0].message"],
  [
    "condition without lastTransitionTime",
    withoutConditionField("lastTransitionTime"),
    "status.conditions[0].lastTransitionTime",
  ],
  ["condition type with a space", withCondition({ type: "Gateway Alive" }), "status.conditions[0].type"],
  ["condition reason empty", withCondition({ reason: "" }), "status.conditions[0].reason"],
  ["condition reason with a space", withCondition({ reason: "Not ready" }), "status.conditions[0].reason"],
  [
    "condition lastTransitionTime not a date-time",
    withCondition({ lastTransitionTime: "yesterday" }),
    "status.conditions[0].lastTransitionTime",
  ],
  [
    "condition observedGeneration negative",
    withCondition({ observedGeneration: -2 }),
    "status.conditions[0].observedGeneration",
  ],
  [
    "condition message of 32769 characters",
    withCondition({ message: "m".repeat(32769) }),
    "status.conditions[0].message",
  ],
  [
    "two conditions of one type",
    status({ conditions: [condition, { ...condition, status: "False" }] }),
    "status.conditions[1]",
  ],
  [
    "101 problems",
    status({ problems: many(101, (i) => ({ ...problem, service: `s${i}` })) }),
    "status.problems",
  ],
  ["problem reason outside the enum", withProblem({ reason: "oops" }), "status.problems[0].reason"],
  [
    "problem without service",
    status({ problems: [{ reason: "name-collision", message: "" }] }),
    "status.problems[0].service",
  ],
  [
    "problem without message",
    status({ problems: [{ service: "web", reason: "name-collision" }] }),
    "status.problems[0].message",
  ],
  [
    "problem namespace of 64 characters",
    withProblem({ namespace: "n".repeat(64) }),
    "status.problems[0].namespace",
  ],
];

export const agreementCases: AgreementCase[] = [
  ...accepted.map(([name, object]) => ({ name, object, valid: true })),
  ...rejected.map(([name, object, field]) => ({ name, object, valid: false, field })),
];
