// Records core/v1 Events about objects (a Link, a mirror), the way client-go's recorder does in
// spirit: an Event repeating one already sent (same object, type, reason and message) within the
// dedup window bumps that Event's count and lastTimestamp by a merge patch instead of creating
// another; each object has a token bucket (burst 25, then one per 5 minutes) so a flapping condition
// cannot flood the API. Recording is fire-and-forget: failures are logged and never reach the caller.
// Not guaranteed: delivery (Events are best effort), or dedup across restarts of the daemon.

import { type CoreV1Api, type CoreV1Event, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import type { Logger } from "pino";
import { type Clock, realClock } from "../runtime/clock.js";
import { TokenBucket } from "../runtime/ratelimit.js";
import { classifyKubeError } from "./errors.js";

export type EventType = "Normal" | "Warning";

/** The object an Event is about. Cluster-scoped objects get their Events in `default`. */
export interface InvolvedObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
}

/** The two writes the recorder needs; coreEventSink() implements them over CoreV1Api. */
export interface EventSink {
  create(namespace: string, event: CoreV1Event): Promise<void>;
  patch(namespace: string, name: string, patch: { count: number; lastTimestamp: string }): Promise<void>;
}

export function coreEventSink(core: CoreV1Api): EventSink {
  return {
    async create(namespace, body): Promise<void> {
      await core.createNamespacedEvent({ namespace, body });
    },
    async patch(namespace, name, body): Promise<void> {
      await core.patchNamespacedEvent(
        { namespace, name, body },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      );
    },
  };
}

export interface EventRecorderOptions {
  sink: EventSink;
  log: Logger;
  clock?: Clock;
  /** source.component and reportingComponent; default "svcmirror". */
  component?: string;
  /** reportingInstance and source.host, e.g. the pod name. */
  instance?: string;
  /** Repeats within this window update the existing Event; default 10 minutes. */
  dedupWindowMs?: number;
  /** Objects and distinct Events remembered (least recently used forgotten first); default 4096. */
  maxTracked?: number;
  /** Per-object burst; default 25. */
  burstPerObject?: number;
  /** Per-object sustained rate; default one per 5 minutes. */
  qpsPerObject?: number;
  /** Records waiting to be written; more are dropped while the API is slow. Default 256. */
  maxPending?: number;
}

interface SentEvent {
  namespace: string;
  name: string;
  count: number;
  lastSeenMs: number;
}

interface Job {
  key: string;
  namespace: string;
  object: InvolvedObject;
  type: EventType;
  reason: string;
  message: string;
}

const MAX_MESSAGE_LENGTH = 1024;
const MAX_NAME_LENGTH = 253;

/** A Map used as an LRU: reads move the entry to the back; inserts evict from the front. */
class Lru<V> {
  readonly #max: number;
  readonly #map = new Map<string, V>();

  constructor(max: number) {
    this.#max = max;
  }

  get(key: string): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.#max) this.#map.delete(this.#map.keys().next().value as string);
  }
}

