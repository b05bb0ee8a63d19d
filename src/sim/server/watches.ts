// The open watch streams of one sim, so faults can drop them (all, or those of one resource or
// namespace) and stop() can end them without waiting for their timeouts.

import { type FaultScope, scopeMatches, type WatchDropOptions } from "./faults.js";
import type { WatchStream } from "./watchstream.js";

export interface OpenWatch {
  readonly stream: WatchStream;
  readonly group: string;
  readonly resource: string;
  /** Empty for all-namespaces or cluster-scoped watches. */
  readonly namespace: string;
}

export class WatchRegistry {
  private readonly open = new Set<OpenWatch>();

  add(watch: OpenWatch): void {
    this.open.add(watch);
    watch.stream.onClose(() => this.open.delete(watch));
  }

  get size(): number {
    return this.open.size;
  }

  /** Ends (or destroys) every watch in scope; returns how many. */
  drop(scope: FaultScope, opts: WatchDropOptions): number {
    const victims = [...this.open].filter((w) => scopeMatches(scope, { ...w, verb: "watch" }));
    for (const w of victims) {
      if (opts.abrupt) w.stream.destroy();
      else w.stream.end();
    }
    return victims.length;
  }

  closeAll(): void {
    for (const w of [...this.open]) w.stream.end();
  }
}
