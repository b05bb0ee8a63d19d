// Exponential backoff with a cap and jitter, for retry loops (one Backoff per loop) and for
// per-key retries in the work queue (KeyedBackoff). Jitter is subtractive — the delay lies in
// [base × (1 − jitter), base] — so the cap is a real upper bound and replicas that failed
// together still spread out once they reach it. `random` is injectable for deterministic tests.

export interface BackoffOptions {
  /** Delay after the first failure. */
  initialMs: number;
  /** Upper bound of every delay. */
  maxMs: number;
  /** Growth per failure; default 2. */
  factor?: number;
  /** Fraction of the delay that is randomized, 0..1; default 0.2. */
  jitter?: number;
  /** Returns a number in [0, 1); default Math.random. */
  random?: () => number;
}

interface ResolvedBackoff {
  initialMs: number;
  maxMs: number;
  factor: number;
  jitter: number;
  random: () => number;
}

function resolve(opts: BackoffOptions): ResolvedBackoff {
  const factor = opts.factor ?? 2;
  const jitter = opts.jitter ?? 0.2;
  if (!(opts.initialMs > 0))
    throw new RangeError(`backoff initialMs must be positive, got ${opts.initialMs}`);
  if (!(opts.maxMs >= opts.initialMs)) {
    throw new RangeError(`backoff maxMs (${opts.maxMs}) must be at least initialMs (${opts.initialMs})`);
  }
  if (!(factor >= 1)) throw new RangeError(`backoff factor must be at least 1, got ${factor}`);
  if (!(jitter >= 0 && jitter <= 1))
    throw new RangeError(`backoff jitter must be within 0..1, got ${jitter}`);
  return { initialMs: opts.initialMs, maxMs: opts.maxMs, factor, jitter, random: opts.random ?? Math.random };
}

/** Delay before retry number `attempt` (0 = after the first failure). Pure apart from `random`. */
export function backoffDelayMs(attempt: number, opts: BackoffOptions): number {
  const o = resolve(opts);
  return delayFor(attempt, o);
}

function delayFor(attempt: number, o: ResolvedBackoff): number {
  // Math.min before the power would overflow: stop growing once the cap is reached.
  const growth = o.factor ** Math.min(attempt, 1_000);
  const baseMs = Math.min(o.maxMs, o.initialMs * growth);
  return baseMs * (1 - o.jitter * o.random());
}

/** Backoff state for one retry loop: `next()` after a failure, `reset()` after a success. */
export class Backoff {
  readonly #opts: ResolvedBackoff;
  #attempts = 0;

  constructor(opts: BackoffOptions) {
    this.#opts = resolve(opts);
  }

  /** Failures since the last reset. */
  get attempts(): number {
    return this.#attempts;
  }

  /** Records a failure and returns how long to wait before the next try. */
  next(): number {
    return delayFor(this.#attempts++, this.#opts);
  }

  reset(): void {
    this.#attempts = 0;
  }
}

/** Per-key failure counts, like client-go's ItemExponentialFailureRateLimiter. */
export class KeyedBackoff<K> {
  readonly #opts: ResolvedBackoff;
  readonly #failures = new Map<K, number>();

  constructor(opts: BackoffOptions) {
    this.#opts = resolve(opts);
  }

  /** Records a failure of `key` and returns its delay. */
  when(key: K): number {
    const attempts = this.#failures.get(key) ?? 0;
    this.#failures.set(key, attempts + 1);
    return delayFor(attempts, this.#opts);
  }

  /** Failures recorded for `key` since it was last forgotten. */
  retries(key: K): number {
    return this.#failures.get(key) ?? 0;
  }

  /** Clears `key`'s history, typically after it was processed successfully. */
  forget(key: K): void {
    this.#failures.delete(key);
  }
}
