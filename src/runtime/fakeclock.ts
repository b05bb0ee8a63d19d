// A manually driven Clock for tests. Time moves only through advance()/runUntil(); due timers
// fire in (due time, creation order) and promise chains are allowed to settle after each one,
// so code that awaits and re-arms timers behaves as it would in real time, with no sleeps.
// `pendingTimers` and `whenPending()` let a test wait for "the code under test is now waiting".

import { setImmediate as realImmediate } from "node:timers/promises";
import { bindTimerToSignal, type Clock, sleepOn, type Timer } from "./clock.js";

interface Scheduled {
  dueMs: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

interface PendingWaiter {
  count: number;
  resolve: () => void;
}

/** Lets every queued microtask and immediate run, so awaited fakes resolve before we go on. */
export async function settle(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) await realImmediate();
}

export class FakeClock implements Clock {
  #nowMs: number;
  readonly #wallOffsetMs: number;
  #seq = 0;
  #timers: Scheduled[] = [];
  #waiters: PendingWaiter[] = [];

  constructor(startMs = 1_000_000, wallStartMs = Date.UTC(2026, 0, 1)) {
    this.#nowMs = startMs;
    this.#wallOffsetMs = wallStartMs - startMs;
  }

  now(): number {
    return this.#nowMs;
  }

  wallNow(): number {
    return this.#nowMs + this.#wallOffsetMs;
  }

  setTimer(delayMs: number, fn: () => void, signal?: AbortSignal): Timer {
    if (signal?.aborted) return { cancel: (): void => {} };
    const entry: Scheduled = {
      dueMs: this.#nowMs + Math.max(0, delayMs),
      seq: this.#seq++,
      fn,
      cancelled: false,
    };
    let detach = (): void => {};
    entry.fn = (): void => {
      detach();
      fn();
    };
    const timer: Timer = {
      cancel: () => {
        entry.cancelled = true;
        detach();
        this.#timers = this.#timers.filter((t) => t !== entry);
      },
    };
    detach = bindTimerToSignal(timer, signal);
    this.#timers.push(entry);
    this.#timers.sort((a, b) => a.dueMs - b.dueMs || a.seq - b.seq);
    this.#notifyWaiters();
    return timer;
  }

  sleep(delayMs: number, signal?: AbortSignal): Promise<boolean> {
    return sleepOn((ms, fn) => this.setTimer(ms, fn), delayMs, signal);
  }

  /** Number of timers that have not fired or been cancelled. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** Due time of the earliest pending timer, or undefined when none is pending. */
  get nextDueMs(): number | undefined {
    return this.#timers[0]?.dueMs;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const targetMs = this.#nowMs + ms;
    await settle();
    for (;;) {
      const next = this.#timers[0];
      if (next === undefined || next.dueMs > targetMs) break;
      await this.#fire(next);
    }
    this.#nowMs = targetMs;
    await settle();
  }

  /** Jumps to the earliest pending timer and fires it. Returns false when nothing is pending. */
  async step(): Promise<boolean> {
    await settle();
    const next = this.#timers[0];
    if (next === undefined) return false;
    await this.#fire(next);
    return true;
  }

  /**
   * Fires timers one by one until `done()` holds; throws if that needs more than `maxMs` of fake
   * time or nothing is left to fire. Returns the fake time it took.
   */
  async runUntil(done: () => boolean, maxMs: number): Promise<number> {
    const startMs = this.#nowMs;
    await settle();
    while (!done()) {
      const next = this.#timers[0];
      if (next === undefined) throw new Error("runUntil: condition not met and no timer is pending");
      if (next.dueMs - startMs > maxMs) {
        throw new Error(`runUntil: condition not met within ${maxMs}ms of fake time`);
      }
      await this.#fire(next);
    }
    return this.#nowMs - startMs;
  }

  /** Resolves once at least `count` timers are pending; rejects after `realTimeoutMs` of real time. */
  whenPending(count = 1, realTimeoutMs = 2_000): Promise<void> {
    if (this.#timers.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const guard = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(new Error(`whenPending: ${this.#timers.length} of ${count} timers after ${realTimeoutMs}ms`));
      }, realTimeoutMs);
      const waiter: PendingWaiter = {
        count,
        resolve: () => {
          clearTimeout(guard);
          resolve();
        },
      };
      this.#waiters.push(waiter);
    });
  }

  async #fire(entry: Scheduled): Promise<void> {
    this.#timers = this.#timers.filter((t) => t !== entry);
    this.#nowMs = Math.max(this.#nowMs, entry.dueMs);
    if (!entry.cancelled) entry.fn();
    await settle();
  }

  #notifyWaiters(): void {
    const ready = this.#waiters.filter((w) => this.#timers.length >= w.count);
    if (ready.length === 0) return;
    this.#waiters = this.#waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }
}
