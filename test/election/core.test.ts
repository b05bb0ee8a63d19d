import { describe, expect, it } from "vitest";
import { claimRecord, decide, type Observation, observe, releaseRecord } from "../../src/election/core.js";
import type { LeaseRecord, LeaseSnapshot } from "../../src/election/store.js";

const WALL = Date.UTC(2026, 0, 1);

function record(over: Partial<LeaseRecord> = {}): LeaseRecord {
  return {
    holderIdentity: "other",
    leaseDurationSeconds: 15,
    acquireTimeMs: WALL - 60_000,
    renewTimeMs: WALL - 1_000,
    leaseTransitions: 3,
    ...over,
  };
}

function snap(rv: string, over: Partial<LeaseRecord> = {}): LeaseSnapshot {
  return { resourceVersion: rv, record: record(over) };
}

describe("observe", () => {
  it("keeps the first local observation time while the resourceVersion is unchanged", () => {
    const first = observe(null, snap("1"), 100);
    const again = observe(first, snap("1"), 900);
    expect(again.observedAtMs).toBe(100);
    const changed = observe(again, snap("2"), 1_000);
    expect(changed.observedAtMs).toBe(1_000);
  });
});

describe("decide", () => {
  const base = { identity: "me", wallNowMs: WALL, leaseDurationMs: 15_000, leaseDurationSeconds: 15 };
  const obs = (s: LeaseSnapshot, atMs: number): Observation => ({ snapshot: s, observedAtMs: atMs });

  it.each([
    { name: "missing lease", observation: null, nowMs: 0, want: "claim" },
    { name: "held, seen changing 1 ms ago", observation: obs(snap("1"), 999), nowMs: 1_000, want: "held" },
    {
      name: "held, unchanged for just under leaseDuration",
      observation: obs(snap("1"), 0),
      nowMs: 14_999,
      want: "held",
    },
    {
      name: "held, unchanged for leaseDuration",
      observation: obs(snap("1"), 0),
      nowMs: 15_000,
      want: "claim",
    },
    {
      name: "remote renewTime far in the future does not extend the lease",
      observation: obs(snap("1", { renewTimeMs: WALL + 3_600_000 }), 0),
      nowMs: 15_000,
      want: "claim",
    },
    {
      name: "remote renewTime far in the past does not shorten it",
      observation: obs(snap("1", { renewTimeMs: WALL - 3_600_000 }), 10_000),
      nowMs: 11_000,
      want: "held",
    },
    {
      name: "released (empty holder)",
      observation: obs(snap("1", { holderIdentity: "" }), 999),
      nowMs: 1_000,
      want: "claim",
    },
    {
      name: "held by me",
      observation: obs(snap("1", { holderIdentity: "me" }), 999),
      nowMs: 1_000,
      want: "claim",
    },
  ])("$name → $want", ({ observation, nowMs, want }) => {
    expect(decide({ ...base, observation, nowMs }).kind).toBe(want);
  });

  it("reports when the holder's lease expires locally", () => {
    const v = decide({ ...base, observation: obs(snap("1"), 2_000), nowMs: 3_000 });
    expect(v).toEqual({ kind: "held", holder: "other", expiresAtMs: 17_000 });
  });
});

describe("claimRecord / releaseRecord", () => {
  it.each([
    {
      name: "first acquisition",
      current: null,
      want: { holderIdentity: "me", acquireTimeMs: WALL, renewTimeMs: WALL, leaseTransitions: 0 },
    },
    {
      name: "renewal keeps acquireTime and transitions",
      current: record({ holderIdentity: "me" }),
      want: { holderIdentity: "me", acquireTimeMs: WALL - 60_000, renewTimeMs: WALL, leaseTransitions: 3 },
    },
    {
      name: "takeover increments transitions",
      current: record(),
      want: { holderIdentity: "me", acquireTimeMs: WALL, renewTimeMs: WALL, leaseTransitions: 4 },
    },
    {
      name: "acquiring a released lease counts as a change of holder",
      current: record({ holderIdentity: "" }),
      want: { holderIdentity: "me", acquireTimeMs: WALL, renewTimeMs: WALL, leaseTransitions: 4 },
    },
  ])("$name", ({ current, want }) => {
    expect(claimRecord(current, "me", WALL, 2)).toEqual({ ...want, leaseDurationSeconds: 2 });
  });

  it("release clears the holder like client-go's ReleaseOnCancel and keeps transitions", () => {
    expect(releaseRecord(record({ holderIdentity: "me" }), WALL + 5)).toEqual({
      holderIdentity: "",
      leaseDurationSeconds: 1,
      acquireTimeMs: WALL - 60_000,
      renewTimeMs: WALL + 5,
      leaseTransitions: 3,
    });
  });
});
