import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createElectionMetrics } from "../../src/election/metrics.js";
import type { LeaseRecord } from "../../src/election/store.js";
import type { Term } from "../../src/election/term.js";
import { FakeClock } from "../../src/runtime/fakeclock.js";
import { apiError, captureLogger, MemoryLeaseBackend, networkError } from "./fakes.js";
import { isLeading, startReplica } from "./harness.js";

const WALL0 = Date.UTC(2026, 0, 1);

function setup(): { clock: FakeClock; backend: MemoryLeaseBackend } {
  const clock = new FakeClock(0, WALL0);
  return { clock, backend: new MemoryLeaseBackend(clock) };
}

function foreign(over: Partial<LeaseRecord> = {}): LeaseRecord {
  return {
    holderIdentity: "other",
    leaseDurationSeconds: 15,
    acquireTimeMs: WALL0,
    renewTimeMs: WALL0,
    leaseTransitions: 7,
    ...over,
  };
}

describe("acquire and renew", () => {
  it("creates the Lease when it is missing and starts leading", async () => {
    const { clock, backend } = setup();
    const a = startReplica(backend, clock, "a");
    expect(await clock.runUntil(() => isLeading(a), 0)).toBe(0);
    expect(backend.writes).toEqual([
      {
        client: "a",
        atMs: 0,
        kind: "create",
        resourceVersion: "101",
        record: {
          holderIdentity: "a",
          leaseDurationSeconds: 15,
          acquireTimeMs: WALL0,
          renewTimeMs: WALL0,
          leaseTransitions: 0,
        },
      },
    ]);
    expect(a.lead?.canWrite()).toBe(true);
    expect(a.elector.canWrite()).toBe(true);
    expect(a.elector.status()).toMatchObject({
      state: "leading",
      isLeader: true,
      holder: "a",
      leaseTransitions: 0,
      terms: 1,
      lastError: null,
    });
    a.shutdown.abort();
    await a.done;
  });

  it("renews every retryPeriod with the read resourceVersion, keeping acquireTime and transitions", async () => {
    const { clock, backend } = setup();
    const a = startReplica(backend, clock, "a");
    await clock.advance(6_000);
    expect(backend.writes.map((w) => [w.atMs, w.kind, w.record.renewTimeMs! - WALL0])).toEqual([
      [0, "create", 0],
      [2_000, "update", 2_000],
      [4_000, "update", 4_000],
      [6_000, "update", 6_000],
    ]);
    for (const w of backend.writes) {
      expect(w.record.acquireTimeMs).toBe(WALL0);
      expect(w.record.leaseTransitions).toBe(0);
    }
    expect((a.lead as Term).deadlineMs).toBe(16_000);
    await clock.advance(60_000);
    expect(a.events).toEqual([{ atMs: 0, event: "started", term: 1 }]);
    a.shutdown.abort();
    await a.done;
  });
});

