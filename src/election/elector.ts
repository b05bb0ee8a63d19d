// Leader election over a LeaseStore, modelled on client-go's tools/leaderelection. Followers
// re-read the Lease every retryPeriod and take it over when it is free or when they have not
// seen it change for leaseDuration (local observation, never the remote renewTime). Every write
// carries the resourceVersion read; a 409 means another replica won, so we re-read and go on.
// The leader renews every retryPeriod; its term (see ./term.ts) ends renewDeadline after the
// last renewal that succeeded, measured from when that renewal was *sent*.
//
// Guaranteed, given replicas whose clocks run at the same rate and unique identities: the old
// leader's signal aborts at least (leaseDuration − renewDeadline) before any follower can acquire.
// Not guaranteed (no real fencing, as in client-go): a process paused between canWrite() and its
// write can still send that one write late; clock-rate skew beyond leaseDuration/renewDeadline
// breaks the margin; all replicas of a link must use the same timings.

import type { Logger } from "pino";
import { classifyKubeError, type KubeErrorInfo } from "../kube/errors.js";
import { Backoff } from "../runtime/backoff.js";
import { abortAfter, type Clock } from "../runtime/clock.js";
import { type ElectionTimings, leaseDurationSeconds, resolveTimings } from "./config.js";
import { claimRecord, decide, type Observation, observe, releaseRecord } from "./core.js";
import type { ElectionObserver } from "./metrics.js";
import type { LeaseSnapshot, LeaseStore } from "./store.js";
import { type Leadership, type StepDownReason, Term } from "./term.js";

export interface ElectorDeps {
  store: LeaseStore;
  clock: Clock;
  logger: Logger;
  observer?: ElectionObserver;
  /** [0, 1) source for jitter; default Math.random. */
  random?: () => number;
  /**
   * Called with 1 when leadership is lost and onLostLeadership is "exit"; run() resolves right
   * after. Default process.exit; a frame that treats run() resolving before shutdown as a failure
   * can pass a no-op instead.
   */
  exit?: (code: number) => void;
}

export interface ElectorOptions {
  /** Unique per replica (the CLI defaults it to the pod name). */
  identity: string;
  timings?: Partial<ElectionTimings>;
  /** "exit" (default): exit non-zero so Kubernetes restarts us cleanly; "rejoin": follow again. */
  onLostLeadership?: "exit" | "rejoin";
  /** Clear the holder on shutdown so a follower takes over within about retryPeriod; default true. */
  releaseOnShutdown?: boolean;
  /** Starts leader work; it must stop when `lead.signal` aborts. A rejection ends the term. */
  onStartedLeading?: (lead: Leadership) => Promise<void> | void;
  /** Called after leader work has settled (or failed to within renewDeadline). */
  onStoppedLeading?: (reason: StepDownReason) => void;
  /** Called when the observed holder changes to a non-empty identity (including ourselves). */
  onNewLeader?: (holder: string) => void;
}

export type ElectorState = "stopped" | "following" | "leading";

/** What /status, /ready and logs read. */
export interface ElectionStatus {
  lease: string;
  identity: string;
  state: ElectorState;
  isLeader: boolean;
  /** Last observed holder; null when none (never read yet, released, or missing). */
  holder: string | null;
  leaseTransitions: number | null;
  /** Number of terms this process has led. */
  terms: number;
  lastError: { kind: string; message: string } | null;
}

type Attempt =
  | { kind: "acquired"; sentAtMs: number }
  | { kind: "held"; expiresAtMs: number }
  | { kind: "contended" }
  | { kind: "failed"; info: KubeErrorInfo };

type Phase = "following" | "renewing";

/** Fraction of retryPeriod by which follower polls are randomly shortened. */
const POLL_JITTER = 0.2;

/** Validates the configuration (throws ElectionConfigError) and builds an elector. */
export function createElector(deps: ElectorDeps, opts: ElectorOptions): LeaderElector {
  return new LeaderElector(deps, opts);
}

