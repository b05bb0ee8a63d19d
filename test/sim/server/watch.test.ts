// Watch streams over HTTP, timed by a fake clock: the stream ends at timeoutSeconds, a BOOKMARK
// comes 2 s before that deadline (or every minute without one) only when allowed, a client that
// goes away leaves no watch behind, and a list from the future waits, then answers 504.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeClock } from "../../../src/runtime/fakeclock.js";
import { type Sim, startSim } from "../../../src/sim/index.js";
import { type OpenStream, openStream, send } from "../http-client.js";

describe("watch streams", () => {
  let clock: FakeClock;
  let sim: Sim;

  beforeEach(async () => {
    clock = new FakeClock();
    sim = await startSim({ clock });
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

  it("sends a BOOKMARK 2 s before the deadline when allowed", async () => {
    const rv = sim.storage.revision;
    const stream = await watch(`resourceVersion=${rv}&timeoutSeconds=10&allowWatchBookmarks=true`);
    await clock.advance(7_999);
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
    await clock.advance(2_000);
    expect(await stream.ended).toBe("closed");
    expect(stream.lines).toHaveLength(1);
  });

  it("sends no BOOKMARK unless asked, and one a minute for watches without a deadline", async () => {
    const plain = await watch(`resourceVersion=${sim.storage.revision}&timeoutSeconds=5`);
    const open = await watch(`resourceVersion=${sim.storage.revision}&allowWatchBookmarks=true`);
    await clock.advance(5_000);
    expect(await plain.ended).toBe("closed");
    expect(plain.lines).toEqual([]);
    await clock.advance(55_000);
    await open.waitForLines(1);
    await clock.advance(60_000);
    await open.waitForLines(2);
    expect(open.lines.map((l) => JSON.parse(l.text).type)).toEqual(["BOOKMARK", "BOOKMARK"]);
    open.close();
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
