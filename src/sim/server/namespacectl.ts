// What kube-controller-manager's namespace controller does for a namespace being deleted: delete
// every object in it (objects with finalizers are only marked and waited for), then finalize the
// namespace so it disappears. Optional: the recorded server ran no controllers, so the fixture
// replay turns it off; daemon tests need it for namespace deletion to complete.

import type { Clock, Timer } from "../../runtime/clock.js";
import type { Storage, WatchHandle } from "../storage/index.js";
import { canonicalObject } from "./pipeline/canonical.js";
import { heldByFinalizers, markedForDeletion } from "./pipeline/deletion.js";
import type { KindRegistry, ServedKind } from "./registry.js";
import { rfc3339 } from "./timefmt.js";

export interface NamespaceControllerOptions {
  readonly storage: Storage;
  readonly registry: KindRegistry;
  readonly clock: Clock;
  /** How long to wait before looking again at a namespace whose objects still have finalizers. */
  readonly retryMs?: number;
}

const DEFAULT_RETRY_MS = 100;

export class NamespaceController {
  private readonly opts: NamespaceControllerOptions;
  private readonly pending = new Map<string, Timer>();
  private watch: WatchHandle | undefined;

  constructor(opts: NamespaceControllerOptions) {
    this.opts = opts;
  }

  start(): void {
    const handle = this.opts.storage.watch("namespaces", { resourceVersion: "0" }, (e) => {
      if (e.type !== "DELETED" && e.object.metadata.deletionTimestamp)
        this.schedule(e.object.metadata.name ?? "", 0);
    });
    if ("tooOld" in handle) throw new Error("namespace watch from the current state cannot be too old");
    this.watch = handle;
  }

  stop(): void {
    this.watch?.stop();
    for (const timer of this.pending.values()) timer.cancel();
    this.pending.clear();
  }

  private schedule(name: string, delayMs: number): void {
    if (this.pending.has(name)) return;
    this.pending.set(
      name,
      this.opts.clock.setTimer(delayMs, () => {
        this.pending.delete(name);
        this.sync(name);
      }),
    );
  }

  /** One distinct served kind per storage id (a CRD may serve several versions of one resource). */
  private namespacedKinds(): ServedKind[] {
    const byId = new Map<string, ServedKind>();
    for (const served of this.opts.registry.all()) {
      if (served.kind.namespaced && served.source.type !== "review") byId.set(served.storageId, served);
    }
    return [...byId.values()];
  }

  /** Deletes or marks every object of the namespace; returns how many remain. */
  private emptyNamespace(namespace: string): number {
    const { storage, clock } = this.opts;
    let remaining = 0;
    for (const served of this.namespacedKinds()) {
      for (const obj of storage.list(served.storageId, { namespace }).items) {
        const key = { resource: served.storageId, namespace, name: obj.metadata.name ?? "" };
        if (!heldByFinalizers(served.kind, obj)) {
          // Not `release?.(storage.delete(key))`: an absent release would skip the delete too.
          const gone = storage.delete(key);
          served.kind.release?.(gone);
          continue;
        }
        remaining += 1;
        if (!obj.metadata.deletionTimestamp) {
          const marked = markedForDeletion(served.kind, obj, rfc3339(clock.wallNow()));
          storage.update(key, canonicalObject(served, marked));
        }
      }
    }
    return remaining;
  }

  private sync(name: string): void {
    const { storage } = this.opts;
    const ns = storage.get({ resource: "namespaces", namespace: "", name });
    if (!ns?.metadata.deletionTimestamp) return;
    if (this.emptyNamespace(name) > 0) {
      this.schedule(name, this.opts.retryMs ?? DEFAULT_RETRY_MS);
      return;
    }
    // Finalizing removes the "kubernetes" finalizer; with none left the namespace is deleted.
    if ((ns.metadata.finalizers ?? []).length === 0)
      storage.delete({ resource: "namespaces", namespace: "", name });
    else this.schedule(name, this.opts.retryMs ?? DEFAULT_RETRY_MS);
  }
}
