// Watches the one credentials Secret a Link names, with an informer narrowed by a field selector on
// its name (the daemon reads no other Secret). The name comes from the Link's spec, so it can change:
// watch(name) moves to the new Secret and stops the old informer. Listeners hear about every change of
// the Secret, and about the first sync (which is how "this Secret does not exist" is learnt).

import type { Logger } from "pino";
import type { KubeClients } from "../kube/client.js";
import { createInformer, type Informer } from "../kube/informer.js";
import { SECRETS } from "../kube/listwatch.js";
import type { Clock } from "../runtime/clock.js";
import type { SecretLike } from "./credentials.js";
import type { LocalInformerOptions } from "./local-caches.js";

export interface WatchedSecret {
  readonly name: string;
  /** False until the first list answered: until then, absence means nothing. */
  readonly synced: boolean;
  readonly secret: SecretLike | undefined;
}

export interface SecretWatchDeps {
  readonly clients: KubeClients;
  readonly clock: Clock;
  readonly log: Logger;
}

interface Target {
  readonly name: string;
  readonly informer: Informer<SecretLike & { metadata?: { name?: string } }>;
}

export class SecretWatch {
  readonly #deps: SecretWatchDeps;
  readonly #namespace: string;
  readonly #opts: LocalInformerOptions;
  readonly #listeners = new Set<() => void>();
  readonly #stopping = new Set<Promise<void>>();
  #target: Target | undefined;

  constructor(deps: SecretWatchDeps, namespace: string, opts: LocalInformerOptions = {}) {
    this.#deps = deps;
    this.#namespace = namespace;
    this.#opts = opts;
  }

  get namespace(): string {
    return this.#namespace;
  }

  /** What is known about the watched Secret, or undefined when nothing is watched. */
  current(): WatchedSecret | undefined {
    const target = this.#target;
    if (target === undefined) return undefined;
    return {
      name: target.name,
      synced: target.informer.hasSynced(),
      secret: target.informer.get(this.#namespace, target.name),
    };
  }

  /** Hears every change of current(); returns the removal. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return (): void => {
      this.#listeners.delete(listener);
    };
  }

  /** Watches the Secret `name`; a no-op when it is already watched. */
  watch(name: string): void {
    if (this.#target?.name === name) return;
    this.#release();
    const informer = createInformer<SecretLike>(
      this.#deps.clients,
      SECRETS,
      { namespace: this.#namespace, fieldSelector: `metadata.name=${name}` },
      { ...this.#opts, log: this.#deps.log, clock: this.#deps.clock },
    );
    informer.onEvent(() => this.#notify());
    informer.onStatusChange(() => this.#notify());
    this.#target = { name, informer };
    informer.start();
  }

  /** Stops watching; current() is undefined afterwards. */
  unwatch(): void {
    this.#release();
  }

  /** Stops watching and waits until the informers are released. */
  async stop(): Promise<void> {
    this.#release();
    this.#listeners.clear();
    while (this.#stopping.size > 0) await Promise.all([...this.#stopping]);
  }

  #release(): void {
    const target = this.#target;
    if (target === undefined) return;
    this.#target = undefined;
    const stopping = target.informer.stop();
    this.#stopping.add(stopping);
    void stopping.finally(() => this.#stopping.delete(stopping));
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
