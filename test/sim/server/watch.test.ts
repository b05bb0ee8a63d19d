// Watch streams over HTTP, timed by a fake clock: the stream ends at timeoutSeconds (or after
// 1800–3600 s without it), BOOKMARKs come about every minute and 2 s before the deadline only when
// allowed, a client that goes away leaves no watch behind, and a list from the future waits, then
// answers 504. The sim's randomness is fixed: bookmark ticks fall half-way through each second.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeClock } from "../../../src/runtime/fakeclock.js";
import { type Sim, startSim } from "../../../src/sim/index.js";
import { watchTimeoutMs } from "../../../src/sim/server/handlers/watch.js";
import { type OpenStream, openStream, send } from "../http-client.js";

describe("watch streams", () => {
  let clock: FakeClock;
  let sim: Sim;

  beforeEach(async () => {
    clock = new FakeClock();
    sim = await startSim({ clock, random: () => 0.5 });
  });

  afterEach(async () => {
    await sim.stop();
  });

  const watch = (query: string): Promise<OpenStream> =>
    openStream({ method: "GET", url: `${sim.url}/api/v1/namespaces/default/services?watch=1&${query}` });

  const settled = async (stream: OpenStream): Promise<boolean> =>
    Promise.race([stream.ended.then(() => true), new Promise<boolean>((r) => setImmediate(() => r(false)))]);

  it("ends the stream cleanly at timeoutSeconds", async () => {
    const stream = await watch(`resourceVersion=${sim.storage.revision}&timeoutSeconds=10`);
    expect(stream.status).toBe(200);
    expect(stream.headers["content-type"]).toBe("application/json");
    expect(stream.headers["transfer-encoding"]).toBe("chunked");
    await clock.advance(9_999);
    expect(await settled(stream)).toBe(false);
    await clock.advance(1);
    expect(await stream.ended).toBe("closed");
    expect(stream.lines).toEqual([]);
  });

  const types = (stream: OpenStream): string[] => stream.lines.map((l) => JSON.parse(l.text).type);

  it("sends a BOOKMARK on the first tick of the second it falls due in, 2 s before the deadline", async () => {
    const rv = sim.storage.revision;
    const stream = await watch(`resourceVersion=${rv}&timeoutSeconds=10&allowWatchBookmarks=true`);
    await clock.advance(8_499);
    expect(stream.lines).toEqual([]);
    await clock.advance(1);
    await stream.waitForLines(1);
    expect(JSON.parse(stream.lines[0]?.text ?? "")).toEqual({
      type: "BOOKMARK",
      object: {
        kind: "Service",
        apiVersion: "v1",
        metadata: { resourceVersion: String(rv), creationTimestamp: null },
        spec: {},
        status: { loadBalancer: {} },
      },
    });
    await clock.advance(1_500);
    expect(await stream.ended).toBe("closed");
    expect(stream.lines).toHaveLength(1);
  });

  it("sends a second BOOKMARK a second later when the tick came before the due instant (case 252)", async () => {
    await clock.advance(600);
    const stream = await watch(
      `resourceVersion=${sim.storage.revision}&timeoutSeconds=10&allowWatchBookmarks=true`,
    );
    await clock.advance(7_900);
    await stream.waitForLines(1);
    await clock.advance(999);
    expect(stream.lines).toHaveLength(1);
    await clock.advance(1);
    await stream.waitForLines(2);
    await clock.advance(1_100);
    expect(await stream.ended).toBe("closed");
    expect(types(stream)).toEqual(["BOOKMARK", "BOOKMARK"]);
  });

  it("sends a BOOKMARK about every minute on a long watch, and one before its deadline", async () => {
    const stream = await watch(
      `resourceVersion=${sim.storage.revision}&timeoutSeconds=150&allowWatchBookmarks=true`,
    );
    await clock.advance(60_499);
    expect(stream.lines).toEqual([]);
    await clock.advance(1);
    await stream.waitForLines(1);
    await clock.advance(59_999);
    expect(stream.lines).toHaveLength(1);
    await clock.advance(1);
    await stream.waitForLines(2);
    await clock.advance(28_000);
    await stream.waitForLines(3);
    await clock.advance(1_500);
    expect(await stream.ended).toBe("closed");
    expect(types(stream)).toEqual(["BOOKMARK", "BOOKMARK", "BOOKMARK"]);
  });

  it("sends no BOOKMARK unless asked", async () => {
    const plain = await watch(`resourceVersion=${sim.storage.revision}&timeoutSeconds=70`);
    await clock.advance(70_000);
    expect(await plain.ended).toBe("closed");
    expect(plain.lines).toEqual([]);
  });

  for (const query of ["", "&timeoutSeconds=0"]) {
    it(`ends a watch without a timeout (${query || "none given"}) after a random 1800–3600 s`, async () => {
      const stream = await watch(`resourceVersion=${sim.storage.revision}&allowWatchBookmarks=true${query}`);
      await clock.advance(2_699_999);
      expect(await settled(stream)).toBe(false);
      expect(stream.lines).toHaveLength(45);
      await clock.advance(1);
      expect(await stream.ended).toBe("closed");
    });
  }

  it("stops its deadline and the bookmark tick when the client goes away", async () => {
    const before = clock.pendingTimers;
    const stream = await watch(
      `resourceVersion=${sim.storage.revision}&timeoutSeconds=600&allowWatchBookmarks=true`,
    );
    expect(clock.pendingTimers).toBe(before + 2);
    stream.close();
    await stream.ended;
    for (let i = 0; i < 100 && clock.pendingTimers > before; i++) await new Promise((r) => setImmediate(r));
    expect(clock.pendingTimers).toBe(before);
  });

  it("ends a watch with a negative timeoutSeconds at once", async () => {
    const stream = await watch(`resourceVersion=${sim.storage.revision}&timeoutSeconds=-1`);
    await clock.advance(0);
    expect(await stream.ended).toBe("closed");
    expect(stream.lines).toEqual([]);
  });

  it("stops the storage watch when the client goes away", async () => {
    const stream = await watch("timeoutSeconds=600");
    await stream.waitForLines(1);
    expect(sim.storage.watchCount("services")).toBe(1);
    stream.close();
    await stream.ended;
    for (let i = 0; i < 100 && sim.storage.watchCount("services") > 0; i++) {
      await new Promise((r) => setImmediate(r));
    }
    expect(sim.storage.watchCount("services")).toBe(0);
  });

  it("answers a non-numeric timeoutSeconds with 400", async () => {
    const res = await send({
      method: "GET",
      url: `${sim.url}/api/v1/namespaces/default/services?watch=1&timeoutSeconds=abc`,
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString()).message).toBe('strconv.ParseInt: parsing "abc": invalid syntax');
  });

  it("waits for a future resourceVersion on list, then answers 504", async () => {
    const future = sim.storage.revision + 100;
    const before = clock.pendingTimers;
    const pending = send({
      method: "GET",
      url: `${sim.url}/api/v1/namespaces/default/services?resourceVersion=${future}&resourceVersionMatch=NotOlderThan`,
    });
    await clock.whenPending(before + 1);
    await clock.advance(3_000);
    const res = await pending;
    expect(res.status).toBe(504);
    expect(JSON.parse(res.body.toString())).toMatchObject({
      reason: "Timeout",
      message: `Timeout: Too large resource version: ${future}, current: ${sim.storage.revision}`,
      details: {
        causes: [{ reason: "ResourceVersionTooLarge", message: "Too large resource version" }],
        retryAfterSeconds: 1,
      },
    });
  });
});

describe("watchTimeoutMs", () => {
  it.each([
    { name: "timeoutSeconds as given", seconds: 5, random: 0.5, want: 5_000 },
    { name: "a negative timeoutSeconds as given", seconds: -1, random: 0.5, want: -1_000 },
    { name: "none: --min-request-timeout at the least", seconds: undefined, random: 0, want: 1_800_000 },
    { name: "none: just under twice it at the most", seconds: undefined, random: 0.9999, want: 3_599_820 },
    { name: "0 counts as none", seconds: 0, random: 0.5, want: 2_700_000 },
  ])("$name", ({ seconds, random, want }) => {
    expect(watchTimeoutMs(seconds, () => random)).toBe(want);
  });
});
