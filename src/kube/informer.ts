// A resilient informer for one resource collection: a reflector (reflector.ts) keeps a cache
// (cache.ts) equal to the API server's state and notifies handlers of each change as a key and its
// object — the controller enqueues the key and reads the cache later. It is built on its own
// list/watch (listwatch.ts) rather than on client-node's makeInformer/ListWatch, which stops for good
// on any error but 410, cannot resume a watch from a resourceVersion without relisting, applies its
// label selector to the watch only, has no watchdog, and reports no sync state we can trust.
// stop() (or the start signal) releases every request, socket, timer and listener it holds.

import type { Logger } from "pino";
import type { BackoffOptions } from "../runtime/backoff.js";
import { type Clock, realClock } from "../runtime/clock.js";
import { type CacheChange, type IndexFunc, type KubeObjectLike, ObjectCache } from "./cache.js";
import type { KubeClients } from "./client.js";
import { type InformerStatus, type StatusListener, StatusTracker } from "./informer-status.js";
import { apiListWatcher, type ListWatcher, type ResourceRef, type WatchScope } from "./listwatch.js";
import { Reflector } from "./reflector.js";

export type { CacheChange as InformerEvent } from "./cache.js";
export type { InformerStatus } from "./informer-status.js";

export type InformerHandler<T> = (event: CacheChange<T>) => void;

export interface InformerOptions<T> {
  log: Logger;
  clock?: Clock;
  /** Named index functions, queried with byIndex(). */
  indexers?: Readonly<Record<string, IndexFunc<T>>>;
  /** Items per list page; default 500. */
  pageSize?: number;
  /**
   * Range of the server-side `timeoutSeconds` of each watch; default 60..90 s. Short on purpose:
   * bookmarks are best effort, so the server ending the watch is the only heartbeat we can count on.
   */
  watchTimeoutSeconds?: { min: number; max: number };
  /** Silence after which a watch is abandoned; default the longest watch timeout + 30 s. */
  idleTimeoutMs?: number;
  /** Disconnected this long → status.stale; default 30 s. */
  staleAfterMs?: number;
  /** Retry backoff; default 800 ms doubling to 30 s (client-go's reflector). */
  backoff?: BackoffOptions;
  /** For the watch timeout jitter; default Math.random. */
  random?: () => number;
}

const DEFAULT_PAGE_SIZE = 500;
const DEFAULT_WATCH_TIMEOUT_SECONDS = { min: 60, max: 90 };
const IDLE_GRACE_MS = 30_000;
const DEFAULT_STALE_AFTER_MS = 30_000;
const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 800, maxMs: 30_000 };

interface Resolved {
  pageSize: number;
  timeouts: { min: number; max: number };
  idleTimeoutMs: number;
  staleAfterMs: number;
}

function resolve<T>(opts: InformerOptions<T>): Resolved {
  const pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
  const timeouts = opts.watchTimeoutSeconds ?? DEFAULT_WATCH_TIMEOUT_SECONDS;
  const idleTimeoutMs = opts.idleTimeoutMs ?? timeouts.max * 1000 + IDLE_GRACE_MS;
  const staleAfterMs = opts.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  if (!(Number.isInteger(pageSize) && pageSize > 0))
    throw new RangeError(`pageSize must be a positive integer`);
  if (!(Number.isInteger(timeouts.min) && timeouts.min >= 1 && timeouts.max >= timeouts.min)) {
    throw new RangeError(`watchTimeoutSeconds must be whole seconds with 1 <= min <= max`);
  }
  // A healthy quiet watch is silent until the server ends it; a shorter idle limit would cut it.
  if (!(idleTimeoutMs > timeouts.max * 1000)) {
    throw new RangeError(
      `idleTimeoutMs (${idleTimeoutMs}) must exceed watchTimeoutSeconds.max (${timeouts.max}s)`,
    );
  }
  if (!(staleAfterMs > 0)) throw new RangeError(`staleAfterMs must be positive`);
  return { pageSize, timeouts, idleTimeoutMs, staleAfterMs };
}

export class Informer<T extends KubeObjectLike> {
  readonly #source: ListWatcher<T>;
  readonly #log: Logger;
  readonly #cache: ObjectCache<T>;
  readonly #status: StatusTracker;
  readonly #reflector: Reflector<T>;
  readonly #handlers = new Set<InformerHandler<T>>();
  readonly #syncWaiters = new Set<(synced: boolean) => void>();
  readonly #controller = new AbortController();
  #running: Promise<void> | undefined;
  #detachStartSignal = (): void => {};

