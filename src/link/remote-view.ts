// The remote cluster as the mirror reconciler reads it: the selected Services per mode, the
// EndpointSlices of each, a stream of changed Service keys (`namespace/name`) and the newest
// connection's state. The view outlives connections. When credentials rotate or selectors change, the
// new connection syncs in the background while readers keep the previous data, frozen; once it has
// synced the view switches over and emits only the keys whose objects differ (by uid and
// resourceVersion). Data is never dropped for lack of contact: a stopped, failing or partitioned
// connection leaves its last caches readable. Not guaranteed: the order of keys, or one key per change
// (a burst may be reported once or several times; readers are level-triggered).

import type { Logger } from "pino";
import type { CacheChange, KubeObjectLike } from "../kube/cache.js";
import type { InformerStatus } from "../kube/informer.js";
import { BY_SERVICE_INDEX, type ConnectionState, type RemoteConnection } from "./remote-connection.js";
import type { RemoteMode } from "./selectors.js";

const MODES: readonly RemoteMode[] = ["gateway", "flat"];

export interface RemoteViewState {
  /** The newest connection: the one being switched to during a handover. */
  readonly connection?: {
    readonly id: number;
    readonly server: string;
    readonly state: ConnectionState;
    readonly informers: Readonly<Record<string, InformerStatus>>;
  };
  /** The data served comes from an older connection than the newest, or from a stopped one. */
  readonly frozen: boolean;
  /** The data served was complete at least once (some connection synced). */
  readonly synced: boolean;
  readonly services: number;
  readonly endpointSlices: number;
}

export type KeyListener = (key: string) => void;

interface Source {
  readonly connection: RemoteConnection;
  readonly unsubscribe: (() => void)[];
  synced: boolean;
}

function sliceServiceKeys(change: CacheChange<KubeObjectLike>): string[] {
  const keys = new Set<string>();
  for (const object of change.type === "updated" ? [change.object, change.old] : [change.object]) {
    const service = object.metadata?.labels?.["kubernetes.io/service-name"];
    if (service && object.metadata?.namespace) keys.add(`${object.metadata.namespace}/${service}`);
  }
  return [...keys];
}

function identity(object: KubeObjectLike | undefined): string {
  return object === undefined
    ? "-"
    : `${object.metadata?.uid ?? ""}@${object.metadata?.resourceVersion ?? ""}`;
}

export class RemoteView {
  readonly #log: Logger;
  readonly #keyListeners = new Set<KeyListener>();
  readonly #stateListeners = new Set<() => void>();
  readonly #stopping = new Set<Promise<void>>();
  #current: Source | undefined;
  #pending: Source | undefined;

  constructor(log: Logger) {
    this.#log = log;
  }

  /** The remote Service `key` as selected for `mode`, or undefined. */
  service(mode: RemoteMode, key: string): KubeObjectLike | undefined {
    return this.#current?.connection.services.get(mode)?.getByKey(key);
  }

  /** Keys of every Service selected for any mode. */
  serviceKeys(): string[] {
    return this.#current === undefined ? [] : [...serviceKeysOf(this.#current)];
  }

  /** The EndpointSlices labelled with the Service `key`'s name, in its namespace. */
  endpointSlices(key: string): KubeObjectLike[] {
    return this.#current?.connection.endpointSlices.byIndex(BY_SERVICE_INDEX, key) ?? [];
  }

  state(): RemoteViewState {
    const newest = this.#pending ?? this.#current;
    const connection = newest?.connection;
    return {
      ...(connection === undefined
        ? {}
        : {
            connection: {
              id: connection.id,
              server: connection.server,
              state: connection.state,
              informers: connection.informers(),
            },
          }),
      frozen: this.#pending !== undefined || this.#current?.connection.state.phase === "stopped",
      synced: this.#current?.synced ?? false,
      services: this.#current === undefined ? 0 : serviceKeysOf(this.#current).size,
      endpointSlices: this.#current?.connection.endpointSlices.keys().length ?? 0,
    };
  }

  /** Hears every changed Service key; returns the removal. Listeners run synchronously: enqueue only. */
  onKey(listener: KeyListener): () => void {
    this.#keyListeners.add(listener);
    return (): void => {
      this.#keyListeners.delete(listener);
    };
  }

  /** Hears changes of state(); returns the removal. */
  onStateChange(listener: () => void): () => void {
    this.#stateListeners.add(listener);
    return (): void => {
      this.#stateListeners.delete(listener);
    };
  }

