// The informer and its reflector on a fake collection and a FakeClock: every retry path, the
// watchdog, resume-from-resourceVersion, the relist diff and clean shutdown, without a network.

import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import type { CacheChange } from "../../src/kube/cache.js";
import { Informer, type InformerOptions, type InformerStatus } from "../../src/kube/informer.js";
import { FakeClock, settle } from "../../src/runtime/fakeclock.js";
import { apiError, FakeCollection, type Obj } from "./fake-listwatch.js";

const log = pino({ level: "silent" });

interface Rig {
  clock: FakeClock;
  source: FakeCollection;
  informer: Informer<Obj>;
  events: CacheChange<Obj>[];
  flips: InformerStatus[];
}

const started: Informer<Obj>[] = [];

function rig(opts: Partial<InformerOptions<Obj>> = {}, source = new FakeCollection()): Rig {
  const clock = new FakeClock();
  const informer = new Informer(source, {
    log,
    clock,
    backoff: { initialMs: 1_000, maxMs: 8_000, jitter: 0 },
    watchTimeoutSeconds: { min: 60, max: 60 },
    idleTimeoutMs: 90_000,
    staleAfterMs: 10_000,
    ...opts,
  });
  const events: CacheChange<Obj>[] = [];
  const flips: InformerStatus[] = [];
  informer.onEvent((e) => events.push(e));
  informer.onStatusChange((s) => flips.push(s));
  started.push(informer);
  return { clock, source, informer, events, flips };
}

function summary(events: CacheChange<Obj>[]): string[] {
  return events.map(
    (e) => `${e.type} ${e.key}${e.type === "deleted" && e.finalStateUnknown ? " (unknown)" : ""}`,
  );
}

afterEach(async () => {
  for (const informer of started.splice(0)) await informer.stop();
});

