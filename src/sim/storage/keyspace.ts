// The objects of one resource as a small MVCC store: each key keeps its versions (newest last, a
// null object marking a deletion) so that lists can read a past revision, as etcd does for
// paginated and exact reads. Keys are etcd's: "<namespace>/<name>", or "<name>" when cluster-scoped.
// Old versions go away only through compaction (see history.ts).

import type { KubeObject } from "../types.js";
import { OrderedIndex } from "./ordered-index.js";

export interface Version {
  readonly rev: number;
  /** null: the key was deleted at this revision. */
  readonly obj: KubeObject | null;
}

export function keyOf(namespace: string, name: string): string {
  return namespace === "" ? name : `${namespace}/${name}`;
}

/** The key prefix of a namespace's objects; "" spans all namespaces (and cluster-scoped keys). */
export function prefixOf(namespace: string | undefined): string {
  return namespace ? `${namespace}/` : "";
}

export class Entry {
  versions: Version[] = [];

  constructor(readonly key: string) {}

  get current(): KubeObject | undefined {
    return this.versions[this.versions.length - 1]?.obj ?? undefined;
  }

  /** The object as it was at revision `rev` (undefined when absent then). */
  at(rev: number): KubeObject | undefined {
    for (let i = this.versions.length - 1; i >= 0; i--) {
      const version = this.versions[i] as Version;
      if (version.rev <= rev) return version.obj ?? undefined;
    }
    return undefined;
  }

  /**
   * Drops what no read at revision >= compactRev can see: versions superseded at or before it and a
   * deletion marker at or before it. Returns true when nothing is left.
   */
  prune(compactRev: number): boolean {
    let keep = 0;
    for (let i = this.versions.length - 1; i >= 0; i--) {
      if ((this.versions[i] as Version).rev <= compactRev) {
        keep = i;
        break;
      }
    }
    const first = this.versions[keep];
    const dropFirst = first !== undefined && first.obj === null && first.rev <= compactRev;
    this.versions = this.versions.slice(dropFirst ? keep + 1 : keep);
    return this.versions.length === 0;
  }
}

export class Keyspace {
  private readonly entries = new Map<string, Entry>();
  private readonly index = new OrderedIndex<Entry>();
  /** Learnt from the first key written: false once a namespaced key was seen. */
  private scope: "namespaced" | "cluster" | undefined;

  get clusterScoped(): boolean {
    return this.scope === "cluster";
  }

  get(key: string): Entry | undefined {
    return this.entries.get(key);
  }

  /** Appends a version; returns the entry and whether an older version was superseded. */
  write(namespace: string, name: string, version: Version): { entry: Entry; superseded: boolean } {
    const key = keyOf(namespace, name);
    this.scope ??= namespace === "" ? "cluster" : "namespaced";
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = new Entry(key);
      this.entries.set(key, entry);
      this.index.insert(entry);
    }
    const superseded = entry.versions.length > 0;
    entry.versions.push(version);
    return { entry, superseded };
  }

  /** Applies compaction to one entry, forgetting the key when nothing is left of it. */
  prune(entry: Entry, compactRev: number): void {
    if (!entry.prune(compactRev) || this.entries.get(entry.key) !== entry) return;
    this.entries.delete(entry.key);
    this.index.remove(entry.key);
  }

  /**
   * Visits the objects visible at `rev` (undefined: the current ones) whose keys start with `prefix`
   * and are >= `from`, in key order, until `visit` returns false.
   */
  scan(
    prefix: string,
    from: string,
    rev: number | undefined,
    visit: (entry: Entry, obj: KubeObject) => boolean,
  ): void {
    this.index.scan(from < prefix ? prefix : from, (entry) => {
      if (!entry.key.startsWith(prefix)) return false;
      const obj = rev === undefined ? entry.current : entry.at(rev);
      return obj === undefined ? true : visit(entry, obj);
    });
  }
}