  /**
   * Takes over `connection` and starts it. The first connection serves at once; a later one replaces
   * the served data once it has synced, and the connections before it are stopped now (their data
   * stays readable until the switch).
   */
  attach(connection: RemoteConnection): void {
    const source: Source = { connection, unsubscribe: [], synced: false };
    source.unsubscribe.push(connection.onState((state) => this.#onState(source, state)));
    for (const informer of connection.services.values()) {
      source.unsubscribe.push(informer.onEvent((change) => this.#onServiceChange(source, change.key)));
    }
    source.unsubscribe.push(
      connection.endpointSlices.onEvent((change) => this.#onSliceChange(source, change)),
    );
    if (this.#pending !== undefined) this.#retire(this.#pending);
    if (this.#current === undefined) {
      this.#current = source;
    } else {
      this.#retire(this.#current);
      this.#pending = source;
    }
    connection.start();
    this.#emitState();
  }

  /** Stops every connection and keeps the last data served. */
  async detach(): Promise<void> {
    if (this.#pending !== undefined) this.#retire(this.#pending);
    this.#pending = undefined;
    if (this.#current !== undefined) this.#retire(this.#current);
    this.#emitState();
    if (this.#stopping.size === 0) return;
    while (this.#stopping.size > 0) await Promise.all([...this.#stopping]);
    this.#emitState();
  }

  /** detach(), then forgets every listener. */
  async stop(): Promise<void> {
    await this.detach();
    this.#keyListeners.clear();
    this.#stateListeners.clear();
  }

  #retire(source: Source): void {
    for (const unsubscribe of source.unsubscribe.splice(0)) unsubscribe();
    if (source.connection.state.phase === "stopped") return;
    const stopping = source.connection.stop();
    this.#stopping.add(stopping);
    void stopping.finally(() => this.#stopping.delete(stopping));
  }

  #onState(source: Source, state: ConnectionState): void {
    if (state.phase === "synced" && !source.synced) {
      source.synced = true;
      if (source === this.#pending) this.#switchTo(source);
    }
    this.#emitState();
  }

  #onServiceChange(source: Source, key: string): void {
    if (source === this.#current) this.#emitKeys([key]);
  }

  #onSliceChange(source: Source, change: CacheChange<KubeObjectLike>): void {
    if (source !== this.#current) return;
    const services = [...source.connection.services.values()];
    // Slices of Services that are not selected are not reported: they cannot change a mirror.
    this.#emitKeys(
      sliceServiceKeys(change).filter((key) => services.some((informer) => informer.getByKey(key))),
    );
  }

  #switchTo(next: Source): void {
    const previous = this.#current;
    this.#current = next;
    this.#pending = undefined;
    if (previous === undefined) return;
    const changed: string[] = [];
    for (const key of new Set([...serviceKeysOf(previous), ...serviceKeysOf(next)])) {
      if (fingerprint(previous, key) !== fingerprint(next, key)) changed.push(key);
    }
    this.#log.info(
      { from: previous.connection.id, to: next.connection.id, changedKeys: changed.length },
      "switched to the new remote connection",
    );
    this.#emitKeys(changed);
  }

  #emitKeys(keys: readonly string[]): void {
    for (const key of keys) {
      for (const listener of [...this.#keyListeners]) {
        try {
          listener(key);
        } catch (err) {
          this.#log.error({ err, key }, "remote key listener threw");
        }
      }
    }
  }

  #emitState(): void {
    for (const listener of [...this.#stateListeners]) {
      try {
        listener();
      } catch (err) {
        this.#log.error({ err }, "remote view state listener threw");
      }
    }
  }
}

function serviceKeysOf(source: Source): Set<string> {
  const keys = new Set<string>();
  for (const informer of source.connection.services.values())
    for (const key of informer.keys()) keys.add(key);
  return keys;
}

/** What a reader of `key` would see: each mode's Service and the slices, by uid and resourceVersion. */
function fingerprint(source: Source, key: string): string {
  const services = MODES.map((mode) => identity(source.connection.services.get(mode)?.getByKey(key)));
  const slices = source.connection.endpointSlices
    .byIndex(BY_SERVICE_INDEX, key)
    .map((slice) => `${slice.metadata?.name ?? ""}=${identity(slice)}`)
    .sort();
  return JSON.stringify([services, slices]);
}