  constructor(source: ListWatcher<T>, opts: InformerOptions<T>) {
    const resolved = resolve(opts);
    const clock = opts.clock ?? realClock;
    const random = opts.random ?? Math.random;
    this.#source = source;
    this.#log = opts.log;
    this.#cache = new ObjectCache<T>(opts.indexers);
    this.#status = new StatusTracker(clock, resolved.staleAfterMs, () => this.#cache.size);
    const { min, max } = resolved.timeouts;
    this.#reflector = new Reflector(
      source,
      {
        replace: (items): void => this.#dispatch(this.#cache.replace(items)),
        apply: (type, object): void =>
          this.#dispatch([type === "DELETED" ? this.#cache.remove(object) : this.#cache.upsert(object)]),
      },
      this.#status,
      {
        clock,
        log: opts.log,
        backoff: { ...(opts.backoff ?? DEFAULT_BACKOFF), random },
        pageSize: resolved.pageSize,
        watchTimeoutSeconds: (): number => min + Math.floor(random() * (max - min + 1)),
        idleTimeoutMs: resolved.idleTimeoutMs,
      },
    );
  }

  get description(): string {
    return this.#source.description;
  }

  /** Starts listing and watching; `signal` aborting is the same as stop(). Call at most once. */
  start(signal?: AbortSignal): void {
    if (this.#running !== undefined || this.#controller.signal.aborted) {
      throw new Error(`informer for ${this.description} was already started`);
    }
    if (signal !== undefined) {
      const onAbort = (): void => void this.stop();
      signal.addEventListener("abort", onAbort, { once: true });
      this.#detachStartSignal = (): void => signal.removeEventListener("abort", onAbort);
      if (signal.aborted) this.#controller.abort(signal.reason);
    }
    this.#status.started();
    this.#running = this.#reflector.run(this.#controller.signal);
  }

  /** Stops for good and resolves once no request, timer or listener of this informer is left. */
  async stop(): Promise<void> {
    this.#detachStartSignal();
    this.#controller.abort(new DOMException("informer stopped", "AbortError"));
    await this.#running;
    this.#status.stop();
    this.#handlers.clear();
    for (const waiter of [...this.#syncWaiters]) waiter(false);
  }

  /** Registers a change handler; returns its removal. Handlers run synchronously: enqueue, don't work. */
  onEvent(handler: InformerHandler<T>): () => void {
    this.#handlers.add(handler);
    return (): void => {
      this.#handlers.delete(handler);
    };
  }

  /** Registers a listener for connected/synced/stale flips; returns its removal. */
  onStatusChange(listener: StatusListener): () => void {
    return this.#status.onChange((status): void => {
      try {
        listener(status);
      } catch (err) {
        this.#log.error({ source: this.description, err }, "informer status listener threw");
      }
    });
  }

  hasSynced(): boolean {
    return this.#status.snapshot().synced;
  }

  status(): InformerStatus {
    return this.#status.snapshot();
  }

  /** Resolves true once the first list is in the cache; false if `signal` aborts or the informer stops first. */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.hasSynced()) return Promise.resolve(true);
    if (signal?.aborted || this.#controller.signal.aborted) return Promise.resolve(false);
    return new Promise((resolveWait) => {
      const finish = (synced: boolean): void => {
        this.#syncWaiters.delete(finish);
        removeStatusListener();
        signal?.removeEventListener("abort", onAbort);
        resolveWait(synced);
      };
      const onAbort = (): void => finish(false);
      const removeStatusListener = this.#status.onChange((status) => {
        if (status.synced) finish(true);
      });
      this.#syncWaiters.add(finish);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  get(namespace: string, name: string): T | undefined {
    return this.#cache.get(namespace, name);
  }

  getByKey(key: string): T | undefined {
    return this.#cache.getByKey(key);
  }

  keys(): string[] {
    return this.#cache.keys();
  }

  list(namespace?: string): T[] {
    return this.#cache.list(namespace);
  }

  listByLabels(labels: Readonly<Record<string, string>>, namespace?: string): T[] {
    return this.#cache.listByLabels(labels, namespace);
  }

  byIndex(indexName: string, value: string): T[] {
    return this.#cache.byIndex(indexName, value);
  }

  #dispatch(changes: readonly (CacheChange<T> | undefined)[]): void {
    if (this.#handlers.size === 0) return;
    const handlers = [...this.#handlers];
    for (const change of changes) {
      if (change === undefined) continue;
      for (const handler of handlers) {
        try {
          handler(change);
        } catch (err) {
          this.#log.error({ source: this.description, key: change.key, err }, "informer handler threw");
        }
      }
    }
  }
}

/** An informer on `resource` in `scope` of the cluster behind `clients`. */
export function createInformer<T extends KubeObjectLike>(
  clients: KubeClients,
  resource: ResourceRef,
  scope: WatchScope,
  opts: InformerOptions<T>,
): Informer<T> {
  const clock = opts.clock ?? clients.clock;
  return new Informer(apiListWatcher<T>(clients, resource, scope), { ...opts, clock });
}
