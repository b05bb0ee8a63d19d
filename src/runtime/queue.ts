// A "stingy" key queue with client-go workqueue semantics: a key is queued at most once however
// often it is added, is never processed by two workers at once, and a key added while it is
// being processed is queued again when that processing finishes. Retries are a separate,
// per-key rate-limited layer (addRateLimited/forget) and timers come from the injected clock.
// Not guaranteed: ordering between different keys, and keys still queued at shutdown are dropped
// (level-triggered callers re-enqueue everything when they start again).

import { type BackoffOptions, KeyedBackoff } from "./backoff.js";
import type { Clock, Timer } from "./clock.js";

/** Optional observation hooks; the admin/metrics code maps them to Prometheus series. */
export interface QueueMetrics {
  added?(key: string): void;
  depth?(depth: number): void;
  retried?(key: string): void;
  /** Time a key spent queued before a worker picked it up. */
  queueLatencyMs?(ms: number): void;
  /** Time one `process` call took. */
  workDurationMs?(ms: number): void;
}

export interface KeyQueueOptions {
  /** Per-key retry delays for addRateLimited; default 5 ms doubling up to 5 minutes. */
  retryBackoff?: BackoffOptions;
  metrics?: QueueMetrics;
}

export interface RunOptions {
  /** Number of concurrent workers; at least 1. */
  workers: number;
  /** Aborting it shuts the queue down; run() resolves once in-flight keys finished. */
  signal: AbortSignal;
  /** Whether a failed key should be retried with backoff; default: always. */
  isRetryable?: (err: unknown) => boolean;
  /** Told about every failure, with the number of retries the key already had. */
  onError?: (key: string, err: unknown, retries: number) => void;
}

export type ProcessFn = (key: string, signal: AbortSignal) => Promise<void>;

const DEFAULT_RETRY_BACKOFF: BackoffOptions = { initialMs: 5, maxMs: 300_000, factor: 2, jitter: 0 };

export class KeyQueue {
  readonly #clock: Clock;
  readonly #metrics: QueueMetrics;
  readonly #retries: KeyedBackoff<string>;
  readonly #queue: string[] = [];
  readonly #dirty = new Map<string, number>(); // key → time it was added (for latency)
  readonly #processing = new Set<string>();
  readonly #waiting = new Map<string, { dueMs: number; timer: Timer }>();
  #getters: Array<(key: string | undefined) => void> = [];
  #shuttingDown = false;

  constructor(clock: Clock, opts: KeyQueueOptions = {}) {
    this.#clock = clock;
    this.#metrics = opts.metrics ?? {};
    this.#retries = new KeyedBackoff(opts.retryBackoff ?? DEFAULT_RETRY_BACKOFF);
  }

  /** Keys waiting for a worker (not counting keys in processing or in addAfter delays). */
  get length(): number {
    return this.#queue.length;
  }

  get processingCount(): number {
    return this.#processing.size;
  }

  get delayedCount(): number {
    return this.#waiting.size;
  }

