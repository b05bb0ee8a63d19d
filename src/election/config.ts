// Leader election settings: client-go's defaults and constraints, checked once at construction
// so a bad combination fails at start with a message naming the flags, instead of producing a
// leader that loses its lease between two renewals.

export interface ElectionTimings {
  /** How long followers wait, from their last observed change of the record, before taking over. */
  leaseDurationMs: number;
  /** How long the leader keeps leading without a successful renewal; < leaseDurationMs. */
  renewDeadlineMs: number;
  /** Interval between attempts, for followers and for the leader's renewals. */
  retryPeriodMs: number;
}

export const DEFAULT_TIMINGS: Readonly<ElectionTimings> = Object.freeze({
  leaseDurationMs: 15_000,
  renewDeadlineMs: 10_000,
  retryPeriodMs: 2_000,
});

/**
 * client-go's JitterFactor: renewDeadline must exceed retryPeriod × this so that a renewal can be
 * retried at least once before the deadline, whatever the jitter of the attempts.
 */
export const JITTER_FACTOR = 1.2;

export class ElectionConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid leader election configuration: ${problems.join("; ")}`);
    this.name = "ElectionConfigError";
    this.problems = problems;
  }
}

function seconds(ms: number): string {
  return `${ms / 1000}s`;
}

function positiveProblems(t: ElectionTimings): string[] {
  const problems: string[] = [];
  const fields: Array<[string, number]> = [
    ["--lease-duration", t.leaseDurationMs],
    ["--renew-deadline", t.renewDeadlineMs],
    ["--retry-period", t.retryPeriodMs],
  ];
  for (const [name, value] of fields) {
    if (!(Number.isFinite(value) && value > 0))
      problems.push(`${name} must be a positive duration, got ${value}ms`);
  }
  return problems;
}

/** Fills in defaults and checks the constraints; throws ElectionConfigError listing every problem. */
export function resolveTimings(partial: Partial<ElectionTimings> = {}): ElectionTimings {
  const t: ElectionTimings = {
    leaseDurationMs: partial.leaseDurationMs ?? DEFAULT_TIMINGS.leaseDurationMs,
    renewDeadlineMs: partial.renewDeadlineMs ?? DEFAULT_TIMINGS.renewDeadlineMs,
    retryPeriodMs: partial.retryPeriodMs ?? DEFAULT_TIMINGS.retryPeriodMs,
  };
  const problems = positiveProblems(t);
  if (problems.length > 0) throw new ElectionConfigError(problems);
  if (t.leaseDurationMs <= t.renewDeadlineMs) {
    problems.push(
      `--lease-duration (${seconds(t.leaseDurationMs)}) must be greater than --renew-deadline (${seconds(t.renewDeadlineMs)})`,
    );
  }
  const jitteredRetryMs = JITTER_FACTOR * t.retryPeriodMs;
  if (t.renewDeadlineMs <= jitteredRetryMs) {
    problems.push(
      `--renew-deadline (${seconds(t.renewDeadlineMs)}) must be greater than ${JITTER_FACTOR} × --retry-period (${seconds(jitteredRetryMs)})`,
    );
  }
  if (problems.length > 0) throw new ElectionConfigError(problems);
  return t;
}

/** The Lease name for a link, as fixed by the design: `svcmirror-<link>`. */
export function leaseNameForLink(link: string): string {
  const name = `svcmirror-${link}`;
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name) || name.length > 253) {
    throw new ElectionConfigError([`lease name "${name}" (from link "${link}") is not a valid object name`]);
  }
  return name;
}

/** leaseDurationSeconds as written to the Lease: whole seconds, at least 1 (the API refuses 0). */
export function leaseDurationSeconds(t: ElectionTimings): number {
  return Math.max(1, Math.ceil(t.leaseDurationMs / 1000));
}
