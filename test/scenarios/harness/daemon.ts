// Runs `svcmirror run` in this process against a provider's local cluster, as the CLI would (the
// composition root with its defaults), and gives the scenario its admin endpoints and log lines.

import { startTestDaemon, testRunConfig } from "../../support/daemon.js";
import type { ClusterPair } from "./provider.js";

export interface RunningDaemon {
  readonly adminUrl: string;
  readonly lines: readonly Record<string, unknown>[];
  /** GET /status, parsed. */
  status(): Promise<Record<string, unknown>>;
  /** Asks for an orderly shutdown; resolves with the exit code. */
  stop(): Promise<number>;
}

export async function startDaemon(
  pair: ClusterPair,
  opts: { namespace: string; link: string; identity?: string },
): Promise<RunningDaemon> {
  const config = testRunConfig({
    link: opts.link,
    namespace: opts.namespace,
    kube: { kind: "file", path: "provided-by-the-harness" },
    identity: opts.identity ?? "scenario",
    kubeQps: 100,
    kubeBurst: 200,
    allowInsecureRemote: pair.allowInsecureRemote,
  });
  const daemon = startTestDaemon(config, {
    version: "0.0.0-e2e",
    loadKubeConfig: () => pair.local.kubeConfig,
  });
  const adminUrl = await daemon.adminUrl();
  return {
    adminUrl,
    lines: daemon.logs.lines,
    status: async (): Promise<Record<string, unknown>> =>
      (await (await fetch(`${adminUrl}/status`)).json()) as Record<string, unknown>,
    stop: async (): Promise<number> => {
      daemon.stop.abort();
      return daemon.exit;
    },
  };
}
