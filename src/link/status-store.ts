// The port through which the Link's status is read and written, and its implementation over the
// API: GET of the Link and PUT of its /status subresource with the resourceVersion read, so a write
// based on a stale read is answered 409 and the writer re-reads. Conflict and not-found are values;
// any other failure is thrown (classified by the caller).

import type { KubeObjectLike } from "../kube/cache.js";
import type { KubeClients } from "../kube/client.js";
import { classifyKubeError, toKubeApiError } from "../kube/errors.js";
import type { ResourceRef } from "../kube/listwatch.js";
import type { LinkStatus } from "./schema.js";

export const LINKS: ResourceRef = {
  group: "svcmirror.io",
  version: "v1alpha1",
  plural: "links",
  kind: "Link",
  namespaced: true,
};

/** A Link as stored: the spec is unparsed (parseLink judges it), the status as the CRD allows it. */
export interface LinkObject extends KubeObjectLike {
  metadata?: KubeObjectLike["metadata"] & { generation?: number };
  spec?: unknown;
  status?: LinkStatus;
}

export type StatusWriteResult =
  | { readonly kind: "ok"; readonly object: LinkObject }
  | { readonly kind: "conflict" }
  | { readonly kind: "notFound" };

export interface LinkStatusStore {
  /** The Link as the API server has it now, or undefined when it does not exist. */
  get(): Promise<LinkObject | undefined>;
  /** PUT /status of `object` (its resourceVersion is the precondition). */
  replaceStatus(object: LinkObject): Promise<StatusWriteResult>;
}

export function kubeLinkStatusStore(
  clients: KubeClients,
  ref: { readonly namespace: string; readonly name: string },
): LinkStatusStore {
  const target = { group: LINKS.group, version: LINKS.version, plural: LINKS.plural, ...ref };
  return {
    async get(): Promise<LinkObject | undefined> {
      try {
        return (await clients.custom.getNamespacedCustomObject(target)) as LinkObject;
      } catch (err) {
        if (classifyKubeError(err).kind === "notFound") return undefined;
        throw toKubeApiError(`get link ${ref.namespace}/${ref.name}`, err);
      }
    },
    async replaceStatus(object): Promise<StatusWriteResult> {
      try {
        const stored = await clients.custom.replaceNamespacedCustomObjectStatus({ ...target, body: object });
        return { kind: "ok", object: stored as LinkObject };
      } catch (err) {
        const kind = classifyKubeError(err).kind;
        if (kind === "conflict") return { kind: "conflict" };
        if (kind === "notFound") return { kind: "notFound" };
        throw toKubeApiError(`update status of link ${ref.namespace}/${ref.name}`, err);
      }
    },
  };
}
