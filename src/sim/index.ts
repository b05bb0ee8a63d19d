// svcmirror's embedded Kubernetes API server ("the sim"): `startSim(opts)` serves the built-in
// kinds the daemon uses and any CRD applied to it, over HTTP or HTTPS, and answers like
// kube-apiserver v1.28 (see ../shared/kube-fixtures). It returns its URL, kubeconfigs, the storage
// (for tests that inspect or compact it), the fault-injection controls and stop().

import { type Clock, realClock } from "../runtime/clock.js";
import { builtinKinds, DEFAULT_SERVICE_CIDR, kubernetesServiceIP } from "./resources/index.js";
import { createApp } from "./server/app.js";
import type { AuthOptions } from "./server/auth.js";
import { BookmarkDispatcher } from "./server/bookmark-timing.js";
import { bootstrap } from "./server/bootstrap.js";
import type { SimDeps } from "./server/context.js";
import { CrdController } from "./server/crds.js";
import { ObjectEncoder } from "./server/encoder.js";
import { Faults } from "./server/faults.js";
import { createHttpFrame, type HttpFrame } from "./server/http.js";
import { buildKubeconfig } from "./server/kubeconfig.js";
import { NamespaceController } from "./server/namespacectl.js";
import { KindRegistry } from "./server/registry.js";
import { SELF_SUBJECT_ACCESS_REVIEW } from "./server/reviews.js";
import { generateServingCertificates } from "./server/tls.js";
import { WatchRegistry } from "./server/watches.js";
import { type Scheduler, Storage } from "./storage/index.js";

export type { FaultError, FaultHandle, FaultScope, Faults, WatchDropOptions } from "./server/faults.js";

export interface SimOptions {
  /** Address to listen on; default 127.0.0.1. */
  readonly host?: string;
  /** Port to listen on; default 0 (a free port). */
  readonly port?: number;
  /** Serve HTTPS with a generated self-signed CA (in `caPem` and the kubeconfigs); default false. */
  readonly tls?: boolean;
  /** Admin bearer token (user in system:masters). Without token and userToken, nothing is authenticated. */
  readonly token?: string;
  /** Bearer token of `realkube-user`, who has no RBAC bindings (403 for every resource request). */
  readonly userToken?: string;
  /** Service ClusterIP range; default 10.96.0.0/16. */
  readonly serviceCIDR?: string;
  /**
   * A fixed number of events kept per resource for watch replay (older resourceVersions get 410).
   * Default: sized like kube-apiserver 1.28 on `clock` (100 to 102,400 events; only events older
   * than 75 s are evicted).
   */
  readonly watchCacheCapacity?: number;
  /**
   * Empty and finalize namespaces being deleted, as kube-controller-manager does; default true.
   * The fixture replay turns it off (the recorded server ran no controllers).
   */
  readonly namespaceController?: boolean;
  /** Time source for watch timeouts, bookmarks, waits and timestamps; default the process clock. */
  readonly clock?: Clock;
  /**
   * Randomness of the timeout of watches without timeoutSeconds (1800–3600 s) and of where in each
   * second the bookmark tick falls; default Math.random.
   */
  readonly random?: () => number;
  /** Delay before a new CRD is Established and served; default 50 ms. */
  readonly crdEstablishDelayMs?: number;
  /** How long a list waits for a resourceVersion from the future before its 504; default 3000 ms. */
  readonly futureResourceVersionWaitMs?: number;
  /** Receives unexpected errors (those requests are answered 500). */
  readonly onError?: (err: unknown) => void;
}

export interface Sim {
  /** Base URL, e.g. `https://127.0.0.1:40123`. */
  readonly url: string;
  /** Kubeconfig (YAML) for the admin user, or for anyone when authentication is off. */
  readonly kubeconfig: string;
  /** Kubeconfig (YAML) for `realkube-user`, when `userToken` was given. */
  readonly userKubeconfig?: string;
  /** PEM of the serving CA, when `tls` is on. */
  readonly caPem?: string;
  /** The storage engine behind the API (inspect, compact, expire the watch cache). */
  readonly storage: Storage;
  /** Fault injection: latency, errors, dropped watches, partitions, compaction. */
  readonly faults: Faults;
  /** Stops listening, ends every watch and connection, and stops the controllers. */
  stop(): Promise<void>;
}

const DEFAULT_CRD_ESTABLISH_DELAY_MS = 50;
const DEFAULT_FUTURE_RV_WAIT_MS = 3000;

function clockScheduler(clock: Clock): Scheduler {
  return {
    schedule: (delayMs: number, fn: () => void): (() => void) => {
      const timer = clock.setTimer(delayMs, fn);
      return (): void => timer.cancel();
    },
  };
}

