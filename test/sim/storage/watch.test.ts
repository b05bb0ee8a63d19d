import { beforeEach, describe, expect, it } from "vitest";
import type { Status } from "../../../src/sim/errors.js";
import {
  Storage,
  type WatchEvent,
  type WatchHandle,
  type WatchQuery,
  type WatchTooOld,
} from "../../../src/sim/storage/index.js";
import type { KubeObject } from "../../../src/sim/types.js";
import { loadCase, normalizedPattern, statusOf } from "./fixtures.js";
import { fresh, key, relabel, SERVICES, seed, service, statusThrown } from "./world.js";

const NS = "fixture-ns-7";

interface Recorder {
  readonly events: WatchEvent[];
  readonly handle: WatchHandle;
}

function isTooOld(result: WatchHandle | WatchTooOld): result is WatchTooOld {
  return "tooOld" in result;
}

function watch(storage: Storage, query: WatchQuery, resource = SERVICES): Recorder {
  const events: WatchEvent[] = [];
  const result = storage.watch(resource, query, (e) => events.push(e));
  if (isTooOld(result)) throw new Error(`watch too old: ${JSON.stringify(result)}`);
  return { events, handle: result };
}

function summary(events: readonly WatchEvent[]): [string, string | undefined, number][] {
  return events.map((e) => [e.type, e.object.metadata.name, Number(e.object.metadata.resourceVersion)]);
}

function recordedStream(number: string): { type: string; object: KubeObject }[] {
  return (loadCase(number).stream ?? []) as { type: string; object: KubeObject }[];
}

/** The too-old ERROR event's Status the HTTP layer builds from `tooOld`. */
function tooOldStatus(tooOld: WatchTooOld["tooOld"]): Status {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: `too old resource version: ${tooOld.requested} (${tooOld.oldest})`,
    reason: "Expired",
    code: 410,
  };
}

