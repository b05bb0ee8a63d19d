// When watches that allowed bookmarks get one, timed as kube-apiserver 1.28's cacher times them:
// each watch is due about once a minute and 2 s before its deadline (cacheWatcher.nextBookmarkTime),
// filed in one-second buckets, and due buckets are emptied on a tick about once a second. A tick
// can fall in the bucket's second before the due instant; the watch is then due again at once and
// gets a second bookmark on the next tick — the "second bookmark ~1 s later" some recorded runs show.
// kube's ticker is free-running (every 1–1.25 s); this one ticks once within every second of the
// bucket grid at a random offset, which gives the same granularity and race and can stop while no
// watch waits for a bookmark. Nothing here guarantees delivery: bookmarks are best effort.

import type { Clock, Timer } from "../../runtime/clock.js";

/** cacher's bookmark frequency (defaultBookmarkFrequency). */
const BOOKMARK_PERIOD_MS = 60_000;
/** How long before its deadline a watch's last bookmark is due. */
const BEFORE_DEADLINE_MS = 2_000;
const BUCKET_MS = 1_000;

/** One watch that allowed bookmarks. */
export interface BookmarkTarget {
  /** When the watch ends, on the clock's monotonic time. */
  readonly deadlineMs: number;
  /** Writes one BOOKMARK event. */
  send(): void;
}

/** When a watch is next due, or undefined when it gets no more bookmarks (nextBookmarkTime). */
export function nextBookmarkMs(nowMs: number, deadlineMs: number): number | undefined {
  const dueMs = Math.min(nowMs + BOOKMARK_PERIOD_MS, deadlineMs - BEFORE_DEADLINE_MS);
  return dueMs < nowMs ? undefined : dueMs;
}

export interface BookmarkDispatcherOptions {
  readonly clock: Clock;
  /** Where in each second the tick falls; default Math.random. */
  readonly random?: () => number;
}

export class BookmarkDispatcher {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly buckets = new Map<number, Set<BookmarkTarget>>();
  private readonly bucketOf = new Map<BookmarkTarget, number>();
  /** Buckets below this were emptied already; a watch due in one of them goes to this one. */
  private nextBucket = Number.NEGATIVE_INFINITY;
  private timer: Timer | undefined;

  constructor(opts: BookmarkDispatcherOptions) {
    this.clock = opts.clock;
    this.random = opts.random ?? Math.random;
  }

  /** Files a new watch for its first bookmark. */
  add(target: BookmarkTarget): void {
    this.file(target, this.clock.now());
  }

  /** Forgets a watch that ended; the tick stops once no watch is filed. */
  remove(target: BookmarkTarget): void {
    const bucket = this.bucketOf.get(target);
    if (bucket === undefined) return;
    this.bucketOf.delete(target);
    const filed = this.buckets.get(bucket);
    filed?.delete(target);
    if (filed?.size === 0) this.buckets.delete(bucket);
    if (this.buckets.size === 0) this.disarm();
  }

  /** Stops ticking and forgets every watch (the sim is stopping). */
  stop(): void {
    this.disarm();
    this.buckets.clear();
    this.bucketOf.clear();
  }

  private disarm(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private file(target: BookmarkTarget, nowMs: number): void {
    const dueMs = nextBookmarkMs(nowMs, target.deadlineMs);
    if (dueMs === undefined) return;
    const bucket = Math.max(Math.floor(dueMs / BUCKET_MS), this.nextBucket);
    const filed = this.buckets.get(bucket);
    if (filed) filed.add(target);
    else this.buckets.set(bucket, new Set([target]));
    this.bucketOf.set(target, bucket);
    this.arm(nowMs);
  }

  /** Schedules the tick at a random point of the next second of the grid, unless one is pending. */
  private arm(nowMs: number): void {
    if (this.timer !== undefined) return;
    const nextSecondMs = (Math.floor(nowMs / BUCKET_MS) + 1) * BUCKET_MS;
    const tickMs = nextSecondMs + Math.floor(this.random() * BUCKET_MS);
    this.timer = this.clock.setTimer(Math.max(0, tickMs - this.clock.now()), () => this.tick(tickMs));
  }

  /** Runs as of its scheduled time: a host that fires the timer late delays bookmarks, not decisions. */
  private tick(nowMs: number): void {
    this.timer = undefined;
    const current = Math.floor(nowMs / BUCKET_MS);
    const due: BookmarkTarget[] = [];
    for (const [bucket, targets] of this.buckets) {
      if (bucket > current) continue;
      this.buckets.delete(bucket);
      for (const target of targets) {
        this.bucketOf.delete(target);
        due.push(target);
      }
    }
    this.nextBucket = current + 1;
    for (const target of due) {
      target.send();
      this.file(target, nowMs);
    }
    if (this.buckets.size > 0) this.arm(nowMs);
  }
}
