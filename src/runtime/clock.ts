// Time source and timers for everything in svcmirror that waits. Production code gets `realClock`;
// tests get a FakeClock (./fakeclock.ts) and move time explicitly. Nothing else in src/ calls
// setTimeout or setInterval, so every wait can be cancelled through an AbortSignal and every
// timing decision can be replayed deterministically.

/** A scheduled callback; cancelling after it fired is a no-op. */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  /**
   * Monotonic milliseconds with an arbitrary origin. Use it for every duration and deadline;
   * it never jumps when the wall clock is stepped.
   */
  now(): number;
  /** Wall-clock milliseconds since the Unix epoch, for timestamps that other processes read. */
  wallNow(): number;
  /** Calls `fn` once after `delayMs`, unless cancelled or `signal` aborts first. */
  setTimer(delayMs: number, fn: () => void, signal?: AbortSignal): Timer;
  /** Resolves `true` after `delayMs`, or `false` as soon as `signal` aborts. Never rejects. */
  sleep(delayMs: number, signal?: AbortSignal): Promise<boolean>;
}

/** Implements `Clock.sleep` on top of a `setTimer`, shared by the real and the fake clock. */
export function sleepOn(
  setTimer: (delayMs: number, fn: () => void) => Timer,
  delayMs: number,
  signal?: AbortSignal,
): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      timer.cancel();
      resolve(false);
    };
    const timer = setTimer(delayMs, () => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    });
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Attaches `signal` to a timer so that an abort cancels it and a firing detaches the listener. */
export function bindTimerToSignal(timer: Timer, signal: AbortSignal | undefined): () => void {
  if (signal === undefined) return () => {};
  const onAbort = (): void => timer.cancel();
  signal.addEventListener("abort", onAbort, { once: true });
  return () => signal.removeEventListener("abort", onAbort);
}

function realSetTimer(delayMs: number, fn: () => void, signal?: AbortSignal): Timer {
  if (signal?.aborted) return { cancel: (): void => {} };
  let detach = (): void => {};
  const handle = setTimeout(
    () => {
      detach();
      fn();
    },
    Math.max(0, delayMs),
  );
  const timer: Timer = {
    cancel: () => {
      clearTimeout(handle);
      detach();
    },
  };
  detach = bindTimerToSignal(timer, signal);
  return timer;
}

/** The process clock: `performance.now()` anchored at the process start, and `Date.now()`. */
export const realClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  wallNow: () => Date.now(),
  setTimer: realSetTimer,
  sleep: (delayMs, signal) => sleepOn(realSetTimer, delayMs, signal),
};

/**
 * A signal that aborts after `delayMs` on `clock`, or when `parent` aborts. Call `dispose()` once
 * the guarded operation settled so the timer does not outlive it.
 */
export function abortAfter(
  clock: Clock,
  delayMs: number,
  parent?: AbortSignal,
): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onParentAbort = (): void => controller.abort(parent?.reason);
  if (parent?.aborted) controller.abort(parent.reason);
  parent?.addEventListener("abort", onParentAbort, { once: true });
  const timer = clock.setTimer(delayMs, () =>
    controller.abort(new DOMException(`timed out after ${delayMs}ms`, "TimeoutError")),
  );
  return {
    signal: controller.signal,
    dispose: (): void => {
      timer.cancel();
      parent?.removeEventListener("abort", onParentAbort);
    },
  };
}
