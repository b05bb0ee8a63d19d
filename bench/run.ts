// Entry point of `npm run bench [-- --quick] [name ...]`: parses the arguments, runs the selected
// benchmarks (runner.ts) and exits non-zero when any failed or the arguments were wrong.

import { parseBenchArgs, runBenchmarks } from "./runner.js";

async function main(argv: readonly string[]): Promise<number> {
  let parsed: ReturnType<typeof parseBenchArgs>;
  try {
    parsed = parseBenchArgs(argv);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  if (parsed.kind === "help") {
    process.stdout.write(parsed.text);
    return 0;
  }
  const outcome = await runBenchmarks({
    names: parsed.names,
    preset: parsed.preset,
    out: process.stdout,
    err: process.stderr,
  });
  if (outcome.failed.length > 0) process.stderr.write(`[bench] failed: ${outcome.failed.join(", ")}\n`);
  return outcome.failed.length > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
