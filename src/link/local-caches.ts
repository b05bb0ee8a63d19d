// The local cluster as the link controller and the mirror reconciler read it: the Link itself (by a
// field selector on its name), namespaces (a mirror needs its namespace to exist), and the Services
// and EndpointSlices this link owns, found by the svcmirror.io/link label as DESIGN.md prescribes —
// never by name. The credentials Secret has its own watch (secret-watch.ts) because its name can
// change with the Link's spec. stop() releases every informer.

import type { Logger } from "pino";
import type { KubeObjectLike } from "../kube/cache.js";
import type { KubeClients } from "../kube/client.js";
import { createInformer, type Informer, type InformerOptions } from "../kube/informer.js";
import { ENDPOINT_SLICES, NAMESPACES, SERVICES } from "../kube/listwatch.js";
import type { Clock } from "../runtime/clock.js";
import { LINKS, type LinkObject } from "./status-store.js";

/** Written on every mirror object: the Link that owns it. */
export const LINK_LABEL = "svcmirror.io/link";
/** Written on every mirror object. */
export const MIRRORED_SERVICE_LABEL = "svcmirror.io/mirrored-service";

/** A Service carrying the mirror label (an owned Service is counted in status.mirroredServices only then). */
export function isMirrorService(service: KubeObjectLike): boolean {
  return service.metadata?.labels?.[MIRRORED_SERVICE_LABEL] === "true";
}

export type LocalInformerOptions = Omit<InformerOptions<KubeObjectLike>, "log" | "clock" | "indexers">;

export interface LocalCachesDeps {
  readonly clients: KubeClients;
  readonly clock: Clock;
  readonly log: Logger;
}

export class LocalCaches {
  readonly link: Informer<LinkObject>;
  readonly namespaces: Informer<KubeObjectLike>;
  /** Services labelled as owned by this link. */
  readonly services: Informer<KubeObjectLike>;
  /** EndpointSlices labelled as owned by this link. */
  readonly endpointSlices: Informer<KubeObjectLike>;

  constructor(
    deps: LocalCachesDeps,
    ref: { readonly namespace: string; readonly linkName: string },
    opts: LocalInformerOptions = {},
  ) {
    const base = { ...opts, log: deps.log, clock: deps.clock };
    const owned = { labelSelector: `${LINK_LABEL}=${ref.linkName}` };
    this.link = createInformer<LinkObject>(
      deps.clients,
      LINKS,
      { namespace: ref.namespace, fieldSelector: `metadata.name=${ref.linkName}` },
      base,
    );
    this.namespaces = createInformer(deps.clients, NAMESPACES, {}, base);
    this.services = createInformer(deps.clients, SERVICES, owned, base);
    this.endpointSlices = createInformer(deps.clients, ENDPOINT_SLICES, owned, base);
  }

  start(signal: AbortSignal): void {
    for (const informer of this.#all()) informer.start(signal);
  }

  async stop(): Promise<void> {
    await Promise.all(this.#all().map((informer) => informer.stop()));
  }

  #all(): Informer<KubeObjectLike>[] {
    return [this.link, this.namespaces, this.services, this.endpointSlices];
  }
}
