import { describe, expect, it } from "vitest";
import { isApiError } from "../../../src/sim/errors.js";
import { type Scheduler, Storage } from "../../../src/sim/storage/index.js";
import { loadCase, statusOf } from "./fixtures.js";
import { key, names, relabel, SERVICES, service, statusThrown } from "./world.js";

const NS = "ns";

/** A scheduler whose timers fire only when the test says so. */
class ManualScheduler implements Scheduler {
  private readonly timers = new Set<{ readonly fn: () => void }>();

  schedule(_delayMs: number, fn: () => void): () => void {
    const timer = { fn };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }

  get pending(): number {
    return this.timers.size;
  }

  fireAll(): void {
    for (const timer of [...this.timers]) {
      this.timers.delete(timer);
      timer.fn();
    }
  }
}

describe("revisions", () => {
  it("validates its options", () => {
    expect(() => new Storage({ watchCacheCapacity: 0 })).toThrow(
      "watchCacheCapacity must be a positive integer, got 0",
    );
    expect(() => new Storage({ historyLimit: -1 })).toThrow(
      "historyLimit must be a non-negative integer, got -1",
    );
  });

  it("bumps one global revision per write across resources and stamps each object with its write", () => {
    const storage = new Storage();
    const start = storage.revision;
    const a = storage.create(key(NS, "a"), service(NS, "a"));
    const slice = storage.create(key(NS, "s", "discovery.k8s.io/endpointslices"), {
      metadata: { name: "s", namespace: NS },
    });
    const a2 = relabel(storage, key(NS, "a"), { v: "2" });
    const gone = storage.delete(key(NS, "a"));
    expect([a, slice, a2, gone].map((o) => Number(o.metadata.resourceVersion))).toEqual(
      [1, 2, 3, 4].map((d) => start + d),
    );
    expect(storage.revision).toBe(start + 4);
    expect(gone.metadata.labels).toEqual({ v: "2" });
    expect(storage.get(key(NS, "a"))).toBeUndefined();
    expect(storage.get(key(NS, "s", "discovery.k8s.io/endpointslices"))).toBe(slice);
  });

  it("keeps a stored object's resourceVersion at its last write while others move the revision", () => {
    const storage = new Storage();
    const a = storage.create(key(NS, "a"), service(NS, "a"));
    storage.create(key(NS, "b"), service(NS, "b"));
    const list = storage.list(SERVICES, { namespace: NS });
    expect(list.items[0]?.metadata.resourceVersion).toBe(a.metadata.resourceVersion);
    expect(list.resourceVersion).toBe(String(storage.revision));
  });

  it("hands out frozen, shared objects and leaves the caller's input untouched", () => {
    const storage = new Storage();
    const input = service(NS, "a", { app: "x" });
    const stored = storage.create(key(NS, "a"), input);
    expect(input.metadata.resourceVersion).toBeUndefined();
    expect(storage.get(key(NS, "a"))).toBe(stored);
    expect(storage.list(SERVICES, {}).items[0]).toBe(stored);
    expect(() => {
      (stored.metadata.labels as Record<string, string>).app = "y";
    }).toThrow(TypeError);
  });

  it("can create a key again after deleting it", () => {
    const storage = new Storage();
    storage.create(key(NS, "a"), service(NS, "a", { gen: "1" }));
    storage.delete(key(NS, "a"));
    const again = storage.create(key(NS, "a"), service(NS, "a", { gen: "2" }));
    expect(storage.get(key(NS, "a"))).toBe(again);
    expect(names(storage.list(SERVICES, { namespace: NS }))).toEqual(["a"]);
  });

  it.each([
    ["services", 'services "a" already exists'],
    ["discovery.k8s.io/endpointslices", 'endpointslices.discovery.k8s.io "a" already exists'],
  ])("answers a duplicate create on %s with 409 AlreadyExists", (resource, message) => {
    const storage = new Storage();
    storage.create(key(NS, "a", resource), service(NS, "a"));
    expect(statusThrown(() => storage.create(key(NS, "a", resource), service(NS, "a")))).toMatchObject({
      code: 409,
      reason: "AlreadyExists",
      message,
    });
  });

  it("answers an update or delete of a missing object with the recorded 404 (case 107)", () => {
    const storage = new Storage();
    const recorded = statusOf(loadCase("107"));
    const name = recorded.details?.name ?? "";
    expect(statusThrown(() => storage.delete(key(NS, name)))).toEqual(recorded);
    expect(statusThrown(() => storage.update(key(NS, name), service(NS, name)))).toEqual(recorded);
  });
});

