// An ordered set of items by string key, kept as a list of sorted chunks so that an insert or a
// removal moves at most one chunk (O(√n)-ish) instead of the whole array, and a range scan starts
// with two binary searches. Keys compare by UTF-16 code units, which is etcd's byte order for the
// ASCII names Kubernetes allows.

const MAX_CHUNK = 1024;

export interface Keyed {
  readonly key: string;
}

/** Index of the first item whose key is >= key (items.length when none). */
function lowerBound<T extends Keyed>(items: readonly T[], key: string): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((items[mid] as T).key < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class OrderedIndex<T extends Keyed> {
  private chunks: T[][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The chunk that holds `key` or would receive it. */
  private chunkFor(key: string): number {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = this.chunks[mid] as T[];
      if ((chunk[chunk.length - 1] as T).key < key) lo = mid + 1;
      else hi = mid;
    }
    return Math.min(lo, this.chunks.length - 1);
  }

  /** Adds an item whose key is not present yet. */
  insert(item: T): void {
    this.count += 1;
    if (this.chunks.length === 0) {
      this.chunks.push([item]);
      return;
    }
    const index = this.chunkFor(item.key);
    const chunk = this.chunks[index] as T[];
    chunk.splice(lowerBound(chunk, item.key), 0, item);
    if (chunk.length > MAX_CHUNK) {
      const half = chunk.length >>> 1;
      this.chunks.splice(index, 1, chunk.slice(0, half), chunk.slice(half));
    }
  }

  remove(key: string): void {
    if (this.chunks.length === 0) return;
    const index = this.chunkFor(key);
    const chunk = this.chunks[index] as T[];
    const at = lowerBound(chunk, key);
    if (chunk[at]?.key !== key) return;
    chunk.splice(at, 1);
    this.count -= 1;
    if (chunk.length === 0) this.chunks.splice(index, 1);
  }

  /** Visits items with key >= from, in key order, until `visit` returns false. */
  scan(from: string, visit: (item: T) => boolean): void {
    if (this.chunks.length === 0) return;
    let index = this.chunkFor(from);
    let at = lowerBound(this.chunks[index] as T[], from);
    for (; index < this.chunks.length; index++, at = 0) {
      const chunk = this.chunks[index] as T[];
      for (; at < chunk.length; at++) {
        if (!visit(chunk[at] as T)) return;
      }
    }
  }
}
