// The Event recorder against the sim (dedup by patch, a new Event after the window or after the old
// one vanished, per-object rate limit) and against failing sinks (logged, never thrown).

import { Writable } from "node:stream";
import { ApiException, type CoreV1Event } from "@kubernetes/client-node";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeClients } from "../../src/kube/client.js";
import { coreEventSink, EventRecorder, type EventSink, type InvolvedObject } from "../../src/kube/events.js";
import { FakeClock } from "../../src/runtime/fakeclock.js";
import { type Sim, startSim } from "../../src/sim/index.js";
import { clientsFor, createNamespace, silentLog, TOKEN } from "./sim-helpers.js";

let sim: Sim;
let clients: KubeClients;

beforeAll(async () => {
  sim = await startSim({ tls: true, token: TOKEN });
  clients = clientsFor(sim.kubeconfig);
});

afterAll(async () => {
  await sim.stop();
});

function link(namespace: string, name = "east"): InvolvedObject {
  return { apiVersion: "svcmirror.io/v1alpha1", kind: "Link", namespace, name, uid: `uid-${name}` };
}

async function events(namespace: string): Promise<CoreV1Event[]> {
  const list = await clients.core.listNamespacedEvent({ namespace });
  return list.items.sort((a, b) => (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? ""));
}

function capturedLog(): { log: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done): void {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: "debug" }, sink), lines };
}

describe("EventRecorder against the sim", () => {
  it("bumps count and lastTimestamp of a repeated Event instead of creating another", async () => {
    await createNamespace(clients, "dedup");
    const clock = new FakeClock();
    const recorder = new EventRecorder({
      sink: coreEventSink(clients.core),
      log: silentLog,
      clock,
      instance: "pod-1",
    });
    recorder.record(link("dedup"), "Warning", "RemoteUnreachable", "remote API refused the connection");
    await clock.advance(5_000);
    recorder.record(link("dedup"), "Warning", "RemoteUnreachable", "remote API refused the connection");
    recorder.record(link("dedup"), "Warning", "RemoteUnreachable", "remote API refused the connection");
    recorder.record(link("dedup"), "Normal", "RemoteReachable", "connected");
    await recorder.flush();

    const [first, second] = await events("dedup");
    expect(await events("dedup")).toHaveLength(2);
    const warning = first?.reason === "RemoteUnreachable" ? first : second;
    expect(warning).toMatchObject({
      type: "Warning",
      reason: "RemoteUnreachable",
      message: "remote API refused the connection",
      count: 3,
      involvedObject: { kind: "Link", name: "east", namespace: "dedup", uid: "uid-east" },
      source: { component: "svcmirror", host: "pod-1" },
      reportingComponent: "svcmirror",
      reportingInstance: "pod-1",
    });
    expect(warning?.metadata?.name).toMatch(/^east\.[0-9a-f]+$/);
    const firstMs = new Date(warning?.firstTimestamp as unknown as string).getTime();
    const lastMs = new Date(warning?.lastTimestamp as unknown as string).getTime();
    expect(lastMs - firstMs).toBe(5_000);
  });

  it("creates a new Event after the dedup window, or when the old one is gone", async () => {
    await createNamespace(clients, "window");
    const clock = new FakeClock();
    const recorder = new EventRecorder({
      sink: coreEventSink(clients.core),
      log: silentLog,
      clock,
      dedupWindowMs: 60_000,
    });
    recorder.record(link("window"), "Normal", "Synced", "mirrors in sync");
    await recorder.flush();
    await clock.advance(60_001);
    recorder.record(link("window"), "Normal", "Synced", "mirrors in sync");
    await recorder.flush();
    expect((await events("window")).map((e) => e.count)).toEqual([1, 1]);

    for (const e of await events("window")) {
      await clients.core.deleteNamespacedEvent({ namespace: "window", name: e.metadata?.name ?? "" });
    }
    recorder.record(link("window"), "Normal", "Synced", "mirrors in sync");
    await recorder.flush();
    expect((await events("window")).map((e) => e.count)).toEqual([1]);
  });

  it("rate-limits per object: a burst, then one per period", async () => {
    await createNamespace(clients, "flood");
    const clock = new FakeClock();
    const recorder = new EventRecorder({
      sink: coreEventSink(clients.core),
      log: silentLog,
      clock,
      burstPerObject: 3,
      qpsPerObject: 1 / 300,
    });
    for (let i = 0; i < 10; i++) recorder.record(link("flood", "a"), "Warning", "Flapping", `attempt ${i}`);
    recorder.record(link("flood", "b"), "Warning", "Flapping", "other link");
    await recorder.flush();
    expect((await events("flood")).map((e) => `${e.involvedObject.name} ${e.message}`).sort()).toEqual([
      "a attempt 0",
      "a attempt 1",
      "a attempt 2",
      "b other link",
    ]);
    await clock.advance(300_000);
    recorder.record(link("flood", "a"), "Warning", "Flapping", "later");
    recorder.record(link("flood", "a"), "Warning", "Flapping", "too soon");
    await recorder.flush();
    expect((await events("flood")).map((e) => e.message)).toContain("later");
    expect((await events("flood")).map((e) => e.message)).not.toContain("too soon");
  });

  it("records Events of cluster-scoped objects in default and truncates long messages", async () => {
    const recorder = new EventRecorder({ sink: coreEventSink(clients.core), log: silentLog });
    const namespace: InvolvedObject = { apiVersion: "v1", kind: "Namespace", name: "team-a" };
    recorder.record(namespace, "Warning", "MissingNamespace", "x".repeat(5_000));
    await recorder.flush();
    const recorded = (await events("default")).find((e) => e.reason === "MissingNamespace");
    expect(recorded?.message).toHaveLength(1024);
    expect(recorded?.message?.endsWith("...")).toBe(true);
  });
});

describe("EventRecorder failures", () => {
  it("logs a failed write and never throws into the caller", async () => {
    const failing: EventSink = {
      create: () => Promise.reject(new ApiException(403, "Forbidden", JSON.stringify({ message: "no" }), {})),
      patch: () => Promise.reject(new Error("unreachable")),
    };
    const { log, lines } = capturedLog();
    const recorder = new EventRecorder({ sink: failing, log });
    expect(() => recorder.record(link("x"), "Warning", "Invalid", "bad spec")).not.toThrow();
    await expect(recorder.flush()).resolves.toBeUndefined();
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: "could not record event", code: 403, reason: "Invalid" }),
    );
  });

  it("drops records beyond maxPending while the API hangs, and says so", async () => {
    let release = (): void => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const created: string[] = [];
    const slow: EventSink = {
      create: async (_ns, event) => {
        await gate;
        created.push(event.message ?? "");
      },
      patch: () => Promise.resolve(),
    };
    const { log, lines } = capturedLog();
    const recorder = new EventRecorder({ sink: slow, log, maxPending: 2 });
    for (let i = 0; i < 5; i++) recorder.record(link("x", `l${i}`), "Normal", "Tick", `m${i}`);
    release();
    await recorder.flush();
    expect(created).toEqual(["m0", "m1"]);
    expect(
      lines.filter((l) => l.msg === "event dropped: too many events waiting to be written"),
    ).toHaveLength(3);
  });
});
