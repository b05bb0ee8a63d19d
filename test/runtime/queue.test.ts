import { describe, expect, it } from "vitest";
import { FakeClock, settle } from "../../src/runtime/fakeclock.js";
import { KeyQueue, type QueueMetrics } from "../../src/runtime/queue.js";

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("KeyQueue primitives", () => {
  it("collapses repeated adds of a queued key and keeps FIFO order", async () => {
    const q = new KeyQueue(new FakeClock());
    for (const k of ["a", "b", "a", "c", "b"]) q.add(k);
    expect(q.length).toBe(3);
    expect([await q.get(), await q.get(), await q.get()]).toEqual(["a", "b", "c"]);
    expect(q.length).toBe(0);
  });

  it("re-queues a key added while it is processing only after done()", async () => {
    const q = new KeyQueue(new FakeClock());
    q.add("a");
    expect(await q.get()).toBe("a");
    q.add("a");
    q.add("a");
    expect(q.length).toBe(0); // not handed to another worker while processing
    q.done("a");
    expect(q.length).toBe(1);
    expect(await q.get()).toBe("a");
    q.done("a");
    expect(q.length).toBe(0);
  });

  it("hands a key straight to a waiting getter", async () => {
    const q = new KeyQueue(new FakeClock());
    const pending = q.get();
    q.add("x");
    expect(await pending).toBe("x");
    expect(q.processingCount).toBe(1);
  });

  it("addAfter waits on the clock and the earliest pending delay wins", async () => {
    const clock = new FakeClock(0);
    const q = new KeyQueue(clock);
    q.addAfter("a", 100);
    q.addAfter("a", 300); // later: ignored
    q.addAfter("b", 200);
    q.addAfter("b", 50); // earlier: replaces
    expect(q.delayedCount).toBe(2);
    await clock.advance(50);
    expect(q.length).toBe(1);
    expect(await q.get()).toBe("b");
    await clock.advance(50);
    expect(await q.get()).toBe("a");
    await clock.advance(1_000);
    expect(q.length).toBe(0);
    q.addAfter("c", 0);
    expect(q.length).toBe(1);
  });

  it("addRateLimited backs off per key; forget resets", async () => {
    const clock = new FakeClock(0);
    const q = new KeyQueue(clock, { retryBackoff: { initialMs: 10, maxMs: 1_000, jitter: 0 } });
    q.addRateLimited("k");
    expect(clock.nextDueMs).toBe(10);
    await clock.advance(10);
    expect(await q.get()).toBe("k");
    q.done("k");
    q.addRateLimited("k");
    expect(clock.nextDueMs).toBe(30);
    expect(q.numRequeues("k")).toBe(2);
    q.forget("k");
    expect(q.numRequeues("k")).toBe(0);
  });

  it("shutdown drops queued and delayed keys, ignores new adds and releases getters", async () => {
    const clock = new FakeClock(0);
    const q = new KeyQueue(clock);
    q.add("queued");
    q.addAfter("later", 100);
    const first = await q.get();
    const idle = new KeyQueue(clock);
    const idleGet = idle.get();
    q.shutdown();
    idle.shutdown();
    expect(first).toBe("queued");
    expect(await idleGet).toBeUndefined();
    expect(q.length).toBe(0);
    expect(clock.pendingTimers).toBe(0);
    q.add("new");
    q.addAfter("new", 10);
    q.addRateLimited("new");
    expect(q.length).toBe(0);
    expect(await q.get()).toBeUndefined();
  });
});

