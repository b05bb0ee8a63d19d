// The tiny harness every benchmark shares: sampling (warm-up, then N timed runs), order statistics
// (median, p90 by nearest rank), memory after a forced GC, and the reporter that prints one JSON
// object per result line to stdout and human progress to stderr. Timings are wall-clock
// milliseconds from `now`; nothing here is a pass/fail judgement — targets live in README.md.

import v8 from "node:v8";
import vm from "node:vm";

/** One machine-readable result line. Every line has the same core fields; extras describe the run. */
export interface BenchResult {
  readonly bench: string;
  readonly metric: string;
  /** "ms", "MB", "ratio", "objects/s", … */
  readonly unit: string;
  /** Problem size: objects held, updates written, … */
  readonly n: number;
  /** Samples behind the statistics (1 for a single measurement). */
  readonly runs: number;
  readonly median: number;
  readonly p90: number;
  readonly min: number;
  readonly max: number;
  /** V8 heap in use when the result was taken (after a GC when `gc` is "forced"). */
  readonly heap_used_mb: number;
  readonly [extra: string]: unknown;
}

export interface Stats {
  readonly median: number;
  readonly p90: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export interface Reporter {
  /** Prints one result as a JSON line on the result stream. */
  result(line: BenchResult): void;
  /** Prints a human-readable progress line on the progress stream. */
  progress(message: string): void;
}

export interface Writable {
  write(text: string): unknown;
}

const round3 = (value: number): number => Math.round(value * 1000) / 1000;

/** Median (mean of the two middle samples for an even count) and nearest-rank p90. Throws on no samples. */
export function summarize(samples: readonly number[]): Stats {
  if (samples.length === 0) throw new RangeError("summarize needs at least one sample");
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const p90 = sorted[Math.max(0, Math.ceil(0.9 * sorted.length) - 1)]!;
  return {
    median: round3(median),
    p90: round3(p90),
    min: round3(sorted[0]!),
    max: round3(sorted.at(-1)!),
    runs: sorted.length,
  };
}

/** The same statistics for a single measurement. */
export function single(value: number): Stats {
  return summarize([value]);
}

export interface SampleOptions {
  /** Untimed runs first (JIT, connection pools, caches). */
  readonly warmup: number;
  readonly runs: number;
  readonly now: () => number;
}

/** Runs `fn` `warmup` times untimed, then `runs` times timed one after another; returns the durations. */
export async function sample(fn: () => Promise<unknown>, opts: SampleOptions): Promise<number[]> {
  for (let i = 0; i < opts.warmup; i++) await fn();
  const durationsMs: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const startMs = opts.now();
    await fn();
    durationsMs.push(opts.now() - startMs);
  }
  return durationsMs;
}

/** Garbage collection on demand, when the process allows it. */
export interface Gc {
  /** "forced": memory figures are taken after a full GC; "unavailable": they include garbage. */
  readonly mode: "forced" | "unavailable";
  collect(): void;
}

/**
 * Uses `globalThis.gc` when node runs with --expose-gc; otherwise sets that V8 flag at run time and
 * takes `gc` from a fresh context (the flag only affects contexts created after it is set). V8 does
 * not promise flags changed after start-up take effect, so the mode says whether it worked.
 */
export function createGc(): Gc {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === "function") return { mode: "forced", collect: exposed };
  try {
    v8.setFlagsFromString("--expose-gc");
    const fromContext: unknown = vm.runInNewContext("gc");
    if (typeof fromContext === "function") return { mode: "forced", collect: fromContext as () => void };
  } catch {
    // Falls through: memory is reported without GC, and labelled so.
  }
  return { mode: "unavailable", collect: (): void => {} };
}

export interface MemorySnapshot {
  readonly heapUsedMb: number;
  readonly rssMb: number;
}

const MB = 1024 * 1024;

/** Heap in use and resident set size, after a GC when `gc` can force one. */
export function memory(gc: Gc): MemorySnapshot {
  gc.collect();
  const usage = process.memoryUsage();
  return { heapUsedMb: round3(usage.heapUsed / MB), rssMb: round3(usage.rss / MB) };
}

/** Writes results as JSON lines to `out` and progress as `[bench] …` lines to `err`. */
export function createReporter(out: Writable, err: Writable): Reporter {
  return {
    result: (line): void => {
      out.write(`${JSON.stringify(line)}\n`);
    },
    progress: (message): void => {
      err.write(`[bench] ${message}\n`);
    },
  };
}

/** Everything a benchmark module receives from the runner. */
export interface BenchContext<S> {
  readonly sizes: S;
  readonly report: Reporter;
  readonly gc: Gc;
  /** Monotonic milliseconds. */
  readonly now: () => number;
}

/** What names a result: benchmark, metric, unit and problem size. */
export interface Head {
  readonly bench: string;
  readonly metric: string;
  readonly unit: string;
  readonly n: number;
}

export type HeadOf = (metric: string, unit: string) => Head;

/** A factory of heads for one benchmark and problem size. */
export function heads(bench: string, n: number): HeadOf {
  return (metric, unit) => ({ bench, metric, unit, n });
}

/** Builds a result line from statistics, stamping the heap in use now (after GC when possible). */
export function resultLine(
  ctx: Pick<BenchContext<unknown>, "gc">,
  head: Head,
  stats: Stats,
  extra: Readonly<Record<string, unknown>> = {},
): BenchResult {
  return { ...head, ...stats, heap_used_mb: memory(ctx.gc).heapUsedMb, gc: ctx.gc.mode, ...extra };
}

/** A ratio of two medians of the same run, as its own result line. */
export function ratioLine(
  ctx: Pick<BenchContext<unknown>, "gc">,
  head: Head,
  numerator: Stats,
  denominator: Stats,
): BenchResult {
  if (!(denominator.median > 0)) throw new RangeError(`${head.metric}: denominator median must be positive`);
  return resultLine(ctx, head, single(numerator.median / denominator.median), {
    numerator_median: numerator.median,
    denominator_median: denominator.median,
  });
}
