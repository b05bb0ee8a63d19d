// One leadership term: the AbortSignal that every piece of leader work (watches, queue, writes)
// hangs off, and the fencing check the writer calls right before each write. The term ends —
// and the signal aborts — at the renew deadline unless a renewal extends it, so the leader stops
// before any follower can have seen its lease expire. Fencing is best effort: a write that passed
// canWrite() and then stalled (GC pause, slow network) can still land after the deadline.

import type { Clock, Timer } from "../runtime/clock.js";

export type StepDownReason = "shutdown" | "renew-deadline" | "lease-lost" | "work-failed";

/** What leader work receives; it must stop when `signal` aborts. */
export interface Leadership {
  readonly identity: string;
  /** 1 for the first term this process led, 2 for the next, … */
  readonly term: number;
  /** Aborted (reason: a LeadershipEndedError) when this term ends, before any other replica can acquire. */
  readonly signal: AbortSignal;
  /** True while the term is live and its local deadline has not passed. Check right before each write. */
  canWrite(): boolean;
  /** Throws NotLeaderError unless canWrite(). */
  assertLeader(): void;
}

export class NotLeaderError extends Error {
  constructor(identity: string, term: number) {
    super(`${identity} is no longer the leader (term ${term} ended or is about to expire)`);
    this.name = "NotLeaderError";
  }
}

/** The abort reason of a term's signal. */
export class LeadershipEndedError extends Error {
  readonly reason: StepDownReason;

  constructor(reason: StepDownReason) {
    super(`leadership ended: ${reason}`);
    this.name = "LeadershipEndedError";
    this.reason = reason;
  }
}

export class Term implements Leadership {
  readonly identity: string;
  readonly term: number;
  readonly #clock: Clock;
  readonly #renewDeadlineMs: number;
  readonly #controller = new AbortController();
  #deadlineMs: number;
  #timer: Timer | null = null;

  /** `sentAtMs`: local time the acquiring write was sent (the server may have applied it as early). */
  constructor(clock: Clock, identity: string, term: number, sentAtMs: number, renewDeadlineMs: number) {
    this.#clock = clock;
    this.identity = identity;
    this.term = term;
    this.#renewDeadlineMs = renewDeadlineMs;
    this.#deadlineMs = sentAtMs + renewDeadlineMs;
    this.#arm();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Local time after which this term may no longer write. */
  get deadlineMs(): number {
    return this.#deadlineMs;
  }

  get endReason(): StepDownReason | null {
    const reason: unknown = this.signal.reason;
    return reason instanceof LeadershipEndedError ? reason.reason : null;
  }

  canWrite(): boolean {
    return !this.signal.aborted && this.#clock.now() < this.#deadlineMs;
  }

  assertLeader(): void {
    if (!this.canWrite()) throw new NotLeaderError(this.identity, this.term);
  }

  /** A renewal sent at `sentAtMs` succeeded: move the deadline (never backwards). */
  extend(sentAtMs: number): void {
    if (this.signal.aborted) return;
    this.#deadlineMs = Math.max(this.#deadlineMs, sentAtMs + this.#renewDeadlineMs);
    this.#arm();
  }

  /** Ends the term once; later calls keep the first reason. */
  end(reason: StepDownReason): void {
    this.#timer?.cancel();
    this.#timer = null;
    if (!this.signal.aborted) this.#controller.abort(new LeadershipEndedError(reason));
  }

  #arm(): void {
    this.#timer?.cancel();
    this.#timer = this.#clock.setTimer(this.#deadlineMs - this.#clock.now(), () =>
      this.end("renew-deadline"),
    );
  }
}
