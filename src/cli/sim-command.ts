// `svcmirror sim`: starts the embedded API server standalone, writes its admin kubeconfig, seeds the
// sample cluster, tells the user what to try next, and runs until asked to stop. Logs go to stderr
// in plain format; the instructions go to stdout.

import { randomUUID } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import type { SimConfig } from "../config.js";
import { createLogger } from "../log.js";
import { startSim } from "../sim/index.js";
import { type SampleSummary, seedSampleCluster } from "./sample.js";

export interface SimIo {
  stdout: { write(text: string): unknown };
  /** Aborted when the process is asked to stop (SIGTERM/SIGINT). */
  stop: AbortSignal;
}

/** Writes through a temporary file and a rename, so a reader never sees half a kubeconfig. */
async function writeKubeconfig(path: string, text: string): Promise<void> {
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, text, { mode: 0o600 });
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true });
    throw new Error(`write kubeconfig ${path}`, { cause: err });
  }
}

function nextSteps(url: string, file: string, sample: SampleSummary | undefined): string {
  const kubectl = `kubectl --kubeconfig ${file}`;
  const lines = [
    `svcmirror sim is serving a Kubernetes API at ${url}`,
    `Its admin kubeconfig is in ${file}.`,
    "",
  ];
  if (sample !== undefined) {
    lines.push(
      `Namespace ${sample.namespace} holds the Services ${sample.exported.join(" and ")} (exported with svcmirror.io/exported=true)`,
      `and ${sample.notExported.join(", ")} (not exported), each with an EndpointSlice.`,
      "",
    );
  }
  lines.push("Try:", `  ${kubectl} get svc -A`);
  if (sample !== undefined) {
    lines.push(
      `  ${kubectl} get svc -n ${sample.namespace} -l svcmirror.io/exported=true`,
      `  ${kubectl} get endpointslices -n ${sample.namespace} -o wide`,
    );
  }
  lines.push(
    `  ${kubectl} get --raw /version`,
    "",
    "Any Kubernetes client works with that kubeconfig. Stop with Ctrl-C.",
    "",
  );
  return lines.join("\n");
}

function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((done) => signal.addEventListener("abort", () => done(), { once: true }));
}

/** Runs the sim until `io.stop` aborts; resolves with the exit code. Start failures are thrown. */
export async function runSim(config: SimConfig, io: SimIo): Promise<number> {
  const logger = createLogger({ format: "plain", level: "info", destination: 2 });
  const sim = await startSim({
    port: config.port,
    tls: config.tls,
    token: config.token,
    userToken: config.userToken,
    onError: (err) => logger.error({ err }, "sim request failed"),
  });
  try {
    await writeKubeconfig(config.kubeconfigOut, sim.kubeconfig);
    let sample: SampleSummary | undefined;
    if (config.sample) {
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromString(sim.kubeconfig);
      sample = await seedSampleCluster(kubeConfig);
    }
    io.stdout.write(nextSteps(sim.url, config.kubeconfigOut, sample));
    logger.info({ url: sim.url, kubeconfigFile: resolve(config.kubeconfigOut) }, "sim ready");
    await aborted(io.stop);
    logger.info("sim stopping");
  } finally {
    await sim.stop();
  }
  return 0;
}
