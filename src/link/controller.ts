// The link controller for one Link: it reads the Link (its spec only when metadata.generation
// changes, so its own status writes never restart anything), judges the spec, watches the named
// credentials Secret, keeps one remote connection per (credentials, selectors) and hands it to the
// RemoteView, and publishes the resulting status through the batched writer, with an Event and a log
// line whenever Ready changes. It never deletes anything: a deleted Link, a broken Secret or an
// unreachable remote stop or pause the connection and leave the last known remote state readable.
// There is no mirror reconciler yet; it will consume `remote` and `local` and report back through
// setProblems() and setMirrorsReconciled().

import type { Logger } from "pino";
import type { CacheChange, KubeObjectLike } from "../kube/cache.js";
import type { KubeClients } from "../kube/client.js";
import type { EventRecorder } from "../kube/events.js";
import type { Clock } from "../runtime/clock.js";
import { type Credentials, readCredentials } from "./credentials.js";
import { isMirrorService, LocalCaches, type LocalInformerOptions } from "./local-caches.js";
import type { LinkObserver } from "./metrics.js";
import { ReadinessReporter } from "./readiness-report.js";
import { RemoteConnection, type RemoteConnectionOptions } from "./remote-connection.js";
import { RemoteView, type RemoteViewState } from "./remote-view.js";
import { type LinkProblem, parseLink } from "./schema.js";
import { SecretWatch } from "./secret-watch.js";
import { remoteSelectors } from "./selectors.js";
import { type CredentialsState, type DesiredStatus, desiredStatus, type SpecState } from "./status-model.js";
import { kubeLinkStatusStore, type LinkObject } from "./status-store.js";
import { LinkStatusWriter, type StatusWriterOptions } from "./status-writer.js";

export interface LinkControllerDeps {
  /** The local cluster. */
  readonly clients: KubeClients;
  readonly clock: Clock;
  readonly log: Logger;
  /** Records Events about the Link. */
  readonly events: EventRecorder;
  /** The leader's fencing check, asked before each status write. */
  readonly canWrite: () => boolean;
  readonly observer?: LinkObserver;
}

export interface LinkControllerOptions {
  readonly namespace: string;
  readonly linkName: string;
  /** Accept remote kubeconfigs with insecure-skip-tls-verify (--allow-insecure-remote). */
  readonly allowInsecureRemote: boolean;
  readonly remote: RemoteConnectionOptions;
  readonly localInformer?: LocalInformerOptions;
  readonly status?: StatusWriterOptions;
}

export interface LinkControllerStats {
  /** Times a Link spec was parsed (once per generation). */
  readonly specLoads: number;
  /** Remote connections started. */
  readonly connectionsStarted: number;
}

