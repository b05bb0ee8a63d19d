// The open watch streams of one sim, so faults can drop them (all, or those of one resource or
// namespace) and stop() can end them without waiting for their timeouts.

import type { FaultScope, WatchDropOptions } from "./faults.js";
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

  private static matches(scope: FaultScope, watch: OpenWatch): boolean {
    if (scope.resource !== undefined) {
      const qualified = watch.group ? `${watch.resource}.${watch.group}` : watch.resource;
      if (scope.resource !== watch.resource && scope.resource !== qualified) return false;
    }
    if (scope.verbs !== undefined && !scope.verbs.includes("watch")) return false;
    return scope.namespace === undefined || scope.namespace === watch.namespace;
  }

  /** Ends (or destroys) every watch in scope; returns how many. */
  drop(scope: FaultScope, opts: WatchDropOptions): number {
    const victims = [...this.open].filter((w) => WatchRegistry.matches(scope, w));
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
