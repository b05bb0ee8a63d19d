// Condition types and reasons of the Link status, and pure helpers over them: set a condition
// (lastTransitionTime moves only when its status flips, as metav1.Condition requires) and decide
// whether a computed status differs from the stored one, so the batched writer skips no-op writes.
// Time is passed in; nothing here reads a clock.

import type { ConditionStatus, LinkCondition, LinkProblem, LinkStatus } from "./schema.js";
import { MAX_PROBLEMS } from "./schema.js";

export const ConditionType = {
  /** Summary: the link is mirroring (True), cannot (False, with the blocking reason), or starting (Unknown). */
  Ready: "Ready",
  /** The remote API answered with the current credentials and its caches are synced. */
  RemoteReachable: "RemoteReachable",
  /** The gateway probe succeeds; present only while the Link sets a gateway. */
  GatewayAlive: "GatewayAlive",
} as const;
export type ConditionType = (typeof ConditionType)[keyof typeof ConditionType];

export const Reason = {
  /** Ready=True: remote caches synced and mirrors reconciled. */
  Mirroring: "Mirroring",
  /** Unknown while a connection or the first sync is in progress. */
  Connecting: "Connecting",
  /** RemoteReachable=True. */
  Connected: "Connected",
  /** Ready=Unknown: the remote is connected and synced, but mirrors have not been reconciled yet. */
  Reconciling: "Reconciling",
  /** The spec breaks the schema or a rule of rules.ts; not retried until the generation changes. */
  InvalidSpec: "InvalidSpec",
  SecretNotFound: "SecretNotFound",
  /** The Secret exists but is not of type svcmirror.io/remote-kubeconfig. */
  SecretTypeInvalid: "SecretTypeInvalid",
  /** The Secret has no `kubeconfig` data key (or it is empty). */
  SecretKeyMissing: "SecretKeyMissing",
  /** The kubeconfig is not YAML, has no usable context, or lacks inline credentials. */
  KubeconfigInvalid: "KubeconfigInvalid",
  /** exec, auth-provider, file paths, proxy-url, basic auth, impersonation, or insecure TLS without the flag. */
  KubeconfigForbiddenField: "KubeconfigForbiddenField",
  /** Network error, timeout or TLS failure talking to the remote API server. */
  RemoteUnreachable: "RemoteUnreachable",
  /** 401: the remote API server rejected the credentials. */
  RemoteUnauthorized: "RemoteUnauthorized",
  /** 403: the credentials lack RBAC permission to list/watch Services or EndpointSlices. */
  RemoteForbidden: "RemoteForbidden",
  /** Any other unexpected answer (5xx, 429 beyond retries). */
  RemoteError: "RemoteError",
  GatewayProbeSucceeded: "GatewayProbeSucceeded",
  GatewayProbeFailed: "GatewayProbeFailed",
  /** GatewayAlive=Unknown until the first probe completes. */
  GatewayProbePending: "GatewayProbePending",
} as const;
export type Reason = (typeof Reason)[keyof typeof Reason];

/** What a caller decides; lastTransitionTime is the helper's business. */
export interface ConditionUpdate {
  readonly type: string;
  readonly status: ConditionStatus;
  readonly reason: string;
  readonly message: string;
  readonly observedGeneration?: number;
}

/** metav1.Time precision: RFC 3339 in whole seconds, UTC. */
export function formatConditionTime(at: Date): string {
  return at.toISOString().replace(/\.\d+Z$/, "Z");
}

export function findCondition(
  conditions: readonly LinkCondition[] | undefined,
  type: string,
): LinkCondition | undefined {
  return conditions?.find((c) => c.type === type);
}

/**
 * Returns a new list with `update` applied. The condition keeps its lastTransitionTime unless its
 * status changes (reason or message changes alone are not transitions); a new condition starts at
 * `now`. Order is preserved and a new type is appended, so repeated calls are stable.
 */
export function setCondition(
  conditions: readonly LinkCondition[] | undefined,
  update: ConditionUpdate,
  now: Date,
): LinkCondition[] {
  const existing = findCondition(conditions, update.type);
  const lastTransitionTime =
    existing !== undefined && existing.status === update.status
      ? existing.lastTransitionTime
      : formatConditionTime(now);
  const next: LinkCondition = {
    type: update.type,
    status: update.status,
    reason: update.reason,
    message: update.message,
    lastTransitionTime,
    ...(update.observedGeneration === undefined ? {} : { observedGeneration: update.observedGeneration }),
  };
  const list = conditions ?? [];
  if (existing === undefined) return [...list, next];
  return list.map((c) => (c.type === update.type ? next : c));
}

/** Applies several updates in order with one timestamp. */
export function mergeConditions(
  conditions: readonly LinkCondition[] | undefined,
  updates: readonly ConditionUpdate[],
  now: Date,
): LinkCondition[] {
  let list = [...(conditions ?? [])];
  for (const update of updates) list = setCondition(list, update, now);
  return list;
}

export function removeCondition(
  conditions: readonly LinkCondition[] | undefined,
  type: string,
): LinkCondition[] {
  return (conditions ?? []).filter((c) => c.type !== type);
}

function conditionsEqual(a: readonly LinkCondition[], b: readonly LinkCondition[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((ca) => {
    const cb = findCondition(b, ca.type);
    return (
      cb !== undefined &&
      ca.status === cb.status &&
      ca.reason === cb.reason &&
      ca.message === cb.message &&
      ca.lastTransitionTime === cb.lastTransitionTime &&
      ca.observedGeneration === cb.observedGeneration
    );
  });
}

function problemKey(p: LinkProblem): string {
  return JSON.stringify([p.namespace ?? "", p.service, p.reason, p.message]);
}

function compareProblems(a: LinkProblem, b: LinkProblem): number {
  const ka = problemKey(a);
  const kb = problemKey(b);
  if (ka === kb) return 0;
  return ka < kb ? -1 : 1;
}

/**
 * The problems list as the status stores it: sorted by namespace, service and reason so equal sets
 * compare equal, cut to MAX_PROBLEMS, with the number left out.
 */
export function boundProblems(problems: readonly LinkProblem[]): {
  problems: LinkProblem[];
  omittedProblems: number;
} {
  const sorted = [...problems].sort(compareProblems);
  return {
    problems: sorted.slice(0, MAX_PROBLEMS),
    omittedProblems: Math.max(0, sorted.length - MAX_PROBLEMS),
  };
}

function problemsEqual(a: readonly LinkProblem[], b: readonly LinkProblem[]): boolean {
  if (a.length !== b.length) return false;
  const keysA = a.map(problemKey).sort();
  const keysB = b.map(problemKey).sort();
  return keysA.every((key, i) => key === keysB[i]);
}

/**
 * Whether writing `next` over `current` would change anything a reader can see. Order of
 * conditions and of problems does not count; every field of each does, messages included, so a
 * caller that puts volatile detail (counters, timestamps) into messages will cause writes.
 * An absent field and `undefined` are the same; an absent list and an empty list are the same, as
 * are an absent omittedProblems and 0.
 */
export function statusChanged(current: LinkStatus | undefined, next: LinkStatus | undefined): boolean {
  const a = current ?? {};
  const b = next ?? {};
  return !(
    a.observedGeneration === b.observedGeneration &&
    a.mode === b.mode &&
    a.mirroredServices === b.mirroredServices &&
    (a.omittedProblems ?? 0) === (b.omittedProblems ?? 0) &&
    conditionsEqual(a.conditions ?? [], b.conditions ?? []) &&
    problemsEqual(a.problems ?? [], b.problems ?? [])
  );
}