describe("expiry is judged by local observation", () => {
  it.each([
    { name: "renewTime one hour in the future", renewOffsetMs: 3_600_000 },
    { name: "renewTime one hour in the past", renewOffsetMs: -3_600_000 },
    { name: "renewTime now", renewOffsetMs: 0 },
  ])(
    "a follower takes over exactly leaseDuration after it last saw a change ($name)",
    async ({ renewOffsetMs }) => {
      const { clock, backend } = setup();
      backend.put(foreign({ renewTimeMs: WALL0 + renewOffsetMs }));
      const b = startReplica(backend, clock, "b");
      await clock.advance(0);
      expect(b.elector.status()).toMatchObject({ state: "following", holder: "other", isLeader: false });
      await clock.advance(14_999);
      expect(isLeading(b)).toBe(false);
      await clock.advance(1);
      expect(isLeading(b)).toBe(true);
      const takeover = backend.writes.at(-1)!;
      expect(takeover).toMatchObject({ client: "b", atMs: 15_000, kind: "update" });
      expect(takeover.record).toMatchObject({
        holderIdentity: "b",
        leaseTransitions: 8,
        acquireTimeMs: WALL0 + 15_000,
        renewTimeMs: WALL0 + 15_000,
      });
      b.shutdown.abort();
      await b.done;
    },
  );

  it("restarts the wait whenever the record changes, however old its renewTime looks", async () => {
    const { clock, backend } = setup();
    backend.put(foreign());
    const b = startReplica(backend, clock, "b");
    await clock.advance(9_000);
    backend.put(foreign({ renewTimeMs: WALL0 - 86_400_000 })); // a change, with a stale-looking timestamp
    await clock.advance(15_999); // b saw the change at its poll at 10 s
    expect(isLeading(b)).toBe(false);
    await clock.runUntil(() => isLeading(b), 5_000);
    expect(clock.now()).toBe(25_000);
    b.shutdown.abort();
    await b.done;
  });

  it("never takes over from a leader that keeps renewing", async () => {
    const { clock, backend } = setup();
    const a = startReplica(backend, clock, "a");
    await clock.advance(1);
    const b = startReplica(backend, clock, "b");
    await clock.advance(120_000);
    expect(isLeading(a)).toBe(true);
    expect(b.events).toEqual([]);
    expect(b.elector.status()).toMatchObject({ holder: "a", isLeader: false });
    for (const r of [a, b]) r.shutdown.abort();
    await Promise.all([a.done, b.done]);
  });
});

describe("conflicts", () => {
  it("two candidates racing to create: exactly one wins, the loser re-reads at once", async () => {
    const { clock, backend } = setup();
    const a = startReplica(backend, clock, "a");
    const b = startReplica(backend, clock, "b");
    await clock.advance(0);
    expect([isLeading(a), isLeading(b)].filter(Boolean)).toHaveLength(1);
    const [winner, loser] = isLeading(a) ? [a, b] : [b, a];
    expect(backend.writes.filter((w) => w.kind === "create")).toHaveLength(1);
    expect(loser.store.callsAt).toEqual([0, 0, 0]); // get, create (409), get again
    expect(loser.elector.status().holder).toBe(winner.name);
    await clock.advance(30_000);
    expect(isLeading(loser)).toBe(false);
    for (const r of [a, b]) r.shutdown.abort();
    await Promise.all([a.done, b.done]);
  });

  it("a leader whose resourceVersion went stale re-reads and renews when it still holds the lease", async () => {
    const { clock, backend } = setup();
    const a = startReplica(backend, clock, "a");
    await clock.advance(1_000);
    backend.put({ ...backend.current!.record }); // e.g. someone added a label: same holder, new resourceVersion
    await clock.advance(1_000);
    expect(backend.writes.at(-1)).toMatchObject({ client: "a", atMs: 2_000 });
    expect(a.events).toEqual([{ atMs: 0, event: "started", term: 1 }]);
    expect((a.lead as Term).deadlineMs).toBe(12_000);
    a.shutdown.abort();
    await a.done;
  });

  it("a leader that finds another holder after a conflict steps down at once", async () => {
    const { clock, backend } = setup();
    const a = startReplica(backend, clock, "a");
    await clock.advance(1_000);
    backend.put(foreign({ holderIdentity: "intruder" }));
    await clock.advance(1_000);
    expect(a.events.at(-1)).toEqual({ atMs: 2_000, event: "stopped", reason: "lease-lost" });
    expect(a.lead?.signal.aborted).toBe(true);
    expect(a.lead?.canWrite()).toBe(false);
    expect(a.elector.status()).toMatchObject({ state: "following", holder: "intruder" });
    expect(backend.current?.record.holderIdentity).toBe("intruder"); // no release of someone else's lease
    a.shutdown.abort();
    await a.done;
  });

  it("a leader whose Lease was deleted steps down", async () => {
    const { clock, backend } = setup();
    const a = startReplica(backend, clock, "a", { onLostLeadership: "exit" });
    await clock.advance(1_000);
    backend.delete();
    await clock.advance(1_000);
    expect(a.events.at(-1)).toMatchObject({ event: "stopped", reason: "lease-lost" });
    await a.done;
    expect(a.exits).toEqual([1]);
  });

  it("a renewal whose response was lost does not extend the term, and the next one recovers", async () => {
    const { clock, backend } = setup();
    const a = startReplica(backend, clock, "a");
    await clock.advance(1_000);
    a.store.fault = { kind: "lose-response" };
    await clock.advance(1_000); // the 2 s renewal lands on the server but a sees a network error
    expect(backend.writes.at(-1)).toMatchObject({ client: "a", atMs: 2_000 });
    expect((a.lead as Term).deadlineMs).toBe(10_000);
    a.store.fault = null;
    await clock.advance(2_000); // stale resourceVersion → 409 → re-read → renew
    expect((a.lead as Term).deadlineMs).toBe(14_000);
    expect(isLeading(a)).toBe(true);
    a.shutdown.abort();
    await a.done;
  });
});

