// A contiguous range of offsets handed out to owners, the shape of kube's bitmap allocators for
// ClusterIPs and NodePorts. Dynamic allocation prefers the range above `dynamicFrom` (kube's static
// subrange: low values stay free for explicit requests) and walks forward from the last allocation,
// which keeps allocation O(1) amortized and deterministic where the real server picks at random.

export type ReserveResult = "ok" | "allocated";

export class RangeAllocator {
  private readonly owners = new Map<number, string>();
  private readonly byOwner = new Map<string, Set<number>>();
  private cursor: number;

  /**
   * @param size number of offsets, 0 … size-1
   * @param dynamicFrom first offset of the band tried first by allocateNext
   * @param reserved offsets allocateNext never hands out (still grantable on explicit request)
   */
  constructor(
    readonly size: number,
    private readonly dynamicFrom: number,
    private readonly reserved: ReadonlySet<number> = new Set(),
  ) {
    this.cursor = dynamicFrom;
  }

  get used(): number {
    return this.owners.size;
  }

  has(offset: number): boolean {
    return this.owners.has(offset);
  }

  ownerOf(offset: number): string | undefined {
    return this.owners.get(offset);
  }

  reserve(offset: number, owner: string): ReserveResult {
    if (this.owners.has(offset)) return "allocated";
    this.take(offset, owner);
    return "ok";
  }

  private peekNext(): number | undefined {
    return (
      this.scan(this.cursor, this.size) ??
      this.scan(this.dynamicFrom, this.cursor) ??
      this.scan(0, this.dynamicFrom)
    );
  }

  allocateNext(owner: string): number | undefined {
    const offset = this.peekNext();
    if (offset === undefined) return undefined;
    this.take(offset, owner);
    this.cursor = offset + 1 < this.size ? offset + 1 : this.dynamicFrom;
    return offset;
  }

  /** Frees the offset if `owner` holds it; returns whether it did. */
  release(offset: number, owner: string): boolean {
    if (this.owners.get(offset) !== owner) return false;
    this.owners.delete(offset);
    this.byOwner.get(owner)?.delete(offset);
    return true;
  }

  /** Frees every offset held by `owner`. */
  releaseOwner(owner: string): void {
    for (const offset of this.byOwner.get(owner) ?? []) this.owners.delete(offset);
    this.byOwner.delete(owner);
  }

  private take(offset: number, owner: string): void {
    this.owners.set(offset, owner);
    let held = this.byOwner.get(owner);
    if (!held) {
      held = new Set();
      this.byOwner.set(owner, held);
    }
    held.add(offset);
  }

  private scan(from: number, to: number): number | undefined {
    for (let offset = from; offset < to; offset++) {
      if (!this.owners.has(offset) && !this.reserved.has(offset)) return offset;
    }
    return undefined;
  }
}

/** kube's calculateRangeOffset: min(max(16, size/step), max) for ranges larger than 16. */
export function staticBandSize(size: number, step: number, maxBand: number): number {
  if (size <= 16) return 0;
  return Math.min(Math.max(16, Math.floor(size / step)), maxBand);
}
