import pino from "pino";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_TIMINGS,
  ElectionConfigError,
  leaseDurationSeconds,
  leaseNameForLink,
  resolveTimings,
} from "../../src/election/config.js";
import { createElector } from "../../src/election/elector.js";
import { FakeClock } from "../../src/runtime/fakeclock.js";
import { MemoryLeaseBackend } from "./fakes.js";

describe("resolveTimings", () => {
  it("defaults to client-go's 15s / 10s / 2s", () => {
    expect(resolveTimings()).toEqual({
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
    });
    expect(DEFAULT_TIMINGS).toEqual(resolveTimings({}));
  });

  it.each([
    {
      timings: { leaseDurationMs: 10_000, renewDeadlineMs: 10_000 },
      message:
        "invalid leader election configuration: --lease-duration (10s) must be greater than --renew-deadline (10s)",
    },
    {
      timings: { leaseDurationMs: 5_000, renewDeadlineMs: 8_000 },
      message: "--lease-duration (5s) must be greater than --renew-deadline (8s)",
    },
    {
      timings: { renewDeadlineMs: 2_400, retryPeriodMs: 2_000 },
      message: "--renew-deadline (2.4s) must be greater than 1.2 × --retry-period (2.4s)",
    },
    { timings: { retryPeriodMs: 0 }, message: "--retry-period must be a positive duration, got 0ms" },
    { timings: { leaseDurationMs: -1 }, message: "--lease-duration must be a positive duration, got -1ms" },
    {
      timings: { renewDeadlineMs: Number.NaN },
      message: "--renew-deadline must be a positive duration, got NaNms",
    },
  ])("refuses $timings", ({ timings, message }) => {
    expect(() => resolveTimings(timings)).toThrow(ElectionConfigError);
    expect(() => resolveTimings(timings)).toThrow(message);
  });

  it("lists every violated constraint at once", () => {
    try {
      resolveTimings({ leaseDurationMs: 1_000, renewDeadlineMs: 1_000, retryPeriodMs: 1_000 });
      expect.unreachable();
    } catch (err) {
      expect((err as ElectionConfigError).problems).toEqual([
        "--lease-duration (1s) must be greater than --renew-deadline (1s)",
        "--renew-deadline (1s) must be greater than 1.2 × --retry-period (1.2s)",
      ]);
    }
  });

  it("accepts the short timings used against the sim", () => {
    expect(
      resolveTimings({ leaseDurationMs: 1_500, renewDeadlineMs: 1_000, retryPeriodMs: 200 }),
    ).toBeTruthy();
  });

  it.each([
    [15_000, 15],
    [1_500, 2],
    [200, 1],
  ])("writes leaseDurationSeconds for %i ms as %i", (ms, seconds) => {
    expect(leaseDurationSeconds({ leaseDurationMs: ms, renewDeadlineMs: 1, retryPeriodMs: 1 })).toBe(seconds);
  });
});

describe("createElector", () => {
  const deps = {
    store: new MemoryLeaseBackend(new FakeClock()).client("a"),
    clock: new FakeClock(),
    logger: pino({ level: "silent" }),
  };

  it("validates timings in the constructor", () => {
    expect(() => createElector(deps, { identity: "a", timings: { leaseDurationMs: 1_000 } })).toThrow(
      "--lease-duration (1s) must be greater than --renew-deadline (10s)",
    );
  });

  it("refuses an empty identity", () => {
    expect(() => createElector(deps, { identity: " " })).toThrow(
      "leader election identity must not be empty",
    );
  });
});

describe("leaseNameForLink", () => {
  it("prefixes the link name", () => {
    expect(leaseNameForLink("east")).toBe("svcmirror-east");
  });
  it("refuses names that cannot be object names", () => {
    expect(() => leaseNameForLink("East_1")).toThrow('lease name "svcmirror-East_1"');
    expect(() => leaseNameForLink("x".repeat(250))).toThrow(ElectionConfigError);
  });
});
