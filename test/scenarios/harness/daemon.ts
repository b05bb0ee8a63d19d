// Runs `svcmirror run` in this process against a provider's local cluster, as the CLI would (the
// composition root with its defaults), and gives the scenario its admin endpoints and log lines.

import { Writable } from "node:stream";
import type { RunConfig } from "../../../src/config.js";
import { runDaemon } from "../../../src/main.js";
import type { ClusterPair } from "./provider.js";
import { eventually } from "./wait.js";

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
  const config: RunConfig = {
    link: opts.link,
    namespace: opts.namespace,
    kube: { kind: "file", path: "provided-by-the-harness" },
    identity: opts.identity ?? "scenario",
    adminAddr: { host: "127.0.0.1", port: 0 },
    election: { leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 250 },
    kubeQps: 100,
    kubeBurst: 200,
    log: { format: "json", level: "info" },
    allowInsecureRemote: pair.allowInsecureRemote,
  };
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done): void {
      for (const text of chunk.toString("utf8").split("\n")) if (text !== "") lines.push(JSON.parse(text));
      done();
    },
  });
  const stopper = new AbortController();
  const exit = runDaemon(config, {
    stop: stopper.signal,
    version: "0.0.0-e2e",
    logDestination: destination,
    loadKubeConfig: () => pair.local.kubeConfig,
  });
  await eventually(() => lines.some((l) => l.msg === "admin server listening"), "the admin server to listen");
  const adminUrl = `http://127.0.0.1:${lines.find((l) => l.msg === "admin server listening")?.port}`;
  return {
    adminUrl,
    lines,
    status: async (): Promise<Record<string, unknown>> =>
      (await (await fetch(`${adminUrl}/status`)).json()) as Record<string, unknown>,
    stop: async (): Promise<number> => {
      stopper.abort();
      return exit;
    },
  };
}