export class LeaderElector {
  readonly #store: LeaseStore;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #observer: ElectionObserver | undefined;
  readonly #random: () => number;
  readonly #exit: (code: number) => void;
  readonly #opts: ElectorOptions;
  readonly #identity: string;
  readonly #timings: ElectionTimings;
  readonly #durationSeconds: number;
  #observation: Observation | null = null;
  #holder: string | null = null;
  #term: Term | null = null;
  #terms = 0;
  #state: ElectorState = "stopped";
  #errorKey: string | null = null;
  #lastError: ElectionStatus["lastError"] = null;
  #warnedDuration = false;
  #running = false;

  constructor(deps: ElectorDeps, opts: ElectorOptions) {
    this.#timings = resolveTimings(opts.timings);
    if (opts.identity.trim() === "") throw new RangeError("leader election identity must not be empty");
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#observer = deps.observer;
    this.#random = deps.random ?? Math.random;
    this.#exit = deps.exit ?? ((code): never => process.exit(code));
    this.#opts = opts;
    this.#identity = opts.identity;
    this.#durationSeconds = leaseDurationSeconds(this.#timings);
    this.#log = deps.logger.child({ lease: deps.store.description, identity: opts.identity });
  }

  get timings(): Readonly<ElectionTimings> {
    return this.#timings;
  }

  status(): ElectionStatus {
    return {
      lease: this.#store.description,
      identity: this.#identity,
      state: this.#state,
      isLeader: this.#state === "leading",
      holder: this.#holder === "" ? null : this.#holder,
      leaseTransitions: this.#observation?.snapshot.record.leaseTransitions ?? null,
      terms: this.#terms,
      lastError: this.#lastError,
    };
  }

  /** The live term, if this replica currently leads. */
  get leadership(): Leadership | null {
    return this.#term;
  }

  /** Fencing check for writers that hold the elector rather than a Leadership. */
  canWrite(): boolean {
    return this.#term?.canWrite() ?? false;
  }

