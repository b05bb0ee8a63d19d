// The watch cache of one resource: the recent events, replayed to watches that start from a
// resourceVersion, and the window that decides "too old". As in apiserver's watchCache, the oldest
// servable revision is the revision the window started at (its last relist) until an event is
// evicted, then the revision just before the oldest event still held. Sized as kube 1.28 sizes it:
// a full cache doubles while its oldest event is younger than the fresh duration, halves when even
// its newest quarter is older, and otherwise evicts its oldest event.

import type { KubeObject } from "../types.js";
import { stamp } from "./objects.js";
import type { WatchEventType } from "./types.js";

export class StoredEvent {
  private previousStamped: KubeObject | undefined;

  constructor(
    readonly type: WatchEventType,
    readonly revision: number,
    readonly namespace: string,
    /** The new state; for DELETED the last state stamped with the deletion's revision. */
    readonly object: KubeObject,
    /** The state before this write (undefined for a creation). */
    readonly previous: KubeObject | undefined,
  ) {}

  /** The previous state stamped with this event's revision: what a watch that stops matching gets. */
  get previousAtRevision(): KubeObject | undefined {
    if (this.previous === undefined) return undefined;
    this.previousStamped ??= stamp(this.previous, this.revision);
    return this.previousStamped;
  }
}

/** Slots dropped from the head before the arrays are shifted down to reclaim them. */
const RECLAIM_AT = 1024;

/** How many events a watch cache holds: between the bounds, by the age of what it holds. */
export interface WatchCacheSizing {
  readonly lowerBound: number;
  readonly upperBound: number;
  /** Events younger than this are kept by growing the cache (kube: 75 s, just over a bookmark period). */
  readonly freshMs: number;
}

/** kube-apiserver 1.28's defaults (watch_cache.go: 100, 100 * 1024, eventFreshDuration). */
export const KUBE_WATCH_CACHE_SIZING: WatchCacheSizing = {
  lowerBound: 100,
  upperBound: 100 * 1024,
  freshMs: 75_000,
};

/** A cache that holds exactly `capacity` events whatever their age. */
export function fixedWatchCacheSizing(capacity: number): WatchCacheSizing {
  return { lowerBound: capacity, upperBound: capacity, freshMs: Number.POSITIVE_INFINITY };
}

export class WatchCache {
  private events: StoredEvent[] = [];
  /** When each held event was recorded (monotonic ms), aligned with `events`. */
  private recordedMs: number[] = [];
  private head = 0;
  private evicted = false;
  private lastRevision = 0;
  private capacity: number;

  constructor(
    private readonly sizing: WatchCacheSizing,
    private windowStart: number,
  ) {
    this.capacity = sizing.lowerBound;
  }

  /** The cache's resourceVersion: what a list served from it answers. */
  get revision(): number {
    return Math.max(this.windowStart, this.lastRevision);
  }

  /** The oldest resourceVersion a watch can start from (the number in "too old resource version: x (N)"). */
  get oldestServable(): number {
    const first = this.events[this.head];
    return this.evicted && first !== undefined ? first.revision - 1 : this.windowStart;
  }

  /** How many events the cache holds at most before it grows or evicts. */
  get currentCapacity(): number {
    return this.capacity;
  }

  push(event: StoredEvent, nowMs: number): void {
    if (this.isFull()) this.resize(nowMs);
    if (this.isFull()) this.dropOldest(1);
    this.events.push(event);
    this.recordedMs.push(nowMs);
    this.lastRevision = event.revision;
    if (this.head >= RECLAIM_AT) {
      this.events = this.events.slice(this.head);
      this.recordedMs = this.recordedMs.slice(this.head);
      this.head = 0;
    }
  }

  private isFull(): boolean {
    return this.events.length - this.head >= this.capacity;
  }

  private ageMs(index: number, nowMs: number): number {
    return nowMs - (this.recordedMs[index] ?? nowMs);
  }

  /** resizeCacheLocked: grow while everything held is fresh; shrink when the newest quarter is stale. */
  private resize(nowMs: number): void {
    const { lowerBound, upperBound, freshMs } = this.sizing;
    if (this.ageMs(this.head, nowMs) < freshMs) {
      this.capacity = Math.min(this.capacity * 2, upperBound);
      return;
    }
    const newestQuarter = this.events.length - Math.floor(this.capacity / 4);
    if (this.ageMs(newestQuarter, nowMs) > freshMs) {
      this.capacity = Math.max(Math.floor(this.capacity / 2), lowerBound);
      this.dropOldest(this.events.length - this.head - this.capacity);
    }
  }

  private dropOldest(count: number): void {
    if (count <= 0) return;
    this.head += count;
    this.evicted = true;
  }

  /** A relist: the window starts at `revision` and nothing before it can be replayed. */
  reset(revision: number): void {
    this.events = [];
    this.recordedMs = [];
    this.head = 0;
    this.evicted = false;
    this.windowStart = revision;
  }

  /** The held events after `revision`, oldest first. */
  since(revision: number): StoredEvent[] {
    let lo = this.head;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.events[mid] as StoredEvent).revision <= revision) lo = mid + 1;
      else hi = mid;
    }
    return this.events.slice(lo);
  }
}
