// The pure decisions of leader election: when a record counts as changed, whether its holder's
// lease is still valid, and which record to write to acquire, renew or release. No I/O and no
// clock: times are passed in. Expiry is judged only from the *local* monotonic time at which
// this replica first saw the current resourceVersion, never from the record's renewTime, so
// clock offsets between replicas do not matter (clock *rate* differences still do).

import type { LeaseRecord, LeaseSnapshot } from "./store.js";

export interface Observation {
  readonly snapshot: LeaseSnapshot;
  /** Local monotonic time at which this resourceVersion was first seen. */
  readonly observedAtMs: number;
}

export type Verdict =
  | { kind: "claim"; record: LeaseRecord }
  | { kind: "held"; holder: string; expiresAtMs: number };

export interface DecideInput {
  /** The last observation, or null when the Lease does not exist. */
  observation: Observation | null;
  identity: string;
  nowMs: number;
  wallNowMs: number;
  leaseDurationMs: number;
  leaseDurationSeconds: number;
}

/** Keeps the previous observation while the resourceVersion is unchanged; otherwise restarts the clock. */
export function observe(previous: Observation | null, snapshot: LeaseSnapshot, nowMs: number): Observation {
  if (previous !== null && previous.snapshot.resourceVersion === snapshot.resourceVersion) {
    return { snapshot, observedAtMs: previous.observedAtMs };
  }
  return { snapshot, observedAtMs: nowMs };
}

/** Claim the lease unless another identity holds it and we saw it change less than leaseDuration ago. */
export function decide(input: DecideInput): Verdict {
  const { observation, identity } = input;
  const current = observation?.snapshot.record ?? null;
  if (observation !== null && current !== null) {
    const holder = current.holderIdentity;
    const expiresAtMs = observation.observedAtMs + input.leaseDurationMs;
    if (holder !== "" && holder !== identity && input.nowMs < expiresAtMs) {
      return { kind: "held", holder, expiresAtMs };
    }
  }
  return {
    kind: "claim",
    record: claimRecord(current, identity, input.wallNowMs, input.leaseDurationSeconds),
  };
}

/**
 * The record that makes `identity` the holder: a renewal keeps acquireTime and leaseTransitions;
 * a change of holder (including from "") sets acquireTime and increments leaseTransitions.
 */
export function claimRecord(
  current: LeaseRecord | null,
  identity: string,
  wallNowMs: number,
  leaseDurationSeconds: number,
): LeaseRecord {
  if (current !== null && current.holderIdentity === identity) {
    return {
      holderIdentity: identity,
      leaseDurationSeconds,
      acquireTimeMs: current.acquireTimeMs ?? wallNowMs,
      renewTimeMs: wallNowMs,
      leaseTransitions: current.leaseTransitions,
    };
  }
  return {
    holderIdentity: identity,
    leaseDurationSeconds,
    acquireTimeMs: wallNowMs,
    renewTimeMs: wallNowMs,
    leaseTransitions: current === null ? 0 : current.leaseTransitions + 1,
  };
}

/** The record written on graceful release: no holder, so followers take over on their next try. */
export function releaseRecord(current: LeaseRecord, wallNowMs: number): LeaseRecord {
  return {
    holderIdentity: "",
    leaseDurationSeconds: 1,
    acquireTimeMs: current.acquireTimeMs,
    renewTimeMs: wallNowMs,
    leaseTransitions: current.leaseTransitions,
  };
}
