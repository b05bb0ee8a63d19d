// Writes objects and lists in the negotiated representation: JSON (stored objects' bytes reused
// from the encoder), YAML, meta.k8s.io Table, or PartialObjectMetadata. Large lists are written in
// chunks so a 20,000-item answer never becomes one giant string.

import type { JsonObject, KubeObject } from "../../types.js";
import type { RequestContext } from "../context.js";
import { contentTypeOf } from "../negotiation.js";
import { apiVersionOf } from "../pipeline/decode.js";
import { writeBody, writeJsonText } from "../respond.js";
import { type PrinterColumn, toTable } from "../table.js";

const LIST_CHUNK_ITEMS = 1000;

export interface ListMeta {
  readonly resourceVersion: string;
  readonly continue?: string;
  readonly remainingItemCount?: number;
}

function listMetaJson(meta: ListMeta): JsonObject {
  const out: JsonObject = { resourceVersion: meta.resourceVersion };
  if (meta.continue !== undefined) out.continue = meta.continue;
  if (meta.remainingItemCount !== undefined) out.remainingItemCount = meta.remainingItemCount;
  return out;
}

function partial(obj: KubeObject, version: string): JsonObject {
  return {
    kind: "PartialObjectMetadata",
    apiVersion: `meta.k8s.io/${version}`,
    metadata: obj.metadata as JsonObject,
  };
}

/** The CRD printer columns of a custom resource kind (undefined for built-ins). */
function printerColumns(ctx: RequestContext): readonly PrinterColumn[] | undefined {
  const { source, kind } = ctx.served;
  if (source.type !== "crd") return undefined;
  const crd = ctx.deps.storage.get({
    resource: "apiextensions.k8s.io/customresourcedefinitions",
    namespace: "",
    name: source.crdName,
  });
  const versions = (
    crd?.spec as { versions?: { name?: string; additionalPrinterColumns?: PrinterColumn[] }[] }
  )?.versions;
  return versions?.find((v) => v.name === kind.version)?.additionalPrinterColumns ?? [];
}

function tableOf(
  ctx: RequestContext,
  objects: readonly KubeObject[],
  listMeta: JsonObject,
  withoutColumns = false,
): JsonObject {
  const rep = ctx.rep;
  const version = rep.format === "table" ? rep.version : "v1";
  const columns = printerColumns(ctx);
  return toTable(
    objects,
    {
      group: ctx.served.kind.group,
      kind: ctx.served.kind.kind,
      tableVersion: version,
      nowMs: ctx.deps.clock.wallNow(),
      ...(columns !== undefined ? { printerColumns: columns } : {}),
      withoutColumns,
    },
    listMeta,
  );
}

/** The JSON text of one object in the negotiated representation (watch events use it too). */
export function objectJson(ctx: RequestContext, obj: KubeObject, first = true): string {
  const rep = ctx.rep;
  if (rep.format === "table") return JSON.stringify(tableOf(ctx, [obj], {}, !first));
  if (rep.format === "partial") return JSON.stringify(partial(obj, rep.version));
  return ctx.deps.encoder.json(obj);
}

export function writeObject(
  ctx: RequestContext,
  code: number,
  obj: KubeObject,
  warnings: readonly string[] = [],
): void {
  const { res, rep } = ctx;
  if (rep.format === "yaml") {
    writeBody(res, code, obj, rep, { warnings });
    return;
  }
  writeJsonText(res, code, objectJson(ctx, obj), { warnings });
}

/** A `<Kind>List` of stored objects. */
export function writeList(ctx: RequestContext, items: readonly KubeObject[], meta: ListMeta): void {
  const { res, rep, served } = ctx;
  const { kind } = served;
  const apiVersion = apiVersionOf(kind);
  if (rep.format === "table") {
    writeBody(res, 200, tableOf(ctx, items, listMetaJson(meta)), { format: "json" });
    return;
  }
  if (rep.format === "partial") {
    const body = {
      kind: "PartialObjectMetadataList",
      apiVersion: `meta.k8s.io/${rep.version}`,
      metadata: listMetaJson(meta),
      items: items.map((o) => partial(o, rep.version)),
    };
    writeBody(res, 200, body, { format: "json" });
    return;
  }
  if (rep.format === "yaml") {
    const body = { kind: kind.listKind, apiVersion, metadata: listMetaJson(meta), items };
    writeBody(res, 200, body, rep);
    return;
  }
  const custom = served.source.type === "crd";
  // An UnstructuredList (custom resources) always carries metadata.continue, empty on the last page.
  const metaJson = custom ? { continue: "", ...listMetaJson(meta) } : listMetaJson(meta);
  res.setHeader("Cache-Control", "no-cache, private");
  res.setHeader("Content-Type", contentTypeOf(rep));
  res.writeHead(200);
  res.write(
    `{"kind":${JSON.stringify(kind.listKind)},"apiVersion":${JSON.stringify(apiVersion)},"metadata":${JSON.stringify(metaJson)},"items":[`,
  );
  for (let start = 0; start < items.length; start += LIST_CHUNK_ITEMS) {
    const chunk = items.slice(start, start + LIST_CHUNK_ITEMS).map((o) => ctx.deps.encoder.item(o, custom));
    res.write((start > 0 ? "," : "") + chunk.join(","));
  }
  res.end("]}");
}