describe("watch", () => {
  let storage: Storage;
  let base: number;

  beforeEach(() => {
    storage = new Storage();
    seed(storage, [service(NS, "watch-base", { app: "watched" })]);
    base = storage.revision;
  });

  it("delivers ADDED, MODIFIED, MODIFIED, DELETED live and on replay (cases 239, 242)", () => {
    const live = watch(storage, { namespace: NS, resourceVersion: String(base) });
    const recorded = recordedStream("239").filter((e) => e.type !== "BOOKMARK");
    const at = key(NS, "watched-svc");
    storage.create(at, fresh(recorded[0]?.object as KubeObject));
    storage.update(at, fresh(recorded[1]?.object as KubeObject));
    storage.update(at, fresh(recorded[2]?.object as KubeObject));
    storage.delete(at);

    const replayed = watch(storage, { namespace: NS, resourceVersion: String(base) });
    for (const got of [live.events, replayed.events]) {
      expect(got.map((e) => e.type)).toEqual(recorded.map((e) => e.type));
      expect(got.map((e) => e.object.metadata.labels)).toEqual(recorded.map((e) => e.object.metadata.labels));
      expect(got.map((e) => Number(e.object.metadata.resourceVersion))).toEqual(
        [1, 2, 3, 4].map((d) => base + d),
      );
      expect(got[3]?.object.spec).toEqual(recorded[3]?.object.spec);
    }
    expect(live.handle.resourceVersion()).toBe(base + 4);
  });

  it.each(["0", ""])("starts with the current state for resourceVersion %j (cases 240, 241)", (rv) => {
    const w = watch(storage, { namespace: NS, resourceVersion: rv });
    expect(summary(w.events)).toEqual([["ADDED", "watch-base", base]]);
    expect(w.handle.resourceVersion()).toBe(base);
    storage.create(key(NS, "next"), service(NS, "next"));
    expect(summary(w.events.slice(1))).toEqual([["ADDED", "next", base + 1]]);
  });

  it("turns label-selector transitions into DELETED and ADDED (case 243)", () => {
    const w = watch(storage, {
      namespace: NS,
      labelSelector: "svcmirror.io/mirror=true",
      resourceVersion: String(base),
    });
    const at = key(NS, "label-watched");
    storage.create(at, service(NS, "label-watched", { "svcmirror.io/mirror": "true" }));
    relabel(storage, at, { "svcmirror.io/mirror": "false" });
    const current = storage.get(at) as KubeObject;
    storage.update(at, {
      ...current,
      metadata: { ...current.metadata, annotations: { while: "not-matching" } },
    });
    relabel(storage, at, { "svcmirror.io/mirror": "true" });
    storage.delete(at);

    const recorded = recordedStream("243");
    expect(w.events.map((e) => [e.type, e.object.metadata.labels])).toEqual(
      recorded.map((e) => [e.type, e.object.metadata.labels]),
    );
    // Relative to the creation: +0, +1 (stopped matching), +3 (matches again), +4 (deleted).
    expect(w.events.map((e) => Number(e.object.metadata.resourceVersion) - (base + 1))).toEqual([0, 1, 3, 4]);
    expect(w.handle.resourceVersion()).toBe(base + 5);
  });

  it("watches one object with a metadata.name field selector (case 244)", () => {
    const w = watch(storage, {
      namespace: NS,
      fieldSelector: "metadata.name=watch-base",
      resourceVersion: String(base),
    });
    relabel(storage, key(NS, "watch-base"), { app: "watched", touched: "1" });
    storage.create(key(NS, "other-svc"), service(NS, "other-svc"));
    expect(summary(w.events)).toEqual([["MODIFIED", "watch-base", base + 1]]);
    expect(w.handle.resourceVersion()).toBe(base + 2);
  });

  it("sends the full last object on DELETED (case 251)", () => {
    const slices = "discovery.k8s.io/endpointslices";
    const recorded = recordedStream("251");
    const w = watch(
      storage,
      {
        namespace: NS,
        labelSelector: "endpointslice.kubernetes.io/managed-by=controller.svcmirror.io",
        resourceVersion: String(base),
      },
      slices,
    );
    const at = key(NS, "watched-slice", slices);
    storage.create(at, fresh(recorded[0]?.object as KubeObject));
    const updated = storage.update(at, fresh(recorded[1]?.object as KubeObject));
    const deleted = storage.delete(at);
    expect(w.events.map((e) => e.type)).toEqual(recorded.map((e) => e.type));
    expect(w.events[2]?.object).toBe(deleted);
    expect({ ...deleted, metadata: { ...deleted.metadata, resourceVersion: "" } }).toEqual({
      ...updated,
      metadata: { ...updated.metadata, resourceVersion: "" },
    });
    expect(deleted.endpoints).toEqual(recorded[2]?.object.endpoints);
  });

  it("scopes events to the watched namespace, or spans all namespaces", () => {
    const scoped = watch(storage, { namespace: NS, resourceVersion: String(base) });
    const all = watch(storage, { resourceVersion: String(base) });
    storage.create(key("elsewhere", "x"), service("elsewhere", "x"));
    storage.create(key(NS, "y"), service(NS, "y"));
    expect(summary(scoped.events)).toEqual([["ADDED", "y", base + 2]]);
    expect(summary(all.events)).toEqual([
      ["ADDED", "x", base + 1],
      ["ADDED", "y", base + 2],
    ]);
  });

  it("skips events up to a future resourceVersion (case 267)", () => {
    const future = base + 2;
    const w = watch(storage, { namespace: NS, resourceVersion: String(future) });
    for (const name of ["a", "b", "c"]) storage.create(key(NS, name), service(NS, name));
    expect(summary(w.events)).toEqual([["ADDED", "c", base + 3]]);
    expect(recordedStream("267")).toEqual([]);
  });

  it("stops delivering once stopped", () => {
    const w = watch(storage, { namespace: NS, resourceVersion: "0" });
    expect(storage.watchCount(SERVICES)).toBe(1);
    w.handle.stop();
    storage.create(key(NS, "late"), service(NS, "late"));
    expect(summary(w.events)).toEqual([["ADDED", "watch-base", base]]);
    expect(storage.watchCount(SERVICES)).toBe(0);
  });

  it("keeps revision order when a callback writes while events are delivered", () => {
    const order: string[] = [];
    storage.watch(SERVICES, { namespace: NS, resourceVersion: String(base) }, (e) => {
      if (e.object.metadata.name === "first") storage.create(key(NS, "second"), service(NS, "second"));
    });
    const observer = watch(storage, { namespace: NS, resourceVersion: String(base) });
    storage.watch(SERVICES, { namespace: NS, resourceVersion: String(base) }, (e) =>
      order.push(e.object.metadata.name ?? ""),
    );
    storage.create(key(NS, "first"), service(NS, "first"));
    expect(summary(observer.events)).toEqual([
      ["ADDED", "first", base + 1],
      ["ADDED", "second", base + 2],
    ]);
    expect(order).toEqual(["first", "second"]);
  });

  it("answers a non-numeric resourceVersion with the recorded 500 (case 268)", () => {
    const status = statusThrown(() =>
      storage.watch(SERVICES, { namespace: NS, resourceVersion: "abc" }, () => {}),
    );
    expect(status).toEqual(statusOf(loadCase("268")));
  });

  it("refuses resourceVersionMatch on a watch with kube's 422", () => {
    const status = statusThrown(() =>
      storage.watch(SERVICES, { resourceVersion: "0", resourceVersionMatch: "NotOlderThan" }, () => {}),
    );
    expect(status.message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
    );
    expect(status.code).toBe(422);
  });
});