  get isShuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Marks `key` for processing. Repeated adds before a worker picks it up collapse into one. */
  add(key: string): void {
    if (this.#shuttingDown) return;
    this.#metrics.added?.(key);
    if (this.#dirty.has(key)) return;
    this.#dirty.set(key, this.#clock.now());
    if (this.#processing.has(key)) return;
    this.#push(key);
  }

  /** Adds `key` after `delayMs`; a pending earlier delay for the same key wins. */
  addAfter(key: string, delayMs: number): void {
    if (this.#shuttingDown) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const dueMs = this.#clock.now() + delayMs;
    const existing = this.#waiting.get(key);
    if (existing !== undefined && existing.dueMs <= dueMs) return;
    existing?.timer.cancel();
    const timer = this.#clock.setTimer(delayMs, () => {
      this.#waiting.delete(key);
      this.add(key);
    });
    this.#waiting.set(key, { dueMs, timer });
  }

  /** Adds `key` after its per-key backoff delay and counts a retry. */
  addRateLimited(key: string): void {
    if (this.#shuttingDown) return;
    this.#metrics.retried?.(key);
    this.addAfter(key, this.#retries.when(key));
  }

  /** Ends retry tracking for `key` (call after it was processed successfully). */
  forget(key: string): void {
    this.#retries.forget(key);
  }

  numRequeues(key: string): number {
    return this.#retries.retries(key);
  }

  /**
   * Hands out the next key and marks it as processing; the caller must call done(key).
   * Resolves undefined once the queue shuts down or `signal` aborts.
   */
  get(signal?: AbortSignal): Promise<string | undefined> {
    const key = this.#queue.shift();
    if (key !== undefined) return Promise.resolve(this.#start(key));
    if (this.#shuttingDown || signal?.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const getter = (next: string | undefined): void => {
        signal?.removeEventListener("abort", onAbort);
        resolve(next === undefined ? undefined : this.#start(next));
      };
      const onAbort = (): void => {
        this.#getters = this.#getters.filter((g) => g !== getter);
        resolve(undefined);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#getters.push(getter);
    });
  }

  /** Ends processing of `key`; if it was added meanwhile it is queued again. */
  done(key: string): void {
    this.#processing.delete(key);
    if (this.#dirty.has(key) && !this.#shuttingDown) this.#push(key);
  }

  /** Stops accepting keys, drops queued and delayed ones and releases idle getters. */
  shutdown(): void {
    if (this.#shuttingDown) return;
    this.#shuttingDown = true;
    for (const { timer } of this.#waiting.values()) timer.cancel();
    this.#waiting.clear();
    this.#queue.length = 0;
    this.#dirty.clear();
    this.#metrics.depth?.(0);
    const getters = this.#getters;
    this.#getters = [];
    for (const g of getters) g(undefined);
  }

  /**
   * Runs `opts.workers` workers until `opts.signal` aborts; resolves when all of them have
   * finished their current key. A failing key is retried with backoff unless isRetryable says no;
   * a key that succeeds has its retry history forgotten.
   */
  async run(process: ProcessFn, opts: RunOptions): Promise<void> {
    if (!(Number.isInteger(opts.workers) && opts.workers >= 1)) {
      throw new RangeError(`workers must be a positive integer, got ${opts.workers}`);
    }
    const onAbort = (): void => this.shutdown();
    if (opts.signal.aborted) this.shutdown();
    opts.signal.addEventListener("abort", onAbort, { once: true });
    try {
      const workers = Array.from({ length: opts.workers }, () => this.#worker(process, opts));
      await Promise.all(workers);
    } finally {
      opts.signal.removeEventListener("abort", onAbort);
    }
  }

  async #worker(process: ProcessFn, opts: RunOptions): Promise<void> {
    for (;;) {
      const key = await this.get(opts.signal);
      if (key === undefined) return;
      await this.#processOne(key, process, opts);
    }
  }

  async #processOne(key: string, process: ProcessFn, opts: RunOptions): Promise<void> {
    const startMs = this.#clock.now();
    try {
      await process(key, opts.signal);
      this.forget(key);
    } catch (err) {
      opts.onError?.(key, err, this.numRequeues(key));
      if (opts.isRetryable?.(err) ?? true) this.addRateLimited(key);
      else this.forget(key);
    } finally {
      this.#metrics.workDurationMs?.(this.#clock.now() - startMs);
      this.done(key);
    }
  }

  #push(key: string): void {
    const getter = this.#getters.shift();
    if (getter !== undefined) {
      getter(key);
      return;
    }
    this.#queue.push(key);
    this.#metrics.depth?.(this.#queue.length);
  }

  #start(key: string): string {
    const addedMs = this.#dirty.get(key) ?? this.#clock.now();
    this.#dirty.delete(key);
    this.#processing.add(key);
    this.#metrics.queueLatencyMs?.(this.#clock.now() - addedMs);
    this.#metrics.depth?.(this.#queue.length);
    return key;
  }
}
