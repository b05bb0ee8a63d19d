import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Counter } from "prom-client";
import { describe, expect, it } from "vitest";
import type { RunConfig } from "../../src/config.js";
import { type DaemonComponent, type DaemonContext, loadLocalKubeConfig } from "../../src/main.js";
import { startTestDaemon, testRunConfig } from "../support/daemon.js";
import { withDeadline } from "../support/logs.js";

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: https://127.0.0.1:6443
    insecure-skip-tls-verify: true
users:
- name: admin
  user:
    token: s3cret-token
contexts:
- name: local
  context: { cluster: local, user: admin }
current-context: local
`;

function kubeconfigFile(text = KUBECONFIG): string {
  const path = join(mkdtempSync(join(tmpdir(), "svcmirror-main-")), "local.kubeconfig");
  writeFileSync(path, text);
  return path;
}

/** No leader election runs here: every test gives its own components (or none). */
function config(overrides: Partial<RunConfig> = {}): RunConfig {
  return testRunConfig({ kube: { kind: "file", path: kubeconfigFile() }, ...overrides });
}

/** Starts the daemon and waits until it has started; returns its admin URL builder. */
async function start(components: DaemonComponent[] = [], cfg = config()) {
  const { logs, stop, exit, adminUrl } = startTestDaemon(cfg, { version: "0.0.0-test", components });
  const admin = await adminUrl();
  await logs.waitFor("svcmirror started");
  const url = (path: string) => `${admin}${path}`;
  return { logs, stop, exit: withDeadline(exit, 10_000, "runDaemon to return"), url };
}

/** A component that records its context and runs until the daemon stops. */
function waitingComponent(name: string, onAbort: (ctx: DaemonContext) => Promise<void> = async () => {}) {
  const seen: { ctx?: DaemonContext; cleanedUp: boolean } = { cleanedUp: false };
  const component: DaemonComponent = {
    name,
    run: async (ctx) => {
      seen.ctx = ctx;
      await new Promise<void>((resolve) =>
        ctx.signal.addEventListener("abort", () => resolve(), { once: true }),
      );
      await onAbort(ctx);
      seen.cleanedUp = true;
    },
  };
  return { component, seen };
}

describe("runDaemon", () => {
  it("serves the admin endpoints, is ready once started, and exits 0 when asked to stop", async () => {
    const { logs, stop, exit, url } = await start();
    expect((await fetch(url("/live"))).status).toBe(200);
    const ready = await fetch(url("/ready"));
    expect([ready.status, await ready.text()]).toEqual([200, "[+]started ok\nready\n"]);
    expect(await logs.waitFor("svcmirror started")).toMatchObject({
      link: "east",
      namespace: "svcmirror-system",
      identity: "replica-a",
      server: "https://127.0.0.1:6443",
      version: "0.0.0-test",
    });

    stop.abort();
    expect(await exit).toBe(0);
    await logs.waitFor("svcmirror stopped");
    await expect(fetch(url("/ping"))).rejects.toThrow();
    expect(JSON.stringify(logs.lines)).not.toContain("s3cret-token");
  });

  it("gives components the local cluster, the metrics registry and the admin registrations", async () => {
    const { component, seen } = waitingComponent("elector");
    const { stop, exit, url } = await start([component], config({ kubeBurst: 7 }));
    const ctx = seen.ctx!;
    expect(ctx.local.server).toBe("https://127.0.0.1:6443");
    expect(ctx.local.userAgent).toBe("svcmirror/0.0.0-test");
    expect(ctx.local.limiter.tokens).toBe(7);
    expect(ctx.config.identity).toBe("replica-a");

    new Counter({ name: "svcmirror_test_transitions_total", help: "test", registers: [ctx.metrics] }).inc();
    ctx.admin.addStatusProvider("election", () => ({ holder: "replica-a", isLeader: true }));
    expect(await (await fetch(url("/metrics"))).text()).toContain("svcmirror_test_transitions_total 1");
    expect(await (await fetch(url("/status"))).json()).toEqual({
      election: { holder: "replica-a", isLeader: true },
    });

    stop.abort();
    expect(await exit).toBe(0);
    expect(seen.cleanedUp).toBe(true);
  });

  it("reports not ready while shutting down, and closes the admin server only after components stopped", async () => {
    let readyDuringShutdown: [number, string] | undefined;
    let admin = "";
    const { component } = waitingComponent("elector", async () => {
      const res = await fetch(`${admin}/ready`);
      readyDuringShutdown = [res.status, await res.text()];
    });
    const { stop, exit, url } = await start([component]);
    admin = url("");
    stop.abort();
    expect(await exit).toBe(0);
    expect(readyDuringShutdown).toEqual([503, "[-]started failed: shutting down\nnot ready\n"]);
  });

  it("stops every component and exits 1 when one of them fails", async () => {
    const survivor = waitingComponent("controller");
    let fail = (_: Error): void => {};
    const failing: DaemonComponent = {
      name: "elector",
      run: () =>
        new Promise<void>((_, reject) => {
          fail = reject;
        }),
    };
    const { logs, exit } = await start([failing, survivor.component]);
    fail(new Error("leadership lost"));
    expect(await exit).toBe(1);
    expect(survivor.seen.cleanedUp).toBe(true);
    expect(await logs.waitFor("component failed, shutting down")).toMatchObject({
      component: "elector",
      err: expect.objectContaining({ message: "leadership lost" }),
    });
  });

  it("exits 1 when a component returns before the daemon was asked to stop", async () => {
    const { logs, exit } = await start([{ name: "elector", run: async () => {} }]);
    expect(await exit).toBe(1);
    expect(await logs.waitFor("component failed, shutting down")).toMatchObject({
      err: expect.objectContaining({ message: "stopped on its own" }),
    });
  });

  it("exits 1 with a logged reason when the kubeconfig cannot be loaded, and closes the admin server", async () => {
    const cfg = config({ kube: { kind: "file", path: "/nonexistent/local.kubeconfig" } });
    const { logs, exit } = startTestDaemon(cfg, { version: "0.0.0-test", components: [] });
    const code = await withDeadline(exit, 10_000, "runDaemon to fail");
    expect(code).toBe(1);
    const listening = await logs.waitFor("admin server listening");
    expect(await logs.waitFor("svcmirror failed to start")).toMatchObject({
      err: expect.objectContaining({
        message: expect.stringMatching(/^load kubeconfig from \/nonexistent\/local.kubeconfig: ENOENT/),
      }),
    });
    await expect(fetch(`http://127.0.0.1:${listening.port}/ping`)).rejects.toThrow();
  });

  it("exits 1 when the admin address is taken", async () => {
    const first = await start();
    const port = (await first.logs.waitFor("admin server listening")).port as number;
    const { logs, exit } = startTestDaemon(config({ adminAddr: { host: "127.0.0.1", port } }), {
      version: "0.0.0-test",
      components: [],
    });
    const code = await exit;
    expect(code).toBe(1);
    expect(await logs.waitFor("svcmirror failed to start")).toMatchObject({
      err: expect.objectContaining({
        message: `admin server: listen on 127.0.0.1:${port}: listen EADDRINUSE: address already in use 127.0.0.1:${port}`,
      }),
    });
    first.stop.abort();
    expect(await first.exit).toBe(0);
  });
});

describe("loadLocalKubeConfig", () => {
  it("loads a kubeconfig file", () => {
    const kubeConfig = loadLocalKubeConfig({ kind: "file", path: kubeconfigFile() });
    expect(kubeConfig.getCurrentCluster()?.server).toBe("https://127.0.0.1:6443");
  });

  it("refuses a kubeconfig whose current context names no cluster", () => {
    const path = kubeconfigFile("apiVersion: v1\nkind: Config\ncurrent-context: missing\n");
    expect(() => loadLocalKubeConfig({ kind: "file", path })).toThrow(
      `kubeconfig from ${path}: its current context "missing" names no cluster`,
    );
  });
});
