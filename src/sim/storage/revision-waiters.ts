// Requests that wait for the store to reach a revision, as the watch cache makes a list with a
// resourceVersion from the future wait (~3 s in kube-apiserver) before answering 504. Timers come
// from an injected scheduler; an aborted request stops waiting with the signal's reason.

import type { Scheduler } from "./types.js";

interface Waiter {
  readonly revision: number;
  readonly resolve: () => void;
}

export const nodeScheduler: Scheduler = {
  schedule(delayMs: number, fn: () => void): () => void {
    const timer = setTimeout(fn, delayMs);
    return () => clearTimeout(timer);
  },
};

export class RevisionWaiters {
  private readonly waiters = new Set<Waiter>();

  constructor(private readonly scheduler: Scheduler) {}

  /** Wakes the waiters whose revision has been reached. */
  notify(revision: number): void {
    for (const waiter of this.waiters) {
      if (waiter.revision <= revision) waiter.resolve();
    }
  }

  /**
   * Resolves once notify() reports `revision`; rejects with `onTimeout()` after `timeoutMs`, or with
   * the signal's reason when it aborts first.
   */
  wait(revision: number, timeoutMs: number, onTimeout: () => Error, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const finish = (outcome: () => void): void => {
        this.waiters.delete(waiter);
        cancelTimer();
        signal?.removeEventListener("abort", onAbort);
        outcome();
      };
      const waiter: Waiter = { revision, resolve: () => finish(resolve) };
      const onAbort = (): void => finish(() => reject(signal?.reason));
      const cancelTimer = this.scheduler.schedule(timeoutMs, () => finish(() => reject(onTimeout())));
      this.waiters.add(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}
