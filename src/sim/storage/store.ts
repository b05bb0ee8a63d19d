// The sim's storage engine: one global revision for every resource (etcd's), MVCC history for
// paginated and exact lists, a watch cache per resource, and live watches fed synchronously on
// every write. Stored objects are deep-frozen and shared with every reader: clone before mutating.
// Validation, defaulting and no-op detection are the caller's; this layer only stores and notifies.

import { alreadyExists, type GroupResource, notFound } from "../errors.js";
import type { KubeObject } from "../types.js";
import { History } from "./history.js";
import { Keyspace, keyOf, prefixOf } from "./keyspace.js";
import { cacheWaitRevision, listObjects } from "./list.js";
import { stamp } from "./objects.js";
import { parseResourceVersion, validateWatchOptions } from "./resource-version.js";
import { nodeScheduler, RevisionWaiters } from "./revision-waiters.js";
import { compileFilter, parseSelectors } from "./selectors.js";
import { tooLargeResourceVersion } from "./storage-errors.js";
import type {
  ListQuery,
  ListResult,
  ObjectKey,
  StorageOptions,
  WatchEvent,
  WatchEventType,
  WatchHandle,
  WatchQuery,
  WatchTooOld,
} from "./types.js";
import {
  fixedWatchCacheSizing,
  KUBE_WATCH_CACHE_SIZING,
  StoredEvent,
  WatchCache,
  type WatchCacheSizing,
} from "./watch-cache.js";
import { Watcher, WatchHub } from "./watchers.js";

const DEFAULT_HISTORY_LIMIT = 20_000;
/** etcd's revision before any write. */
const INITIAL_REVISION = 1;

interface ResourceState {
  readonly space: Keyspace;
  readonly cache: WatchCache;
}

/** "discovery.k8s.io/endpointslices" → { group: "discovery.k8s.io", resource: "endpointslices" }. */
function groupResourceOf(resource: string): GroupResource {
  const slash = resource.lastIndexOf("/");
  return slash < 0
    ? { group: "", resource }
    : { group: resource.slice(0, slash), resource: resource.slice(slash + 1) };
}

export class Storage {
  private current = INITIAL_REVISION;
  private windowStart = INITIAL_REVISION;
  private readonly resources = new Map<string, ResourceState>();
  private readonly history: History;
  private readonly hub = new WatchHub();
  private readonly waiters: RevisionWaiters;
  private readonly watchCacheSizing: WatchCacheSizing;
  private readonly nowMs: () => number;

  constructor(opts: StorageOptions = {}) {
    const capacity = opts.watchCacheCapacity;
    if (capacity !== undefined && (!Number.isInteger(capacity) || capacity < 1)) {
      throw new RangeError(`watchCacheCapacity must be a positive integer, got ${capacity}`);
    }
    this.watchCacheSizing =
      capacity === undefined ? KUBE_WATCH_CACHE_SIZING : fixedWatchCacheSizing(capacity);
    this.nowMs = opts.nowMs ?? ((): number => performance.now());
    const historyLimit = opts.historyLimit ?? DEFAULT_HISTORY_LIMIT;
    if (!Number.isInteger(historyLimit) || historyLimit < 0) {
      throw new RangeError(`historyLimit must be a non-negative integer, got ${historyLimit}`);
    }
    this.history = new History(historyLimit);
    this.waiters = new RevisionWaiters(opts.scheduler ?? nodeScheduler);
  }

  /** The current global revision (every write to any resource bumps it by one). */
  get revision(): number {
    return this.current;
  }

  /** The revision below which storage history is compacted (reads there answer 410). */
  get compactedRevision(): number {
    return this.history.compactedRevision;
  }

  private state(resource: string): ResourceState {
    let state = this.resources.get(resource);
    if (state === undefined) {
      state = { space: new Keyspace(), cache: new WatchCache(this.watchCacheSizing, this.windowStart) };
      this.resources.set(resource, state);
    }
    return state;
  }

  /** The current object, or undefined. Returned objects are shared and frozen: clone before mutating. */
  get(key: ObjectKey): KubeObject | undefined {
    return this.resources.get(key.resource)?.space.get(keyOf(key.namespace, key.name))?.current;
  }

  /** Throws ApiError 400/410/422/500/504 as the real server answers. Items are shared and frozen. */
  list(resource: string, query: ListQuery): ListResult {
    const { space, cache } = this.state(resource);
    const source = {
      space,
      cacheRevision: cache.revision,
      revision: this.current,
      compactedRevision: this.history.compactedRevision,
    };
    return listObjects(source, query);
  }

