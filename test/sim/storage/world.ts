// Small helpers that seed a Storage with recorded objects and read lists back.

import { expect } from "vitest";
import { isApiError, type Status } from "../../../src/sim/errors.js";
import type { ObjectKey, Storage } from "../../../src/sim/storage/index.js";
import type { KubeObject } from "../../../src/sim/types.js";

export const SERVICES = "services";

export function key(namespace: string, name: string, resource = SERVICES): ObjectKey {
  return { resource, namespace, name };
}

/** A recorded object without the values the server assigns on write. */
export function fresh(obj: KubeObject): KubeObject {
  const {
    resourceVersion: _rv,
    uid: _uid,
    creationTimestamp: _ts,
    managedFields: _mf,
    ...metadata
  } = obj.metadata;
  return { ...obj, metadata };
}

export function seed(storage: Storage, objects: readonly KubeObject[], resource = SERVICES): void {
  for (const obj of objects) {
    storage.create(key(obj.metadata.namespace ?? "", obj.metadata.name ?? "", resource), fresh(obj));
  }
}

export function service(namespace: string, name: string, labels?: Record<string, string>): KubeObject {
  return {
    kind: "Service",
    apiVersion: "v1",
    metadata: { name, namespace, ...(labels ? { labels } : {}) },
    spec: {},
  };
}

/** Replaces the labels of a stored object (a write). */
export function relabel(storage: Storage, at: ObjectKey, labels: Record<string, string>): KubeObject {
  const current = storage.get(at);
  if (current === undefined) throw new Error(`${at.name} missing`);
  return storage.update(at, { ...current, metadata: { ...current.metadata, labels } });
}

export function names(result: { items: readonly KubeObject[] }): string[] {
  return result.items.map((item) => item.metadata.name ?? "");
}

/** The Status a call throws as ApiError. */
export function statusThrown(call: () => unknown): Status {
  try {
    call();
  } catch (err) {
    if (isApiError(err)) return err.status;
    throw err;
  }
  throw new Error("no ApiError was thrown");
}

export function decodeToken(token: string | undefined): unknown {
  expect(token).toBeTypeOf("string");
  return JSON.parse(Buffer.from(token ?? "", "base64url").toString("utf8"));
}
