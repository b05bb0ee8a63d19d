// The informer's store: the latest known object per `namespace/name` key, with optional indexes
// (client-go's Indexers) so a reconcile can find, say, the slices of one service without a scan.
// Every mutation returns the change it made as data; the informer turns those into notifications.
// `replace` is the relist diff: objects missing from a fresh list come back as deletions whose
// final state is unknown (they were deleted while no watch was open).
// Objects are the API's JSON as received and are shared with readers: treat them as read-only.

export interface KubeObjectLike {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
  };
}

export type CacheChange<T> =
  | { type: "added"; key: string; object: T }
  | { type: "updated"; key: string; object: T; old: T }
  | { type: "deleted"; key: string; object: T; finalStateUnknown: boolean };

/** Values an object is indexed under, e.g. its `kubernetes.io/service-name` label. */
export type IndexFunc<T> = (object: T) => readonly string[];

/** `namespace/name`, or `name` for cluster-scoped objects. */
export function objectKey(object: KubeObjectLike): string {
  const name = object.metadata?.name;
  if (name === undefined || name === "") throw new Error("object has no metadata.name");
  const namespace = object.metadata?.namespace;
  return namespace ? `${namespace}/${name}` : name;
}

/** Splits a key made by objectKey; `namespace` is "" for cluster-scoped keys. */
export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf("/");
  return slash < 0
    ? { namespace: "", name: key }
    : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** Whether every `labels` entry is set to that value on the object (an equality selector). */
export function hasLabels(object: KubeObjectLike, labels: Readonly<Record<string, string>>): boolean {
  const own = object.metadata?.labels ?? {};
  return Object.entries(labels).every(([k, v]) => own[k] === v);
}

function sameVersion(a: KubeObjectLike, b: KubeObjectLike): boolean {
  const rv = a.metadata?.resourceVersion;
  return rv !== undefined && rv !== "" && rv === b.metadata?.resourceVersion;
}

export class ObjectCache<T extends KubeObjectLike> {
  readonly #objects = new Map<string, T>();
  readonly #byNamespace = new Map<string, Set<string>>();
  readonly #indexers: ReadonlyMap<string, IndexFunc<T>>;
  readonly #indexes = new Map<string, Map<string, Set<string>>>();

  constructor(indexers: Readonly<Record<string, IndexFunc<T>>> = {}) {
    this.#indexers = new Map(Object.entries(indexers));
    for (const name of this.#indexers.keys()) this.#indexes.set(name, new Map());
  }

  get size(): number {
    return this.#objects.size;
  }

  get(namespace: string, name: string): T | undefined {
    return this.#objects.get(namespace ? `${namespace}/${name}` : name);
  }

  getByKey(key: string): T | undefined {
    return this.#objects.get(key);
  }

  keys(): string[] {
    return [...this.#objects.keys()];
  }

  /** Every object, or those of one namespace. */
  list(namespace?: string): T[] {
    if (namespace === undefined) return [...this.#objects.values()];
    return this.#collect(this.#byNamespace.get(namespace));
  }

  /** Objects carrying all the given labels (a scan; register an index for hot lookups). */
  listByLabels(labels: Readonly<Record<string, string>>, namespace?: string): T[] {
    return this.list(namespace).filter((o) => hasLabels(o, labels));
  }

  /** Objects indexed under `value` by the indexer registered as `indexName`. */
  byIndex(indexName: string, value: string): T[] {
    const index = this.#indexes.get(indexName);
    if (index === undefined) throw new Error(`no index named ${indexName}`);
    return this.#collect(index.get(value));
  }

  /** Stores an object seen on a watch; returns the change, or undefined if this version is cached. */
  upsert(object: T): CacheChange<T> | undefined {
    const key = objectKey(object);
    const old = this.#objects.get(key);
    if (old !== undefined && sameVersion(old, object)) return undefined;
    this.#store(key, object, old);
    return old === undefined ? { type: "added", key, object } : { type: "updated", key, object, old };
  }

  /** Removes an object a watch reported deleted; `object` is its final state. */
  remove(object: T): CacheChange<T> | undefined {
    const key = objectKey(object);
    const old = this.#objects.get(key);
    if (old === undefined) return undefined;
    this.#drop(key, old);
    return { type: "deleted", key, object, finalStateUnknown: false };
  }

  /** Makes the cache equal to a fresh full list and returns every difference, deletions last. */
  replace(items: readonly T[]): CacheChange<T>[] {
    const changes: CacheChange<T>[] = [];
    const listed = new Set<string>();
    for (const item of items) {
      const key = objectKey(item);
      listed.add(key);
      const change = this.upsert(item);
      if (change !== undefined) changes.push(change);
    }
    for (const [key, old] of this.#objects) {
      if (listed.has(key)) continue;
      this.#drop(key, old);
      changes.push({ type: "deleted", key, object: old, finalStateUnknown: true });
    }
    return changes;
  }

  #collect(keys: ReadonlySet<string> | undefined): T[] {
    const out: T[] = [];
    for (const key of keys ?? []) {
      const object = this.#objects.get(key);
      if (object !== undefined) out.push(object);
    }
    return out;
  }

  #store(key: string, object: T, old: T | undefined): void {
    if (old !== undefined) this.#unindex(key, old);
    this.#objects.set(key, object);
    const namespace = object.metadata?.namespace ?? "";
    let keys = this.#byNamespace.get(namespace);
    if (keys === undefined) {
      keys = new Set();
      this.#byNamespace.set(namespace, keys);
    }
    keys.add(key);
    for (const [name, fn] of this.#indexers) {
      const index = this.#indexes.get(name) as Map<string, Set<string>>;
      for (const value of fn(object)) {
        let bucket = index.get(value);
        if (bucket === undefined) {
          bucket = new Set();
          index.set(value, bucket);
        }
        bucket.add(key);
      }
    }
  }

  #drop(key: string, old: T): void {
    this.#objects.delete(key);
    this.#unindex(key, old);
  }

  #unindex(key: string, old: T): void {
    const namespace = old.metadata?.namespace ?? "";
    const keys = this.#byNamespace.get(namespace);
    keys?.delete(key);
    if (keys?.size === 0) this.#byNamespace.delete(namespace);
    for (const [name, fn] of this.#indexers) {
      const index = this.#indexes.get(name) as Map<string, Set<string>>;
      for (const value of fn(old)) {
        const bucket = index.get(value);
        bucket?.delete(key);
        if (bucket?.size === 0) index.delete(value);
      }
    }
  }
}
