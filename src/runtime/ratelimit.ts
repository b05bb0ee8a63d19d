// Token bucket on the injected clock, the client-side limiter behind --kube-qps/--kube-burst.
// Callers reserve a token up front (the balance may go negative) and then wait for it, so
// waiters are served in arrival order without a queue of their own; an aborted wait hands its
// reservation back. Like client-go's limiter it smooths bursts; it does not bound concurrency.

import type { Clock } from "./clock.js";

export interface TokenBucketOptions {
  /** Sustained rate in tokens per second; must be positive. */
  qps: number;
  /** Bucket size: how many tokens can be taken at once after an idle period; at least 1. */
  burst: number;
}

export class TokenBucket {
  readonly #clock: Clock;
  readonly #qps: number;
  readonly #burst: number;
  #tokens: number;
  #lastMs: number;

  constructor(opts: TokenBucketOptions, clock: Clock) {
    if (!(opts.qps > 0)) throw new RangeError(`qps must be positive, got ${opts.qps}`);
    if (!(Number.isInteger(opts.burst) && opts.burst >= 1)) {
      throw new RangeError(`burst must be an integer of at least 1, got ${opts.burst}`);
    }
    this.#clock = clock;
    this.#qps = opts.qps;
    this.#burst = opts.burst;
    this.#tokens = opts.burst;
    this.#lastMs = clock.now();
  }

  /** Tokens available right now (negative while reservations are outstanding). */
  get tokens(): number {
    this.#refill();
    return this.#tokens;
  }

  /** Takes a token if one is available now; never waits. */
  tryTake(): boolean {
    this.#refill();
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Waits for a token. Resolves true once taken, false if `signal` aborted first. */
  async take(signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return false;
    this.#refill();
    this.#tokens -= 1;
    if (this.#tokens >= 0) return true;
    const waitMs = (-this.#tokens * 1000) / this.#qps;
    const elapsed = await this.#clock.sleep(waitMs, signal);
    if (!elapsed) this.#tokens += 1;
    return elapsed;
  }

  #refill(): void {
    const nowMs = this.#clock.now();
    const earned = ((nowMs - this.#lastMs) * this.#qps) / 1000;
    this.#tokens = Math.min(this.#burst, this.#tokens + earned);
    this.#lastMs = nowMs;
  }
}
