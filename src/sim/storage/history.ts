// Storage compaction, as etcd's: a queue of the writes that superseded a version (in revision
// order), so compacting at revision C prunes exactly the keys written up to C, with no scan of the
// world. Reads of a revision below the compacted one are refused (410). The queue is bounded: past
// `limit` pending versions the oldest history is compacted, like the apiserver's periodic compaction.

import type { Entry, Keyspace } from "./keyspace.js";

interface Superseded {
  readonly space: Keyspace;
  readonly entry: Entry;
  /** The write that superseded the entry's previous version. */
  readonly rev: number;
}

/** Slots dropped from the head before the array is shifted down to reclaim them. */
const RECLAIM_AT = 4096;

export class History {
  private queue: Superseded[] = [];
  private head = 0;
  private compacted = 0;

  constructor(private readonly limit: number) {}

  /** Reads at revisions below this one are gone. */
  get compactedRevision(): number {
    return this.compacted;
  }

  /** Old versions (and deletion markers) still kept for past reads. */
  get pending(): number {
    return this.queue.length - this.head;
  }

  record(space: Keyspace, entry: Entry, rev: number): void {
    this.queue.push({ space, entry, rev });
    const excess = this.pending - this.limit;
    if (excess > 0) this.compact((this.queue[this.head + excess - 1] as Superseded).rev);
  }

  /** Discards every revision before `rev`; reads at `rev` itself stay possible. */
  compact(rev: number): void {
    while (this.head < this.queue.length) {
      const next = this.queue[this.head] as Superseded;
      if (next.rev > rev) break;
      next.space.prune(next.entry, rev);
      this.head += 1;
    }
    if (this.head >= RECLAIM_AT) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.compacted = Math.max(this.compacted, rev);
  }
}
