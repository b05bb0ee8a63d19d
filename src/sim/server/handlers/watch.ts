// WATCH over HTTP. The storage replays history synchronously while the watch is opened, so those
// events are held until the 200 header is out; a too-old resourceVersion is a 200 with a single
// ERROR event (410 Expired) and the end of the stream, as kube-apiserver answers. Each object's JSON
// comes from the shared encoder, so N watchers of one write serialize it once.

import { expired } from "../../errors.js";
import type { WatchEvent } from "../../storage/index.js";
import { bookmarkObject } from "../bookmark.js";
import type { RequestContext } from "../context.js";
import type { ListQuery } from "../query.js";
import { eventLine, WatchStream } from "../watchstream.js";
import { collectionNamespace, selectorOptions } from "./keys.js";
import { objectJson } from "./output.js";

function openStream(ctx: RequestContext, q: ListQuery, bookmark: (() => string) | undefined): WatchStream {
  const timeoutMs =
    q.timeoutSeconds !== undefined && q.timeoutSeconds > 0 ? q.timeoutSeconds * 1000 : undefined;
  const stream = new WatchStream(ctx.res, {
    clock: ctx.deps.clock,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(bookmark ? { bookmarkLine: bookmark } : {}),
  });
  ctx.deps.watches.add({
    stream,
    group: ctx.served.kind.group,
    resource: ctx.served.kind.plural,
    namespace: collectionNamespace(ctx.served, ctx.info.namespace) ?? "",
  });
  return stream;
}

export function handleWatch(ctx: RequestContext, q: ListQuery): void {
  const { served, info, deps } = ctx;
  const namespace = collectionNamespace(served, info.namespace);
  let first = true;
  const pending: string[] = [];
  let stream: WatchStream | undefined;
  const onEvent = (e: WatchEvent): void => {
    const line = eventLine(e.type, objectJson(ctx, e.object, first));
    first = false;
    if (stream) stream.write(line);
    else pending.push(line);
  };
  const handle = deps.storage.watch(
    served.storageId,
    {
      ...(namespace !== undefined ? { namespace } : {}),
      ...(q.labelSelector !== undefined ? { labelSelector: q.labelSelector } : {}),
      ...(q.fieldSelector !== undefined ? { fieldSelector: q.fieldSelector } : {}),
      ...selectorOptions(served),
      resourceVersion: q.resourceVersion ?? "",
      resourceVersionMatch: q.resourceVersionMatch ?? "",
    },
    onEvent,
  );
  if ("tooOld" in handle) {
    const { requested, oldest } = handle.tooOld;
    const status = expired(`too old resource version: ${requested} (${oldest})`).status;
    stream = openStream(ctx, q, undefined);
    stream.start();
    stream.write(eventLine("ERROR", JSON.stringify(status)));
    stream.end();
    return;
  }
  const custom = served.source.type === "crd";
  const bookmark = q.allowWatchBookmarks
    ? (): string =>
        eventLine(
          "BOOKMARK",
          JSON.stringify(bookmarkObject(served.kind, String(handle.resourceVersion()), custom)),
        )
    : undefined;
  stream = openStream(ctx, q, bookmark);
  stream.onClose(() => handle.stop());
  stream.start();
  for (const line of pending.splice(0)) stream.write(line);
}