describe("stepping down", () => {
  it("stops renewDeadline after the last successful renewal was sent, before a follower can acquire", async () => {
    const { clock, backend } = setup();
    const a = startReplica(backend, clock, "a", { onLostLeadership: "exit" });
    await clock.advance(1);
    const b = startReplica(backend, clock, "b");
    await clock.advance(2_999); // a renewed at 2 s
    a.store.fault = { kind: "fail", error: () => apiError(500, "InternalError") };
    await clock.runUntil(() => isLeading(b), 30_000);
    const stopped = a.events.find((e) => e.event === "stopped")!;
    const started = b.events.find((e) => e.event === "started")!;
    expect(stopped).toEqual({ atMs: 12_000, event: "stopped", reason: "renew-deadline" });
    expect(a.lead?.signal.aborted).toBe(true);
    expect(started.atMs).toBeGreaterThanOrEqual(2_000 + 15_000);
    expect(started.atMs - stopped.atMs).toBeGreaterThanOrEqual(15_000 - 10_000);
    await a.done;
    expect(a.exits).toEqual([1]);
    b.shutdown.abort();
    await b.done;
  });

  it("measures the deadline from when a renewal was sent, not from when its response arrived", async () => {
    const { clock, backend } = setup();
    const a = startReplica(backend, clock, "a");
    await clock.advance(1_000);
    a.store.latencyMs = 300;
    a.store.responseLatencyMs = 400;
    await clock.advance(1_700); // renewal sent at 2 s, applied at 2.3 s, answered at 2.7 s
    expect(backend.writes.at(-1)).toMatchObject({ client: "a", atMs: 2_300 });
    expect((a.lead as Term).deadlineMs).toBe(12_000);
    a.store.fault = { kind: "fail", error: networkError };
    await clock.runUntil(() => a.events.length === 2, 20_000);
    expect(a.events[1]).toEqual({ atMs: 12_000, event: "stopped", reason: "renew-deadline" });
    a.shutdown.abort();
    await a.done;
  });

  it("steps down at the deadline even when the renewal request hangs", async () => {
    const { clock, backend } = setup();
    const a = startReplica(backend, clock, "a");
    await clock.advance(3_000);
    a.store.fault = { kind: "hang" };
    await clock.runUntil(() => a.events.length === 2, 20_000);
    expect(a.events[1]).toEqual({ atMs: 12_000, event: "stopped", reason: "renew-deadline" });
    a.shutdown.abort();
    await a.done;
  });

  it("exits non-zero on lost leadership by default", async () => {
    const { clock, backend } = setup();
    const a = startReplica(backend, clock, "a", { onLostLeadership: undefined });
    await clock.advance(1_000);
    a.store.fault = { kind: "fail", error: networkError };
    await clock.advance(20_000);
    await a.done;
    expect(a.exits).toEqual([1]);
    expect(a.elector.status().state).toBe("stopped");
  });

  it("with onLostLeadership 'rejoin' follows again and can lead a new term", async () => {
    const { clock, backend } = setup();
    const a = startReplica(backend, clock, "a");
    await clock.advance(1_000);
    a.store.fault = { kind: "fail", error: networkError };
    await clock.advance(11_000);
    expect(a.elector.status().state).toBe("following");
    a.store.fault = null;
    await clock.runUntil(() => isLeading(a), 20_000);
    expect(a.events.map((e) => [e.event, e.term ?? e.reason])).toEqual([
      ["started", 1],
      ["stopped", "renew-deadline"],
      ["started", 2],
    ]);
    expect(a.lead?.term).toBe(2);
    expect(a.exits).toEqual([]);
    a.shutdown.abort();
    await a.done;
  });

  it("steps down and releases when leader work fails", async () => {
    const { clock, backend } = setup();
    const a = startReplica(backend, clock, "a", {
      onLostLeadership: "exit",
      onStartedLeading: async () => {
        throw new Error("controller crashed");
      },
    });
    await a.done;
    expect(a.events.at(-1)).toMatchObject({ event: "stopped", reason: "work-failed" });
    expect(backend.current?.record.holderIdentity).toBe("");
    expect(a.exits).toEqual([1]);
  });
});

