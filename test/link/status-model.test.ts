// desiredStatus decides the conditions from the controller's view (first blocking cause wins), and
// nextStatus lays them over the stored status. Tables over the inputs.

import { describe, expect, it } from "vitest";
import { ConditionType, Reason } from "../../src/link/conditions.js";
import type { ConnectionState } from "../../src/link/remote-connection.js";
import type { RemoteViewState } from "../../src/link/remote-view.js";
import { linkSchema } from "../../src/link/schema.js";
import {
  type CredentialsState,
  desiredStatus,
  nextStatus,
  type StatusInput,
} from "../../src/link/status-model.js";

const flatLink = linkSchema.parse({
  metadata: { name: "east" },
  spec: { targetClusterName: "east", clusterCredentialsSecret: "creds" },
});
const gatewayLink = linkSchema.parse({
  metadata: { name: "east" },
  spec: {
    targetClusterName: "east",
    clusterCredentialsSecret: "creds",
    gatewayAddress: "192.0.2.1",
    gatewayPort: 4143,
  },
});

function remote(state: ConnectionState | undefined, synced = false): RemoteViewState {
  return {
    ...(state === undefined
      ? {}
      : { connection: { id: 1, server: "https://east:6443", state, informers: {} } }),
    frozen: false,
    synced,
    services: 0,
    endpointSlices: 0,
  };
}

function input(overrides: Partial<StatusInput>): StatusInput {
  return {
    generation: 3,
    spec: { kind: "valid", link: flatLink },
    credentials: { kind: "ok" },
    remote: remote({ phase: "synced" }, true),
    mirrorsReconciled: false,
    mirroredServices: 0,
    problems: [],
    ...overrides,
  };
}

function verdict(status: StatusInput, type: string): [string, string] | undefined {
  const c = desiredStatus(status).conditions.find((x) => x.type === type);
  return c === undefined ? undefined : [c.status, c.reason];
}

const failedCredentials: CredentialsState = {
  kind: "failed",
  reason: Reason.SecretKeyMissing,
  message: "no key",
};

describe("desiredStatus", () => {
  it.each<[string, Partial<StatusInput>, [string, string], [string, string]]>([
    [
      "invalid spec",
      { spec: { kind: "invalid", field: "spec.gatewayPort", message: "Required value" } },
      ["False", Reason.InvalidSpec],
      ["Unknown", Reason.InvalidSpec],
    ],
    [
      "Secret not read yet",
      { credentials: { kind: "pending", secret: "ns/creds" } },
      ["Unknown", Reason.Connecting],
      ["Unknown", Reason.Connecting],
    ],
    [
      "Secret broken",
      { credentials: failedCredentials },
      ["False", Reason.SecretKeyMissing],
      ["False", Reason.SecretKeyMissing],
    ],
    [
      "connecting",
      { remote: remote({ phase: "connecting" }) },
      ["Unknown", Reason.Connecting],
      ["Unknown", Reason.Connecting],
    ],
    [
      "no connection yet",
      { remote: remote(undefined) },
      ["Unknown", Reason.Connecting],
      ["Unknown", Reason.Connecting],
    ],
    [
      "preflight refused",
      {
        remote: remote({
          phase: "failed",
          reason: Reason.RemoteUnauthorized,
          message: "401",
          attempt: 2,
          retryInMs: 100,
        }),
      },
      ["False", Reason.RemoteUnauthorized],
      ["False", Reason.RemoteUnauthorized],
    ],
    [
      "partitioned after sync",
      {
        remote: remote(
          { phase: "unreachable", reason: Reason.RemoteUnreachable, message: "ECONNRESET" },
          true,
        ),
      },
      ["False", Reason.RemoteUnreachable],
      ["False", Reason.RemoteUnreachable],
    ],
    ["synced, mirrors not reconciled", {}, ["Unknown", Reason.Reconciling], ["True", Reason.Connected]],
    [
      "synced and reconciled",
      { mirrorsReconciled: true },
      ["True", Reason.Mirroring],
      ["True", Reason.Connected],
    ],
  ])("%s", (_name, overrides, ready, reachable) => {
    const status = input(overrides);
    expect(verdict(status, ConditionType.Ready)).toEqual(ready);
    expect(verdict(status, ConditionType.RemoteReachable)).toEqual(reachable);
  });

  it("says whether the last known remote state is kept", () => {
    const state: ConnectionState = {
      phase: "unreachable",
      reason: Reason.RemoteUnreachable,
      message: "ECONNRESET",
    };
    const kept = desiredStatus(input({ remote: remote(state, true) })).conditions[0]?.message;
    const none = desiredStatus(input({ remote: remote(state, false) })).conditions[0]?.message;
    expect(kept).toContain("the last known remote state is kept");
    expect(none).not.toContain("kept");
  });

  it("has GatewayAlive (pending, Unknown) only when a gateway is set, and the mode of the spec", () => {
    const withGateway = desiredStatus(input({ spec: { kind: "valid", link: gatewayLink } }));
    expect(withGateway.conditions.find((c) => c.type === ConditionType.GatewayAlive)).toMatchObject({
      status: "Unknown",
      reason: Reason.GatewayProbePending,
    });
    expect(withGateway).toMatchObject({ mode: "gateway+flat", absentConditions: [] });
    const flat = desiredStatus(input({}));
    expect(flat.conditions.map((c) => c.type)).toEqual([ConditionType.Ready, ConditionType.RemoteReachable]);
    expect(flat).toMatchObject({ mode: "flat", absentConditions: [ConditionType.GatewayAlive] });
    const invalid = desiredStatus(input({ spec: { kind: "invalid", field: "spec", message: "x" } }));
    expect(invalid.mode).toBeUndefined();
    expect(invalid.conditions.every((c) => c.observedGeneration === 3)).toBe(true);
  });
});

describe("nextStatus", () => {
  const now = new Date("2026-03-01T10:00:00.250Z");

  it("drops GatewayAlive when the gateway is gone and bounds the problems", () => {
    const current = nextStatus(
      undefined,
      desiredStatus(input({ spec: { kind: "valid", link: gatewayLink } })),
      now,
    );
    expect(current.conditions?.map((c) => c.type)).toContain(ConditionType.GatewayAlive);
    const problems = Array.from({ length: 103 }, (_, i) => ({
      service: `s${String(i).padStart(3, "0")}`,
      reason: "name-collision" as const,
      message: "exists",
    }));
    const next = nextStatus(current, desiredStatus(input({ problems, mirroredServices: 4 })), now);
    expect(next.conditions?.map((c) => c.type)).toEqual([ConditionType.Ready, ConditionType.RemoteReachable]);
    expect(next).toMatchObject({
      observedGeneration: 3,
      mode: "flat",
      mirroredServices: 4,
      omittedProblems: 3,
    });
    expect(next.problems).toHaveLength(100);
    expect(next.conditions?.[0]?.lastTransitionTime).toBe("2026-03-01T10:00:00Z");
  });
});
