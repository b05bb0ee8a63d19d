// The election's LeaseStore over client-node 1.4.0's CoordinationV1Api. Times are written as
// V1MicroTime (six fractional digits; a plain Date has three and the API server answers 400) and
// read back tolerantly: at runtime client-node hands renewTime/acquireTime over as *strings*
// despite their Date type. Replace is always conditional on the resourceVersion the caller read
// (the API refuses unconditional Lease updates anyway). Each call can be cancelled by a signal.

import {
  type ConfigurationOptions,
  type CoordinationV1Api,
  Observable,
  type RequestContext,
  type ResponseContext,
  type V1Lease,
  type V1LeaseSpec,
  V1MicroTime,
  type V1ObjectMeta,
} from "@kubernetes/client-node";
import type { LeaseRecord, LeaseSnapshot, LeaseStore, LeaseWriteResult } from "../election/store.js";
import { type KubeApiError, toKubeApiError } from "./errors.js";

export interface KubeLeaseStoreOptions {
  namespace: string;
  name: string;
  /** Field manager recorded for our writes; default "svcmirror". */
  fieldManager?: string;
}

/** Passes `signal` to client-node's fetch for one call (1.4.0 has no per-call signal parameter). */
export function signalOptions(signal: AbortSignal): ConfigurationOptions {
  return {
    middleware: [
      {
        pre: (ctx: RequestContext): Observable<RequestContext> => {
          ctx.setSignal(signal);
          return new Observable(Promise.resolve(ctx));
        },
        post: (ctx: ResponseContext): Observable<ResponseContext> => new Observable(Promise.resolve(ctx)),
      },
    ],
    middlewareMergeStrategy: "append",
  };
}

