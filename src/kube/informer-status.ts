// Observable health of one informer: whether its cache was ever filled (synced), whether it currently
// talks to the API server (connected), and whether it has been cut off long enough that its cache
// should be called stale — the signal behind a Link's RemoteReachable condition. Counters and the
// last classified error are for /status and metrics. Listeners hear only about state flips.

import type { Clock, Timer } from "../runtime/clock.js";
import type { KubeErrorInfo } from "./errors.js";

export interface InformerStatus {
  /** A full list completed at least once: the cache can be read. Never goes back to false. */
  readonly synced: boolean;
  /** The last list page or watch request succeeded and no failure (other than 410 Expired) happened since. */
  readonly connected: boolean;
  /** Not connected for at least `staleAfterMs` (counted from start when it never connected). */
  readonly stale: boolean;
  /** Monotonic clock time since which it is not connected. */
  readonly disconnectedSinceMs?: number;
  readonly lastError?: KubeErrorInfo;
  /** Wall-clock time of lastError. */
  readonly lastErrorAtMs?: number;
  /** Wall-clock time of the last completed full list. */
  readonly lastListAtMs?: number;
  /** Latest resourceVersion seen (list, event or bookmark). */
  readonly resourceVersion?: string;
  /** Watch requests the server accepted. */
  readonly watches: number;
  /** Full lists after the first one (after 410 Expired or a failed first list attempt). */
  readonly relists: number;
  /** Failures retried (list, watch, watchdog, ERROR events). */
  readonly restarts: number;
  readonly objects: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export type StatusListener = (status: InformerStatus) => void;

/** Owned by one informer; the reflector reports into it. */
export class StatusTracker {
  readonly #clock: Clock;
  readonly #staleAfterMs: number;
  readonly #objects: () => number;
  readonly #listeners = new Set<StatusListener>();
  #state: Mutable<Omit<InformerStatus, "objects">> = {
    synced: false,
    connected: false,
    stale: false,
    watches: 0,
    relists: 0,
    restarts: 0,
  };
  #lists = 0;
  #staleTimer: Timer | undefined;

  constructor(clock: Clock, staleAfterMs: number, objects: () => number) {
    this.#clock = clock;
    this.#staleAfterMs = staleAfterMs;
    this.#objects = objects;
  }

  snapshot(): InformerStatus {
    return { ...this.#state, objects: this.#objects() };
  }

  onChange(listener: StatusListener): () => void {
    this.#listeners.add(listener);
    return (): void => {
      this.#listeners.delete(listener);
    };
  }

  /** The informer starts disconnected; it turns stale if it cannot connect within staleAfterMs. */
  started(): void {
    this.#disconnect();
  }

  reachable(): void {
    if (this.#state.connected) return;
    this.#staleTimer?.cancel();
    this.#staleTimer = undefined;
    this.#state.connected = true;
    this.#state.stale = false;
    delete this.#state.disconnectedSinceMs;
    this.#emit();
  }

  listed(resourceVersion: string): void {
    if (this.#lists++ > 0) this.#state.relists++;
    this.#state.lastListAtMs = this.#clock.wallNow();
    this.#state.resourceVersion = resourceVersion;
    const first = !this.#state.synced;
    this.#state.synced = true;
    if (first) this.#emit();
    this.reachable();
  }

  watchOpened(): void {
    this.#state.watches++;
    this.reachable();
  }

  progressed(resourceVersion: string): void {
    this.#state.resourceVersion = resourceVersion;
  }

  failed(info: KubeErrorInfo): void {
    this.#state.restarts++;
    this.#state.lastError = info;
    this.#state.lastErrorAtMs = this.#clock.wallNow();
    // 410 Expired is the protocol asking for a relist, from a server that answered: still connected.
    if (!this.#state.connected || info.kind === "expired") return;
    this.#disconnect();
    this.#emit();
  }

  /** Cancels the stale timer and forgets every listener. */
  stop(): void {
    this.#staleTimer?.cancel();
    this.#staleTimer = undefined;
    this.#listeners.clear();
  }

  #disconnect(): void {
    this.#state.connected = false;
    this.#state.disconnectedSinceMs = this.#clock.now();
    this.#staleTimer?.cancel();
    this.#staleTimer = this.#clock.setTimer(this.#staleAfterMs, () => {
      this.#staleTimer = undefined;
      this.#state.stale = true;
      this.#emit();
    });
  }

  #emit(): void {
    const status = this.snapshot();
    for (const listener of [...this.#listeners]) listener(status);
  }
}