describe("Informer on a fake collection", () => {
  it("lists, syncs, and then follows watch events", async () => {
    const { clock, source, informer, events } = rig();
    source.put("a");
    source.put("b", "", { app: "x" });
    informer.start();
    expect(await informer.waitForSync()).toBe(true);
    expect(summary(events)).toEqual(["added ns/a", "added ns/b"]);
    await settle();

    source.put("a", "v2");
    source.put("c");
    source.remove("b");
    expect(summary(events.slice(2))).toEqual(["updated ns/a", "added ns/c", "deleted ns/b"]);
    expect(informer.get("ns", "a")?.data).toBe("v2");
    expect(informer.keys().sort()).toEqual(["ns/a", "ns/c"]);
    expect(informer.status()).toMatchObject({
      synced: true,
      connected: true,
      stale: false,
      watches: 1,
      relists: 0,
      restarts: 0,
      objects: 2,
      resourceVersion: String(source.rev),
    });
    expect(clock.pendingTimers).toBeGreaterThan(0);
  });

  it("reads lists page by page and keeps the list's resourceVersion for the watch", async () => {
    const { source, informer } = rig({ pageSize: 2 });
    for (const name of ["a", "b", "c", "d", "e"]) source.put(name);
    informer.start();
    await informer.waitForSync();
    await settle();
    expect(source.listCalls).toBe(3);
    expect(informer.list("ns")).toHaveLength(5);
    expect(source.watchRvs).toEqual([String(source.rev)]);
  });

  it("resumes a cleanly ended watch from the last resourceVersion without relisting", async () => {
    const { source, informer, events } = rig();
    source.put("a");
    informer.start();
    await informer.waitForSync();
    await settle();
    source.put("b");
    const lastSeen = String(source.rev);
    source.endWatches();
    await settle();
    expect(source.watchRvs).toEqual([expect.any(String), lastSeen]);
    source.put("c");
    expect(summary(events)).toEqual(["added ns/a", "added ns/b", "added ns/c"]);
    expect(source.listCalls).toBe(1);
    expect(informer.status()).toMatchObject({ relists: 0, restarts: 0, watches: 2 });
  });

  it("catches up on changes made between two watches through the watch replay", async () => {
    const { clock, source, informer, events } = rig();
    source.put("a");
    informer.start();
    await informer.waitForSync();
    await settle();
    source.breakWatches(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
    await settle();
    expect(informer.status().connected).toBe(false);
    source.put("b");
    source.remove("a");
    const elapsedMs = await clock.runUntil(() => source.watchCalls === 2, 5_000);
    expect(elapsedMs).toBe(1_000);
    expect(summary(events)).toEqual(["added ns/a", "added ns/b", "deleted ns/a"]);
    expect(source.listCalls).toBe(1);
    expect(informer.status()).toMatchObject({ connected: true, restarts: 1, relists: 0 });
  });

  it("relists on 410 Expired and reports objects deleted meanwhile as deletions of unknown final state", async () => {
    const { clock, source, informer, events, flips } = rig();
    source.put("keep");
    source.put("gone");
    informer.start();
    await informer.waitForSync();
    await settle();
    source.breakWatches(new Error("connection reset"));
    source.remove("gone");
    source.put("keep", "v2");
    source.put("new");
    source.compact();
    await clock.runUntil(() => informer.status().relists === 1, 5_000);
    expect(summary(events)).toEqual([
      "added ns/gone",
      "added ns/keep",
      "updated ns/keep",
      "added ns/new",
      "deleted ns/gone (unknown)",
    ]);
    expect(informer.keys().sort()).toEqual(["ns/keep", "ns/new"]);
    expect(source.listCalls).toBe(2);
    expect(informer.status().lastError?.kind).toBe("expired");
    // Down once for the broken connection; the 410 itself came from a server that answered.
    expect(flips.map((s) => (s.connected ? "up" : "down"))).toEqual(["up", "up", "down", "up"]);
  });

  it("relists at once after the first 410 but backs off when 410s repeat", async () => {
    const { clock, source, informer } = rig();
    source.put("a");
    informer.start();
    await informer.waitForSync();
    await settle();
    source.compact();
    source.put("b");
    source.compact();
    source.watchFaults.push(apiError(410, "Expired"), apiError(410, "Expired"));
    source.endWatches();
    await settle();
    expect(source.listCalls).toBe(2);
    const elapsedMs = await clock.runUntil(() => source.listCalls === 3, 10_000);
    // The immediate relist used the first backoff step, so the repeat waits the second one.
    expect(elapsedMs).toBe(2_000);
  });

  it("treats watches that end at once without events as failures and backs off", async () => {
    const { clock, source, informer } = rig();
    source.put("a");
    source.endNew = true;
    informer.start();
    await informer.waitForSync();
    const elapsedMs = await clock.runUntil(() => source.watchCalls === 4, 60_000);
    expect(elapsedMs).toBe(1_000 + 2_000 + 4_000);
    expect(informer.status()).toMatchObject({ restarts: 4, relists: 0 });
    expect(informer.status().lastError).toMatchObject({ kind: "network" });
    source.endNew = false;
    await clock.runUntil(() => source.open.size === 1, 60_000);
    source.put("b");
    expect(informer.get("ns", "b")).toBeDefined();
  });

  it("retries failed lists with growing backoff, honours Retry-After, then syncs", async () => {
    const { clock, source, informer } = rig();
    source.put("a");
    source.listFaults.push(
      apiError(500, "InternalError"),
      apiError(429, "TooManyRequests", { details: { retryAfterSeconds: 7 } }),
    );
    informer.start();
    const elapsedMs = await clock.runUntil(() => informer.hasSynced(), 60_000);
    expect(elapsedMs).toBe(1_000 + 7_000);
    expect(source.listCalls).toBe(3);
    expect(informer.status()).toMatchObject({ synced: true, connected: true, restarts: 2, relists: 0 });
    expect(informer.status().lastError).toMatchObject({ kind: "tooManyRequests", code: 429 });
  });

  it("re-watches from the same resourceVersion after a non-410 ERROR event", async () => {
    const { clock, source, informer } = rig();
    source.put("a");
    informer.start();
    await informer.waitForSync();
    await settle();
    const rv = String(source.rev);
    source.sendToOpen("ERROR", JSON.parse(apiError(500, "InternalError").body));
    await clock.runUntil(() => source.watchCalls === 2, 5_000);
    expect(source.watchRvs).toEqual([rv, rv]);
    expect(source.listCalls).toBe(1);
    expect(informer.status()).toMatchObject({ restarts: 1, relists: 0 });
    expect(informer.status().lastError).toMatchObject({ kind: "server", code: 500 });
  });

  it("abandons a silent watch after idleTimeoutMs and watches again", async () => {
    const { clock, source, informer } = rig();
    source.put("a");
    source.stallNew = true;
    informer.start();
    await informer.waitForSync();
    await settle();
    expect(source.open.size).toBe(1);
    source.stallNew = false;
    const elapsedMs = await clock.runUntil(() => source.watchCalls === 2, 200_000);
    // The watchdog fires after 90 s of silence; the re-watch then waits the first backoff step.
    expect(elapsedMs).toBe(90_000 + 1_000);
    await settle();
    expect(informer.status().lastError).toMatchObject({ kind: "timeout" });
    expect(source.open.size).toBe(1);
    source.put("b");
    expect(informer.get("ns", "b")).toBeDefined();
  });

  it("turns stale while unreachable, and connected again when the server answers", async () => {
    const { clock, source, informer, flips } = rig();
    source.put("a");
    informer.start();
    await informer.waitForSync();
    await settle();
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    source.watchFaults.push(refused, refused, refused, refused);
    source.breakWatches(refused);
    await clock.runUntil(() => informer.status().stale, 30_000);
    expect(informer.status()).toMatchObject({ connected: false, stale: true, synced: true });
    expect(informer.status().lastError).toMatchObject({ kind: "network" });
    expect(informer.get("ns", "a")).toBeDefined();
    await clock.runUntil(() => informer.status().connected, 60_000);
    expect(informer.status().stale).toBe(false);
    expect(flips.map((s) => `${s.connected ? "up" : "down"}${s.stale ? "+stale" : ""}`)).toEqual([
      "up",
      "up",
      "down",
      "down+stale",
      "up",
    ]);
  });

  it("reports stale when the first list never succeeds", async () => {
    const { clock, source, informer } = rig();
    for (let i = 0; i < 10; i++) source.listFaults.push(apiError(403, "Forbidden"));
    informer.start();
    await clock.runUntil(() => informer.status().stale, 20_000);
    expect(informer.status()).toMatchObject({ synced: false, connected: false, stale: true });
    expect(informer.status().lastError).toMatchObject({ kind: "forbidden" });
  });

  it("keeps running when a handler throws", async () => {
    const { source, informer, events } = rig();
    informer.onEvent(() => {
      throw new Error("handler bug");
    });
    source.put("a");
    informer.start();
    await informer.waitForSync();
    await settle();
    source.put("b");
    expect(summary(events)).toEqual(["added ns/a", "added ns/b"]);
    expect(informer.status().restarts).toBe(0);
  });

  it("serves lookups by label and by index", async () => {
    const { source, informer } = rig({
      indexers: { app: (o) => (o.metadata?.labels?.app ? [o.metadata.labels.app] : []) },
    });
    source.put("a", "", { app: "web" });
    source.put("b", "", { app: "db" });
    source.put("c", "", { app: "web" }, "other");
    informer.start();
    await informer.waitForSync();
    expect(
      informer
        .byIndex("app", "web")
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(["a", "c"]);
    expect(informer.listByLabels({ app: "web" }, "ns").map((o) => o.metadata.name)).toEqual(["a"]);
    expect(informer.list("other").map((o) => o.metadata.name)).toEqual(["c"]);
  });

  it("stop() releases the watch, the timers and the waiters, and notifies no one afterwards", async () => {
    const { clock, source, informer, events } = rig();
    source.listFaults.push(apiError(500, "InternalError"));
    informer.start();
    const waiting = informer.waitForSync();
    await settle();
    await informer.stop();
    expect(await waiting).toBe(false);
    expect(clock.pendingTimers).toBe(0);
    expect(source.open.size).toBe(0);
    source.put("late");
    expect(events).toEqual([]);
    expect(() => informer.start()).toThrow(/already started/);
  });

  it("stops when its start signal aborts, including during a watch", async () => {
    const { clock, source, informer } = rig();
    source.put("a");
    const controller = new AbortController();
    informer.start(controller.signal);
    await informer.waitForSync();
    await settle();
    expect(source.open.size).toBe(1);
    controller.abort();
    await settle();
    expect(source.open.size).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it("stop() right after the first sync does not leave the first watch open", async () => {
    const { source, informer } = rig();
    source.put("a");
    informer.start();
    await informer.waitForSync();
    const stopped = informer.stop().then(() => "stopped");
    const stuck = new Promise((resolve) => setTimeout(resolve, 2_000, "stuck"));
    expect(await Promise.race([stopped, stuck])).toBe("stopped");
    expect(source.open.size).toBe(0);
  });

  it("waitForSync gives up when its own signal aborts", async () => {
    const { informer, source } = rig();
    source.listFaults.push(apiError(500, "InternalError"));
    informer.start();
    const controller = new AbortController();
    const waiting = informer.waitForSync(controller.signal);
    controller.abort();
    expect(await waiting).toBe(false);
  });

  it("rejects an idle timeout that would cut healthy quiet watches", () => {
    expect(() => rig({ watchTimeoutSeconds: { min: 60, max: 120 }, idleTimeoutMs: 90_000 })).toThrow(
      /idleTimeoutMs/,
    );
  });
});
