import { describe, expect, it } from "vitest";
import {
  boundProblems,
  ConditionType,
  findCondition,
  formatConditionTime,
  mergeConditions,
  Reason,
  removeCondition,
  setCondition,
  statusChanged,
} from "../../src/link/conditions.js";
import type { LinkCondition, LinkProblem, LinkStatus } from "../../src/link/schema.js";

const t0 = new Date("2026-01-01T00:00:00.000Z");
const t1 = new Date("2026-01-01T00:05:07.891Z");

const readyTrue: LinkCondition = {
  type: "Ready",
  status: "True",
  reason: "Mirroring",
  message: "3 services",
  lastTransitionTime: "2026-01-01T00:00:00Z",
  observedGeneration: 1,
};

describe("formatConditionTime", () => {
  it("renders whole seconds in UTC, as metav1.Time does", () => {
    expect(formatConditionTime(t1)).toBe("2026-01-01T00:05:07Z");
  });
});

describe("setCondition", () => {
  it("adds a new condition stamped with now", () => {
    const out = setCondition(
      undefined,
      { type: "RemoteReachable", status: "Unknown", reason: "Connecting", message: "" },
      t1,
    );
    expect(out).toEqual([
      {
        type: "RemoteReachable",
        status: "Unknown",
        reason: "Connecting",
        message: "",
        lastTransitionTime: "2026-01-01T00:05:07Z",
      },
    ]);
  });

  it("keeps lastTransitionTime when only reason and message change", () => {
    const out = setCondition(
      [readyTrue],
      { type: "Ready", status: "True", reason: "Other", message: "4 services", observedGeneration: 2 },
      t1,
    );
    expect(out).toEqual([{ ...readyTrue, reason: "Other", message: "4 services", observedGeneration: 2 }]);
  });

  it("moves lastTransitionTime when the status flips", () => {
    const out = setCondition(
      [readyTrue],
      { type: "Ready", status: "False", reason: "SecretNotFound", message: "m" },
      t1,
    );
    expect(out).toEqual([
      {
        type: "Ready",
        status: "False",
        reason: "SecretNotFound",
        message: "m",
        lastTransitionTime: "2026-01-01T00:05:07Z",
      },
    ]);
  });

  it("keeps the order of other conditions and does not mutate its input", () => {
    const gateway: LinkCondition = { ...readyTrue, type: "GatewayAlive" };
    const input = [readyTrue, gateway];
    const snapshot = structuredClone(input);
    const out = setCondition(input, { type: "Ready", status: "False", reason: "R", message: "" }, t1);
    expect(out.map((c) => c.type)).toEqual(["Ready", "GatewayAlive"]);
    expect(out[1]).toBe(gateway);
    expect(input).toEqual(snapshot);
  });
});

describe("mergeConditions, findCondition, removeCondition", () => {
  it("applies several updates with one timestamp", () => {
    const out = mergeConditions(
      [readyTrue],
      [
        {
          type: ConditionType.Ready,
          status: "False",
          reason: Reason.RemoteUnreachable,
          message: "dial tcp: timeout",
        },
        {
          type: ConditionType.RemoteReachable,
          status: "False",
          reason: Reason.RemoteUnreachable,
          message: "dial tcp: timeout",
        },
      ],
      t1,
    );
    expect(out.map((c) => [c.type, c.status, c.lastTransitionTime])).toEqual([
      ["Ready", "False", "2026-01-01T00:05:07Z"],
      ["RemoteReachable", "False", "2026-01-01T00:05:07Z"],
    ]);
    expect(findCondition(out, "RemoteReachable")?.reason).toBe("RemoteUnreachable");
    expect(findCondition(out, "GatewayAlive")).toBeUndefined();
    expect(removeCondition(out, "Ready").map((c) => c.type)).toEqual(["RemoteReachable"]);
    expect(removeCondition(undefined, "Ready")).toEqual([]);
  });

  it("is stable: the same update at a later time changes nothing", () => {
    const update = {
      type: "Ready",
      status: "True" as const,
      reason: "Mirroring",
      message: "3 services",
      observedGeneration: 1,
    };
    const once = setCondition(undefined, update, t0);
    const twice = setCondition(once, update, t1);
    expect(twice).toEqual(once);
    expect(statusChanged({ conditions: once }, { conditions: twice })).toBe(false);
  });
});

