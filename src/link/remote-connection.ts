// One connection to the remote cluster with one admitted kubeconfig: API clients, a preflight that
// turns 401/403/no-answer into a condition reason (retried with backoff until it passes), then
// informers on the selected Services (one per active mode) and on every EndpointSlice that names its
// Service. It reports the remote unreachable only once an informer has been cut off for its
// staleAfterMs, so a dropped watch that resumes at once does not flap the Link's status.
// A connection is never reused: new credentials or selectors mean a new connection (remote-view.ts
// hands over between them). stop() releases every request, timer and listener.

import { KubeConfig } from "@kubernetes/client-node";
import type { Logger } from "pino";
import type { KubeObjectLike } from "../kube/cache.js";
import { createKubeClients, type KubeClients } from "../kube/client.js";
import { classifyKubeError } from "../kube/errors.js";
import {
  createInformer,
  type Informer,
  type InformerOptions,
  type InformerStatus,
} from "../kube/informer.js";
import { collectionPath, ENDPOINT_SLICES, SERVICES } from "../kube/listwatch.js";
import { Backoff, type BackoffOptions } from "../runtime/backoff.js";
import type { Clock } from "../runtime/clock.js";
import type { AdmittedKubeconfig } from "./kubeconfig.js";
import { type RemoteFailure, remoteFailure } from "./remote-errors.js";
import type { RemoteMode, RemoteSelectors } from "./selectors.js";

/** The label by which an EndpointSlice names its Service. */
export const SERVICE_NAME_LABEL = "kubernetes.io/service-name";
/** Index of the EndpointSlice informer: `namespace/service` → slices. */
export const BY_SERVICE_INDEX = "service";

export type ConnectionState =
  | { readonly phase: "connecting" }
  | (RemoteFailure & { readonly phase: "failed"; readonly attempt: number; readonly retryInMs: number })
  | { readonly phase: "synced" }
  | (RemoteFailure & { readonly phase: "unreachable" })
  | { readonly phase: "stopped" };

/** Tunables shared by every connection of a controller. */
export interface RemoteConnectionOptions {
  /** svcmirror's version for the User-Agent. */
  readonly version: string;
  readonly qps?: number;
  readonly burst?: number;
  readonly requestTimeoutMs?: number;
  /** Backoff between failed preflights; default 1 s doubling to 60 s. */
  readonly connectBackoff?: BackoffOptions;
  /** Passed to each informer (backoff, watch timeouts, staleAfterMs, ...). */
  readonly informer?: Omit<InformerOptions<KubeObjectLike>, "log" | "clock" | "indexers">;
}

export interface RemoteConnectionDeps {
  readonly clock: Clock;
  /** Should carry the connection's id. */
  readonly log: Logger;
}