describe("KeyQueue.run", () => {
  it("never processes one key on two workers at once, yet processes it again after a concurrent add", async () => {
    const clock = new FakeClock(0);
    const q = new KeyQueue(clock);
    const ac = new AbortController();
    let active = 0;
    let maxActive = 0;
    const gates: Array<ReturnType<typeof deferred>> = [];
    const processed: string[] = [];
    const running = q.run(
      async (key) => {
        active++;
        maxActive = Math.max(maxActive, active);
        const gate = deferred();
        gates.push(gate);
        await gate.promise;
        processed.push(key);
        active--;
      },
      { workers: 4, signal: ac.signal },
    );
    q.add("a");
    await settle();
    q.add("a"); // arrives while "a" is processing
    q.add("a");
    await settle();
    expect(gates).toHaveLength(1);
    gates[0]!.resolve();
    await settle();
    expect(gates).toHaveLength(2); // processed once more, not twice more
    gates[1]!.resolve();
    await settle();
    expect(processed).toEqual(["a", "a"]);
    expect(maxActive).toBe(1);
    ac.abort();
    await running;
  });

  it("spreads different keys over workers", async () => {
    const q = new KeyQueue(new FakeClock());
    const ac = new AbortController();
    const gate = deferred();
    let active = 0;
    let maxActive = 0;
    const running = q.run(
      async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await gate.promise;
        active--;
      },
      { workers: 3, signal: ac.signal },
    );
    for (const k of ["a", "b", "c", "d"]) q.add(k);
    await settle();
    expect(maxActive).toBe(3);
    expect(q.length).toBe(1);
    gate.resolve();
    await settle();
    ac.abort();
    await running;
  });

  it("retries a failing key with backoff until it succeeds, then forgets it", async () => {
    const clock = new FakeClock(0);
    const q = new KeyQueue(clock, { retryBackoff: { initialMs: 100, maxMs: 10_000, jitter: 0 } });
    const ac = new AbortController();
    const attemptsAt: number[] = [];
    const errors: Array<[string, number]> = [];
    const running = q.run(
      async () => {
        attemptsAt.push(clock.now());
        if (attemptsAt.length < 4) throw new Error("boom");
      },
      { workers: 1, signal: ac.signal, onError: (key, _err, retries) => errors.push([key, retries]) },
    );
    q.add("k");
    await clock.runUntil(() => attemptsAt.length === 4, 10_000);
    expect(attemptsAt).toEqual([0, 100, 300, 700]);
    expect(errors).toEqual([
      ["k", 0],
      ["k", 1],
      ["k", 2],
    ]);
    await settle();
    expect(q.numRequeues("k")).toBe(0);
    ac.abort();
    await running;
  });

  it("does not retry errors that isRetryable rejects", async () => {
    const clock = new FakeClock(0);
    const q = new KeyQueue(clock);
    const ac = new AbortController();
    let attempts = 0;
    const running = q.run(
      async () => {
        attempts++;
        throw new Error("terminal");
      },
      { workers: 1, signal: ac.signal, isRetryable: () => false },
    );
    q.add("k");
    await settle();
    await clock.advance(600_000);
    expect(attempts).toBe(1);
    expect(clock.pendingTimers).toBe(0);
    ac.abort();
    await running;
  });

  it("on abort stops handing out keys, lets in-flight work finish, then resolves", async () => {
    const q = new KeyQueue(new FakeClock());
    const ac = new AbortController();
    const gate = deferred();
    const started: string[] = [];
    let finished = false;
    let sawAbort = false;
    const running = q
      .run(
        async (key, signal) => {
          started.push(key);
          await gate.promise;
          sawAbort = signal.aborted;
        },
        { workers: 1, signal: ac.signal },
      )
      .then(() => {
        finished = true;
      });
    q.add("a");
    q.add("b");
    await settle();
    ac.abort();
    await settle();
    expect(finished).toBe(false); // "a" still in flight
    gate.resolve();
    await running;
    expect(started).toEqual(["a"]);
    expect(sawAbort).toBe(true);
  });

  it("reports adds, depth, retries and latencies to the metrics hooks", async () => {
    const clock = new FakeClock(0);
    const seen = {
      added: 0,
      retried: 0,
      depth: [] as number[],
      latency: [] as number[],
      work: [] as number[],
    };
    const metrics: QueueMetrics = {
      added: () => seen.added++,
      retried: () => seen.retried++,
      depth: (d) => seen.depth.push(d),
      queueLatencyMs: (ms) => seen.latency.push(ms),
      workDurationMs: (ms) => seen.work.push(ms),
    };
    const q = new KeyQueue(clock, { metrics, retryBackoff: { initialMs: 10, maxMs: 10, jitter: 0 } });
    q.add("a");
    q.add("a");
    q.add("b");
    await clock.advance(40);
    const ac = new AbortController();
    let failOnce = true;
    const running = q.run(
      async () => {
        await clock.sleep(5);
        if (failOnce) {
          failOnce = false;
          throw new Error("x");
        }
      },
      { workers: 1, signal: ac.signal },
    );
    await clock.advance(100);
    ac.abort();
    await running;
    expect(seen.added).toBe(4); // three adds plus the retry's add
    expect(seen.retried).toBe(1);
    expect(seen.depth.slice(0, 2)).toEqual([1, 2]);
    expect(seen.latency.slice(0, 2)).toEqual([40, 45]);
    expect(seen.work).toEqual([5, 5, 5]);
  });

  it("rejects a non-positive worker count", async () => {
    const q = new KeyQueue(new FakeClock());
    await expect(q.run(async () => {}, { workers: 0, signal: new AbortController().signal })).rejects.toThrow(
      /workers must be a positive integer/,
    );
  });
});
