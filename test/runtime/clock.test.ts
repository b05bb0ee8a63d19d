import { describe, expect, it } from "vitest";
import { abortAfter, realClock } from "../../src/runtime/clock.js";
import { FakeClock } from "../../src/runtime/fakeclock.js";

describe("FakeClock", () => {
  it("fires timers in due order, ties in creation order, only when time reaches them", async () => {
    const clock = new FakeClock(0);
    const fired: string[] = [];
    clock.setTimer(30, () => fired.push("c"));
    clock.setTimer(10, () => fired.push("a"));
    clock.setTimer(10, () => fired.push("b"));
    await clock.advance(9);
    expect(fired).toEqual([]);
    await clock.advance(1);
    expect(fired).toEqual(["a", "b"]);
    expect(clock.now()).toBe(10);
    await clock.advance(100);
    expect(fired).toEqual(["a", "b", "c"]);
    expect(clock.now()).toBe(110);
  });

  it("runs timers armed by async code during one advance", async () => {
    const clock = new FakeClock(0);
    const ticks: number[] = [];
    const loop = async (): Promise<void> => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(100);
        ticks.push(clock.now());
      }
    };
    const done = loop();
    await clock.advance(1_000);
    await done;
    expect(ticks).toEqual([100, 200, 300]);
  });

  it("cancels timers through the handle and through an AbortSignal", async () => {
    const clock = new FakeClock(0);
    const fired: string[] = [];
    const t = clock.setTimer(10, () => fired.push("handle"));
    const ac = new AbortController();
    clock.setTimer(10, () => fired.push("signal"), ac.signal);
    expect(clock.pendingTimers).toBe(2);
    t.cancel();
    ac.abort();
    expect(clock.pendingTimers).toBe(0);
    await clock.advance(20);
    expect(fired).toEqual([]);
    clock.setTimer(1, () => fired.push("pre-aborted"), ac.signal);
    expect(clock.pendingTimers).toBe(0);
  });

  it("sleep resolves true when time elapses and false when aborted", async () => {
    const clock = new FakeClock(0);
    const full = clock.sleep(50);
    const ac = new AbortController();
    const cut = clock.sleep(50, ac.signal);
    ac.abort();
    expect(await cut).toBe(false);
    await clock.advance(50);
    expect(await full).toBe(true);
    expect(await clock.sleep(10, ac.signal)).toBe(false);
  });

  it("whenPending resolves once the code under test waits, runUntil reports fake time taken", async () => {
    const clock = new FakeClock(0);
    let done = false;
    const task = (async (): Promise<void> => {
      await Promise.resolve();
      await clock.sleep(250);
      done = true;
    })();
    await clock.whenPending(1);
    expect(clock.nextDueMs).toBe(250);
    expect(await clock.runUntil(() => done, 1_000)).toBe(250);
    await task;
    await expect(clock.runUntil(() => false, 10)).rejects.toThrow(/no timer is pending/);
    clock.setTimer(500, () => {});
    await expect(clock.runUntil(() => false, 100)).rejects.toThrow(/within 100ms/);
  });

  it("keeps wall time at a fixed offset from monotonic time", async () => {
    const clock = new FakeClock(5_000, Date.UTC(2026, 0, 1));
    await clock.advance(1_500);
    expect(clock.now()).toBe(6_500);
    expect(new Date(clock.wallNow()).toISOString()).toBe("2026-01-01T00:00:01.500Z");
  });
});

describe("abortAfter", () => {
  it("aborts with a TimeoutError after the delay", async () => {
    const clock = new FakeClock(0);
    const { signal } = abortAfter(clock, 100);
    await clock.advance(99);
    expect(signal.aborted).toBe(false);
    await clock.advance(1);
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).name).toBe("TimeoutError");
  });

  it("follows its parent and leaves no timer behind after dispose", async () => {
    const clock = new FakeClock(0);
    const parent = new AbortController();
    const child = abortAfter(clock, 100, parent.signal);
    parent.abort(new Error("shutdown"));
    expect(child.signal.aborted).toBe(true);
    expect((child.signal.reason as Error).message).toBe("shutdown");
    child.dispose();
    expect(clock.pendingTimers).toBe(0);
  });
});

describe("realClock", () => {
  it("is monotonic and its sleep can be cut short", async () => {
    const a = realClock.now();
    const b = realClock.now();
    expect(b).toBeGreaterThanOrEqual(a);
    expect(Math.abs(realClock.wallNow() - Date.now())).toBeLessThan(1_000);
    const ac = new AbortController();
    const pending = realClock.sleep(60_000, ac.signal);
    ac.abort();
    expect(await pending).toBe(false);
    expect(await realClock.sleep(1)).toBe(true);
  });
});
