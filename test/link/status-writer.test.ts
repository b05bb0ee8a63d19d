// The batched status writer on a fake clock against a state-based fake of the Link's /status: the
// fake bumps resourceVersion on each write and answers a write based on a stale read with a
// conflict, as the API server does. Writes are counted, never their order.

import pino from "pino";
import { describe, expect, it } from "vitest";
import { ConditionType, Reason } from "../../src/link/conditions.js";
import type { DesiredStatus } from "../../src/link/status-model.js";
import type { LinkObject, LinkStatusStore, StatusWriteResult } from "../../src/link/status-store.js";
import { LinkStatusWriter, type StatusWriteOutcome } from "../../src/link/status-writer.js";
import { FakeClock, settle } from "../../src/runtime/fakeclock.js";

class FakeLinkStore implements LinkStatusStore {
  object: LinkObject | undefined = {
    apiVersion: "svcmirror.io/v1alpha1",
    kind: "Link",
    metadata: { name: "east", namespace: "ns", resourceVersion: "1", generation: 1 },
    spec: {},
  };
  writes = 0;
  gets = 0;
  failNext = 0;

  async get(): Promise<LinkObject | undefined> {
    this.gets++;
    return structuredClone(this.object);
  }

  async replaceStatus(update: LinkObject): Promise<StatusWriteResult> {
    if (this.failNext > 0) {
      this.failNext--;
      throw Object.assign(new Error("connect ECONNRESET"), { code: "ECONNRESET" });
    }
    if (this.object === undefined) return { kind: "notFound" };
    if (update.metadata?.resourceVersion !== this.object.metadata?.resourceVersion)
      return { kind: "conflict" };
    this.writes++;
    this.bump({ status: structuredClone(update.status) });
    return { kind: "ok", object: structuredClone(this.object) };
  }

  /** Someone else changes the Link (a status write or a spec edit). */
  bump(change: Partial<LinkObject>): void {
    const merged = { ...(this.object as LinkObject), ...change };
    const rv = String(Number(this.object?.metadata?.resourceVersion) + 1);
    this.object = { ...merged, metadata: { ...merged.metadata, resourceVersion: rv } };
  }
}

function desired(reason: string, mirroredServices = 0): DesiredStatus {
  return {
    observedGeneration: 1,
    conditions: [
      { type: ConditionType.Ready, status: "Unknown", reason, message: reason, observedGeneration: 1 },
      {
        type: ConditionType.RemoteReachable,
        status: "Unknown",
        reason,
        message: reason,
        observedGeneration: 1,
      },
    ],
    absentConditions: [ConditionType.GatewayAlive],
    mode: "flat",
    mirroredServices,
    problems: [],
  };
}

function setup(opts: { canWrite?: () => boolean } = {}): {
  clock: FakeClock;
  store: FakeLinkStore;
  writer: LinkStatusWriter;
  outcomes: StatusWriteOutcome[];
} {
  const clock = new FakeClock();
  const store = new FakeLinkStore();
  const outcomes: StatusWriteOutcome[] = [];
  const writer = new LinkStatusWriter(
    {
      store,
      clock,
      log: pino({ level: "silent" }),
      canWrite: opts.canWrite ?? ((): boolean => true),
      onOutcome: (outcome): void => {
        outcomes.push(outcome);
      },
    },
    { minIntervalMs: 1_000, retryBackoff: { initialMs: 500, maxMs: 4_000, jitter: 0 } },
  );
  return { clock, store, writer, outcomes };
}

describe("LinkStatusWriter", () => {
  it("writes the first status at once and coalesces later changes into one write a second", async () => {
    const { clock, store, writer } = setup();
    writer.set(desired(Reason.Connecting));
    await clock.advance(0);
    await writer.idle();
    expect(store.writes).toBe(1);
    expect(store.object?.status?.conditions?.[0]).toMatchObject({ reason: Reason.Connecting });

    for (let i = 1; i <= 50; i++) writer.set(desired(Reason.Connecting, i));
    await clock.advance(999);
    expect(store.writes).toBe(1);
    await clock.advance(1);
    await writer.idle();
    expect(store.writes).toBe(2);
    expect(store.object?.status?.mirroredServices).toBe(50);
  });

  it("does not write a status that would change nothing", async () => {
    const { clock, store, writer, outcomes } = setup();
    writer.set(desired(Reason.Connected));
    await clock.advance(0);
    await writer.idle();
    writer.observe(structuredClone(store.object));
    writer.set(desired(Reason.Connected));
    await clock.advance(5_000);
    await writer.idle();
    expect(store.writes).toBe(1);
    expect(outcomes.filter((o) => o === "unchanged").length).toBeGreaterThan(0);
  });

  it("keeps lastTransitionTime while the status stays, moves it when the status flips", async () => {
    const { clock, store, writer } = setup();
    writer.set(desired(Reason.Connecting));
    await clock.advance(0);
    await writer.idle();
    const first = store.object?.status?.conditions?.[0]?.lastTransitionTime;
    await clock.advance(10_000);
    writer.set(desired(Reason.Reconciling));
    await clock.advance(0);
    await writer.idle();
    expect(store.object?.status?.conditions?.[0]).toMatchObject({ reason: Reason.Reconciling });
    expect(store.object?.status?.conditions?.[0]?.lastTransitionTime).toBe(first);
  });

  it("re-reads and retries at once after a 409", async () => {
    const { clock, store, writer, outcomes } = setup();
    writer.observe(structuredClone(store.object));
    store.bump({ metadata: { ...store.object?.metadata, labels: { edited: "yes" } } });
    writer.set(desired(Reason.Connected));
    await clock.advance(0);
    await writer.idle();
    expect(outcomes).toEqual(["conflict", "written"]);
    expect(store.writes).toBe(1);
    expect(store.object?.metadata?.labels).toEqual({ edited: "yes" });
  });

  it("retries a failed write with backoff", async () => {
    const { clock, store, writer, outcomes } = setup();
    store.failNext = 2;
    writer.set(desired(Reason.Connected));
    await clock.advance(0);
    expect(outcomes).toEqual(["error"]);
    await clock.advance(499);
    expect(outcomes).toEqual(["error"]);
    await clock.advance(1);
    expect(outcomes).toEqual(["error", "error"]);
    await clock.advance(1_000);
    await writer.idle();
    expect(outcomes).toEqual(["error", "error", "written"]);
    expect(store.writes).toBe(1);
  });

  it("writes nothing while canWrite() is false", async () => {
    let leader = false;
    const { clock, store, writer, outcomes } = setup({ canWrite: () => leader });
    writer.set(desired(Reason.Connected));
    await clock.advance(0);
    await writer.idle();
    expect(outcomes).toEqual(["fenced"]);
    expect(store.writes).toBe(0);
    leader = true;
    writer.set(desired(Reason.Connected));
    await clock.advance(0);
    await writer.idle();
    expect(store.writes).toBe(1);
  });

  it("stops quietly when the Link is gone, and writes nothing after stop()", async () => {
    const { clock, store, writer } = setup();
    store.object = undefined;
    writer.set(desired(Reason.Connected));
    await clock.advance(0);
    await writer.idle();
    expect(store.writes).toBe(0);

    const second = setup();
    second.writer.set(desired(Reason.Connected));
    await second.clock.advance(0);
    await second.writer.idle();
    second.writer.set(desired(Reason.Reconciling));
    await second.writer.stop();
    await second.clock.advance(10_000);
    await settle();
    expect(second.store.writes).toBe(1);
    expect(second.clock.pendingTimers).toBe(0);
  });
});
