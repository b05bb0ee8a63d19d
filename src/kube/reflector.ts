// The list-then-watch loop behind an informer. It never gives up: every failure (list or watch
// refused, 5xx, 429, socket reset, a silent connection, an ERROR event) is retried with backoff, and
// a 429's Retry-After is honoured. After a clean watch end it watches again from the last
// resourceVersion; only 410 Expired (HTTP or ERROR event) forces a full relist. A watchdog on the
// injected clock aborts a watch that has been silent for `idleTimeoutMs` (a half-open connection).
// Not guaranteed: events are delivered at least once across relists, never in a global order.

import { ApiException } from "@kubernetes/client-node";
import type { Logger } from "pino";
import { Backoff, type BackoffOptions } from "../runtime/backoff.js";
import type { Clock, Timer } from "../runtime/clock.js";
import type { KubeObjectLike } from "./cache.js";
import { classifyKubeError, KubeApiError } from "./errors.js";
import type { StatusTracker } from "./informer-status.js";
import type { ListWatcher, WatchEvent } from "./listwatch.js";

/** Where the reflector puts what it learns. */
export interface ReflectorSink<T> {
  /** A complete, consistent list replaces everything known before. */
  replace(items: T[]): void;
  apply(type: "ADDED" | "MODIFIED" | "DELETED", object: T): void;
}

export interface ReflectorOptions {
  clock: Clock;
  log: Logger;
  backoff: BackoffOptions;
  /** Items per list page. */
  pageSize: number;
  /** The `timeoutSeconds` of the next watch request (randomized by the caller). */
  watchTimeoutSeconds: () => number;
  /** A watch that sends nothing (not even a bookmark) for this long is abandoned. */
  idleTimeoutMs: number;
}

/** A server asking for more than this is not believed; the backoff cap still applies below it. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;
/** A watch that ends cleanly sooner than this without a single event is a failure, not a timeout. */
const MIN_WATCH_DURATION_MS = 1_000;

function errorFromStatus(status: KubeObjectLike): ApiException<string> {
  const code = (status as { code?: unknown }).code;
  const httpCode = typeof code === "number" ? code : 500;
  return new ApiException(httpCode, `watch ERROR event ${httpCode}`, JSON.stringify(status), {});
}

export class Reflector<T extends KubeObjectLike> {
  readonly #source: ListWatcher<T>;
  readonly #sink: ReflectorSink<T>;
  readonly #status: StatusTracker;
  readonly #opts: ReflectorOptions;
  readonly #backoff: Backoff;
  /** Where the next watch resumes; undefined means a full list is needed first. */
  #resourceVersion: string | undefined;

  constructor(source: ListWatcher<T>, sink: ReflectorSink<T>, status: StatusTracker, opts: ReflectorOptions) {
    this.#source = source;
    this.#sink = sink;
    this.#status = status;
    this.#opts = opts;
    this.#backoff = new Backoff(opts.backoff);
  }

  /** Runs until `signal` aborts; never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        if (this.#resourceVersion === undefined) await this.#list(signal);
        await this.#watch(this.#resourceVersion as string, signal);
      } catch (err) {
        if (signal.aborted) break;
        await this.#recover(err, signal);
      }
    }
  }

  async #recover(err: unknown, signal: AbortSignal): Promise<void> {
    const info = classifyKubeError(err);
    const firstFailure = this.#backoff.attempts === 0;
    let delayMs = this.#backoff.next();
    if (info.kind === "expired") {
      this.#resourceVersion = undefined;
      // The usual 410 is a watch that resumed too late: relist at once, but back off if it repeats.
      if (firstFailure) delayMs = 0;
    }
    if (info.retryAfterMs !== undefined)
      delayMs = Math.max(delayMs, Math.min(info.retryAfterMs, MAX_RETRY_AFTER_MS));
    this.#status.failed(info);
    this.#opts.log.warn(
      {
        source: this.#source.description,
        kind: info.kind,
        code: info.code,
        reason: info.reason,
        error: info.message,
        delayMs,
      },
      "list/watch failed, retrying",
    );
    if (delayMs > 0) await this.#opts.clock.sleep(delayMs, signal);
  }

  async #list(signal: AbortSignal): Promise<void> {
    const items: T[] = [];
    let continueToken: string | undefined;
    let resourceVersion = "";
    do {
      const page = await this.#source.list(
        continueToken === undefined
          ? { limit: this.#opts.pageSize }
          : { limit: this.#opts.pageSize, continueToken },
        signal,
      );
      this.#status.reachable();
      for (const item of page.items) items.push(item);
      resourceVersion = page.resourceVersion;
      continueToken = page.continueToken;
    } while (continueToken !== undefined);
    this.#sink.replace(items);
    this.#resourceVersion = resourceVersion;
    this.#status.listed(resourceVersion);
  }

  async #watch(resourceVersion: string, signal: AbortSignal): Promise<void> {
    const attempt = new AbortController();
    const onAbort = (): void => attempt.abort(signal.reason);
    // stop() may land between the list's last await and here; an abort listener added now would
    // never fire, leaving this watch open until the server ends it.
    if (signal.aborted) return;
    signal.addEventListener("abort", onAbort, { once: true });
    const { clock, idleTimeoutMs } = this.#opts;
    let idle: Timer | undefined;
    const arm = (): void => {
      idle?.cancel();
      idle = clock.setTimer(idleTimeoutMs, () =>
        attempt.abort(new DOMException(`watch silent for ${idleTimeoutMs}ms`, "TimeoutError")),
      );
    };
    let progressed = false;
    const startedMs = clock.now();
    arm();
    try {
      await this.#source.watch(
        { resourceVersion, timeoutSeconds: this.#opts.watchTimeoutSeconds() },
        {
          onOpen: () => {
            arm();
            this.#status.watchOpened();
          },
          onEvent: (event) => {
            arm();
            this.#handle(event);
            progressed = true;
          },
        },
        attempt.signal,
      );
      // Like client-go: a proxy that closes every watch at once must not make us spin.
      if (!progressed && clock.now() - startedMs < MIN_WATCH_DURATION_MS) {
        throw new KubeApiError(`watch ${this.#source.description}`, {
          kind: "network",
          message: "watch ended at once without any event",
          retryable: true,
        });
      }
      this.#backoff.reset();
    } catch (err) {
      // A watch that delivered something before failing made progress: retry it promptly.
      if (progressed) this.#backoff.reset();
      throw err;
    } finally {
      idle?.cancel();
      signal.removeEventListener("abort", onAbort);
    }
  }

  #handle(event: WatchEvent): void {
    switch (event.type) {
      case "ADDED":
      case "MODIFIED":
      case "DELETED":
        this.#sink.apply(event.type, event.object as T);
        break;
      case "BOOKMARK":
        break;
      case "ERROR":
        throw errorFromStatus(event.object);
      default:
        throw new Error(`watch ${this.#source.description}: unknown event type ${event.type}`);
    }
    const resourceVersion = event.object.metadata?.resourceVersion;
    if (resourceVersion !== undefined && resourceVersion !== "") {
      this.#resourceVersion = resourceVersion;
      this.#status.progressed(resourceVersion);
    }
  }
}