const DEFAULT_CONNECT_BACKOFF: BackoffOptions = { initialMs: 1_000, maxMs: 60_000 };
/** A server's Retry-After is honoured up to this; a longer one is not believed. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;

function serviceIndex(slice: KubeObjectLike): string[] {
  const service = slice.metadata?.labels?.[SERVICE_NAME_LABEL];
  const namespace = slice.metadata?.namespace;
  return service && namespace ? [`${namespace}/${service}`] : [];
}

function sameState(a: ConnectionState, b: ConnectionState): boolean {
  if (a.phase !== b.phase) return false;
  if (a.phase !== "unreachable" || b.phase !== "unreachable") return true;
  return a.reason === b.reason && a.message === b.message;
}

export function remoteKubeConfig(admitted: AdmittedKubeconfig): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions(admitted);
  return kubeConfig;
}

export class RemoteConnection {
  /** Increasing per process, for logs and /status. */
  readonly id: number;
  readonly server: string;
  readonly services: ReadonlyMap<RemoteMode, Informer<KubeObjectLike>>;
  readonly endpointSlices: Informer<KubeObjectLike>;
  readonly #clients: KubeClients;
  readonly #deps: RemoteConnectionDeps;
  readonly #opts: RemoteConnectionOptions;
  readonly #selectors: RemoteSelectors;
  readonly #controller = new AbortController();
  readonly #listeners = new Set<(state: ConnectionState) => void>();
  readonly #detach: (() => void)[] = [];
  #state: ConnectionState = { phase: "connecting" };
  #running: Promise<void> | undefined;

  constructor(
    id: number,
    kubeconfig: AdmittedKubeconfig,
    selectors: RemoteSelectors,
    deps: RemoteConnectionDeps,
    opts: RemoteConnectionOptions,
  ) {
    this.id = id;
    this.#deps = deps;
    this.#opts = opts;
    this.#selectors = selectors;
    this.#clients = createKubeClients(remoteKubeConfig(kubeconfig), {
      version: opts.version,
      clock: deps.clock,
      ...(opts.qps === undefined ? {} : { qps: opts.qps }),
      ...(opts.burst === undefined ? {} : { burst: opts.burst }),
      ...(opts.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: opts.requestTimeoutMs }),
    });
    this.server = this.#clients.server;
    const base = { ...opts.informer, log: deps.log, clock: deps.clock };
    const services = new Map<RemoteMode, Informer<KubeObjectLike>>();
    for (const [mode, labelSelector] of Object.entries(selectors) as [RemoteMode, string][]) {
      services.set(mode, createInformer(this.#clients, SERVICES, { labelSelector }, base));
    }
    this.services = services;
    this.endpointSlices = createInformer(
      this.#clients,
      ENDPOINT_SLICES,
      { labelSelector: SERVICE_NAME_LABEL },
      { ...base, indexers: { [BY_SERVICE_INDEX]: serviceIndex } },
    );
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Health of each informer by collection: `services/gateway`, `services/flat`, `endpointslices`. */
  informers(): Record<string, InformerStatus> {
    const out: Record<string, InformerStatus> = {};
    for (const [mode, informer] of this.services) out[`services/${mode}`] = informer.status();
    out.endpointslices = this.endpointSlices.status();
    return out;
  }

  /** Listens to state changes; returns the removal. */
  onState(listener: (state: ConnectionState) => void): () => void {
    this.#listeners.add(listener);
    return (): void => {
      this.#listeners.delete(listener);
    };
  }

  /** Starts connecting in the background. Call once. */
  start(): void {
    if (this.#running !== undefined) throw new Error(`remote connection ${this.id} was already started`);
    this.#running = this.#run(this.#controller.signal).catch((err: unknown) => {
      this.#deps.log.error({ err }, "remote connection failed unexpectedly");
    });
  }

  /** Stops for good; resolves once nothing of this connection is left running. Caches stay readable. */
  async stop(): Promise<void> {
    this.#controller.abort(new DOMException("remote connection stopped", "AbortError"));
    await this.#running;
    await Promise.all([...this.#informers()].map((informer) => informer.stop()));
    for (const detach of this.#detach.splice(0)) detach();
    this.#set({ phase: "stopped" });
    this.#listeners.clear();
  }

  *#informers(): Iterable<Informer<KubeObjectLike>> {
    yield* this.services.values();
    yield this.endpointSlices;
  }

  #set(state: ConnectionState): void {
    this.#state = state;
    for (const listener of [...this.#listeners]) listener(state);
  }

  async #run(signal: AbortSignal): Promise<void> {
    if (!(await this.#connect(signal))) return;
    const informers = [...this.#informers()];
    for (const informer of informers) this.#detach.push(informer.onStatusChange(() => this.#reassess()));
    for (const informer of informers) informer.start(signal);
  }

  /** Preflight until the remote answers; false when stopped first. A retry keeps the "failed" state, so the Link's status does not flap. */
  async #connect(signal: AbortSignal): Promise<boolean> {
    const backoff = new Backoff(this.#opts.connectBackoff ?? DEFAULT_CONNECT_BACKOFF);
    for (let attempt = 1; !signal.aborted; attempt++) {
      const failure = await this.#preflight(signal);
      if (signal.aborted) return false;
      if (failure === undefined) return true;
      const retryAfterMs = Math.min(failure.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS);
      const retryInMs = Math.round(Math.max(backoff.next(), retryAfterMs));
      this.#set({ phase: "failed", ...failure.failure, attempt, retryInMs });
      this.#deps.log.warn(
        { server: this.server, reason: failure.failure.reason, attempt, retryInMs },
        "remote cluster refused or unreachable, retrying",
      );
      if (!(await this.#deps.clock.sleep(retryInMs, signal))) return false;
    }
    return false;
  }

  /**
   * Lists one item of each watched collection with the informers' selectors: the same permissions the
   * informers need, and an answer that tells 401, 403 and no-answer apart (an informer only retries).
   */
  async #preflight(
    signal: AbortSignal,
  ): Promise<{ failure: RemoteFailure; retryAfterMs: number | undefined } | undefined> {
    const checks: [string, string | undefined][] = [
      ...Object.values(this.#selectors).map((s): [string, string] => [collectionPath(SERVICES), s]),
      [collectionPath(ENDPOINT_SLICES), SERVICE_NAME_LABEL],
    ];
    try {
      for (const [path, labelSelector] of checks) {
        await this.#clients.getJson(path, { limit: "1", labelSelector }, signal);
      }
      return undefined;
    } catch (err) {
      const info = classifyKubeError(err);
      return { failure: remoteFailure(info, this.server), retryAfterMs: info.retryAfterMs };
    }
  }

  /** Once informing: unreachable while any informer is stale (with its last error), else synced once all are. */
  #reassess(): void {
    const statuses = [...this.#informers()].map((informer) => informer.status());
    const stale = statuses.find((status) => status.stale);
    let next: ConnectionState = { phase: statuses.every((s) => s.synced) ? "synced" : "connecting" };
    if (stale !== undefined) {
      const info = stale.lastError ?? { kind: "network", message: "no answer", retryable: true };
      next = { phase: "unreachable", ...remoteFailure(info, this.server) };
    }
    if (!sameState(this.#state, next)) this.#set(next);
  }
}
