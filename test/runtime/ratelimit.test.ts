import { describe, expect, it } from "vitest";
import { FakeClock } from "../../src/runtime/fakeclock.js";
import { TokenBucket } from "../../src/runtime/ratelimit.js";

describe("TokenBucket", () => {
  it("allows a burst, then one token per 1/qps", async () => {
    const clock = new FakeClock(0);
    const bucket = new TokenBucket({ qps: 10, burst: 3 }, clock);
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    await clock.advance(99);
    expect(bucket.tryTake()).toBe(false);
    await clock.advance(1);
    expect(bucket.tryTake()).toBe(true);
  });

  it("never accumulates more than burst while idle", async () => {
    const clock = new FakeClock(0);
    const bucket = new TokenBucket({ qps: 100, burst: 2 }, clock);
    await clock.advance(60_000);
    expect(bucket.tokens).toBe(2);
  });

  it("serves waiters in arrival order at the configured rate", async () => {
    const clock = new FakeClock(0);
    const bucket = new TokenBucket({ qps: 5, burst: 1 }, clock);
    const grantedAt: Array<[string, number]> = [];
    const take = async (name: string): Promise<void> => {
      expect(await bucket.take()).toBe(true);
      grantedAt.push([name, clock.now()]);
    };
    const all = Promise.all([take("a"), take("b"), take("c")]);
    await clock.advance(1_000);
    await all;
    expect(grantedAt).toEqual([
      ["a", 0],
      ["b", 200],
      ["c", 400],
    ]);
  });

  it("gives an aborted reservation back", async () => {
    const clock = new FakeClock(0);
    const bucket = new TokenBucket({ qps: 1, burst: 1 }, clock);
    expect(bucket.tryTake()).toBe(true);
    const ac = new AbortController();
    const waiting = bucket.take(ac.signal);
    expect(bucket.tokens).toBe(-1);
    ac.abort();
    expect(await waiting).toBe(false);
    expect(bucket.tokens).toBe(0);
    await clock.advance(1_000);
    expect(bucket.tryTake()).toBe(true);
  });

  it.each([
    [{ qps: 0, burst: 1 }, /qps must be positive/],
    [{ qps: -1, burst: 1 }, /qps must be positive/],
    [{ qps: 1, burst: 0 }, /burst must be an integer of at least 1/],
    [{ qps: 1, burst: 1.5 }, /burst must be an integer of at least 1/],
  ])("rejects %o", (opts, message) => {
    expect(() => new TokenBucket(opts, new FakeClock())).toThrow(message);
  });
});
