// Runs `svcmirror run` in this process for a test, as the CLI would (runDaemon, the composition root),
// with its JSON log lines collected; and a RunConfig with test defaults (an ephemeral admin port,
// quick election timings, the CLI's rate limits). The test stops the daemon itself: it aborts
// `stop` and awaits `exit`.

import type { RunConfig } from "../../src/config.js";
import { type DaemonDeps, runDaemon } from "../../src/main.js";
import { LogSink } from "./logs.js";

export interface TestDaemon {
  readonly logs: LogSink;
  /** Aborting it asks for an orderly shutdown, as SIGTERM does at the CLI. */
  readonly stop: AbortController;
  /** What runDaemon resolves with: the exit code. */
  readonly exit: Promise<number>;
  /** The admin server's base URL, once it listens; rejects after 10 s. */
  adminUrl(): Promise<string>;
}

/**
 * Link "east" in svcmirror-system as replica-a, unless `overrides` say otherwise. The kubeconfig path
 * is a placeholder: pass `loadKubeConfig` to startTestDaemon, or override `kube`.
 */
export function testRunConfig(overrides: Partial<RunConfig> = {}): RunConfig {
  return {
    link: "east",
    namespace: "svcmirror-system",
    kube: { kind: "file", path: "unused.kubeconfig" },
    identity: "replica-a",
    adminAddr: { host: "127.0.0.1", port: 0 },
    election: { leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 250 },
    kubeQps: 20,
    kubeBurst: 30,
    log: { format: "json", level: "info" },
    allowInsecureRemote: false,
    ...overrides,
  };
}

export function startTestDaemon(
  config: RunConfig,
  deps: Omit<DaemonDeps, "stop" | "logDestination">,
): TestDaemon {
  const logs = new LogSink();
  const stop = new AbortController();
  const exit = runDaemon(config, { ...deps, stop: stop.signal, logDestination: logs.stream });
  return {
    logs,
    stop,
    exit,
    adminUrl: async (): Promise<string> =>
      `http://127.0.0.1:${(await logs.waitFor("admin server listening")).port}`,
  };
}
