import { describe, expect, it } from "vitest";
import { Backoff, backoffDelayMs, KeyedBackoff } from "../../src/runtime/backoff.js";

describe("backoffDelayMs", () => {
  const base = { initialMs: 100, maxMs: 1_000, factor: 2 };
  it.each([
    { attempt: 0, random: 0, jitter: 0.2, want: 100 },
    { attempt: 1, random: 0, jitter: 0.2, want: 200 },
    { attempt: 3, random: 0, jitter: 0.2, want: 800 },
    { attempt: 4, random: 0, jitter: 0.2, want: 1_000 }, // capped
    { attempt: 5_000, random: 0, jitter: 0.2, want: 1_000 }, // no overflow
    { attempt: 0, random: 0.5, jitter: 0.2, want: 90 }, // subtractive jitter
    { attempt: 4, random: 0.999_999, jitter: 0.2, want: 800.0002 }, // stays within [0.8, 1] × cap
    { attempt: 2, random: 0.9, jitter: 0, want: 400 },
  ])("attempt $attempt, random $random, jitter $jitter → $want ms", ({ attempt, random, jitter, want }) => {
    expect(backoffDelayMs(attempt, { ...base, jitter, random: () => random })).toBeCloseTo(want, 3);
  });

  it.each([
    [{ initialMs: 0, maxMs: 10 }, /initialMs must be positive/],
    [{ initialMs: 10, maxMs: 5 }, /maxMs \(5\) must be at least initialMs \(10\)/],
    [{ initialMs: 10, maxMs: 50, factor: 0.5 }, /factor must be at least 1/],
    [{ initialMs: 10, maxMs: 50, jitter: 1.5 }, /jitter must be within 0..1/],
  ])("rejects %o", (opts, message) => {
    expect(() => backoffDelayMs(0, opts)).toThrow(message);
  });
});

describe("Backoff", () => {
  it("grows per failure and starts over after reset", () => {
    const b = new Backoff({ initialMs: 10, maxMs: 35, jitter: 0 });
    expect([b.next(), b.next(), b.next(), b.next()]).toEqual([10, 20, 35, 35]);
    expect(b.attempts).toBe(4);
    b.reset();
    expect(b.attempts).toBe(0);
    expect(b.next()).toBe(10);
  });
});

describe("KeyedBackoff", () => {
  it("tracks failures per key and forgets them", () => {
    const k = new KeyedBackoff<string>({ initialMs: 5, maxMs: 1_000, jitter: 0 });
    expect([k.when("a"), k.when("a"), k.when("b"), k.when("a")]).toEqual([5, 10, 5, 20]);
    expect(k.retries("a")).toBe(3);
    k.forget("a");
    expect(k.retries("a")).toBe(0);
    expect(k.when("a")).toBe(5);
    expect(k.retries("b")).toBe(1);
  });
});
