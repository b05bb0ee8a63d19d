// What an update may change through each endpoint. The main resource never changes status when the
// kind has a status subresource; /status changes only status; /finalize (namespaces) only
// spec.finalizers. Kinds may bring their own subresource strategy; otherwise these generic rules,
// which every built-in REST strategy follows, apply.

import type { FieldError, KubeObject, WriteContext } from "../../types.js";
import type { ServedKind } from "../registry.js";

function replaceWith(target: KubeObject, source: KubeObject): void {
  for (const key of Object.keys(target)) delete target[key];
  Object.assign(target, structuredClone(source));
}

/** The stored object with the request's value of one top-level field (and its managedFields). */
function keepOnly(
  next: KubeObject,
  live: KubeObject,
  pick: (next: KubeObject, out: KubeObject) => void,
): void {
  const requested = structuredClone(next);
  replaceWith(next, live);
  if (requested.metadata.managedFields === undefined) delete next.metadata.managedFields;
  else next.metadata.managedFields = requested.metadata.managedFields;
  pick(requested, next);
}

function statusOnly(requested: KubeObject, out: KubeObject): void {
  if (Object.hasOwn(requested, "status")) out.status = requested.status;
  else delete out.status;
}

function finalizersOnly(requested: KubeObject, out: KubeObject): void {
  const finalizers = (requested.spec as { finalizers?: unknown } | undefined)?.finalizers;
  const spec = { ...((out.spec as Record<string, unknown> | undefined) ?? {}) };
  if (finalizers === undefined) delete spec.finalizers;
  else spec.finalizers = finalizers;
  out.spec = spec;
}

export function prepareSubresource(
  served: ServedKind,
  subresource: string,
  next: KubeObject,
  live: KubeObject,
  wctx: WriteContext,
): void {
  const { kind } = served;
  if (subresource !== "") {
    if (kind.prepareForSubresourceUpdate) kind.prepareForSubresourceUpdate(subresource, next, live, wctx);
    else keepOnly(next, live, subresource === "status" ? statusOnly : finalizersOnly);
    return;
  }
  if (served.source.type !== "crd" && kind.subresources.includes("status")) {
    if (Object.hasOwn(live, "status")) next.status = structuredClone(live.status);
    else delete next.status;
  }
  kind.prepareForUpdate?.(next, live, wctx);
}

export function validateSubresource(
  served: ServedKind,
  subresource: string,
  next: KubeObject,
  live: KubeObject,
  wctx: WriteContext,
): FieldError[] {
  const { kind } = served;
  if (subresource === "") return kind.validateUpdate(next, live, wctx);
  if (kind.validateSubresourceUpdate) return kind.validateSubresourceUpdate(subresource, next, live, wctx);
  return kind.validateUpdate(next, live, wctx);
}
