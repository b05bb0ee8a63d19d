// The part of apiextensions-apiserver that turns a stored CRD into served endpoints: shortly after
// a CRD is created its names are accepted and it becomes Established (status written by manager
// kube-apiserver through /status, as fixture 195 shows), and its kinds are routed, discovered and
// documented. Deleting a CRD stops serving it and removes every custom resource of it.

import type { Clock, Timer } from "../../runtime/clock.js";
import { recordUpdate } from "../patch/index.js";
import { kindFromCRD } from "../schema/index.js";
import type { Storage, WatchHandle } from "../storage/index.js";
import type { JsonObject, KubeObject } from "../types.js";
import { canonicalObject, thaw } from "./pipeline/canonical.js";
import type { KindRegistry, ServedKind } from "./registry.js";
import { rfc3339 } from "./timefmt.js";

const CRD_RESOURCE = "apiextensions.k8s.io/customresourcedefinitions";

export interface CrdControllerOptions {
  readonly storage: Storage;
  readonly registry: KindRegistry;
  readonly clock: Clock;
  /** Delay between a CRD write and it being Established and served (the real server takes ~50–100 ms). */
  readonly establishDelayMs: number;
}

function conditions(crd: KubeObject): JsonObject[] {
  const list = (crd.status as { conditions?: unknown } | undefined)?.conditions;
  return Array.isArray(list) ? (list as JsonObject[]) : [];
}

function isEstablished(crd: KubeObject): boolean {
  return conditions(crd).some((c) => c.type === "Established" && c.status === "True");
}

function servedVersions(crd: KubeObject): string[] {
  const versions =
    (crd.spec as { versions?: { name?: string; served?: boolean }[] } | undefined)?.versions ?? [];
  return versions.filter((v) => v.served === true && typeof v.name === "string").map((v) => v.name as string);
}

function acceptedNames(crd: KubeObject): JsonObject {
  const names = { ...((crd.spec as { names?: JsonObject } | undefined)?.names ?? {}) };
  const kind = typeof names.kind === "string" ? names.kind : "";
  if (!names.singular) names.singular = kind.toLowerCase();
  if (!names.listKind) names.listKind = `${kind}List`;
  return names;
}

export class CrdController {
  private readonly opts: CrdControllerOptions;
  private readonly pending = new Map<string, Timer>();
  private watch: WatchHandle | undefined;

  constructor(opts: CrdControllerOptions) {
    this.opts = opts;
  }

  start(): void {
    const handle = this.opts.storage.watch(CRD_RESOURCE, { resourceVersion: "0" }, (e) => {
      const name = e.object.metadata.name ?? "";
      if (e.type === "DELETED") this.later(name, () => this.forget(name));
      else this.later(name, () => this.reconcile(name), this.opts.establishDelayMs);
    });
    if ("tooOld" in handle) throw new Error("CRD watch from the current state cannot be too old");
    this.watch = handle;
  }

  stop(): void {
    this.watch?.stop();
    for (const timer of this.pending.values()) timer.cancel();
    this.pending.clear();
  }

  /** Work runs outside the storage's event delivery, one pending step per CRD. */
  private later(name: string, fn: () => void, delayMs = 0): void {
    this.pending.get(name)?.cancel();
    this.pending.set(
      name,
      this.opts.clock.setTimer(delayMs, () => {
        this.pending.delete(name);
        fn();
      }),
    );
  }

  private reconcile(name: string): void {
    const { storage, registry } = this.opts;
    const crd = storage.get({ resource: CRD_RESOURCE, namespace: "", name });
    if (!crd) return;
    registry.removeCrd(name);
    for (const version of servedVersions(crd)) {
      registry.add(kindFromCRD(crd, version), { type: "crd", crdName: name });
    }
    if (!isEstablished(crd)) this.establish(crd);
  }

  /** Writes NamesAccepted and Established as kube-apiserver's controllers do. */
  private establish(live: KubeObject): void {
    const { storage, registry, clock } = this.opts;
    const crdKind = registry.lookup("apiextensions.k8s.io", "v1", "customresourcedefinitions");
    if (!crdKind) return;
    const now = rfc3339(clock.wallNow());
    const next = thaw(live);
    const status = { ...((next.status as JsonObject | undefined) ?? {}) };
    status.conditions = [
      {
        type: "NamesAccepted",
        status: "True",
        lastTransitionTime: now,
        reason: "NoConflicts",
        message: "no conflicts found",
      },
      {
        type: "Established",
        status: "True",
        lastTransitionTime: now,
        reason: "InitialNamesAccepted",
        message: "the initial names have been accepted",
      },
    ];
    status.acceptedNames = acceptedNames(next);
    next.status = status;
    recordUpdate(live, next, {
      manager: "kube-apiserver",
      apiVersion: "apiextensions.k8s.io/v1",
      time: now,
      subresource: "status",
      schema: crdKind.kind.schema,
    });
    storage.update(
      { resource: CRD_RESOURCE, namespace: "", name: live.metadata.name ?? "" },
      canonicalObject(crdKind, next),
    );
  }

  /** The CRD is gone: stop serving its kinds and remove their objects. */
  private forget(name: string): void {
    const { storage, registry } = this.opts;
    const removed: ServedKind[] = registry.removeCrd(name);
    const storageIds = new Set(removed.map((s) => s.storageId));
    for (const storageId of storageIds) {
      for (const obj of storage.list(storageId, {}).items) {
        storage.delete({
          resource: storageId,
          namespace: obj.metadata.namespace ?? "",
          name: obj.metadata.name ?? "",
        });
      }
    }
  }
}