/** Storage, registry, watches and faults of one sim; `connections` reaches the HTTP frame once it exists. */
function createDeps(opts: SimOptions, clock: Clock, connections: { destroy(): void }): SimDeps {
  const storage = new Storage({
    ...(opts.watchCacheCapacity !== undefined ? { watchCacheCapacity: opts.watchCacheCapacity } : {}),
    scheduler: clockScheduler(clock),
    nowMs: (): number => clock.now(),
  });
  const registry = new KindRegistry(builtinKinds({ serviceCIDR: opts.serviceCIDR ?? DEFAULT_SERVICE_CIDR }));
  registry.add(SELF_SUBJECT_ACCESS_REVIEW, { type: "review" });
  const watches = new WatchRegistry();
  const faults = new Faults({
    clock,
    dropWatches: (scope, dropOpts): number => watches.drop(scope, dropOpts),
    destroyConnections: (): void => connections.destroy(),
    compactHistory: (): number => {
      storage.compact();
      storage.expireWatchCache();
      return storage.revision;
    },
  });
  const random = opts.random ?? Math.random;
  return {
    storage,
    registry,
    clock,
    faults,
    watches,
    bookmarks: new BookmarkDispatcher({ clock, random }),
    random,
    encoder: new ObjectEncoder(),
    futureResourceVersionWaitMs: opts.futureResourceVersionWaitMs ?? DEFAULT_FUTURE_RV_WAIT_MS,
  };
}

function authOptions(opts: SimOptions): AuthOptions {
  return {
    ...(opts.token !== undefined ? { token: opts.token } : {}),
    ...(opts.userToken !== undefined ? { userToken: opts.userToken } : {}),
  };
}

function kubeconfigs(
  url: string,
  caPem: string | undefined,
  opts: SimOptions,
): Pick<Sim, "kubeconfig" | "userKubeconfig"> {
  const ca = caPem ? { caPem } : {};
  const kubeconfig = buildKubeconfig({
    server: url,
    ...ca,
    ...(opts.token !== undefined ? { token: opts.token } : {}),
  });
  if (opts.userToken === undefined) return { kubeconfig };
  const userKubeconfig = buildKubeconfig({
    server: url,
    ...ca,
    token: opts.userToken,
    userName: "realkube-user",
  });
  return { kubeconfig, userKubeconfig };
}

/** Starts a sim and resolves once it listens, with its built-in objects created. */
export async function startSim(opts: SimOptions = {}): Promise<Sim> {
  const clock = opts.clock ?? realClock;
  const host = opts.host ?? "127.0.0.1";
  const certificates = opts.tls
    ? generateServingCertificates([...new Set([host, "127.0.0.1", "localhost"])])
    : undefined;
  let frame: HttpFrame | undefined;
  const deps = createDeps(opts, clock, { destroy: () => frame?.destroyConnections() });
  const { storage, registry, faults, watches, bookmarks } = deps;
  let serverAddress = "";
  const handler = createApp({
    deps,
    auth: authOptions(opts),
    nonResource: { registry, serverAddress: () => serverAddress },
    ...(opts.onError ? { onError: opts.onError } : {}),
  });
  const httpFrame = createHttpFrame({
    handler,
    ...(certificates ? { certificates } : {}),
    refuseConnections: () => faults.isPartitioned(),
  });
  frame = httpFrame;
  const bound = await httpFrame.listen(host, opts.port ?? 0);
  serverAddress = `${host.includes(":") ? `[${host}]` : host}:${bound.port}`;
  const establishDelayMs = opts.crdEstablishDelayMs ?? DEFAULT_CRD_ESTABLISH_DELAY_MS;
  const crds = new CrdController({ storage, registry, clock, establishDelayMs });
  crds.start();
  const namespaces =
    opts.namespaceController === false ? undefined : new NamespaceController({ storage, registry, clock });
  namespaces?.start();
  bootstrap(deps, {
    kubernetesServiceIP: kubernetesServiceIP(opts.serviceCIDR ?? DEFAULT_SERVICE_CIDR),
    port: bound.port,
  });
  // A real apiserver's watch caches start from the state it lists at start-up: watching from any
  // earlier resourceVersion (e.g. "1") is answered 410 Expired.
  storage.expireWatchCache();

  const url = `${certificates ? "https" : "http"}://${serverAddress}`;
  const caPem = certificates?.caPem;
  return {
    url,
    ...kubeconfigs(url, caPem, opts),
    ...(caPem ? { caPem } : {}),
    storage,
    faults,
    async stop(): Promise<void> {
      faults.clear();
      crds.stop();
      namespaces?.stop();
      watches.closeAll();
      bookmarks.stop();
      await httpFrame.close();
    },
  };
}
