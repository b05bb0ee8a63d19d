// WATCH over HTTP. The storage replays history synchronously while the watch is opened, so those
// events are held until the 200 header is out; a too-old resourceVersion is a 200 with a single
// ERROR event (410 Expired) and the end of the stream, as kube-apiserver answers. Each object's JSON
// comes from the shared encoder, so N watchers of one write serialize it once. Every watch ends:
// without timeoutSeconds (or with 0) after a random time between --min-request-timeout and twice it.

import { expired } from "../../errors.js";
import type { WatchEvent } from "../../storage/index.js";
import { bookmarkObject } from "../bookmark.js";
import type { RequestContext } from "../context.js";
import type { ListQuery } from "../query.js";
import { eventLine, WatchStream } from "../watchstream.js";
import { collectionNamespace, selectorOptions } from "./keys.js";
import { objectJson } from "./output.js";

/** kube-apiserver's --min-request-timeout default (1800 s). */
const MIN_REQUEST_TIMEOUT_MS = 1_800_000;

/** GetTimeoutForWatch: timeoutSeconds as given (negative included), else random in [min, 2 × min). */
export function watchTimeoutMs(timeoutSeconds: number | undefined, random: () => number): number {
  if (timeoutSeconds !== undefined && timeoutSeconds !== 0) return timeoutSeconds * 1000;
  return Math.floor(MIN_REQUEST_TIMEOUT_MS * (1 + random()));
}

function openStream(ctx: RequestContext, timeoutMs: number): WatchStream {
  const stream = new WatchStream(ctx.res, { clock: ctx.deps.clock, timeoutMs });
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
  const timeoutMs = watchTimeoutMs(q.timeoutSeconds, deps.random);
  if ("tooOld" in handle) {
    const { requested, oldest } = handle.tooOld;
    const status = expired(`too old resource version: ${requested} (${oldest})`).status;
    stream = openStream(ctx, timeoutMs);
    stream.start();
    stream.write(eventLine("ERROR", JSON.stringify(status)));
    stream.end();
    return;
  }
  const open = openStream(ctx, timeoutMs);
  stream = open;
  stream.onClose(() => handle.stop());
  stream.start();
  for (const line of pending.splice(0)) stream.write(line);
  if (q.allowWatchBookmarks) fileForBookmarks(ctx, open, handle.resourceVersion, timeoutMs);
}

/** Files the watch with the sim's bookmark dispatcher until its stream closes. */
function fileForBookmarks(
  ctx: RequestContext,
  stream: WatchStream,
  resourceVersion: () => number,
  timeoutMs: number,
): void {
  const { served, deps } = ctx;
  const custom = served.source.type === "crd";
  const target = {
    deadlineMs: deps.clock.now() + timeoutMs,
    send: (): void =>
      stream.write(
        eventLine("BOOKMARK", JSON.stringify(bookmarkObject(served.kind, String(resourceVersion()), custom))),
      ),
  };
  deps.bookmarks.add(target);
  stream.onClose(() => deps.bookmarks.remove(target));
}
