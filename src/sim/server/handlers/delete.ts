// DELETE of one object and of a collection. Preconditions (uid, resourceVersion) are checked
// first; an object with finalizers (or a namespace with spec.finalizers) is only marked — given a
// deletionTimestamp (and deletionGracePeriodSeconds 0, generation + 1; a namespace instead phase
// Terminating) — and answered with the
// object; otherwise it is removed and answered with the object (Services, Namespaces) or a
// Success Status. A second DELETE of a terminating object changes nothing.

import { badRequest, conflict, notFound, success } from "../../errors.js";
import { GoJsonSyntaxError, parseGoJson } from "../../gotext/json.js";
import type { Json, KubeObject } from "../../types.js";
import type { RequestContext } from "../context.js";
import { readBody } from "../pipeline/body.js";
import { canonicalObject } from "../pipeline/canonical.js";
import { writeContext } from "../pipeline/create.js";
import { heldByFinalizers, markedForDeletion } from "../pipeline/deletion.js";
import { admitNamespaceDelete } from "../pipeline/namespaces.js";
import { parseListQuery } from "../query.js";
import { writeBody } from "../respond.js";
import { collectionNamespace, objectKey, selectorOptions } from "./keys.js";
import { writeList, writeObject } from "./output.js";

interface DeleteOptions {
  readonly uid?: string;
  readonly resourceVersion?: string;
  readonly dryRun: boolean;
}

function field(obj: unknown, key: string): unknown {
  return obj !== null && typeof obj === "object" && !Array.isArray(obj)
    ? (obj as Record<string, unknown>)[key]
    : undefined;
}

async function deleteOptions(ctx: RequestContext): Promise<DeleteOptions> {
  const body = await readBody(ctx.req);
  let parsed: Json = null;
  if (body.length > 0) {
    try {
      parsed = parseGoJson(body) as Json;
    } catch (err) {
      if (err instanceof GoJsonSyntaxError) throw badRequest(err.message);
      throw err;
    }
  }
  const preconditions = field(parsed, "preconditions");
  const uid = field(preconditions, "uid");
  const rv = field(preconditions, "resourceVersion");
  const bodyDryRun = field(parsed, "dryRun");
  const dryRun =
    ctx.query.getAll("dryRun").includes("All") || (Array.isArray(bodyDryRun) && bodyDryRun.includes("All"));
  return {
    ...(typeof uid === "string" ? { uid } : {}),
    ...(typeof rv === "string" ? { resourceVersion: rv } : {}),
    dryRun,
  };
}

function checkPreconditions(ctx: RequestContext, live: KubeObject, opts: DeleteOptions): void {
  const { kind } = ctx.served;
  const gr = { group: kind.group, resource: kind.kind };
  const name = live.metadata.name ?? "";
  if (opts.uid !== undefined && opts.uid !== live.metadata.uid) {
    throw conflict(
      gr,
      name,
      `the UID in the precondition (${opts.uid}) does not match the UID in record (${live.metadata.uid}). The object might have been deleted and then recreated`,
    );
  }
  if (opts.resourceVersion !== undefined && opts.resourceVersion !== live.metadata.resourceVersion) {
    throw conflict(
      gr,
      name,
      `the ResourceVersion in the precondition (${opts.resourceVersion}) does not match the ResourceVersion in record (${live.metadata.resourceVersion}). The object might have been modified`,
    );
  }
}

/** The NamespaceLifecycle admission plugin guards deletes of namespaces. */
function isNamespace(ctx: RequestContext): boolean {
  return ctx.served.kind.group === "" && ctx.served.kind.kind === "Namespace";
}

type DeleteResult =
  | { readonly kind: "marked"; readonly obj: KubeObject }
  | { readonly kind: "removed"; readonly obj: KubeObject };

/** Deletes (or marks) one stored object; shared by DELETE and deletecollection. */
function deleteObject(ctx: RequestContext, live: KubeObject, opts: DeleteOptions): DeleteResult {
  const { served, deps } = ctx;
  checkPreconditions(ctx, live, opts);
  const key = objectKey(served, live.metadata.namespace ?? "", live.metadata.name ?? "");
  if (heldByFinalizers(served.kind, live)) {
    if (live.metadata.deletionTimestamp) return { kind: "marked", obj: live };
    const marked = markedForDeletion(served.kind, live, writeContext(ctx, opts.dryRun).now);
    const canonical = canonicalObject(served, marked);
    return { kind: "marked", obj: opts.dryRun ? canonical : deps.storage.update(key, canonical) };
  }
  if (opts.dryRun) return { kind: "removed", obj: live };
  const gone = deps.storage.delete(key);
  served.kind.release?.(gone);
  return { kind: "removed", obj: live };
}

export async function handleDelete(ctx: RequestContext): Promise<void> {
  const { served, info, deps } = ctx;
  const opts = await deleteOptions(ctx);
  if (isNamespace(ctx)) admitNamespaceDelete(info.name);
  const live = deps.storage.get(objectKey(served, info.namespace, info.name));
  if (!live) throw notFound({ group: served.kind.group, resource: served.kind.plural }, info.name);
  const result = deleteObject(ctx, live, opts);
  if (result.kind === "marked" || served.kind.deleteReturnsObject) {
    writeObject(ctx, 200, result.obj);
    return;
  }
  const details = {
    name: live.metadata.name ?? "",
    ...(served.kind.group ? { group: served.kind.group } : {}),
    kind: served.kind.plural,
    uid: live.metadata.uid ?? "",
  };
  writeBody(ctx.res, 200, success(details), { format: "json" });
}

/** DELETE on a collection: every matching object is deleted (or marked); the answer lists them. */
export async function handleDeleteCollection(ctx: RequestContext): Promise<void> {
  const { served, info, deps } = ctx;
  const opts = await deleteOptions(ctx);
  const q = parseListQuery(ctx.query);
  const namespace = collectionNamespace(served, info.namespace);
  const matching = deps.storage.list(served.storageId, {
    ...(namespace !== undefined ? { namespace } : {}),
    ...(q.labelSelector !== undefined ? { labelSelector: q.labelSelector } : {}),
    ...(q.fieldSelector !== undefined ? { fieldSelector: q.fieldSelector } : {}),
    ...selectorOptions(served),
  });
  const deleted = matching.items.map((live) => deleteObject(ctx, live, { dryRun: opts.dryRun }).obj);
  writeList(ctx, deleted, { resourceVersion: String(deps.storage.revision) });
}
