import { Writable } from "node:stream";
import { Counter, Gauge, register as globalRegistry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { type AdminServer, buildAdminServer } from "../../src/admin/index.js";
import { createLogger } from "../../src/log.js";

function captureLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line !== "") lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { logger: createLogger({ format: "json", level: "info", destination }), lines };
}

const started: AdminServer[] = [];

async function start(closeGraceMs?: number) {
  const { logger, lines } = captureLogger();
  const server = buildAdminServer({ logger, closeGraceMs });
  started.push(server);
  const bound = await server.listen({ host: "127.0.0.1", port: 0 });
  const url = (path: string) => `http://127.0.0.1:${bound.port}${path}`;
  return { server, bound, url, lines };
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

describe("admin server endpoints", () => {
  it("answers /ping with pong and /live with ok", async () => {
    const { url } = await start();
    const ping = await fetch(url("/ping"));
    expect([ping.status, await ping.text()]).toEqual([200, "pong\n"]);
    const live = await fetch(url("/live"));
    expect([live.status, await live.text()]).toEqual([200, "ok\n"]);
  });

  it("is ready with no checks, and follows its checks", async () => {
    const { server, url } = await start();
    expect((await fetch(url("/ready"))).status).toBe(200);

    let synced = false;
    const remove = server.addReadinessCheck("informers", () =>
      synced ? { ready: true } : { ready: false, reason: "caches not synced" },
    );
    server.addReadinessCheck("started", () => ({ ready: true }));
    const notReady = await fetch(url("/ready"));
    expect(notReady.status).toBe(503);
    expect(await notReady.text()).toBe("[-]informers failed: caches not synced\n[+]started ok\nnot ready\n");

    synced = true;
    const ready = await fetch(url("/ready"));
    expect([ready.status, await ready.text()]).toEqual([200, "[+]informers ok\n[+]started ok\nready\n"]);

    synced = false;
    expect((await fetch(url("/ready"))).status).toBe(503);
    remove();
    expect((await fetch(url("/ready"))).status).toBe(200);
  });

  it("counts a throwing readiness check as not ready", async () => {
    const { server, url } = await start();
    server.addReadinessCheck("broken", () => {
      throw new Error("boom");
    });
    const res = await fetch(url("/ready"));
    expect([res.status, await res.text()]).toEqual([503, "[-]broken failed: boom\nnot ready\n"]);
  });

  it("serves Node default metrics and metrics registered on its registry", async () => {
    const { server, url } = await start();
    const writes = new Counter({
      name: "svcmirror_test_writes_total",
      help: "writes made by the test",
      labelNames: ["verb"],
      registers: [server.registry],
    });
    writes.inc({ verb: "create" }, 2);
    const res = await fetch(url("/metrics"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const body = await res.text();
    expect(body).toContain("process_cpu_user_seconds_total");
    expect(body).toContain("nodejs_heap_size_used_bytes");
    expect(body).toContain("nodejs_eventloop_lag_seconds");
    expect(body).toContain('svcmirror_test_writes_total{verb="create"} 2');
  });

  it("keeps each server's metrics apart and leaves the global registry empty", async () => {
    const a = await start();
    const b = await start();
    new Gauge({ name: "svcmirror_only_on_a", help: "registered on a", registers: [a.server.registry] }).set(
      1,
    );
    expect(await (await fetch(a.url("/metrics"))).text()).toContain("svcmirror_only_on_a 1");
    const fromB = await (await fetch(b.url("/metrics"))).text();
    expect(fromB).not.toContain("svcmirror_only_on_a");
    expect(fromB).toContain("process_cpu_user_seconds_total");
    expect(globalRegistry.getMetricsAsArray()).toEqual([]);
  });

  it("serves /status as JSON from its providers and reports a failing one in its section", async () => {
    const { server, url, lines } = await start();
    let holder = "replica-a";
    server.addStatusProvider("election", () => ({ holder, isLeader: holder === "replica-a" }));
    server.addStatusProvider("link", () => {
      throw new Error("link not loaded");
    });
    const first = await fetch(url("/status"));
    expect(first.headers.get("content-type")).toBe("application/json");
    expect(await first.json()).toEqual({
      election: { holder: "replica-a", isLeader: true },
      link: { error: "link not loaded" },
    });
    holder = "replica-b";
    expect(await (await fetch(url("/status"))).json()).toMatchObject({
      election: { holder: "replica-b", isLeader: false },
    });
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: "status provider failed", sections: ["link"] }),
    );
  });

  it("refuses a second registration under the same name", async () => {
    const { server } = await start();
    server.addStatusProvider("election", () => ({}));
    server.addReadinessCheck("started", () => ({ ready: true }));
    expect(() => server.addStatusProvider("election", () => ({}))).toThrow(/already registered/);
    expect(() => server.addReadinessCheck("started", () => ({ ready: true }))).toThrow(/already registered/);
  });

  it.each([
    ["GET", "/nope", 404, "not found\n"],
    ["POST", "/ping", 405, "method not allowed\n"],
    ["DELETE", "/ready", 405, "method not allowed\n"],
  ])("%s %s → %d", async (method, path, status, body) => {
    const { url } = await start();
    const res = await fetch(url(path), { method });
    expect([res.status, await res.text()]).toEqual([status, body]);
    if (status === 405) expect(res.headers.get("allow")).toBe("GET, HEAD");
  });

  it("answers HEAD without a body", async () => {
    const { url } = await start();
    const res = await fetch(url("/ping"), { method: "HEAD" });
    expect([res.status, await res.text()]).toEqual([200, ""]);
  });

  it("ignores the query string when routing", async () => {
    const { url } = await start();
    expect((await fetch(url("/ready?verbose"))).status).toBe(200);
  });
});

