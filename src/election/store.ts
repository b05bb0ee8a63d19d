// The narrow port between the elector and wherever the Lease lives: read it, create it, or
// replace it conditionally on the resourceVersion that was read. Implemented over client-node in
// src/kube/leases.ts and by a state-modelling fake in the tests. A lost race is a value
// ({ kind: "conflict" }); every other failure is thrown (classified by src/kube/errors.ts).

/** The election-relevant part of a coordination.k8s.io/v1 LeaseSpec. */
export interface LeaseRecord {
  /** Current holder; "" when nobody holds the lease (never acquired, or released). */
  holderIdentity: string;
  leaseDurationSeconds: number;
  /** Wall-clock epoch ms. Informational only: expiry is never judged from these. */
  acquireTimeMs: number | null;
  renewTimeMs: number | null;
  leaseTransitions: number;
}

export interface LeaseSnapshot {
  readonly record: LeaseRecord;
  /** The object's resourceVersion; a write must carry it to succeed. */
  readonly resourceVersion: string;
}

export type LeaseWriteResult = { kind: "ok"; lease: LeaseSnapshot } | { kind: "conflict" };

export interface LeaseStore {
  /** "namespace/name", for logs, metrics and status. */
  readonly description: string;
  /** The current Lease, or null when it does not exist. */
  get(signal: AbortSignal): Promise<LeaseSnapshot | null>;
  /** Creates the Lease; "conflict" when it already exists. */
  create(record: LeaseRecord, signal: AbortSignal): Promise<LeaseWriteResult>;
  /** Replaces the Lease if it is still at `resourceVersion`; "conflict" otherwise. */
  update(record: LeaseRecord, resourceVersion: string, signal: AbortSignal): Promise<LeaseWriteResult>;
}
