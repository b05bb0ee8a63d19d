// sim-seed: how long loading N Services and N EndpointSlices (5 endpoints each) into a sim takes
// through its HTTPS API with client concurrency, what each create costs, and how much memory the
// loaded sim holds (heap after GC, minus the heap before loading). A direct Storage.create load of
// the same manifests is timed for comparison; it skips HTTP and admission (see fixtures.ts).

import { startSim } from "../src/sim/index.js";
import { BENCH_TOKEN, clientFor, createNamespaces, seedOverHttp, seedStorage } from "./fixtures.js";
import { type BenchContext, heads, memory, ratioLine, resultLine, single, summarize } from "./harness.js";
import type { SeedSizes } from "./sizes.js";

const BENCH = "sim-seed";

export async function runSimSeed(ctx: BenchContext<SeedSizes>): Promise<void> {
  const { layout } = ctx.sizes;
  const n = layout.objects;
  const head = heads(BENCH, n);
  const sim = await startSim({ tls: true, token: BENCH_TOKEN });
  const client = clientFor(sim, layout.concurrency);
  let httpTotalMs: number;
  try {
    await createNamespaces(client, layout);
    const baseline = memory(ctx.gc);
    ctx.report.progress(`${BENCH}: creating ${n} Services over HTTPS, ${layout.concurrency} in flight`);
    const services = await seedOverHttp(client, layout, "services", ctx.now);
    ctx.report.progress(`${BENCH}: creating ${n} EndpointSlices over HTTPS`);
    const slices = await seedOverHttp(client, layout, "endpointslices", ctx.now);
    client.close();
    const held = memory(ctx.gc);
    httpTotalMs = services.totalMs + slices.totalMs;
    const concurrency = { concurrency: layout.concurrency };
    for (const [kind, timing] of [
      ["services", services],
      ["endpointslices", slices],
    ] as const) {
      const perSecond = Math.round((n / timing.totalMs) * 1000);
      ctx.report.result(
        resultLine(ctx, head(`http_seed_${kind}_ms`, "ms"), single(timing.totalMs), {
          ...concurrency,
          objects_per_s: perSecond,
        }),
      );
      ctx.report.result(
        resultLine(
          ctx,
          head(`http_create_${kind}_request_ms`, "ms"),
          summarize(timing.requestMs),
          concurrency,
        ),
      );
    }
    const heldMb = held.heapUsedMb - baseline.heapUsedMb;
    ctx.report.result(
      resultLine(ctx, head("heap_held_mb", "MB"), single(heldMb), {
        objects: 2 * n,
        bytes_per_object: Math.round((heldMb * 1024 * 1024) / (2 * n)),
        heap_before_mb: baseline.heapUsedMb,
        heap_after_mb: held.heapUsedMb,
      }),
    );
    ctx.report.result(
      resultLine(ctx, head("rss_after_seed_mb", "MB"), single(held.rssMb), { rss_before_mb: baseline.rssMb }),
    );
  } finally {
    client.close();
    await sim.stop();
  }
  await seedDirect(ctx, httpTotalMs);
}

async function seedDirect(ctx: BenchContext<SeedSizes>, httpTotalMs: number): Promise<void> {
  const { layout } = ctx.sizes;
  const head = heads(BENCH, layout.objects);
  const sim = await startSim({});
  try {
    ctx.report.progress(
      `${BENCH}: storing the same ${2 * layout.objects} objects with Storage.create (no HTTP, no admission)`,
    );
    const storageMs = single(seedStorage(sim.storage, layout, ctx.now));
    ctx.report.result(
      resultLine(ctx, head("storage_seed_ms", "ms"), storageMs, {
        path: "Storage.create, no HTTP/admission/defaulting",
      }),
    );
    ctx.report.result(
      ratioLine(ctx, head("http_over_storage_seed", "ratio"), single(httpTotalMs), storageMs),
    );
  } finally {
    await sim.stop();
  }
}
