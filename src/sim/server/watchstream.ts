// One open watch response: chunked `application/json` with one JSON event per line, ended cleanly
// at its deadline (bookmarks are timed by ./bookmark-timing.ts). A client that stops reading is cut off
// once too much output is queued, as the real watch cache drops a blocked watcher.

import type { ServerResponse } from "node:http";
import type { Clock, Timer } from "../../runtime/clock.js";

/** Queued bytes beyond which a watcher counts as blocked and is terminated. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

export interface WatchStreamOptions {
  readonly clock: Clock;
  /** Ends the stream cleanly after this long (at once when not positive). */
  readonly timeoutMs: number;
}

/** `{"type":T,"object":O}\n` around an already-serialized object. */
export function eventLine(type: string, objectJson: string): string {
  return `{"type":"${type}","object":${objectJson}}\n`;
}

export class WatchStream {
  private readonly res: ServerResponse;
  private readonly opts: WatchStreamOptions;
  private timer: Timer | undefined;
  private readonly closeListeners: (() => void)[] = [];
  private closed = false;

  constructor(res: ServerResponse, opts: WatchStreamOptions) {
    this.res = res;
    this.opts = opts;
    res.on("close", () => this.finish());
  }

  /** Sends the 200 header and arms the deadline. */
  start(): void {
    this.res.setHeader("Cache-Control", "no-cache, private");
    this.res.setHeader("Content-Type", "application/json");
    this.res.setHeader("Transfer-Encoding", "chunked");
    this.res.writeHead(200);
    this.res.flushHeaders();
    this.timer = this.opts.clock.setTimer(Math.max(0, this.opts.timeoutMs), () => this.end());
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
    this.timer?.cancel();
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}