describe("admin server lifecycle", () => {
  it("logs the port it picked when asked for port 0", async () => {
    const { bound, lines } = await start();
    expect(bound.port).toBeGreaterThan(0);
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: "admin server listening", address: "127.0.0.1", port: bound.port }),
    );
  });

  it("fails to listen on a port in use with an error naming the address", async () => {
    const { bound } = await start();
    const { logger } = captureLogger();
    const second = buildAdminServer({ logger });
    const attempt = second.listen({ host: "127.0.0.1", port: bound.port });
    await expect(attempt).rejects.toThrow(`admin server: listen on 127.0.0.1:${bound.port}`);
    await expect(attempt).rejects.toHaveProperty("cause.code", "EADDRINUSE");
  });

  it("lets an in-flight scrape finish on close, then refuses connections", async () => {
    const { server, url } = await start();
    let release = (): void => {};
    const collecting = new Promise<void>((resolve) => {
      new Gauge({
        name: "svcmirror_slow_gauge",
        help: "a gauge whose collection waits for the test",
        registers: [server.registry],
        async collect() {
          resolve();
          await new Promise<void>((done) => {
            release = done;
          });
          this.set(7);
        },
      });
    });
    const scrape = fetch(url("/metrics"));
    await collecting;
    const closed = server.close();
    release();
    const res = await scrape;
    expect(await res.text()).toContain("svcmirror_slow_gauge 7");
    await closed;
    await expect(fetch(url("/ping"))).rejects.toThrow();
  });

  it("cuts a connection still open after the grace period", async () => {
    const { server, url } = await start(50);
    let collectStarted = (): void => {};
    const started = new Promise<void>((resolve) => {
      collectStarted = resolve;
    });
    new Gauge({
      name: "svcmirror_stuck_gauge",
      help: "a gauge whose collection never finishes",
      registers: [server.registry],
      collect: () => {
        collectStarted();
        return new Promise<void>(() => {});
      },
    });
    const scrape = fetch(url("/metrics"));
    await started;
    await server.close();
    await expect(scrape).rejects.toThrow();
  });

  it("closes without having listened, and closes twice", async () => {
    const { logger } = captureLogger();
    const server = buildAdminServer({ logger });
    await server.close();
    const { server: listening } = await start();
    await listening.close();
    await listening.close();
  });
});