describe("history", () => {
  it("compacts the oldest history automatically beyond the history limit", () => {
    const storage = new Storage({ historyLimit: 5 });
    storage.create(key(NS, "a"), service(NS, "a"));
    const early = storage.revision;
    for (let i = 0; i < 20; i++) relabel(storage, key(NS, "a"), { i: String(i) });
    const recent = storage.revision - 4;
    expect(storage.compactedRevision).toBe(storage.revision - 5);
    expect(
      statusThrown(() =>
        storage.list(SERVICES, { resourceVersion: String(early), resourceVersionMatch: "Exact" }),
      ),
    ).toMatchObject({
      code: 410,
    });
    const exact = storage.list(SERVICES, { resourceVersion: String(recent), resourceVersionMatch: "Exact" });
    expect(exact.items[0]?.metadata.labels).toEqual({ i: "15" });
  });

  it("forgets deleted keys at compaction without losing what later reads see", () => {
    const storage = new Storage();
    for (const name of ["a", "b", "c"]) storage.create(key(NS, name), service(NS, name));
    const beforeDelete = storage.revision;
    storage.delete(key(NS, "b"));
    expect(
      names(storage.list(SERVICES, { resourceVersion: String(beforeDelete), resourceVersionMatch: "Exact" })),
    ).toEqual(["a", "b", "c"]);
    storage.compact();
    expect(storage.compactedRevision).toBe(storage.revision);
    expect(
      names(
        storage.list(SERVICES, { resourceVersion: String(storage.revision), resourceVersionMatch: "Exact" }),
      ),
    ).toEqual(["a", "c"]);
    expect(
      statusThrown(() => storage.list(SERVICES, { resourceVersion: String(beforeDelete), limit: 1 })).code,
    ).toBe(410);
  });

  it("keeps thousands of keys in order through inserts and deletes", () => {
    const storage = new Storage();
    const all = Array.from({ length: 5000 }, (_, i) => `svc-${String((i * 7919) % 5000).padStart(4, "0")}`);
    for (const name of all) storage.create(key(NS, name), service(NS, name));
    for (const name of all.filter((_, i) => i % 3 === 0)) storage.delete(key(NS, name));
    storage.compact();
    const expected = all.filter((_, i) => i % 3 !== 0).sort();
    expect(names(storage.list(SERVICES, { namespace: NS }))).toEqual(expected);
    const page = storage.list(SERVICES, { namespace: NS, limit: 1000 });
    expect(names(page)).toEqual(expected.slice(0, 1000));
    expect(page.remainingItemCount).toBe(expected.length - 1000);
  });
});

describe("waitForRevision", () => {
  it.each([
    [{ resourceVersion: "500" }, 500],
    [{ resourceVersion: "500", resourceVersionMatch: "NotOlderThan" }, 500],
    [{ resourceVersion: "500", limit: 1 }, 0],
    [{ resourceVersion: "500", resourceVersionMatch: "Exact" }, 0],
    [{ resourceVersion: "0" }, 0],
    [{ resourceVersion: "" }, 0],
    [{ resourceVersion: "abc" }, 0],
  ])("tells which revision the watch cache must reach before answering %j", (query, expected) => {
    expect(new Storage().listWaitRevision(query)).toBe(expected);
  });

  it("resolves once a write reaches the revision", async () => {
    const scheduler = new ManualScheduler();
    const storage = new Storage({ scheduler });
    const waited = storage.waitForRevision(storage.revision + 2, 3000);
    storage.create(key(NS, "a"), service(NS, "a"));
    storage.create(key(NS, "b"), service(NS, "b"));
    await expect(waited).resolves.toBeUndefined();
    expect(scheduler.pending).toBe(0);
  });

  it("rejects with the recorded 504 when the timer fires first (case 266)", async () => {
    const scheduler = new ManualScheduler();
    const storage = new Storage({ scheduler });
    const future = storage.revision + 100;
    const waited = storage.waitForRevision(future, 3000);
    scheduler.fireAll();
    const err = await waited.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!isApiError(err)) throw new Error("expected an ApiError");
    const recorded = statusOf(loadCase("266"));
    expect({ ...err.status, message: "" }).toEqual({ ...recorded, message: "" });
    expect(err.status.message).toBe(
      `Timeout: Too large resource version: ${future}, current: ${storage.revision}`,
    );
  });

  it("stops waiting when the request is aborted", async () => {
    const scheduler = new ManualScheduler();
    const storage = new Storage({ scheduler });
    const controller = new AbortController();
    const waited = storage.waitForRevision(storage.revision + 1, 3000, controller.signal);
    controller.abort(new Error("client went away"));
    await expect(waited).rejects.toThrow("client went away");
    expect(scheduler.pending).toBe(0);
  });
});
