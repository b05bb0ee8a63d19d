// One open watch response: chunked `application/json` with one JSON event per line, ended cleanly
// at timeoutSeconds, with BOOKMARKs about 2 s before that deadline when the client allowed them
// (and once a minute for watches without a deadline). A client that stops reading is cut off once
// too much output is queued, as the real watch cache drops a blocked watcher.

import type { ServerResponse } from "node:http";
import type { Clock, Timer } from "../../runtime/clock.js";

/** How early before the deadline the bookmark goes out, as observed on kube-apiserver v1.28. */
const BOOKMARK_BEFORE_DEADLINE_MS = 2_000;
/** Bookmark period of watches without a deadline (the watch cache's bookmark frequency). */
const BOOKMARK_PERIOD_MS = 60_000;
/** Queued bytes beyond which a watcher counts as blocked and is terminated. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

export interface WatchStreamOptions {
  readonly clock: Clock;
  /** Ends the stream cleanly after this long; undefined = no deadline. */
  readonly timeoutMs?: number;
  /** Produces the BOOKMARK line; undefined = bookmarks not allowed. */
  readonly bookmarkLine?: () => string;
}

/** `{"type":T,"object":O}\n` around an already-serialized object. */
export function eventLine(type: string, objectJson: string): string {
  return `{"type":"${type}","object":${objectJson}}\n`;
}

export class WatchStream {
  private readonly res: ServerResponse;
  private readonly opts: WatchStreamOptions;
  private readonly timers: Timer[] = [];
  private readonly closeListeners: (() => void)[] = [];
  private closed = false;

  constructor(res: ServerResponse, opts: WatchStreamOptions) {
    this.res = res;
    this.opts = opts;
    res.on("close", () => this.finish());
  }

  /** Sends the 200 header and arms the deadline and bookmark timers. */
  start(): void {
    this.res.setHeader("Cache-Control", "no-cache, private");
    this.res.setHeader("Content-Type", "application/json");
    this.res.setHeader("Transfer-Encoding", "chunked");
    this.res.writeHead(200);
    this.res.flushHeaders();
    const { clock, timeoutMs, bookmarkLine } = this.opts;
    if (timeoutMs !== undefined) this.timers.push(clock.setTimer(timeoutMs, () => this.end()));
    if (bookmarkLine !== undefined) this.scheduleBookmark(clock, timeoutMs, bookmarkLine);
  }

  private scheduleBookmark(clock: Clock, timeoutMs: number | undefined, line: () => string): void {
    const delayMs =
      timeoutMs === undefined ? BOOKMARK_PERIOD_MS : Math.max(0, timeoutMs - BOOKMARK_BEFORE_DEADLINE_MS);
    if (timeoutMs !== undefined && delayMs >= timeoutMs) return;
    this.timers.push(
      clock.setTimer(delayMs, () => {
        this.write(line());
        if (timeoutMs === undefined) this.scheduleBookmark(clock, undefined, line);
      }),
    );
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Queues one serialized event line; a watcher too far behind is terminated instead. */
  write(line: string): void {
    if (this.closed) return;
    if (this.res.writableLength > MAX_BUFFERED_BYTES) {
      this.destroy();
      return;
    }
    this.res.write(line);
  }

  /** Ends the response cleanly (the terminating chunk is sent). */
  end(): void {
    if (this.closed) return;
    this.res.end();
    this.finish();
  }

  /** Cuts the connection without a terminating chunk, as a crashed server would. */
  destroy(): void {
    if (this.closed) return;
    this.res.destroy();
    this.finish();
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers.splice(0)) timer.cancel();
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}
