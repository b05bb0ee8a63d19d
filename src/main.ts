// Composition root of `svcmirror run`: logger → admin server → local cluster kubeconfig → the
// daemon's long-running components (leader election, then the link controller under it). Only this
// file wires concrete implementations together; every component receives what it needs through a
// DaemonContext. Shutdown is one AbortSignal: components stop, the admin server closes, and the
// exit code says whether the stop was asked for (0) or caused by a failure (1).

import { KubeConfig } from "@kubernetes/client-node";
import type { Registry } from "prom-client";
import { type AdminServer, buildAdminServer } from "./admin/index.js";
import type { KubeSource, RunConfig } from "./config.js";
import { leaseNameForLink } from "./election/config.js";
import { createElector } from "./election/elector.js";
import { createElectionMetrics } from "./election/metrics.js";
import type { Leadership } from "./election/term.js";
import { createKubeClients, type KubeClients } from "./kube/client.js";
import { coreEventSink, EventRecorder } from "./kube/events.js";
import { createKubeLeaseStore } from "./kube/leases.js";
import { LinkController } from "./link/controller.js";
import { createLinkMetrics, type LinkObserver } from "./link/metrics.js";
import { createLogger, type Logger, type LoggerOptions, withContext } from "./log.js";
import { realClock } from "./runtime/clock.js";

/** What every component gets from the frame. */
export interface DaemonContext {
  readonly config: RunConfig;
  /** Carries `link`; components add their own context with withContext(). */
  readonly logger: Logger;
  /** Clients of the local cluster (Links, Leases, mirrors), rate-limited by --kube-qps and --kube-burst. */
  readonly local: KubeClients;
  /** Register component metrics here; it is served on /metrics. */
  readonly metrics: Registry;
  readonly admin: Pick<AdminServer, "addReadinessCheck" | "addStatusProvider">;
  /** Aborted when the daemon stops, whether asked to or because another component failed. */
  readonly signal: AbortSignal;
}

/**
 * A long-running part of the daemon. The leader elector (src/election) is one; the link controller
 * (src/link) runs under it as leader work. `run` resolves once it has cleaned up after
 * `ctx.signal` aborts; rejecting, or resolving before the abort, stops the daemon with exit code 1.
 */
export interface DaemonComponent {
  readonly name: string;
  run(ctx: DaemonContext): Promise<void>;
}

/** Work that runs only while this replica leads; it must stop when `lead.signal` aborts. */
export type LeaderWork = (lead: Leadership, ctx: DaemonContext) => Promise<void>;

/**
 * Leader election on the Lease `svcmirror-<link>` in the daemon's namespace. Lost leadership ends
 * the component with an error, so the daemon shuts down in order and exits 1 and Kubernetes
 * restarts the pod clean (the elector's "exit" policy, routed through the frame instead of
 * process.exit). `leaderWork` is where the link controller runs.
 */
export function leaderElection(leaderWork?: LeaderWork): DaemonComponent {
  return {
    name: "leader-election",
    run: async (ctx): Promise<void> => {
      const store = createKubeLeaseStore(ctx.local.coordination, {
        namespace: ctx.config.namespace,
        name: leaseNameForLink(ctx.config.link),
      });
      let lost = false;
      const elector = createElector(
        {
          store,
          clock: realClock,
          logger: withContext(ctx.logger, { component: "election" }),
          observer: createElectionMetrics(ctx.metrics),
          exit: (): void => {
            lost = true;
          },
        },
        {
          identity: ctx.config.identity,
          timings: ctx.config.election,
          onLostLeadership: "exit",
          onStartedLeading: leaderWork && ((lead) => leaderWork(lead, ctx)),
        },
      );
      const removeStatus = ctx.admin.addStatusProvider("election", () => elector.status());
      try {
        await elector.run(ctx.signal);
      } finally {
        removeStatus();
      }
      if (lost) throw new Error("lost leadership");
    },
  };
}

/**
 * The link controller for `--link` as leader work: it runs for as long as the term lasts, its
 * status writes are fenced by the term, and /status shows its section while it runs. Metrics are
 * registered once and outlive terms.
 */
