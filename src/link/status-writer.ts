// Writes the Link's status through the /status subresource, batched: the controller sets the desired
// status as often as it likes; a write happens at most once per `minIntervalMs` (about a second), and
// only when the status laid over the stored one differs from it (statusChanged), so a status that
// already says the right thing costs no API call. A 409 re-reads the Link and tries again at once
// (a few times); other failures retry with backoff. Each write is fenced by the leader's canWrite().
// Writing never feeds back into the controller: the Link informer ignores status-only changes.

import type { Logger } from "pino";
import { classifyKubeError } from "../kube/errors.js";
import { Backoff, type BackoffOptions } from "../runtime/backoff.js";
import type { Clock, Timer } from "../runtime/clock.js";
import { statusChanged } from "./conditions.js";
import { type LinkStatus, linkStatusSchema } from "./schema.js";
import { type DesiredStatus, nextStatus } from "./status-model.js";
import type { LinkObject, LinkStatusStore } from "./status-store.js";

export type StatusWriteOutcome = "written" | "conflict" | "unchanged" | "fenced" | "error";

export interface StatusWriterDeps {
  readonly store: LinkStatusStore;
  readonly clock: Clock;
  readonly log: Logger;
  /** Checked right before each write: the leader's fencing check. */
  readonly canWrite: () => boolean;
  readonly onOutcome?: (outcome: StatusWriteOutcome) => void;
}

export interface StatusWriterOptions {
  /** Least time between two writes; default 1000 ms. */
  readonly minIntervalMs?: number;
  /** Retry after a failed write; default 1 s doubling to 30 s. */
  readonly retryBackoff?: BackoffOptions;
  /** Immediate re-read-and-retry rounds after a 409; default 5. */
  readonly maxConflictRetries?: number;
}

const DEFAULT_MIN_INTERVAL_MS = 1_000;
const DEFAULT_RETRY_BACKOFF: BackoffOptions = { initialMs: 1_000, maxMs: 30_000 };
const DEFAULT_MAX_CONFLICT_RETRIES = 5;

function storedStatus(object: LinkObject): LinkStatus | undefined {
  const parsed = linkStatusSchema.safeParse(object.status);
  return parsed.success ? parsed.data : undefined;
}

export class LinkStatusWriter {
  readonly #deps: StatusWriterDeps;
  readonly #minIntervalMs: number;
  readonly #maxConflictRetries: number;
  readonly #backoff: Backoff;
  readonly #idleWaiters = new Set<() => void>();
  #desired: DesiredStatus | undefined;
  #latest: LinkObject | undefined;
  #timer: Timer | undefined;
  #flushing: Promise<void> | undefined;
  #dirty = false;
  #stopped = false;
  #lastWriteMs = Number.NEGATIVE_INFINITY;

  constructor(deps: StatusWriterDeps, opts: StatusWriterOptions = {}) {
    this.#deps = deps;
    this.#minIntervalMs = opts.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS;
    this.#maxConflictRetries = opts.maxConflictRetries ?? DEFAULT_MAX_CONFLICT_RETRIES;
    this.#backoff = new Backoff(opts.retryBackoff ?? DEFAULT_RETRY_BACKOFF);
    if (!(this.#minIntervalMs >= 0)) throw new RangeError("minIntervalMs must not be negative");
  }

  /**
   * The newest Link the informer delivered (undefined once deleted). A status someone else changed is
   * compared again, so it is put back; our own writes compare equal and cost nothing.
   */
  observe(object: LinkObject | undefined): void {
    this.#latest = object;
    if (object !== undefined && this.#desired !== undefined) this.#markDirty();
  }

  /** The status the controller wants now; written at the next allowed moment if it changes anything. */
  set(desired: DesiredStatus): void {
    this.#desired = desired;
    this.#markDirty();
  }

  /** Resolves once no write is scheduled or running (tests, and orderly shutdown). */
  idle(): Promise<void> {
    if (this.#timer === undefined && this.#flushing === undefined) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.add(resolve));
  }

  /** Cancels a scheduled write and waits for a running one; nothing is written afterwards. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#timer = undefined;
    await this.#flushing;
    this.#notifyIdle();
  }

  #markDirty(): void {
    this.#dirty = true;
    this.#schedule();
  }

  #schedule(delayMs?: number): void {
    if (this.#stopped || this.#timer !== undefined || this.#flushing !== undefined) return;
    const { clock } = this.#deps;
    const waitMs = delayMs ?? Math.max(0, this.#lastWriteMs + this.#minIntervalMs - clock.now());
    this.#timer = clock.setTimer(waitMs, () => {
      this.#timer = undefined;
      this.#flushing = this.#flush();
    });
  }

  async #flush(): Promise<void> {
    this.#dirty = false;
    let retryInMs: number | undefined;
    try {
      await this.#write();
      this.#backoff.reset();
    } catch (err) {
      retryInMs = this.#backoff.next();
      this.#dirty = true;
      this.#deps.onOutcome?.("error");
      const info = classifyKubeError(err);
      this.#deps.log.warn(
        { kind: info.kind, code: info.code, error: info.message, retryInMs },
        "could not write the Link status, retrying",
      );
    }
    this.#flushing = undefined;
    if (this.#dirty) this.#schedule(retryInMs);
    this.#notifyIdle();
  }

  async #write(): Promise<void> {
    const { store, clock, canWrite, onOutcome } = this.#deps;
    for (let conflicts = 0; ; conflicts++) {
      const desired = this.#desired;
      const base = this.#latest ?? (await store.get());
      if (desired === undefined || base === undefined || this.#stopped) return;
      const current = storedStatus(base);
      const next = nextStatus(current, desired, new Date(clock.wallNow()));
      if (!statusChanged(current, next)) {
        onOutcome?.("unchanged");
        return;
      }
      if (!canWrite()) {
        onOutcome?.("fenced");
        return;
      }
      this.#lastWriteMs = clock.now();
      const result = await store.replaceStatus({ ...base, status: next });
      if (result.kind === "ok") {
        this.#latest = result.object;
        onOutcome?.("written");
        return;
      }
      if (result.kind === "notFound") {
        this.#latest = undefined;
        return;
      }
      onOutcome?.("conflict");
      if (conflicts >= this.#maxConflictRetries) throw new Error("link status: too many conflicts in a row");
      this.#latest = await store.get();
    }
  }

  #notifyIdle(): void {
    if (this.#timer !== undefined || this.#flushing !== undefined) return;
    for (const resolve of [...this.#idleWaiters]) resolve();
    this.#idleWaiters.clear();
  }
}