describe("watch-cache window", () => {
  it("answers too old below the window's start, and serves exactly from it (cases 253–255)", () => {
    const storage = new Storage();
    seed(storage, [service(NS, "watch-base")]);
    storage.expireWatchCache();
    const oldest = storage.revision;
    storage.create(key(NS, "after"), service(NS, "after"));

    for (const [number, rv] of [
      ["253", "1"],
      ["254", String(oldest - 1)],
    ] as const) {
      const result = storage.watch(SERVICES, { namespace: NS, resourceVersion: rv }, () => {});
      expect(result).toEqual({ tooOld: { requested: rv, oldest } });
      const recorded = recordedStream(number)[0]?.object as unknown as Status;
      const status = tooOldStatus((result as WatchTooOld).tooOld);
      expect(status.message).toMatch(normalizedPattern(recorded.message ?? ""));
      expect({ ...status, message: "" }).toEqual({ ...recorded, message: "" });
    }
    const exact = watch(storage, { namespace: NS, resourceVersion: String(oldest) });
    expect(summary(exact.events)).toEqual([["ADDED", "after", oldest + 1]]);
    const hidden = watch(storage, {
      namespace: NS,
      resourceVersion: String(oldest),
      fieldSelector: "metadata.name=no-such-object",
    });
    expect(hidden.events).toEqual([]);
  });

  it("moves the window forward as events are evicted", () => {
    const storage = new Storage({ watchCacheCapacity: 3 });
    for (const name of ["a", "b", "c", "d", "e"]) storage.create(key(NS, name), service(NS, name));
    const held = storage.revision - 2; // c, d, e are held; b's revision is the oldest servable start
    const result = storage.watch(SERVICES, { resourceVersion: String(held - 2) }, () => {});
    expect(result).toEqual({ tooOld: { requested: String(held - 2), oldest: held - 1 } });
    const w = watch(storage, { resourceVersion: String(held - 1) });
    expect(w.events.map((e) => e.object.metadata.name)).toEqual(["c", "d", "e"]);
  });

  it("replays a compacted revision that is still inside the window (case 264), not below it (265)", () => {
    const storage = new Storage();
    seed(storage, [service(NS, "watch-base", { app: "watched" })]);
    storage.expireWatchCache();
    const listed = storage.revision;
    relabel(storage, key(NS, "watch-base"), { app: "watched", touched: "2" });
    relabel(storage, key(NS, "watch-base"), { app: "watched", touched: "3" });
    storage.compact();

    const w = watch(storage, { namespace: NS, resourceVersion: String(listed) });
    const recorded = recordedStream("264");
    expect(w.events.map((e) => [e.type, e.object.metadata.labels])).toEqual(
      recorded.map((e) => [e.type, e.object.metadata.labels]),
    );
    expect(storage.watch(SERVICES, { namespace: NS, resourceVersion: "1" }, () => {})).toEqual({
      tooOld: { requested: "1", oldest: listed },
    });
  });

  it("prints the requested revision as Go parses it", () => {
    const storage = new Storage();
    for (const name of ["a", "b"]) storage.create(key(NS, name), service(NS, name));
    storage.expireWatchCache();
    expect(storage.watch(SERVICES, { resourceVersion: "0002" }, () => {})).toEqual({
      tooOld: { requested: "2", oldest: 3 },
    });
  });
});
