// What the Link's status should say, as pure functions: desiredStatus() reads the controller's view
// of the world (spec verdict, credentials, remote connection, mirror counts) and decides the
// conditions; nextStatus() applies that decision to the stored status (lastTransitionTime moves only
// on a status flip, problems are bounded) so the writer can compare and skip no-op writes.
// The first blocking cause wins: spec, then credentials, then the remote connection.

import {
  boundProblems,
  ConditionType,
  type ConditionUpdate,
  mergeConditions,
  Reason,
  removeCondition,
} from "./conditions.js";
import type { CredentialsReason } from "./credentials.js";
import type { RemoteViewState } from "./remote-view.js";
import { gatewayAddresses, linkMode } from "./rules.js";
import type { Link, LinkMode, LinkProblem, LinkStatus } from "./schema.js";

export type SpecState =
  | { readonly kind: "valid"; readonly link: Link }
  | { readonly kind: "invalid"; readonly field: string; readonly message: string };

export type CredentialsState =
  | { readonly kind: "pending"; readonly secret: string }
  | { readonly kind: "failed"; readonly reason: CredentialsReason; readonly message: string }
  | { readonly kind: "ok" };

export interface StatusInput {
  /** metadata.generation of the Link the spec verdict is about. */
  readonly generation: number;
  readonly spec: SpecState;
  readonly credentials: CredentialsState;
  readonly remote: RemoteViewState;
  /** Set by the mirror reconciler once a full pass over every key succeeded. */
  readonly mirrorsReconciled: boolean;
  readonly mirroredServices: number;
  readonly problems: readonly LinkProblem[];
  /** GatewayAlive from a gateway prober; without one the condition says the probe is pending. */
  readonly gatewayProbe?: Omit<ConditionUpdate, "type" | "observedGeneration">;
}

/** The status the controller wants, before it is laid over the stored one. */
export interface DesiredStatus {
  readonly observedGeneration: number;
  readonly conditions: readonly ConditionUpdate[];
  /** Condition types that must not be present (GatewayAlive without a gateway). */
  readonly absentConditions: readonly string[];
  readonly mode?: LinkMode;
  readonly mirroredServices: number;
  readonly problems: readonly LinkProblem[];
}

type Verdict = Omit<ConditionUpdate, "type" | "observedGeneration">;

const PENDING_PROBE: Verdict = {
  status: "Unknown",
  reason: Reason.GatewayProbePending,
  message: "no gateway probe result yet: this version of svcmirror does not probe gateways",
};

/** RemoteReachable, and the Ready that follows from it when nothing earlier blocks. */
function remoteVerdicts(remote: RemoteViewState, mirrorsReconciled: boolean): [Verdict, Verdict] {
  const connection = remote.connection;
  const server = connection?.server ?? "the remote cluster";
  const state = connection?.state ?? { phase: "connecting" };
  switch (state.phase) {
    case "failed":
    case "unreachable": {
      const kept = remote.synced ? "; the last known remote state is kept" : "";
      const verdict: Verdict = { status: "False", reason: state.reason, message: `${state.message}${kept}` };
      return [verdict, verdict];
    }
    case "synced": {
      const reachable: Verdict = {
        status: "True",
        reason: Reason.Connected,
        message: `connected to ${server}`,
      };
      const ready: Verdict = mirrorsReconciled
        ? { status: "True", reason: Reason.Mirroring, message: "remote connected and mirrors reconciled" }
        : {
            status: "Unknown",
            reason: Reason.Reconciling,
            message: "remote connected; mirrors have not been reconciled yet",
          };
      return [reachable, ready];
    }
    default: {
      const verdict: Verdict = {
        status: "Unknown",
        reason: Reason.Connecting,
        message: `connecting to ${server}`,
      };
      return [verdict, verdict];
    }
  }
}

/** [RemoteReachable, Ready] for the input, first blocking cause first. */
function verdicts(input: StatusInput): [Verdict, Verdict] {
  const { spec, credentials } = input;
  if (spec.kind === "invalid") {
    return [
      { status: "Unknown", reason: Reason.InvalidSpec, message: "not connected while the spec is invalid" },
      { status: "False", reason: Reason.InvalidSpec, message: `${spec.field}: ${spec.message}` },
    ];
  }
  if (credentials.kind === "pending") {
    const verdict: Verdict = {
      status: "Unknown",
      reason: Reason.Connecting,
      message: `reading the credentials Secret ${credentials.secret}`,
    };
    return [verdict, verdict];
  }
  if (credentials.kind === "failed") {
    const verdict: Verdict = { status: "False", reason: credentials.reason, message: credentials.message };
    return [verdict, verdict];
  }
  return remoteVerdicts(input.remote, input.mirrorsReconciled);
}

export function desiredStatus(input: StatusInput): DesiredStatus {
  const [reachable, ready] = verdicts(input);
  const observedGeneration = input.generation;
  const link = input.spec.kind === "valid" ? input.spec.link : undefined;
  const hasGateway = link !== undefined && gatewayAddresses(link.spec).length > 0;
  const conditions: ConditionUpdate[] = [
    { type: ConditionType.Ready, observedGeneration, ...ready },
    { type: ConditionType.RemoteReachable, observedGeneration, ...reachable },
  ];
  if (hasGateway) {
    conditions.push({
      type: ConditionType.GatewayAlive,
      observedGeneration,
      ...(input.gatewayProbe ?? PENDING_PROBE),
    });
  }
  const mode = link === undefined ? undefined : linkMode(link.spec);
  return {
    observedGeneration,
    conditions,
    absentConditions: hasGateway ? [] : [ConditionType.GatewayAlive],
    ...(mode === undefined ? {} : { mode }),
    mirroredServices: input.mirroredServices,
    problems: input.problems,
  };
}

/** The status to store: `desired` laid over `current` at `now`. Fields not in `desired` are dropped. */
export function nextStatus(current: LinkStatus | undefined, desired: DesiredStatus, now: Date): LinkStatus {
  let conditions = mergeConditions(current?.conditions, desired.conditions, now);
  for (const type of desired.absentConditions) conditions = removeCondition(conditions, type);
  const { problems, omittedProblems } = boundProblems(desired.problems);
  return {
    observedGeneration: desired.observedGeneration,
    ...(desired.mode === undefined ? {} : { mode: desired.mode }),
    mirroredServices: desired.mirroredServices,
    conditions,
    ...(problems.length === 0 ? {} : { problems }),
    ...(omittedProblems === 0 ? {} : { omittedProblems }),
  };
}