describe("release on shutdown", () => {
  it("clears the holder and a follower acquires within about retryPeriod", async () => {
    const { clock, backend } = setup();
    const a = startReplica(backend, clock, "a");
    await clock.advance(1);
    const b = startReplica(backend, clock, "b", { random: () => 0 });
    await clock.advance(30_000);
    const releasedAt = clock.now();
    a.shutdown.abort();
    await a.done;
    expect(backend.current?.record).toMatchObject({
      holderIdentity: "",
      leaseDurationSeconds: 1,
      leaseTransitions: 0,
    });
    expect(a.events.at(-1)).toEqual({ atMs: releasedAt, event: "stopped", reason: "shutdown" });
    expect(a.exits).toEqual([]);
    const tookMs = await clock.runUntil(() => isLeading(b), 10_000);
    expect(tookMs).toBeLessThanOrEqual(2_000);
    expect(backend.current?.record).toMatchObject({ holderIdentity: "b", leaseTransitions: 1 });
    b.shutdown.abort();
    await b.done;
  });

  it("waits for leader work to stop before releasing", async () => {
    const { clock, backend } = setup();
    let stoppedWork = false;
    const a = startReplica(backend, clock, "a", {
      onStartedLeading: async (lead) => {
        await new Promise<void>((resolve) => lead.signal.addEventListener("abort", () => resolve()));
        await clock.sleep(500);
        expect(backend.current?.record.holderIdentity).toBe("a");
        expect(a.elector.status()).toMatchObject({ isLeader: false, state: "stopped" });
        stoppedWork = true;
      },
    });
    await clock.advance(1_000);
    a.shutdown.abort();
    await clock.advance(500);
    await a.done;
    expect(stoppedWork).toBe(true);
    expect(backend.current?.record.holderIdentity).toBe("");
  });

  it("does not release when leader work ignores the signal for renewDeadline", async () => {
    const { clock, backend } = setup();
    const log = captureLogger();
    const a = startReplica(backend, clock, "a", {
      logger: log.logger,
      onStartedLeading: () => new Promise(() => {}),
    });
    await clock.advance(1_000);
    a.shutdown.abort();
    await clock.advance(10_000);
    await a.done;
    expect(backend.current?.record.holderIdentity).toBe("a");
    expect(log.messages("warn")).toContain(
      "leader work did not stop within renewDeadline; not releasing the lease",
    );
  });

  it("does not release when releaseOnShutdown is false", async () => {
    const { clock, backend } = setup();
    const a = startReplica(backend, clock, "a", { releaseOnShutdown: false });
    await clock.advance(1_000);
    a.shutdown.abort();
    await a.done;
    expect(backend.current?.record.holderIdentity).toBe("a");
  });
});