/** The /status section of the link controller. */
export interface LinkControllerStatus {
  readonly link: string;
  readonly found: boolean;
  readonly generation?: number;
  readonly spec?: { readonly valid: boolean; readonly problem?: string };
  readonly secret?: {
    readonly name: string;
    readonly synced: boolean;
    readonly exists: boolean;
    readonly resourceVersion?: string;
  };
  /** What the controller last asked the status writer for (problems counted, not listed). */
  readonly status?: Omit<DesiredStatus, "problems"> & { readonly problems: number };
  readonly remote: RemoteViewState;
  readonly stats: LinkControllerStats;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class LinkController {
  /** The remote cluster for the mirror reconciler. */
  readonly remote: RemoteView;
  /** The local cluster for the mirror reconciler. */
  readonly local: LocalCaches;
  readonly #deps: LinkControllerDeps;
  readonly #opts: LinkControllerOptions;
  readonly #log: Logger;
  readonly #secrets: SecretWatch;
  readonly #writer: LinkStatusWriter;
  readonly #reporter: ReadinessReporter;
  readonly #background = new Set<Promise<void>>();
  readonly #problems = new Map<string, readonly LinkProblem[]>();
  readonly #stats: Mutable<LinkControllerStats> = { specLoads: 0, connectionsStarted: 0 };
  #link: LinkObject | undefined;
  #handledVersion: string | undefined;
  #generation = 0;
  #spec: SpecState | undefined;
  #credentials: { readonly resourceVersion: string; readonly value: Credentials } | undefined;
  #connectionKey: string | undefined;
  #connectionIds = 0;
  #mirrorsReconciled = false;
  #mirroredServices = 0;
  #published: DesiredStatus | undefined;
  #started = false;
  #toldMissing = false;

  constructor(deps: LinkControllerDeps, opts: LinkControllerOptions) {
    this.#deps = deps;
    this.#opts = opts;
    this.#log = deps.log;
    const ref = { namespace: opts.namespace, linkName: opts.linkName };
    const base = { clients: deps.clients, clock: deps.clock, log: deps.log };
    this.local = new LocalCaches(base, ref, opts.localInformer);
    this.#secrets = new SecretWatch(base, opts.namespace, opts.localInformer);
    this.remote = new RemoteView(deps.log);
    this.#reporter = new ReadinessReporter({
      events: deps.events,
      log: deps.log,
      ...(deps.observer === undefined ? {} : { observer: deps.observer }),
    });
    this.#writer = new LinkStatusWriter(
      {
        store: kubeLinkStatusStore(deps.clients, { namespace: opts.namespace, name: opts.linkName }),
        clock: deps.clock,
        log: deps.log,
        canWrite: deps.canWrite,
        onOutcome: (outcome): void => deps.observer?.statusWrite(outcome),
      },
      opts.status,
    );
  }

  stats(): LinkControllerStats {
    return { ...this.#stats };
  }

  /** Per-service problems for the Link's status, replacing those reported before for `serviceKey`. */
  setProblems(serviceKey: string, problems: readonly LinkProblem[]): void {
    if (problems.length === 0) this.#problems.delete(serviceKey);
    else this.#problems.set(serviceKey, problems);
    this.#publish();
  }

  /** The mirror reconciler finished (true) or lost (false) a complete pass: Ready may turn True. */
  setMirrorsReconciled(reconciled: boolean): void {
    this.#mirrorsReconciled = reconciled;
    this.#publish();
  }

  /** Runs until `signal` aborts, then releases every informer, connection, timer and listener. */
  async run(signal: AbortSignal): Promise<void> {
    if (this.#started) throw new Error("the link controller can run only once");
    this.#started = true;
    const unsubscribe = [
      this.local.link.onEvent((change) => this.#onLink(change)),
      this.local.link.onStatusChange((status) => {
        if (!status.synced || this.#link !== undefined || this.#toldMissing) return;
        this.#toldMissing = true;
        this.#log.warn("Link not found; waiting for it to be created");
      }),
      this.local.services.onEvent((change) => this.#onOwnedService(change)),
      this.#secrets.onChange(() => this.#onSecret()),
      this.remote.onStateChange(() => this.#publish()),
    ];
    this.local.start(signal);
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener("abort", () => resolve(), { once: true });
    });
    for (const remove of unsubscribe) remove();
    await this.#writer.stop();
    await Promise.all([this.#secrets.stop(), this.remote.stop(), this.local.stop()]);
    while (this.#background.size > 0) await Promise.all([...this.#background]);
    await this.#deps.events.flush();
  }

  status(): LinkControllerStatus {
    const secret = this.#secrets.current();
    const spec = this.#spec;
    return {
      link: `${this.#opts.namespace}/${this.#opts.linkName}`,
      found: this.#link !== undefined,
      ...(this.#link === undefined ? {} : { generation: this.#generation }),
      ...(spec === undefined
        ? {}
        : {
            spec:
              spec.kind === "valid"
                ? { valid: true }
                : { valid: false, problem: `${spec.field}: ${spec.message}` },
          }),
      ...(secret === undefined
        ? {}
        : {
            secret: {
              name: secret.name,
              synced: secret.synced,
              exists: secret.secret !== undefined,
              ...(secret.secret?.metadata?.resourceVersion === undefined
                ? {}
                : { resourceVersion: secret.secret.metadata.resourceVersion }),
            },
          }),
      ...(this.#published === undefined
        ? {}
        : { status: { ...this.#published, problems: this.#published.problems.length } }),
      remote: this.remote.state(),
      stats: this.stats(),
    };
  }

  #onLink(change: CacheChange<LinkObject>): void {
    if (change.type === "deleted") {
      this.#onLinkDeleted();
      return;
    }
    const link = change.object;
    this.#link = link;
    this.#writer.observe(link);
    // Status-only and metadata-only changes (our own status writes among them) keep the generation.
    const version = `${link.metadata?.uid ?? ""}/${link.metadata?.generation ?? 0}`;
    if (version === this.#handledVersion) return;
    this.#handledVersion = version;
    this.#loadSpec(link);
  }

  #loadSpec(link: LinkObject): void {
    this.#stats.specLoads++;
    this.#generation = link.metadata?.generation ?? 0;
    const parsed = parseLink(link);
    if (parsed.ok) {
      this.#spec = { kind: "valid", link: parsed.link };
      this.#secrets.watch(parsed.link.spec.clusterCredentialsSecret);
      this.#log.info({ generation: this.#generation }, "Link spec loaded");
    } else {
      this.#spec = { kind: "invalid", field: parsed.field, message: parsed.message };
      this.#secrets.unwatch();
      this.#log.warn(
        { generation: this.#generation, field: parsed.field, problem: parsed.message },
        "Link spec is invalid; waiting for a new generation",
      );
    }
    this.#onSecret();
  }

  #onLinkDeleted(): void {
    this.#link = undefined;
    this.#handledVersion = undefined;
    this.#spec = undefined;
    this.#credentials = undefined;
    this.#reporter.reset();
    this.#published = undefined;
    this.#writer.observe(undefined);
    this.#secrets.unwatch();
    this.#disconnect();
    this.#log.info("Link deleted: remote connection stopped; existing mirrors are left in place");
  }

  #onSecret(): void {
    const watched = this.#secrets.current();
    if (watched === undefined || !watched.synced) {
      this.#credentials = undefined;
    } else {
      const resourceVersion = `${watched.name}@${watched.secret?.metadata?.resourceVersion ?? "absent"}`;
      if (this.#credentials?.resourceVersion !== resourceVersion) {
        const ref = { namespace: this.#opts.namespace, name: watched.name };
        const value = readCredentials(watched.secret, ref, { allowInsecure: this.#opts.allowInsecureRemote });
        this.#credentials = { resourceVersion, value };
      }
    }
    this.#reconcileConnection();
    this.#publish();
  }

  /** Counts mirror Services from the changes (a relist reports its differences too), not by a scan. */
  #onOwnedService(change: CacheChange<KubeObjectLike>): void {
    const before =
      change.type === "updated"
        ? isMirrorService(change.old)
        : change.type === "deleted" && isMirrorService(change.object);
    const after = change.type !== "deleted" && isMirrorService(change.object);
    if (before === after) return;
    this.#mirroredServices += after ? 1 : -1;
    this.#publish();
  }

  /** One connection per (credentials, selectors); anything else keeps the running one. */
  #reconcileConnection(): void {
    const spec = this.#spec;
    const credentials = this.#credentials?.value;
    if (spec?.kind !== "valid" || credentials?.ok !== true) {
      this.#disconnect();
      return;
    }
    const selectors = remoteSelectors(spec.link.spec);
    const key = `${credentials.fingerprint} ${JSON.stringify(selectors)}`;
    if (key === this.#connectionKey) return;
    this.#connectionKey = key;
    const id = ++this.#connectionIds;
    const log = this.#log.child({ connection: id });
    const connection = new RemoteConnection(
      id,
      credentials.kubeconfig,
      selectors,
      { clock: this.#deps.clock, log },
      this.#opts.remote,
    );
    this.#stats.connectionsStarted++;
    this.#deps.observer?.connectionStarted();
    log.info({ remote: credentials.summary, selectors }, "connecting to the remote cluster");
    if (credentials.summary.insecure) log.warn("the remote API server's certificate is not verified");
    this.remote.attach(connection);
  }

  #disconnect(): void {
    if (this.#connectionKey === undefined) return;
    this.#connectionKey = undefined;
    const detaching = this.remote.detach();
    this.#background.add(detaching);
    void detaching.finally(() => this.#background.delete(detaching));
  }

  #credentialsState(): CredentialsState {
    const value = this.#credentials?.value;
    if (value === undefined) {
      const name = this.#secrets.current()?.name ?? "";
      return { kind: "pending", secret: `${this.#opts.namespace}/${name}` };
    }
    return value.ok ? { kind: "ok" } : { kind: "failed", reason: value.reason, message: value.message };
  }

  #publish(): void {
    const spec = this.#spec;
    const remote = this.remote.state();
    this.#deps.observer?.remoteObjects(remote.services, remote.endpointSlices);
    if (spec === undefined) return;
    const desired = desiredStatus({
      generation: this.#generation,
      spec,
      credentials: this.#credentialsState(),
      remote,
      mirrorsReconciled: this.#mirrorsReconciled,
      mirroredServices: this.#mirroredServices,
      problems: [...this.#problems.values()].flat(),
    });
    this.#published = desired;
    this.#writer.set(desired);
    if (this.#link !== undefined) this.#reporter.report(desired, this.#link);
  }
}
