// The client factory: rate limiting, timeout and User-Agent through the wrapped HTTP library (on a
// fake inner library and a FakeClock), then the real thing against the sim over TLS with a token.

import {
  type HttpLibrary,
  HttpMethod,
  KubeConfig,
  Observable,
  RequestContext,
  ResponseContext,
} from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKubeClients, LimitedHttpLibrary } from "../../src/kube/client.js";
import { classifyKubeError } from "../../src/kube/errors.js";
import { FakeClock, settle } from "../../src/runtime/fakeclock.js";
import { TokenBucket } from "../../src/runtime/ratelimit.js";
import { type Sim, startSim } from "../../src/sim/index.js";
import { clientsFor, eventually, TOKEN } from "./sim-helpers.js";

/** Answers 200 at once, or never when `hang` is set (until the request's signal aborts). */
class FakeLibrary implements HttpLibrary {
  readonly sent: { atMs: number; headers: Record<string, string> }[] = [];
  hang = false;

  constructor(private readonly clock: FakeClock) {}

  send(request: RequestContext): Observable<ResponseContext> {
    this.sent.push({ atMs: this.clock.now(), headers: request.getHeaders() });
    const body = {
      text: async (): Promise<string> => "{}",
      binary: async (): Promise<Buffer> => Buffer.from("{}"),
    };
    if (!this.hang) return new Observable(Promise.resolve(new ResponseContext(200, {}, body)));
    return new Observable(
      new Promise<ResponseContext>((_, reject) => {
        request
          .getSignal()
          ?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
      }),
    );
  }
}

function limited(clock: FakeClock, inner: HttpLibrary, qps: number, burst: number): LimitedHttpLibrary {
  return new LimitedHttpLibrary(
    inner,
    new TokenBucket({ qps, burst }, clock),
    clock,
    5_000,
    "svcmirror/1.2.3",
  );
}

async function call(http: HttpLibrary, signal?: AbortSignal): Promise<string> {
  const request = new RequestContext("https://example.invalid/api/v1/services", HttpMethod.GET);
  request.setHeaderParam("Accept", "application/json");
  if (signal) request.setSignal(signal);
  const response = await http.send(request).toPromise();
  return response.body.text();
}

describe("LimitedHttpLibrary", () => {
  it("lets a burst through and spaces the rest at 1/qps on the injected clock", async () => {
    const clock = new FakeClock();
    const inner = new FakeLibrary(clock);
    const http = limited(clock, inner, 5, 10);
    const startMs = clock.now();
    const calls = Array.from({ length: 15 }, () => call(http));
    const elapsedMs = await clock.runUntil(() => inner.sent.length === 15, 10_000);
    await Promise.all(calls);
    expect(elapsedMs).toBe(1_000);
    expect(inner.sent.map((s) => s.atMs - startMs)).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 200, 400, 600, 800, 1000,
    ]);
    expect(clock.pendingTimers).toBe(0);
  });

  it("sets the User-Agent and keeps the request's own headers", async () => {
    const clock = new FakeClock();
    const inner = new FakeLibrary(clock);
    await call(limited(clock, inner, 5, 10));
    expect(inner.sent[0]?.headers).toMatchObject({
      "User-Agent": "svcmirror/1.2.3",
      Accept: "application/json",
    });
  });

  it("times a hanging request out as a retryable TimeoutError", async () => {
    const clock = new FakeClock();
    const inner = new FakeLibrary(clock);
    inner.hang = true;
    const outcome = call(limited(clock, inner, 5, 10)).then(
      () => "resolved",
      (err: unknown) => err,
    );
    await clock.advance(4_999);
    await settle();
    await clock.advance(1);
    const err = await outcome;
    expect(err).toMatchObject({ name: "TimeoutError" });
    expect(classifyKubeError(err)).toMatchObject({ kind: "timeout", retryable: true });
  });

  it("gives a rate-limit wait back when the caller aborts it", async () => {
    const clock = new FakeClock();
    const inner = new FakeLibrary(clock);
    const http = limited(clock, inner, 1, 1);
    await call(http);
    const controller = new AbortController();
    const waiting = call(http, controller.signal).catch((err: unknown) => err);
    await settle();
    controller.abort();
    expect(classifyKubeError(await waiting).kind).toBe("aborted");
    const next = call(http);
    expect(await clock.runUntil(() => inner.sent.length === 2, 5_000)).toBe(1_000);
    await next;
  });
});

describe("createKubeClients against the sim", () => {
  let sim: Sim;

  beforeAll(async () => {
    sim = await startSim({ tls: true, token: TOKEN });
  });

  afterAll(async () => {
    await sim.stop();
  });

  it("talks TLS with the token, and the server sees the svcmirror User-Agent", async () => {
    const clients = clientsFor(sim.kubeconfig);
    const created = await clients.core.createNamespacedService({
      namespace: "default",
      body: { metadata: { name: "ua" }, spec: { ports: [{ port: 80 }] } },
    });
    // kube-apiserver names the default field manager after the User-Agent's product token.
    expect(created.metadata?.managedFields?.map((f) => f.manager)).toEqual(["svcmirror"]);
    expect(clients.userAgent).toBe("svcmirror/0.0.0-test");
  });

  it("getJson returns the API's JSON, and its failures classify like the typed clients'", async () => {
    const clients = clientsFor(sim.kubeconfig);
    const list = (await clients.getJson("/api/v1/namespaces/default/services", { limit: "1" })) as {
      items: { metadata: { creationTimestamp: unknown } }[];
      metadata: { continue?: string };
    };
    expect(list.items).toHaveLength(1);
    expect(typeof list.items[0]?.metadata.creationTimestamp).toBe("string");
    const missing = await clients
      .getJson("/api/v1/namespaces/default/services/nope", {})
      .catch((e: unknown) => e);
    expect(classifyKubeError(missing)).toMatchObject({ kind: "notFound", code: 404, reason: "NotFound" });
  });

  it("spaces real calls by qps/burst on a FakeClock", async () => {
    const clock = new FakeClock();
    const kc = new KubeConfig();
    kc.loadFromString(sim.kubeconfig);
    const clients = createKubeClients(kc, { version: "t", qps: 2, burst: 3, clock });
    let done = 0;
    const calls = Array.from({ length: 7 }, () =>
      clients.core.listNamespacedService({ namespace: "default" }).then(() => done++),
    );
    const startMs = clock.now();
    for (let expected = 3; expected <= 7; expected++) {
      await eventually(
        () => done === expected,
        () => `${expected} calls done at +${clock.now() - startMs}ms, got ${done}`,
      );
      if (expected < 7) await clock.advance(500);
    }
    await Promise.all(calls);
    expect(clock.now() - startMs).toBe(2_000);
    expect(clock.pendingTimers).toBe(0);
  });

  it("refuses bad limits and an empty version", () => {
    const kc = new KubeConfig();
    kc.loadFromString(sim.kubeconfig);
    expect(() => createKubeClients(kc, { version: "1", qps: 0 })).toThrow(RangeError);
    expect(() => createKubeClients(kc, { version: "1", burst: 0 })).toThrow(RangeError);
    expect(() => createKubeClients(kc, { version: " " })).toThrow(/version/);
  });
});
