// Fault injection on a running sim: latency (driven by a fake clock), injected 500/429/403 answers
// with their scope and count, dropped watches, a network partition, and compaction forcing 410.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeClock } from "../../../src/runtime/fakeclock.js";
import { type Sim, startSim } from "../../../src/sim/index.js";
import { openStream, type RawResponse, send } from "../http-client.js";

const TOKEN = "faults-token";

function request(sim: Sim, method: string, path: string, body?: unknown): Promise<RawResponse> {
  return send({
    method,
    url: sim.url + path,
    headers: {
      Authorization: `Bearer ${TOKEN}`,
      Accept: "application/json",
      "Content-Type": "application/json",
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

function json(res: RawResponse): Record<string, unknown> {
  return JSON.parse(res.body.toString()) as Record<string, unknown>;
}

const service = (name: string): unknown => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name },
  spec: { ports: [{ port: 80 }] },
});

describe("fault injection", () => {
  let clock: FakeClock;
  let sim: Sim;

  beforeEach(async () => {
    clock = new FakeClock();
    sim = await startSim({ token: TOKEN, clock });
  });

  afterEach(async () => {
    await sim.stop();
  });

  it("adds latency to matching requests only", async () => {
    sim.faults.delay({ resource: "services", verbs: ["list"] }, 500);
    const before = clock.pendingTimers;
    let done = false;
    const slow = request(sim, "GET", "/api/v1/namespaces/default/services").then((res) => {
      done = true;
      return res;
    });
    await clock.whenPending(before + 1);
    expect((await request(sim, "GET", "/api/v1/namespaces")).status).toBe(200);
    await clock.advance(499);
    expect(done).toBe(false);
    await clock.advance(1);
    expect((await slow).status).toBe(200);
  });

  it("answers 500, 429 with Retry-After and 403 instead of handling the request", async () => {
    const internal = sim.faults.fail({ resource: "services", verbs: ["create"] }, { code: 500 });
    const res500 = await request(sim, "POST", "/api/v1/namespaces/default/services", service("a"));
    expect(res500.status).toBe(500);
    expect(json(res500)).toMatchObject({
      reason: "InternalError",
      message: "Internal error occurred: injected fault",
    });
    internal.clear();

    const throttled = sim.faults.fail({ resource: "services" }, { code: 429, retryAfterSeconds: 3 });
    const res429 = await request(sim, "GET", "/api/v1/namespaces/default/services/kubernetes");
    expect(res429.status).toBe(429);
    expect(res429.headers["retry-after"]).toBe("3");
    expect(json(res429)).toMatchObject({ reason: "TooManyRequests", details: { retryAfterSeconds: 3 } });
    throttled.clear();

    sim.faults.fail({ resource: "endpointslices.discovery.k8s.io" }, { code: 403 });
    const res403 = await request(sim, "GET", "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices");
    expect(res403.status).toBe(403);
    expect(json(res403)).toMatchObject({
      reason: "Forbidden",
      message:
        'endpointslices.discovery.k8s.io is forbidden: User "sim-admin" cannot list resource "endpointslices" in API group "discovery.k8s.io" in the namespace "default"',
    });
    expect((await request(sim, "GET", "/api/v1/namespaces/default/services")).status).toBe(200);
  });

  it("fails a limited number of requests, and only in its namespace", async () => {
    sim.faults.fail({ resource: "services", namespace: "default" }, { code: 500 }, { times: 2 });
    expect((await request(sim, "GET", "/api/v1/namespaces/kube-system/services")).status).toBe(200);
    expect((await request(sim, "GET", "/api/v1/namespaces/default/services")).status).toBe(500);
    expect((await request(sim, "GET", "/api/v1/namespaces/default/services")).status).toBe(500);
    expect((await request(sim, "GET", "/api/v1/namespaces/default/services")).status).toBe(200);
  });

  it("drops open watches cleanly or abruptly", async () => {
    const watch = (): ReturnType<typeof openStream> =>
      openStream({
        method: "GET",
        url: `${sim.url}/api/v1/namespaces/default/services?watch=1`,
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
    const clean = await watch();
    const other = await openStream({
      method: "GET",
      url: `${sim.url}/api/v1/namespaces?watch=1`,
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(sim.faults.dropWatches({ resource: "services" })).toBe(1);
    expect(await clean.ended).toBe("closed");
    const abrupt = await watch();
    expect(sim.faults.dropWatches({}, { abrupt: true })).toBe(2);
    expect(await abrupt.ended).toBe("error");
    expect(await other.ended).toBe("error");
  });

  it("partitions the server until healed", async () => {
    const watch = await openStream({
      method: "GET",
      url: `${sim.url}/api/v1/namespaces?watch=1`,
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    sim.faults.partition({ durationMs: 1000 });
    expect(await watch.ended).toBe("error");
    await expect(request(sim, "GET", "/api/v1/namespaces")).rejects.toThrow(/ECONNRESET|socket hang up/);
    await clock.advance(1000);
    expect((await request(sim, "GET", "/api/v1/namespaces")).status).toBe(200);
    const handle = sim.faults.partition();
    await expect(request(sim, "GET", "/version")).rejects.toThrow();
    handle.clear();
    expect((await request(sim, "GET", "/version")).status).toBe(200);
  });

  it("compacts history so that a watch from before it gets 410", async () => {
    const list = json(await request(sim, "GET", "/api/v1/namespaces/default/services"));
    const rv = (list.metadata as { resourceVersion: string }).resourceVersion;
    await request(sim, "POST", "/api/v1/namespaces/default/services", service("after"));
    const revision = sim.faults.compact();
    expect(revision).toBe(sim.storage.revision);
    const stream = await openStream({
      method: "GET",
      url: `${sim.url}/api/v1/namespaces/default/services?watch=1&resourceVersion=${rv}`,
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(stream.status).toBe(200);
    expect(await stream.ended).toBe("closed");
    expect(stream.lines.map((l) => JSON.parse(l.text))).toEqual([
      {
        type: "ERROR",
        object: {
          kind: "Status",
          apiVersion: "v1",
          metadata: {},
          status: "Failure",
          message: `too old resource version: ${rv} (${revision})`,
          reason: "Expired",
          code: 410,
        },
      },
    ]);
  });

  it("clears every fault at once", async () => {
    sim.faults.fail({}, { code: 500 });
    sim.faults.partition();
    sim.faults.clear();
    expect(sim.faults.isPartitioned()).toBe(false);
    expect((await request(sim, "GET", "/api/v1/namespaces")).status).toBe(200);
  });
});
