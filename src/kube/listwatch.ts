// List and watch of one resource collection as plain JSON — the port the reflector runs on, and its
// implementation over the API. Both calls carry the same label and field selectors (client-node's
// makeInformer applies its selector to the watch only). Lists are not deserialized by client-node's
// ObjectSerializer, so listed objects and watched objects have the same shape (timestamps stay
// strings); list items get the apiVersion and kind that the API server leaves out of them.

import type { KubeObjectLike } from "./cache.js";
import type { KubeClients } from "./client.js";
import { streamWatch } from "./watchstream.js";

export interface ResourceRef {
  /** "" for the core group. */
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

export const SERVICES: ResourceRef = {
  group: "",
  version: "v1",
  plural: "services",
  kind: "Service",
  namespaced: true,
};
export const SECRETS: ResourceRef = {
  group: "",
  version: "v1",
  plural: "secrets",
  kind: "Secret",
  namespaced: true,
};
export const NAMESPACES: ResourceRef = {
  group: "",
  version: "v1",
  plural: "namespaces",
  kind: "Namespace",
  namespaced: false,
};
export const ENDPOINT_SLICES: ResourceRef = {
  group: "discovery.k8s.io",
  version: "v1",
  plural: "endpointslices",
  kind: "EndpointSlice",
  namespaced: true,
};

/** Which objects of the resource: one namespace (or all), narrowed by server-side selectors. */
export interface WatchScope {
  /** Omit for all namespaces (or for a cluster-scoped resource). */
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

export interface ListPage<T> {
  readonly items: T[];
  readonly resourceVersion: string;
  /** Set when more pages follow. */
  readonly continueToken?: string;
}

export interface WatchEvent {
  /** ADDED, MODIFIED, DELETED, BOOKMARK or ERROR (then `object` is a Status). */
  readonly type: string;
  readonly object: KubeObjectLike;
}

export interface WatchHandlers {
  onOpen(): void;
  /** A throw ends the watch, which rejects with that error. */
  onEvent(event: WatchEvent): void;
}

export interface ListWatcher<T extends KubeObjectLike> {
  /** For logs, e.g. "services in ns-a (labelSelector a=b)". */
  readonly description: string;
  list(opts: { limit: number; continueToken?: string }, signal: AbortSignal): Promise<ListPage<T>>;
  /** Resolves when the server ends the watch cleanly; rejects on any failure or abort. */
  watch(
    opts: { resourceVersion: string; timeoutSeconds: number },
    handlers: WatchHandlers,
    signal: AbortSignal,
  ): Promise<void>;
}

/** The collection path, e.g. /apis/discovery.k8s.io/v1/namespaces/ns/endpointslices. */
export function collectionPath(resource: ResourceRef, namespace?: string): string {
  const root =
    resource.group === "" ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
  if (!resource.namespaced || namespace === undefined) return `${root}/${resource.plural}`;
  return `${root}/namespaces/${encodeURIComponent(namespace)}/${resource.plural}`;
}

export function describeScope(resource: ResourceRef, scope: WatchScope): string {
  const where = scope.namespace === undefined ? "" : ` in ${scope.namespace}`;
  const selectors = [
    scope.labelSelector ? `labelSelector ${scope.labelSelector}` : "",
    scope.fieldSelector ? `fieldSelector ${scope.fieldSelector}` : "",
  ].filter((s) => s !== "");
  return `${resource.plural}${where}${selectors.length > 0 ? ` (${selectors.join(", ")})` : ""}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function parseListPage<T extends KubeObjectLike>(
  body: unknown,
  resource: ResourceRef,
  context: string,
): ListPage<T> {
  if (!isRecord(body) || !Array.isArray(body.items) || !isRecord(body.metadata)) {
    throw new Error(`${context}: response is not a list`);
  }
  const { resourceVersion, continue: continueToken } = body.metadata;
  if (typeof resourceVersion !== "string" || resourceVersion === "") {
    throw new Error(`${context}: list has no resourceVersion`);
  }
  const apiVersion = resource.group === "" ? resource.version : `${resource.group}/${resource.version}`;
  const items = (body.items as T[]).map((item) => ({ apiVersion, kind: resource.kind, ...item }));
  return typeof continueToken === "string" && continueToken !== ""
    ? { items, resourceVersion, continueToken }
    : { items, resourceVersion };
}

function parseEvent(line: string, context: string): WatchEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new Error(`${context}: watch sent a line that is not JSON`);
  }
  if (!isRecord(parsed) || typeof parsed.type !== "string" || !isRecord(parsed.object)) {
    throw new Error(`${context}: watch sent a line that is not an event`);
  }
  return { type: parsed.type, object: parsed.object as KubeObjectLike };
}

/** List and watch of `resource` in `scope` on the cluster behind `clients`. */
export function apiListWatcher<T extends KubeObjectLike>(
  clients: KubeClients,
  resource: ResourceRef,
  scope: WatchScope = {},
): ListWatcher<T> {
  const path = collectionPath(resource, scope.namespace);
  const description = describeScope(resource, scope);
  const selectors = { labelSelector: scope.labelSelector, fieldSelector: scope.fieldSelector };
  return {
    description,
    async list(opts, signal): Promise<ListPage<T>> {
      const query = { ...selectors, limit: String(opts.limit), continue: opts.continueToken };
      const body = await clients.getJson(path, query, signal);
      return parseListPage<T>(body, resource, `list ${description}`);
    },
    async watch(opts, handlers, signal): Promise<void> {
      if (!(await clients.limiter.take(signal))) throw signal.reason;
      const url = new URL(`${clients.server}${path}`);
      const query: Record<string, string | undefined> = {
        ...selectors,
        watch: "true",
        allowWatchBookmarks: "true",
        resourceVersion: opts.resourceVersion,
        timeoutSeconds: String(opts.timeoutSeconds),
      };
      for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
      const context = `watch ${description}`;
      await streamWatch(
        clients.kubeConfig,
        clients.userAgent,
        url,
        { onOpen: handlers.onOpen, onLine: (line) => handlers.onEvent(parseEvent(line, context)) },
        signal,
      );
    },
  };
}
