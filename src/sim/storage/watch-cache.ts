// The watch cache of one resource: the last `capacity` events, replayed to watches that start from
// a resourceVersion, and the window that decides "too old". As in apiserver's watchCache, the
// oldest servable revision is the revision the window started at (its last relist) until an event
// is evicted, then the revision just before the oldest event still held.

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

/** Slots dropped from the head before the array is shifted down to reclaim them. */
const RECLAIM_AT = 1024;

export class WatchCache {
  private events: StoredEvent[] = [];
  private head = 0;
  private evicted = false;
  private lastRevision = 0;

  constructor(
    private readonly capacity: number,
    private windowStart: number,
  ) {}

  /** The cache's resourceVersion: what a list served from it answers. */
  get revision(): number {
    return Math.max(this.windowStart, this.lastRevision);
  }

  /** The oldest resourceVersion a watch can start from (the number in "too old resource version: x (N)"). */
  get oldestServable(): number {
    const first = this.events[this.head];
    return this.evicted && first !== undefined ? first.revision - 1 : this.windowStart;
  }

  push(event: StoredEvent): void {
    this.events.push(event);
    this.lastRevision = event.revision;
    if (this.events.length - this.head > this.capacity) {
      this.head += 1;
      this.evicted = true;
    }
    if (this.head >= RECLAIM_AT) {
      this.events = this.events.slice(this.head);
      this.head = 0;
    }
  }

  /** A relist: the window starts at `revision` and nothing before it can be replayed. */
  reset(revision: number): void {
    this.events = [];
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
