// The benchmark runner: the registry of benchmarks, command-line parsing (names to run, --quick),
// and running the selected ones in order with one shared reporter and GC. A failing benchmark is
// reported on the progress stream and the others still run; the outcome says which failed.

import { parseArgs } from "node:util";
import { runFailoverBench } from "./failover-bench.js";
import { type BenchContext, createGc, createReporter, type Writable } from "./harness.js";
import { runSimList } from "./sim-list.js";
import { runSimSeed } from "./sim-seed.js";
import { runSimWatchFanout } from "./sim-watch-fanout.js";
import { type BenchSizes, PRESETS, type PresetName } from "./sizes.js";

type Base = Omit<BenchContext<unknown>, "sizes">;

export interface Benchmark {
  readonly name: string;
  readonly description: string;
  run(base: Base, sizes: BenchSizes): Promise<void>;
}

export const BENCHMARKS: readonly Benchmark[] = [
  {
    name: "sim-seed",
    description:
      "load N Services + N EndpointSlices over HTTPS; memory held; direct Storage load for comparison",
    run: (base, sizes) => runSimSeed({ ...base, sizes: sizes.seed }),
  },
  {
    name: "sim-list",
    description: "full and paginated lists of N Services / N EndpointSlices, raw and through client-node",
    run: (base, sizes) => runSimList({ ...base, sizes: sizes.list }),
  },
  {
    name: "sim-watch-fanout",
    description: "informer initial sync of N Services; delivery lag to 10 watchers while updates are written",
    run: (base, sizes) => runSimWatchFanout({ ...base, sizes: sizes.watch }),
  },
  {
    name: "failover",
    description: "leader-election failover after a crash and after a graceful stop (bench/failover.ts)",
    run: (base, sizes) => runFailoverBench({ ...base, sizes: sizes.failover }),
  },
];

export interface RunOptions {
  /** Benchmarks to run, in registry order; empty = all. */
  readonly names: readonly string[];
  readonly preset: PresetName;
  /** Receives one JSON result per line. */
  readonly out: Writable;
  /** Receives human-readable progress. */
  readonly err: Writable;
  /** Monotonic milliseconds; default performance.now. */
  readonly now?: () => number;
}

export interface RunOutcome {
  readonly ran: readonly string[];
  readonly failed: readonly string[];
}

export type ParsedArgs =
  | { kind: "run"; names: string[]; preset: PresetName }
  | { kind: "help"; text: string };

export function usage(): string {
  const lines = BENCHMARKS.map((b) => `  ${b.name.padEnd(18)} ${b.description}`);
  return [
    "usage: npm run bench -- [--quick] [name ...]",
    "",
    "Prints one JSON result per line on stdout and progress on stderr. Benchmarks:",
    ...lines,
    "",
  ].join("\n");
}

/** Parses the runner's arguments; throws with the usage text on an unknown flag or name. */
export function parseBenchArgs(argv: readonly string[]): ParsedArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      quick: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return { kind: "help", text: usage() };
  const known = new Set(BENCHMARKS.map((b) => b.name));
  const unknown = positionals.filter((name) => !known.has(name));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(", ")}\n${usage()}`);
  return { kind: "run", names: positionals, preset: values.quick ? "quick" : "full" };
}

/** Runs the selected benchmarks one after another. */
export async function runBenchmarks(opts: RunOptions): Promise<RunOutcome> {
  const report = createReporter(opts.out, opts.err);
  const base: Base = { report, gc: createGc(), now: opts.now ?? ((): number => performance.now()) };
  if (base.gc.mode === "unavailable") report.progress("GC cannot be forced: memory figures include garbage");
  const selected = BENCHMARKS.filter((b) => opts.names.length === 0 || opts.names.includes(b.name));
  const sizes = PRESETS[opts.preset];
  const failed: string[] = [];
  for (const bench of selected) {
    const startMs = base.now();
    report.progress(`${bench.name}: start (${opts.preset})`);
    try {
      await bench.run(base, sizes);
      report.progress(`${bench.name}: done in ${((base.now() - startMs) / 1000).toFixed(1)} s`);
    } catch (err) {
      failed.push(bench.name);
      report.progress(
        `${bench.name}: FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    }
  }
  return { ran: selected.map((b) => b.name), failed };
}
