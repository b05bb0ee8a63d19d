// Public shapes of the sim's storage engine: object keys, list and watch queries as the HTTP layer
// receives them (raw query-string values), and what the engine answers. Objects handed out are the
// stored, deep-frozen instances: callers clone before mutating.

import type { KubeObject } from "../types.js";

/** resource = a unique id per served resource such as "services" or "discovery.k8s.io/endpointslices"; namespace "" for cluster-scoped. */
export interface ObjectKey {
  resource: string;
  namespace: string;
  name: string;
}

export type FieldExtractors = Readonly<Record<string, (obj: KubeObject) => string | undefined>>;

/**
 * How a kind converts field-selector labels (apiserver's per-kind FieldLabelConversionFunc). Kinds
 * without their own function accept metadata.name and metadata.namespace and reject anything else
 * with `"x" is not a known field selector: only "metadata.name", "metadata.namespace"`.
 */
export interface FieldConversion {
  /**
   * The kind registers its own conversion (Secrets, Events, Namespaces, custom resources): an
   * unknown label is answered `field label not supported: x`.
   */
  readonly custom: boolean;
  /** metadata.namespace is not selectable (Namespaces, cluster-scoped custom resources). */
  readonly withoutNamespace?: boolean;
}

export interface SelectorQuery {
  /** undefined = all namespaces (or a cluster-scoped resource). */
  namespace?: string;
  /** Raw query-string value. */
  labelSelector?: string;
  /** Raw; metadata.name and metadata.namespace are always supported. */
  fieldSelector?: string;
  /** Extra supported field selectors of this kind (e.g. Secret "type"). */
  fieldExtractors?: FieldExtractors;
  /** Defaults to `{ custom: true }` when fieldExtractors has entries, else `{ custom: false }`. */
  fieldConversion?: FieldConversion;
}

export interface ListQuery extends SelectorQuery {
  /** 0 or undefined = no limit. */
  limit?: number;
  continueToken?: string;
  /** Raw, "" when absent. */
  resourceVersion?: string;
  /** Raw, "" when absent. */
  resourceVersionMatch?: string;
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface WatchQuery extends SelectorQuery {
  /** Raw; "" or "0" = synthetic ADDED of the current state first, then live events. */
  resourceVersion?: string;
  /** Raw, "" when absent; a watch rejects any value with 422 (sendInitialEvents is not served). */
  resourceVersionMatch?: string;
}

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

export interface WatchHandle {
  stop(): void;
  /** The last revision delivered or skipped by this watch: what a BOOKMARK reports. */
  readonly resourceVersion: () => number;
}

/** A watch whose resourceVersion lies before the watch-cache window (answered by one ERROR event). */
export interface WatchTooOld {
  tooOld: {
    /** The requested resourceVersion as the server prints it (decimal, no leading zeros). */
    requested: string;
    /** The oldest resourceVersion a watch may start from now. */
    oldest: number;
  };
}

/** Timer source for waitForRevision; the sim server's Clock satisfies it. */
export interface Scheduler {
  /** Runs `fn` after `delayMs`; returns a function that cancels it. */
  schedule(delayMs: number, fn: () => void): () => void;
}

export interface StorageOptions {
  /**
   * A fixed number of events kept per resource for watch replay (the watch-cache window). Default:
   * sized like kube-apiserver 1.28's — 100 events, doubled (up to 102,400) while the oldest held
   * is younger than 75 s, so only events older than that are ever evicted.
   */
  watchCacheCapacity?: number;
  /**
   * Superseded object versions kept for exact and paginated reads of past revisions; beyond this
   * the oldest history is compacted automatically, as etcd's periodic compaction would. Default 20000.
   */
  historyLimit?: number;
  /** Timers for waitForRevision; defaults to Node's setTimeout. */
  scheduler?: Scheduler;
  /** Monotonic milliseconds, for the age of watch-cache events; defaults to performance.now(). */
  nowMs?: () => number;
}
