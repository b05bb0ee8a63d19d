// Set-up for the link controller tests against two sims: a controller on the local sim with short
// backoffs and intervals, its log lines captured (to prove no credential is ever logged), Events
// written to the local sim as in production, and names for a fresh Link per test.

import { Writable } from "node:stream";
import pino, { type Logger } from "pino";
import { coreEventSink, EventRecorder } from "../../src/kube/events.js";
import { LinkController, type LinkControllerOptions } from "../../src/link/controller.js";
import type { LinkObserver } from "../../src/link/metrics.js";
import { realClock } from "../../src/runtime/clock.js";
import type { ClusterHandle } from "../scenarios/harness/index.js";
import { uniqueName } from "../scenarios/harness/wait.js";

export const FAST_INFORMER = {
  backoff: { initialMs: 20, maxMs: 200 },
  watchTimeoutSeconds: { min: 30, max: 30 },
  idleTimeoutMs: 31_000,
  staleAfterMs: 300,
} as const;

export interface CapturedLog {
  readonly logger: Logger;
  readonly lines: string[];
}

export function captureLog(): CapturedLog {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done): void {
      lines.push(chunk.toString("utf8"));
      done();
    },
  });
  return { logger: pino({ level: "debug" }, stream), lines };
}

export interface RunningController {
  readonly controller: LinkController;
  readonly log: CapturedLog;
  readonly namespace: string;
  readonly link: string;
  stop(): Promise<void>;
}

export interface ControllerSetup {
  readonly namespace: string;
  readonly link: string;
  readonly allowInsecureRemote?: boolean;
  readonly statusIntervalMs?: number;
  readonly canWrite?: () => boolean;
  readonly observer?: LinkObserver;
  /** Backoff between failed connection attempts; default 50..300 ms. */
  readonly connectBackoff?: { initialMs: number; maxMs: number };
}

export interface LinkNames {
  readonly namespace: string;
  readonly link: string;
  readonly secret: string;
}

/** A fresh namespace, Link name and credentials Secret name for one test. */
export function linkNames(): LinkNames {
  return { namespace: uniqueName("ns"), link: uniqueName("link"), secret: uniqueName("creds") };
}

export function controllerOptions(setup: ControllerSetup): LinkControllerOptions {
  return {
    namespace: setup.namespace,
    linkName: setup.link,
    allowInsecureRemote: setup.allowInsecureRemote ?? false,
    remote: {
      version: "0.0.0-test",
      qps: 1000,
      burst: 1000,
      requestTimeoutMs: 2_000,
      connectBackoff: setup.connectBackoff ?? { initialMs: 50, maxMs: 300 },
      informer: FAST_INFORMER,
    },
    localInformer: FAST_INFORMER,
    status: { minIntervalMs: setup.statusIntervalMs ?? 50, retryBackoff: { initialMs: 50, maxMs: 300 } },
  };
}

export function startController(local: ClusterHandle, setup: ControllerSetup): RunningController {
  const log = captureLog();
  const events = new EventRecorder({
    sink: coreEventSink(local.clients.core),
    log: log.logger,
    instance: "test",
  });
  const controller = new LinkController(
    {
      clients: local.clients,
      clock: realClock,
      log: log.logger,
      events,
      canWrite: setup.canWrite ?? ((): boolean => true),
      ...(setup.observer === undefined ? {} : { observer: setup.observer }),
    },
    controllerOptions(setup),
  );
  const stopper = new AbortController();
  const running = controller.run(stopper.signal);
  return {
    controller,
    log,
    namespace: setup.namespace,
    link: setup.link,
    async stop(): Promise<void> {
      stopper.abort();
      await running;
    },
  };
}