/** Epoch ms of a MicroTime as client-node returns it: a string at runtime, a Date by its type. */
export function microTimeToMs(value: unknown): number | null {
  if (value instanceof Date) return value.getTime();
  if (typeof value !== "string") return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

export function leaseToSnapshot(lease: V1Lease): LeaseSnapshot {
  const resourceVersion = lease.metadata?.resourceVersion;
  if (resourceVersion === undefined || resourceVersion === "") {
    throw new Error(`lease ${lease.metadata?.namespace}/${lease.metadata?.name} has no resourceVersion`);
  }
  const spec: V1LeaseSpec = lease.spec ?? {};
  return {
    resourceVersion,
    record: {
      holderIdentity: spec.holderIdentity ?? "",
      leaseDurationSeconds: spec.leaseDurationSeconds ?? 0,
      acquireTimeMs: microTimeToMs(spec.acquireTime),
      renewTimeMs: microTimeToMs(spec.renewTime),
      leaseTransitions: spec.leaseTransitions ?? 0,
    },
  };
}

/** The LeaseSpec fields we own; V1MicroTime serializes with six fractional digits. */
export function recordToSpec(record: LeaseRecord): V1LeaseSpec {
  const spec: V1LeaseSpec = {
    holderIdentity: record.holderIdentity,
    leaseDurationSeconds: record.leaseDurationSeconds,
    leaseTransitions: record.leaseTransitions,
  };
  if (record.acquireTimeMs !== null) spec.acquireTime = new V1MicroTime(record.acquireTimeMs);
  if (record.renewTimeMs !== null) spec.renewTime = new V1MicroTime(record.renewTimeMs);
  return spec;
}

// A replace sends the whole object, so carry over what others may have set on it. Only plain fields:
// client-node deserializes creationTimestamp/managedFields times into Dates that may not round-trip.
function keptMetadata(base: V1Lease | null): V1ObjectMeta {
  const kept: V1ObjectMeta = {};
  const meta = base?.metadata;
  if (meta?.labels !== undefined) kept.labels = meta.labels;
  if (meta?.annotations !== undefined) kept.annotations = meta.annotations;
  if (meta?.ownerReferences !== undefined) kept.ownerReferences = meta.ownerReferences;
  return kept;
}

function keptSpec(base: V1Lease | null): V1LeaseSpec {
  const kept: V1LeaseSpec = {};
  if (base?.spec?.preferredHolder !== undefined) kept.preferredHolder = base.spec.preferredHolder;
  if (base?.spec?.strategy !== undefined) kept.strategy = base.spec.strategy;
  return kept;
}

function isTimeout(reason: unknown): boolean {
  return reason instanceof Error && reason.name === "TimeoutError";
}

export function createKubeLeaseStore(api: CoordinationV1Api, opts: KubeLeaseStoreOptions): LeaseStore {
  return new KubeLeaseStore(api, opts);
}

class KubeLeaseStore implements LeaseStore {
  readonly description: string;
  readonly #api: CoordinationV1Api;
  readonly #namespace: string;
  readonly #name: string;
  readonly #fieldManager: string;
  /** Last object read or written, so that a replace keeps labels, annotations and fields we do not own. */
  #last: V1Lease | null = null;

  constructor(api: CoordinationV1Api, opts: KubeLeaseStoreOptions) {
    this.#api = api;
    this.#namespace = opts.namespace;
    this.#name = opts.name;
    this.#fieldManager = opts.fieldManager ?? "svcmirror";
    this.description = `${opts.namespace}/${opts.name}`;
  }

  async get(signal: AbortSignal): Promise<LeaseSnapshot | null> {
    try {
      const lease = await this.#api.readNamespacedLease(
        { name: this.#name, namespace: this.#namespace },
        signalOptions(signal),
      );
      return this.#remember(lease);
    } catch (err) {
      const error = this.#wrap("get", err, signal);
      if (error.kind !== "notFound") throw error;
      this.#last = null;
      return null;
    }
  }

  async create(record: LeaseRecord, signal: AbortSignal): Promise<LeaseWriteResult> {
    const body: V1Lease = {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: this.#name, namespace: this.#namespace },
      spec: recordToSpec(record),
    };
    try {
      const lease = await this.#api.createNamespacedLease(
        { namespace: this.#namespace, body, fieldManager: this.#fieldManager },
        signalOptions(signal),
      );
      return { kind: "ok", lease: this.#remember(lease) };
    } catch (err) {
      return this.#conflictOrThrow("create", err, signal);
    }
  }

  async update(record: LeaseRecord, resourceVersion: string, signal: AbortSignal): Promise<LeaseWriteResult> {
    const base = this.#last?.metadata?.resourceVersion === resourceVersion ? this.#last : null;
    const body: V1Lease = {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { ...keptMetadata(base), name: this.#name, namespace: this.#namespace, resourceVersion },
      spec: { ...keptSpec(base), ...recordToSpec(record) },
    };
    try {
      const lease = await this.#api.replaceNamespacedLease(
        { name: this.#name, namespace: this.#namespace, body, fieldManager: this.#fieldManager },
        signalOptions(signal),
      );
      return { kind: "ok", lease: this.#remember(lease) };
    } catch (err) {
      return this.#conflictOrThrow("update", err, signal);
    }
  }

  #remember(lease: V1Lease): LeaseSnapshot {
    const snapshot = leaseToSnapshot(lease);
    this.#last = lease;
    return snapshot;
  }

  #conflictOrThrow(op: string, err: unknown, signal: AbortSignal): LeaseWriteResult {
    const error = this.#wrap(op, err, signal);
    if (error.kind === "conflict" || error.kind === "alreadyExists") return { kind: "conflict" };
    throw error;
  }

  #wrap(op: string, err: unknown, signal: AbortSignal): KubeApiError {
    // node-fetch reports every abort as its own AbortError; the signal's reason tells a timeout apart.
    const cause = signal.aborted && isTimeout(signal.reason) ? signal.reason : err;
    return toKubeApiError(`${op} lease ${this.description}`, cause);
  }
}