function rfc3339(wallMs: number): string {
  return new Date(wallMs).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export class EventRecorder {
  readonly #sink: EventSink;
  readonly #log: Logger;
  readonly #clock: Clock;
  readonly #component: string;
  readonly #instance: string | undefined;
  readonly #dedupWindowMs: number;
  readonly #bucketOptions: { qps: number; burst: number };
  readonly #maxPending: number;
  readonly #sent: Lru<SentEvent>;
  readonly #buckets: Lru<TokenBucket>;
  #tail: Promise<void> = Promise.resolve();
  #pending = 0;
  #seq = 0;

  constructor(opts: EventRecorderOptions) {
    this.#sink = opts.sink;
    this.#log = opts.log;
    this.#clock = opts.clock ?? realClock;
    this.#component = opts.component ?? "svcmirror";
    this.#instance = opts.instance;
    this.#dedupWindowMs = opts.dedupWindowMs ?? 10 * 60_000;
    this.#bucketOptions = { qps: opts.qpsPerObject ?? 1 / 300, burst: opts.burstPerObject ?? 25 };
    this.#maxPending = opts.maxPending ?? 256;
    const maxTracked = opts.maxTracked ?? 4096;
    this.#sent = new Lru(maxTracked);
    this.#buckets = new Lru(maxTracked);
    if (!(this.#dedupWindowMs >= 0 && maxTracked >= 1 && this.#maxPending >= 1)) {
      throw new RangeError("dedupWindowMs must be >= 0, maxTracked and maxPending >= 1");
    }
  }

  /** Queues an Event; returns at once and never throws. */
  record(object: InvolvedObject, type: EventType, reason: string, message: string): void {
    const namespace = object.namespace || "default";
    const objectKey = `${object.apiVersion}/${object.kind}/${namespace}/${object.name}/${object.uid ?? ""}`;
    const fields = { kind: object.kind, namespace, name: object.name, reason };
    if (!this.#bucketFor(objectKey).tryTake()) {
      this.#log.debug(fields, "event dropped by the per-object rate limit");
      return;
    }
    if (this.#pending >= this.#maxPending) {
      this.#log.warn(fields, "event dropped: too many events waiting to be written");
      return;
    }
    const text =
      message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 3)}...` : message;
    const job: Job = {
      key: `${objectKey}/${type}/${reason}/${text}`,
      namespace,
      object,
      type,
      reason,
      message: text,
    };
    this.#pending++;
    this.#tail = this.#tail.then(() => this.#deliver(job)).finally(() => this.#pending--);
  }

  /** Resolves once every Event recorded so far was written or given up on. */
  flush(): Promise<void> {
    return this.#tail;
  }

  #bucketFor(objectKey: string): TokenBucket {
    let bucket = this.#buckets.get(objectKey);
    if (bucket === undefined) {
      bucket = new TokenBucket(this.#bucketOptions, this.#clock);
      this.#buckets.set(objectKey, bucket);
    }
    return bucket;
  }

  async #deliver(job: Job): Promise<void> {
    const nowMs = this.#clock.now();
    const previous = this.#sent.get(job.key);
    try {
      if (previous !== undefined && nowMs - previous.lastSeenMs <= this.#dedupWindowMs) {
        if (await this.#bump(previous, nowMs)) return;
      }
      await this.#create(job, nowMs);
    } catch (err) {
      const info = classifyKubeError(err);
      this.#log.warn(
        {
          kind: job.object.kind,
          namespace: job.namespace,
          name: job.object.name,
          reason: job.reason,
          error: info.message,
          code: info.code,
        },
        "could not record event",
      );
    }
  }

  /** Patches count and lastTimestamp; false when the Event is gone (expired) and must be created anew. */
  async #bump(sent: SentEvent, nowMs: number): Promise<boolean> {
    sent.count++;
    sent.lastSeenMs = nowMs;
    try {
      await this.#sink.patch(sent.namespace, sent.name, {
        count: sent.count,
        lastTimestamp: rfc3339(this.#clock.wallNow()),
      });
      return true;
    } catch (err) {
      if (classifyKubeError(err).kind === "notFound") return false;
      throw err;
    }
  }

  async #create(job: Job, nowMs: number): Promise<void> {
    const wallMs = this.#clock.wallNow();
    const unique = (BigInt(wallMs) * 1_000_000n + BigInt(this.#seq++ % 1_000_000)).toString(16);
    const name = `${job.object.name.slice(0, MAX_NAME_LENGTH - unique.length - 1)}.${unique}`;
    const at = new Date(Math.floor(wallMs / 1000) * 1000);
    const event: CoreV1Event = {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name, namespace: job.namespace },
      involvedObject: { ...job.object },
      type: job.type,
      reason: job.reason,
      message: job.message,
      count: 1,
      firstTimestamp: at,
      lastTimestamp: at,
      source:
        this.#instance === undefined
          ? { component: this.#component }
          : { component: this.#component, host: this.#instance },
      reportingComponent: this.#component,
      ...(this.#instance === undefined ? {} : { reportingInstance: this.#instance }),
    };
    await this.#sink.create(job.namespace, event);
    this.#sent.set(job.key, { namespace: job.namespace, name, count: 1, lastSeenMs: nowMs });
  }
}