export function linkControllerWork(version: string): LeaderWork {
  let observer: LinkObserver | undefined;
  return async (lead, ctx): Promise<void> => {
    observer ??= createLinkMetrics(ctx.metrics, ctx.config.link);
    const log = withContext(ctx.logger, { component: "link" });
    const controller = new LinkController(
      {
        clients: ctx.local,
        clock: realClock,
        log,
        events: new EventRecorder({
          sink: coreEventSink(ctx.local.core),
          log,
          instance: ctx.config.identity,
        }),
        canWrite: (): boolean => lead.canWrite(),
        observer,
      },
      {
        namespace: ctx.config.namespace,
        linkName: ctx.config.link,
        allowInsecureRemote: ctx.config.allowInsecureRemote,
        remote: { version, qps: ctx.config.kubeQps, burst: ctx.config.kubeBurst },
      },
    );
    const removeStatus = ctx.admin.addStatusProvider("link", () => controller.status());
    try {
      await controller.run(lead.signal);
    } finally {
      removeStatus();
    }
  };
}

export interface DaemonDeps {
  /** Aborted to ask for an orderly shutdown (SIGTERM/SIGINT at the CLI, or a test). */
  stop: AbortSignal;
  /** svcmirror's version, sent in the User-Agent of every API request. */
  version: string;
  /** The components to run once the frame is up; default: leader election running the link controller. */
  components?: readonly DaemonComponent[];
  /** Where logs go; default stdout. */
  logDestination?: LoggerOptions["destination"];
  /** Default: loadLocalKubeConfig. */
  loadKubeConfig?: (source: KubeSource) => KubeConfig;
}

/** Reads the local cluster's kubeconfig file, or the pod's service account when running in a cluster. */
export function loadLocalKubeConfig(source: KubeSource): KubeConfig {
  const kubeConfig = new KubeConfig();
  const origin = source.kind === "file" ? source.path : "the in-cluster service account";
  try {
    if (source.kind === "file") kubeConfig.loadFromFile(source.path);
    else kubeConfig.loadFromCluster();
  } catch (err) {
    throw new Error(`load kubeconfig from ${origin}`, { cause: err });
  }
  if (kubeConfig.getCurrentCluster() === null) {
    throw new Error(
      `kubeconfig from ${origin}: its current context "${kubeConfig.getCurrentContext()}" names no cluster`,
    );
  }
  return kubeConfig;
}

function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}

/** Runs the components until `stop` aborts or one of them fails; returns the process exit code. */
async function runComponents(
  ctx: DaemonContext,
  components: readonly DaemonComponent[],
  shutdown: AbortController,
): Promise<number> {
  let exitCode = 0;
  const runs = components.map(async (component) => {
    try {
      await component.run(ctx);
      if (!ctx.signal.aborted) throw new Error("stopped on its own");
    } catch (err) {
      if (exitCode === 0)
        ctx.logger.error({ err, component: component.name }, "component failed, shutting down");
      exitCode = 1;
      shutdown.abort(err);
    }
  });
  await aborted(ctx.signal);
  await Promise.all(runs);
  return exitCode;
}

/** `svcmirror run`. Resolves with the exit code once everything has stopped. */
export async function runDaemon(config: RunConfig, deps: DaemonDeps): Promise<number> {
  const root = createLogger({ ...config.log, destination: deps.logDestination });
  const logger = withContext(root, { link: config.link });
  const admin = buildAdminServer({ logger: withContext(logger, { component: "admin" }) });
  const shutdown = new AbortController();
  const onStop = (): void => shutdown.abort(deps.stop.reason);
  deps.stop.addEventListener("abort", onStop, { once: true });
  if (deps.stop.aborted) onStop();

  // Every replica, follower or leader, is ready once started: readiness gates nothing but startup.
  let started = false;
  admin.addReadinessCheck("started", () => {
    if (shutdown.signal.aborted) return { ready: false, reason: "shutting down" };
    return started ? { ready: true } : { ready: false, reason: "starting" };
  });

  try {
    await admin.listen(config.adminAddr);
    const kubeConfig = (deps.loadKubeConfig ?? loadLocalKubeConfig)(config.kube);
    const local = createKubeClients(kubeConfig, {
      version: deps.version,
      qps: config.kubeQps,
      burst: config.kubeBurst,
    });
    const ctx: DaemonContext = {
      config,
      logger,
      local,
      metrics: admin.registry,
      admin,
      signal: shutdown.signal,
    };
    const components = deps.components ?? [leaderElection(linkControllerWork(deps.version))];
    const running = runComponents(ctx, components, shutdown);
    started = true;
    logger.info(
      {
        namespace: config.namespace,
        identity: config.identity,
        server: local.server,
        version: deps.version,
      },
      "svcmirror started",
    );
    const exitCode = await running;
    logger.info({ exitCode }, "svcmirror stopped");
    return exitCode;
  } catch (err) {
    logger.error({ err }, "svcmirror failed to start");
    return 1;
  } finally {
    deps.stop.removeEventListener("abort", onStop);
    shutdown.abort();
    await admin.close();
  }
}