describe("condition reasons", () => {
  it("are CamelCase identifiers the CRD's reason pattern accepts", () => {
    for (const reason of Object.values(Reason)) {
      expect(reason).toMatch(/^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/);
    }
  });

  it("name every credential and connection failure separately", () => {
    const failures = [
      Reason.SecretNotFound,
      Reason.SecretKeyMissing,
      Reason.KubeconfigInvalid,
      Reason.KubeconfigForbiddenField,
      Reason.RemoteUnreachable,
      Reason.RemoteUnauthorized,
      Reason.RemoteForbidden,
      Reason.InvalidSpec,
    ];
    expect(new Set(failures).size).toBe(failures.length);
  });
});

const problem = (service: string, namespace = "shop"): LinkProblem => ({
  service,
  namespace,
  reason: "name-collision",
  message: `${service}-east exists`,
});

describe("statusChanged", () => {
  const base: LinkStatus = {
    observedGeneration: 1,
    mode: "flat",
    mirroredServices: 3,
    conditions: [readyTrue, { ...readyTrue, type: "RemoteReachable", reason: "Connected", message: "" }],
    problems: [problem("a"), problem("b")],
  };

  it.each<{ name: string; next: LinkStatus | undefined; changed: boolean }>([
    { name: "identical", next: structuredClone(base), changed: false },
    {
      name: "conditions reordered",
      next: { ...base, conditions: [...(base.conditions ?? [])].reverse() },
      changed: false,
    },
    { name: "problems reordered", next: { ...base, problems: [problem("b"), problem("a")] }, changed: false },
    { name: "omittedProblems 0 vs absent", next: { ...base, omittedProblems: 0 }, changed: false },
    { name: "observedGeneration", next: { ...base, observedGeneration: 2 }, changed: true },
    { name: "mode", next: { ...base, mode: "gateway+flat" }, changed: true },
    { name: "mirroredServices", next: { ...base, mirroredServices: 4 }, changed: true },
    { name: "omittedProblems", next: { ...base, omittedProblems: 1 }, changed: true },
    {
      name: "a condition message",
      next: { ...base, conditions: [{ ...readyTrue, message: "4 services" }, base.conditions![1]!] },
      changed: true,
    },
    {
      name: "a condition's lastTransitionTime",
      next: {
        ...base,
        conditions: [{ ...readyTrue, lastTransitionTime: "2026-01-02T00:00:00Z" }, base.conditions![1]!],
      },
      changed: true,
    },
    {
      name: "a condition's observedGeneration",
      next: { ...base, conditions: [{ ...readyTrue, observedGeneration: 2 }, base.conditions![1]!] },
      changed: true,
    },
    { name: "a condition removed", next: { ...base, conditions: [readyTrue] }, changed: true },
    {
      name: "a condition replaced by another type",
      next: { ...base, conditions: [readyTrue, { ...readyTrue, type: "GatewayAlive" }] },
      changed: true,
    },
    {
      name: "a problem's message",
      next: { ...base, problems: [problem("a"), { ...problem("b"), message: "x" }] },
      changed: true,
    },
    {
      name: "a problem's namespace",
      next: { ...base, problems: [problem("a"), problem("b", "other")] },
      changed: true,
    },
    { name: "no status at all", next: undefined, changed: true },
  ])("$name → changed=$changed", ({ next, changed }) => {
    expect(statusChanged(base, next)).toBe(changed);
  });

  it("treats absent and empty lists alike", () => {
    expect(statusChanged(undefined, {})).toBe(false);
    expect(statusChanged({ conditions: [], problems: [] }, {})).toBe(false);
  });
});

describe("boundProblems", () => {
  it("sorts by namespace then service, and keeps all when under the bound", () => {
    const out = boundProblems([problem("b"), problem("a", "zoo"), problem("a")]);
    expect(out.problems.map((p) => `${p.namespace}/${p.service}`)).toEqual(["shop/a", "shop/b", "zoo/a"]);
    expect(out.omittedProblems).toBe(0);
  });

  it("cuts to 100 and counts the rest", () => {
    const many = Array.from({ length: 130 }, (_, i) => problem(`svc-${String(i).padStart(3, "0")}`));
    const out = boundProblems(many.reverse());
    expect(out.problems).toHaveLength(100);
    expect(out.problems[0]?.service).toBe("svc-000");
    expect(out.problems[99]?.service).toBe("svc-099");
    expect(out.omittedProblems).toBe(30);
  });
});
