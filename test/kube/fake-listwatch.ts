// A state-based fake collection behind the ListWatcher port: objects with a global revision, a
// replayable history, compaction (watch from an older revision → ERROR 410 event), paginated lists,
// and faults a test can inject: failing lists or watches, ending or breaking open watches, and
// stalling them (open but silent). Everything settles through promises, so a FakeClock drives it.

import { ApiException } from "@kubernetes/client-node";
import type { KubeObjectLike } from "../../src/kube/cache.js";
import type { ListPage, ListWatcher, WatchHandlers } from "../../src/kube/listwatch.js";

export interface Obj extends KubeObjectLike {
  metadata: { name: string; namespace: string; resourceVersion: string; labels?: Record<string, string> };
  data?: string;
}

interface HistoryEntry {
  rev: number;
  type: "ADDED" | "MODIFIED" | "DELETED";
  object: Obj;
}

interface OpenWatch {
  handlers: WatchHandlers;
  stalled: boolean;
  end: () => void;
  fail: (err: unknown) => void;
}

export function apiError(
  code: number,
  reason: string,
  extra: Record<string, unknown> = {},
): ApiException<string> {
  const body = JSON.stringify({
    kind: "Status",
    apiVersion: "v1",
    status: "Failure",
    message: `m${code}`,
    reason,
    code,
    ...extra,
  });
  return new ApiException(code, `HTTP ${code}`, body, {});
}

export class FakeCollection implements ListWatcher<Obj> {
  readonly description = "fake objects";
  rev = 100;
  readonly objects = new Map<string, Obj>();
  readonly history: HistoryEntry[] = [];
  compactedRev = 0;
  listCalls = 0;
  watchCalls = 0;
  readonly watchRvs: string[] = [];
  readonly listFaults: unknown[] = [];
  readonly watchFaults: unknown[] = [];
  /** New watches open but never send anything. */
  stallNew = false;
  /** New watches open, replay, and end cleanly at once (a misbehaving proxy). */
  endNew = false;
  readonly open = new Set<OpenWatch>();

  put(name: string, data = "", labels?: Record<string, string>, namespace = "ns"): Obj {
    const key = `${namespace}/${name}`;
    const type = this.objects.has(key) ? "MODIFIED" : "ADDED";
    const object: Obj = {
      metadata: { name, namespace, resourceVersion: String(++this.rev), ...(labels ? { labels } : {}) },
      data,
    };
    this.objects.set(key, object);
    this.#record(type, object);
    return object;
  }

  remove(name: string, namespace = "ns"): void {
    const key = `${namespace}/${name}`;
    const old = this.objects.get(key);
    if (old === undefined) throw new Error(`no ${key}`);
    this.objects.delete(key);
    const object: Obj = { ...old, metadata: { ...old.metadata, resourceVersion: String(++this.rev) } };
    this.#record("DELETED", object);
  }

  compact(): void {
    this.compactedRev = this.rev;
  }

  /** Ends every open watch cleanly, as a server timeout does. */
  endWatches(): void {
    for (const w of [...this.open]) w.end();
  }

  breakWatches(err: unknown): void {
    for (const w of [...this.open]) w.fail(err);
  }

  sendToOpen(type: string, object: KubeObjectLike): void {
    for (const w of [...this.open]) {
      try {
        w.handlers.onEvent({ type, object });
      } catch (err) {
        w.fail(err);
      }
    }
  }

  async list(opts: { limit: number; continueToken?: string }): Promise<ListPage<Obj>> {
    this.listCalls++;
    const fault = this.listFaults.shift();
    if (fault !== undefined) throw fault;
    const all = [...this.objects.values()].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const start = opts.continueToken === undefined ? 0 : Number(opts.continueToken);
    const items = all.slice(start, start + opts.limit);
    const next = start + opts.limit;
    const resourceVersion = String(this.rev);
    return next < all.length
      ? { items, resourceVersion, continueToken: String(next) }
      : { items, resourceVersion };
  }

  watch(
    opts: { resourceVersion: string; timeoutSeconds: number },
    handlers: WatchHandlers,
    signal: AbortSignal,
  ): Promise<void> {
    this.watchCalls++;
    this.watchRvs.push(opts.resourceVersion);
    const fault = this.watchFaults.shift();
    if (fault !== undefined) return Promise.reject(fault);
    return new Promise<void>((resolve, reject) => {
      const finish = (err?: unknown): void => {
        this.open.delete(watch);
        signal.removeEventListener("abort", onAbort);
        if (err === undefined) resolve();
        else reject(err);
      };
      const onAbort = (): void => finish(signal.reason);
      const watch: OpenWatch = { handlers, stalled: this.stallNew, end: () => finish(), fail: finish };
      signal.addEventListener("abort", onAbort, { once: true });
      if (watch.stalled) {
        this.open.add(watch);
        return;
      }
      handlers.onOpen();
      const from = Number(opts.resourceVersion);
      try {
        if (from < this.compactedRev) {
          handlers.onEvent({ type: "ERROR", object: JSON.parse(apiError(410, "Expired").body) });
          finish();
          return;
        }
        for (const e of this.history) if (e.rev > from) handlers.onEvent({ type: e.type, object: e.object });
      } catch (err) {
        finish(err);
        return;
      }
      if (this.endNew) finish();
      else this.open.add(watch);
    });
  }

  #record(type: HistoryEntry["type"], object: Obj): void {
    this.history.push({ rev: this.rev, type, object });
    for (const w of [...this.open]) {
      if (w.stalled) continue;
      try {
        w.handlers.onEvent({ type, object });
      } catch (err) {
        w.fail(err);
      }
    }
  }
}
