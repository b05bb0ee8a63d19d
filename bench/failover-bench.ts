// failover: leader-election failover against the sim, measured by bench/failover.ts (three replicas
// per run; "crash" kills the leader without releasing its Lease, "graceful" releases it). This
// module only turns that script's samples into the runner's result lines, with each mode's bound.

import { runFailover } from "./failover.js";
import { type BenchContext, heads, resultLine, summarize } from "./harness.js";
import type { FailoverSizes } from "./sizes.js";

export async function runFailoverBench(ctx: BenchContext<FailoverSizes>): Promise<void> {
  const { runs, timings } = ctx.sizes;
  ctx.report.progress(
    `failover: ${runs} crash + ${runs} graceful failovers (lease ${timings.leaseDurationMs} ms, retry ${timings.retryPeriodMs} ms)`,
  );
  const result = await runFailover({ runs, timings });
  const head = heads("failover", 3);
  for (const mode of ["crash", "graceful"] as const) {
    const { samplesMs, boundMs } = result[mode];
    ctx.report.result(
      resultLine(ctx, head(`${mode}_failover_ms`, "ms"), summarize(samplesMs), {
        bound_ms: boundMs,
        replicas: 3,
        lease_duration_ms: timings.leaseDurationMs,
        renew_deadline_ms: timings.renewDeadlineMs,
        retry_period_ms: timings.retryPeriodMs,
      }),
    );
  }
}
