// Open watches and the delivery of events to them. Each watcher turns a stored event into what the
// apiserver's cacheWatcher would send for its selectors: ADDED/MODIFIED/DELETED, an ADDED when an
// object starts matching, and a DELETED carrying the previous (still matching) state, stamped with
// the new revision, when it stops matching. Delivery is synchronous and in revision order, also
// when a callback writes to storage or opens a watch while events are being delivered.

import type { ObjectFilter } from "./selectors.js";
import type { WatchEvent } from "./types.js";
import type { StoredEvent } from "./watch-cache.js";

/** What a watch with this filter receives for one stored event, if anything. */
function convert(event: StoredEvent, filter: ObjectFilter): WatchEvent | undefined {
  const previousMatched = event.previous !== undefined && filter.matches(event.previous);
  if (event.type === "DELETED")
    return previousMatched ? { type: "DELETED", object: event.object } : undefined;
  const matches = filter.matches(event.object);
  if (matches) return { type: previousMatched ? "MODIFIED" : "ADDED", object: event.object };
  const before = event.previousAtRevision;
  return previousMatched && before !== undefined ? { type: "DELETED", object: before } : undefined;
}

export class Watcher {
  private stopped = false;

  /**
   * @param position the last revision this watch has seen; events at or below it are skipped
   *   (a watch from a future resourceVersion skips everything up to it).
   */
  constructor(
    private readonly namespace: string | undefined,
    private readonly filter: ObjectFilter,
    private readonly onEvent: (e: WatchEvent) => void,
    private position: number,
  ) {}

  get revision(): number {
    return this.position;
  }

  get active(): boolean {
    return !this.stopped;
  }

  stop(): void {
    this.stopped = true;
  }

  offer(event: StoredEvent): void {
    if (this.stopped || event.revision <= this.position) return;
    this.position = event.revision;
    if (this.namespace !== undefined && event.namespace !== this.namespace) return;
    const out = convert(event, this.filter);
    if (out !== undefined) this.deliver(out);
  }

  /**
   * Hands one event to the callback. A callback must not throw; if it does, this watch stops and
   * the error is rethrown outside the write that produced the event.
   */
  deliver(event: WatchEvent): void {
    if (this.stopped) return;
    try {
      this.onEvent(event);
    } catch (err) {
      this.stopped = true;
      queueMicrotask(() => {
        throw err;
      });
    }
  }
}

export class WatchHub {
  private readonly byResource = new Map<string, Set<Watcher>>();
  private readonly pending: { resource: string; event: StoredEvent }[] = [];
  private delivering = false;

  add(resource: string, watcher: Watcher): void {
    let set = this.byResource.get(resource);
    if (set === undefined) {
      set = new Set();
      this.byResource.set(resource, set);
    }
    set.add(watcher);
  }

  remove(resource: string, watcher: Watcher): void {
    watcher.stop();
    this.byResource.get(resource)?.delete(watcher);
  }

  /** Open watches of a resource (for tests and diagnostics). */
  count(resource: string): number {
    return this.byResource.get(resource)?.size ?? 0;
  }

  publish(resource: string, event: StoredEvent): void {
    this.pending.push({ resource, event });
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let next = this.pending.shift(); next !== undefined; next = this.pending.shift()) {
        for (const watcher of this.byResource.get(next.resource) ?? []) watcher.offer(next.event);
      }
    } finally {
      this.delivering = false;
    }
  }
}