  /**
   * The revision a list must wait for before it can be answered (0: none). A list served by the
   * watch cache with a resourceVersion from the future waits for it (~3 s in kube-apiserver, then
   * 504); `list` itself answers that 504 at once when called before the revision is reached.
   */
  listWaitRevision(query: ListQuery): number {
    return cacheWaitRevision(query);
  }

  /** Resolves when `revision` >= rv or rejects with the 504 ApiError after `timeoutMs`. */
  waitForRevision(rv: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.current >= rv) return Promise.resolve();
    return this.waiters.wait(rv, timeoutMs, () => tooLargeResourceVersion(rv, this.current, 1), signal);
  }

  /** Stores a new object (409 AlreadyExists if the key holds one); returns it stamped and frozen. */
  create(key: ObjectKey, obj: KubeObject): KubeObject {
    if (this.get(key) !== undefined) throw alreadyExists(groupResourceOf(key.resource), key.name);
    return this.write(key, "ADDED", obj);
  }

  /** Replaces an existing object (404 NotFound if absent); returns it stamped and frozen. */
  update(key: ObjectKey, obj: KubeObject): KubeObject {
    if (this.get(key) === undefined) throw notFound(groupResourceOf(key.resource), key.name);
    return this.write(key, "MODIFIED", obj);
  }

  /** Removes an object (404 NotFound if absent); returns its last state stamped with the deletion's revision. */
  delete(key: ObjectKey): KubeObject {
    const existing = this.get(key);
    if (existing === undefined) throw notFound(groupResourceOf(key.resource), key.name);
    return this.write(key, "DELETED", existing);
  }

  private write(key: ObjectKey, type: WatchEventType, obj: KubeObject): KubeObject {
    const { space, cache } = this.state(key.resource);
    const previous = space.get(keyOf(key.namespace, key.name))?.current;
    this.current += 1;
    const revision = this.current;
    const stored = stamp(obj, revision);
    const written = space.write(key.namespace, key.name, {
      rev: revision,
      obj: type === "DELETED" ? null : stored,
    });
    if (written.superseded) this.history.record(space, written.entry, revision);
    const event = new StoredEvent(type, revision, key.namespace, stored, previous);
    cache.push(event, this.nowMs());
    this.hub.publish(key.resource, event);
    this.waiters.notify(revision);
    return stored;
  }

  /**
   * Opens a watch. Replayed and initial events are delivered synchronously, before this returns;
   * later ones synchronously with the write that makes them. `onEvent` must not throw. Throws
   * ApiError for bad input; answers `tooOld` when rv is older than the watch-cache window.
   */
  watch(resource: string, query: WatchQuery, onEvent: (e: WatchEvent) => void): WatchHandle | WatchTooOld {
    const parsed = parseSelectors(query);
    validateWatchOptions(query.resourceVersionMatch ?? "");
    const filter = compileFilter(query, parsed);
    const requested = parseResourceVersion(query.resourceVersion ?? "");
    const { space, cache } = this.state(resource);
    if (requested.value > 0 && requested.value < cache.oldestServable) {
      return { tooOld: { requested: requested.printed, oldest: cache.oldestServable } };
    }
    const start = requested.value === 0 ? cache.revision : requested.value;
    const watcher = new Watcher(query.namespace, filter, onEvent, start);
    if (requested.value === 0) {
      const prefix = prefixOf(query.namespace);
      space.scan(prefix, prefix, undefined, (_entry, obj) => {
        if (filter.matches(obj)) watcher.deliver({ type: "ADDED", object: obj });
        return watcher.active;
      });
    } else {
      for (const event of cache.since(requested.value)) watcher.offer(event);
    }
    if (watcher.active) this.hub.add(resource, watcher);
    return {
      stop: (): void => this.hub.remove(resource, watcher),
      resourceVersion: (): number => watcher.revision,
    };
  }

  /** Open watches of a resource. */
  watchCount(resource: string): number {
    return this.hub.count(resource);
  }

  /** Storage compaction at the current revision: exact and paginated reads of older revisions answer 410. */
  compact(): void {
    this.history.compact(this.current);
  }

  /** The watch-cache window starts now (a relist): a watch from any older resourceVersion is too old. */
  expireWatchCache(): void {
    this.windowStart = this.current;
    for (const { cache } of this.resources.values()) cache.reset(this.current);
  }
}