describe("errors while following", () => {
  it("are retried with backoff and logged once per change of state", async () => {
    const { clock, backend } = setup();
    backend.put(foreign());
    const log = captureLogger();
    const b = startReplica(backend, clock, "b", { logger: log.logger });
    await clock.advance(1_000);
    b.store.fault = { kind: "fail", error: () => apiError(500, "InternalError") };
    const failingFrom = b.store.callsAt.length;
    await clock.advance(40_000);
    // first failure at 2 s, then backoff 2 s, 4 s, 8 s, capped at 8 s (4 × retryPeriod)
    expect(b.store.callsAt.slice(failingFrom)).toEqual([2_000, 4_000, 8_000, 16_000, 24_000, 32_000, 40_000]);
    expect(b.elector.status().lastError).toEqual({ kind: "server", message: "InternalError" });
    b.store.fault = { kind: "fail", error: networkError };
    await clock.advance(40_000);
    b.store.fault = null;
    await clock.advance(20_000);
    const failing = log.lines().filter((l) => l.msg === "lease request failing; retrying");
    expect(failing.map((l) => [l.kind, l.code])).toEqual([
      ["server", 500],
      ["network", undefined],
    ]);
    expect(log.messages("info").filter((m) => m === "lease requests succeeding again")).toHaveLength(1);
    expect(b.elector.status().lastError).toBeNull();
    b.shutdown.abort();
    await b.done;
  });

  it("honours Retry-After on 429", async () => {
    const { clock, backend } = setup();
    backend.put(foreign());
    const b = startReplica(backend, clock, "b");
    await clock.advance(1_000);
    b.store.fault = { kind: "fail", error: () => apiError(429, "TooManyRequests", { "retry-after": "30" }) };
    await clock.advance(1_000);
    b.store.fault = null;
    expect(b.store.callsAt.at(-1)).toBe(2_000);
    await clock.advance(30_000);
    expect(b.store.callsAt.filter((t) => t > 2_000)[0]).toBe(32_000);
    b.shutdown.abort();
    await b.done;
  });
});

describe("observability", () => {
  it("reports is-leader, transitions and the holder, and logs each holder change once", async () => {
    const { clock, backend } = setup();
    const registry = new Registry();
    const observer = createElectionMetrics(registry);
    const log = captureLogger();
    const a = startReplica(backend, clock, "a", { observer });
    await clock.advance(1);
    const b = startReplica(backend, clock, "b", {
      observer: createElectionMetrics(new Registry()),
      logger: log.logger,
    });
    await clock.advance(10_000);
    const value = async (name: string): Promise<number | undefined> =>
      (await registry.getSingleMetric(name)!.get()).values[0]?.value;
    expect(await value("svcmirror_leader_election_is_leader")).toBe(1);
    expect(await value("svcmirror_leader_election_transitions_total")).toBe(1);
    a.shutdown.abort();
    await a.done;
    expect(await value("svcmirror_leader_election_is_leader")).toBe(0);
    await clock.runUntil(() => isLeading(b), 5_000);
    const changes = log.lines().filter((l) => l.msg === "lease holder changed");
    expect(changes.map((l) => [l.previous, l.holder])).toEqual([
      [null, "a"],
      ["a", null],
      [null, "b"],
    ]);
    expect(changes[0]).toMatchObject({ lease: "svcmirror-system/svcmirror-test", identity: "b" });
    expect(b.elector.status()).toMatchObject({
      lease: "svcmirror-system/svcmirror-test",
      identity: "b",
      holder: "b",
      leaseTransitions: 1,
    });
    b.shutdown.abort();
    await b.done;
  });
});