  /**
   * Follows and leads until `signal` aborts (then releases the lease if leading and resolves), or
   * until leadership is lost with onLostLeadership "exit" (then calls exit(1) and resolves).
   */
  async run(signal: AbortSignal): Promise<void> {
    if (this.#running) throw new Error("leader elector is already running");
    this.#running = true;
    try {
      while (!signal.aborted) {
        const sentAtMs = await this.#follow(signal);
        if (sentAtMs === null) break;
        const reason = await this.#lead(sentAtMs, signal);
        if (reason === "shutdown") break;
        if ((this.#opts.onLostLeadership ?? "exit") === "exit") {
          this.#log.error({ reason }, "lost leadership; exiting");
          this.#exit(1);
          break;
        }
        this.#log.warn({ reason }, "lost leadership; rejoining as follower");
      }
    } finally {
      this.#setState("stopped");
      this.#running = false;
    }
  }

  async #follow(signal: AbortSignal): Promise<number | null> {
    this.#setState("following");
    const backoff = new Backoff({
      initialMs: this.#timings.retryPeriodMs,
      maxMs: 4 * this.#timings.retryPeriodMs,
      random: this.#random,
    });
    for (;;) {
      if (signal.aborted) return null;
      const attempt = await this.#attemptAcquire(signal);
      if (attempt.kind === "acquired") return attempt.sentAtMs;
      if (!(await this.#clock.sleep(this.#followDelayMs(attempt, backoff), signal))) return null;
    }
  }

  #followDelayMs(attempt: Exclude<Attempt, { kind: "acquired" }>, backoff: Backoff): number {
    if (attempt.kind === "failed") return Math.max(backoff.next(), attempt.info.retryAfterMs ?? 0);
    backoff.reset();
    // client-go stretches polls up to JitterFactor × retryPeriod; we jitter downwards instead, so a
    // release is noticed within retryPeriod and a crash within leaseDuration + retryPeriod.
    const pollMs = this.#timings.retryPeriodMs * (1 - POLL_JITTER * this.#random());
    if (attempt.kind !== "held") return pollMs;
    // Wake up right when the holder's lease expires locally instead of up to a poll later.
    return Math.min(pollMs, Math.max(0, attempt.expiresAtMs - this.#clock.now()));
  }

  async #attemptAcquire(signal: AbortSignal): Promise<Attempt> {
    const request = abortAfter(this.#clock, this.#timings.renewDeadlineMs, signal);
    try {
      // A conflict means someone else wrote in between: re-read once straight away.
      let attempt = await this.#acquireRound(request.signal);
      if (attempt.kind === "contended") attempt = await this.#acquireRound(request.signal);
      this.#recovered();
      return attempt;
    } catch (err) {
      return { kind: "failed", info: this.#failed(err, "following", signal) };
    } finally {
      request.dispose();
    }
  }

  async #acquireRound(signal: AbortSignal): Promise<Attempt> {
    const snapshot = await this.#store.get(signal);
    this.#see(snapshot);
    const verdict = decide({
      observation: this.#observation,
      identity: this.#identity,
      nowMs: this.#clock.now(),
      wallNowMs: this.#clock.wallNow(),
      leaseDurationMs: this.#timings.leaseDurationMs,
      leaseDurationSeconds: this.#durationSeconds,
    });
    if (verdict.kind === "held") return { kind: "held", expiresAtMs: verdict.expiresAtMs };
    const sentAtMs = this.#clock.now();
    const result =
      snapshot === null
        ? await this.#store.create(verdict.record, signal)
        : await this.#store.update(verdict.record, snapshot.resourceVersion, signal);
    if (result.kind === "conflict") return { kind: "contended" };
    this.#see(result.lease);
    return { kind: "acquired", sentAtMs };
  }

  async #lead(sentAtMs: number, signal: AbortSignal): Promise<StepDownReason> {
    const term = new Term(
      this.#clock,
      this.#identity,
      ++this.#terms,
      sentAtMs,
      this.#timings.renewDeadlineMs,
    );
    this.#term = term;
    this.#setState("leading");
    const onShutdown = (): void => term.end("shutdown");
    signal.addEventListener("abort", onShutdown, { once: true });
    if (signal.aborted) term.end("shutdown");
    const work = this.#startWork(term);
    try {
      while (await this.#clock.sleep(this.#timings.retryPeriodMs, term.signal)) {
        if ((await this.#renew(term)) === "lost") term.end("lease-lost");
      }
    } finally {
      signal.removeEventListener("abort", onShutdown);
    }
    const reason = term.endReason ?? "shutdown";
    this.#log.info({ reason, term: term.term }, "stopped leading");
    this.#setState(signal.aborted ? "stopped" : "following");
    const settled = await this.#settle(work);
    if (settled && (reason === "shutdown" || reason === "work-failed")) await this.#release();
    this.#term = null;
    this.#opts.onStoppedLeading?.(reason);
    return reason;
  }

  #startWork(term: Term): Promise<void> {
    const start = this.#opts.onStartedLeading;
    if (start === undefined) return Promise.resolve();
    return Promise.resolve()
      .then(() => start(term))
      .catch((err: unknown) => {
        if (term.signal.aborted) return;
        this.#log.error({ err }, "leader work failed; stepping down");
        term.end("work-failed");
      });
  }

  /** Waits for leader work to finish, at most renewDeadline. Returns whether it finished. */
  async #settle(work: Promise<void>): Promise<boolean> {
    const timeout = new AbortController();
    const finished = await Promise.race([
      work.then(() => true),
      this.#clock.sleep(this.#timings.renewDeadlineMs, timeout.signal).then(() => false),
    ]);
    timeout.abort();
    if (!finished)
      this.#log.warn({}, "leader work did not stop within renewDeadline; not releasing the lease");
    return finished;
  }

  async #renew(term: Term): Promise<"renewed" | "failed" | "lost"> {
    try {
      const outcome = await this.#renewOnce(term);
      if (outcome !== "failed") this.#recovered();
      return outcome;
    } catch (err) {
      this.#failed(err, "renewing", term.signal);
      return "failed";
    }
  }

  async #renewOnce(term: Term): Promise<"renewed" | "failed" | "lost"> {
    const cached = this.#observation?.snapshot ?? null;
    if (cached !== null && (await this.#writeClaim(term, cached))) return "renewed";
    const fresh = await this.#store.get(term.signal);
    this.#see(fresh);
    if (fresh === null || fresh.record.holderIdentity !== this.#identity) return "lost";
    return (await this.#writeClaim(term, fresh)) ? "renewed" : "failed";
  }

  /** Writes a renewal on top of `snapshot`; extends the term if it succeeded. False on conflict. */
  async #writeClaim(term: Term, snapshot: LeaseSnapshot): Promise<boolean> {
    const record = claimRecord(snapshot.record, this.#identity, this.#clock.wallNow(), this.#durationSeconds);
    const sentAtMs = this.#clock.now();
    const result = await this.#store.update(record, snapshot.resourceVersion, term.signal);
    if (result.kind === "conflict") return false;
    this.#see(result.lease);
    term.extend(sentAtMs);
    return true;
  }

  async #release(): Promise<void> {
    if (this.#opts.releaseOnShutdown === false) return;
    const current = this.#observation?.snapshot;
    if (current === undefined || current.record.holderIdentity !== this.#identity) return;
    const request = abortAfter(this.#clock, this.#timings.renewDeadlineMs);
    try {
      const record = releaseRecord(current.record, this.#clock.wallNow());
      const result = await this.#store.update(record, current.resourceVersion, request.signal);
      if (result.kind === "ok") {
        this.#see(result.lease);
        this.#log.info({}, "released lease");
      } else {
        this.#log.warn({}, "lease changed before it could be released");
      }
    } catch (err) {
      const info = classifyKubeError(err);
      this.#log.warn({ kind: info.kind, code: info.code, error: info.message }, "failed to release lease");
    } finally {
      request.dispose();
    }
  }

  #see(snapshot: LeaseSnapshot | null): void {
    this.#observation = snapshot === null ? null : observe(this.#observation, snapshot, this.#clock.now());
    const holder = snapshot?.record.holderIdentity ?? "";
    if (snapshot !== null) this.#checkDuration(snapshot, holder);
    if (holder === this.#holder) return;
    const previous = this.#holder;
    this.#holder = holder;
    this.#log.info({ holder: holder || null, previous: previous || null }, "lease holder changed");
    this.#observer?.holderChanged(this.#store.description, holder, previous);
    if (holder !== "") this.#opts.onNewLeader?.(holder);
  }

  /** Replicas with different timings weaken the safety margin; say so once. */
  #checkDuration(snapshot: LeaseSnapshot, holder: string): void {
    if (this.#warnedDuration || holder === "" || holder === this.#identity) return;
    if (snapshot.record.leaseDurationSeconds === this.#durationSeconds) return;
    this.#warnedDuration = true;
    this.#log.warn(
      { theirs: snapshot.record.leaseDurationSeconds, ours: this.#durationSeconds, holder },
      "lease holder uses a different leaseDuration; all replicas must share the same timings",
    );
  }

  #setState(state: ElectorState): void {
    if (state === this.#state) return;
    this.#state = state;
    if (state === "leading") this.#log.info({ term: this.#terms }, "started leading");
    this.#observer?.leaderChanged(this.#store.description, state === "leading");
  }

  /** Logs a failure only when the kind of failure changes, not on every retry. */
  #failed(err: unknown, phase: Phase, signal: AbortSignal): KubeErrorInfo {
    const info = classifyKubeError(err);
    if (signal.aborted) return info;
    this.#lastError = { kind: info.kind, message: info.message };
    const key = `${phase}/${info.kind}/${info.code ?? ""}`;
    if (key !== this.#errorKey) {
      this.#errorKey = key;
      this.#log.warn(
        { phase, kind: info.kind, code: info.code, reason: info.reason, error: info.message },
        "lease request failing; retrying",
      );
    }
    return info;
  }

  #recovered(): void {
    if (this.#errorKey === null) return;
    this.#errorKey = null;
    this.#lastError = null;
    this.#log.info({}, "lease requests succeeding again");
  }
}
