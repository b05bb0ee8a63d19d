// The fan-out watchers' bookkeeping: which updates each selector must see, receipt of numbered
// updates (duplicates, unrelated events), waiting with a deadline, and the verdicts on lost
// events and growing lag — on a fake clock, without a server.

import { describe, expect, it } from "vitest";
import { TIER_LABEL } from "../../bench/fixtures.js";
import {
  analyze,
  expectedUpdates,
  SEQ_ANNOTATION,
  WATCHERS,
  WatcherProbe,
  type WriteLog,
} from "../../bench/watchers.js";
import { FakeClock, settle } from "../../src/runtime/fakeclock.js";

const plain = WATCHERS.find((w) => w.labelSelector === undefined)!;
const tierZero = WATCHERS.find((w) => w.labelSelector === `${TIER_LABEL}=t0`)!;
const tierOfUpdate = (seq: number): number => seq % 4;

function line(type: string, seq?: number): string {
  const annotations = seq === undefined ? {} : { [SEQ_ANNOTATION]: String(seq) };
  return JSON.stringify({ type, object: { metadata: { name: "svc", annotations } } });
}

/** Updates acknowledged at 10 ms intervals, each sent 5 ms before its acknowledgement. */
function writeLog(count: number): WriteLog {
  const ackMs = Array.from({ length: count }, (_, seq) => 1000 + seq * 10);
  return { ackMs, sentMs: ackMs.map((ms) => ms - 5) };
}

/** Feeds update `seq` to the probe at `ackMs[seq] + lagMs`. */
async function deliver(
  clock: FakeClock,
  probe: WatcherProbe,
  writes: WriteLog,
  seq: number,
  lagMs: number,
): Promise<void> {
  await clock.advance(writes.ackMs[seq]! + lagMs - clock.now());
  probe.onLine(line("MODIFIED", seq));
}

describe("WATCHERS", () => {
  it("are ten: five plain and five label-selected", () => {
    expect(WATCHERS).toHaveLength(10);
    expect(WATCHERS.filter((w) => w.labelSelector === undefined)).toHaveLength(5);
  });

  it.each([
    ["tier=t0", 25],
    ["tier in (t0,t1)", 50],
    ["tier!=t3", 75],
    ["tier notin (t0,t1,t2)", 25],
    ["tier exists", 100],
    ["plain-1", 100],
  ])("%s expects %i of 100 updates spread over four tiers", (name, expected) => {
    const spec = WATCHERS.find((w) => w.name === name)!;
    expect(expectedUpdates(spec, 100, tierOfUpdate)).toBe(expected);
  });
});

describe("WatcherProbe and analyze", () => {
  it("records first receipts, counts duplicates and ignores other events", async () => {
    const clock = new FakeClock(0);
    const writes = writeLog(4);
    const probe = new WatcherProbe(plain, clock);
    for (let seq = 0; seq < 4; seq++) await deliver(clock, probe, writes, seq, 2);
    probe.onLine(line("MODIFIED", 1));
    probe.onLine(line("ADDED", 9));
    probe.onLine(line("MODIFIED"));
    const outcome = analyze(probe, writes, tierOfUpdate, false);
    expect(outcome).toMatchObject({ expected: 4, received: 4, lost: 0, duplicates: 1, behind: false });
    expect(outcome.lagMs).toEqual([2, 2, 2, 2]);
    expect(outcome.sinceSentMs).toEqual([7, 7, 7, 7]);
  });

  it("counts a missing matching update as lost and the watcher as behind", async () => {
    const clock = new FakeClock(0);
    const writes = writeLog(8);
    const probe = new WatcherProbe(tierZero, clock);
    await deliver(clock, probe, writes, 0, 1);
    const outcome = analyze(probe, writes, tierOfUpdate, false);
    expect(outcome).toMatchObject({ expected: 2, received: 1, lost: 1, behind: true });
  });

  it.each([
    { name: "steady lag", lagOf: (): number => 1, first: 1, last: 1, behind: false },
    {
      name: "lag within 2x + 5 ms",
      lagOf: (seq: number): number => seq / 2,
      first: 0.25,
      last: 4.25,
      behind: false,
    },
    { name: "lag just beyond it", lagOf: (seq: number): number => seq, first: 0.5, last: 8.5, behind: true },
    { name: "growing lag", lagOf: (seq: number): number => seq * 3, first: 1.5, last: 25.5, behind: true },
  ])("$name: behind = $behind", async ({ lagOf, first, last, behind }) => {
    const clock = new FakeClock(0);
    const writes = writeLog(10);
    const probe = new WatcherProbe(plain, clock);
    for (let seq = 0; seq < 10; seq++) await deliver(clock, probe, writes, seq, lagOf(seq));
    const outcome = analyze(probe, writes, tierOfUpdate, false);
    expect(outcome).toMatchObject({ lost: 0, firstFifthMedianMs: first, lastFifthMedianMs: last, behind });
  });

  it("calls a watcher whose stream ended early behind", () => {
    const probe = new WatcherProbe(plain, new FakeClock(0));
    probe.onLine(line("MODIFIED", 0));
    expect(analyze(probe, writeLog(1), tierOfUpdate, true)).toMatchObject({ lost: 0, behind: true });
  });

  it("waitFor resolves once the expected updates arrived", async () => {
    const clock = new FakeClock(0);
    const probe = new WatcherProbe(plain, clock);
    const done = probe.waitFor(2, 1000);
    probe.onLine(line("MODIFIED", 0));
    probe.onLine(line("MODIFIED", 1));
    await expect(done).resolves.toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  it("waitFor resolves false at the deadline", async () => {
    const clock = new FakeClock(0);
    const probe = new WatcherProbe(plain, clock);
    const done = probe.waitFor(2, 1000);
    probe.onLine(line("MODIFIED", 0));
    await clock.advance(999);
    await settle();
    let settled = false;
    void done.then(() => {
      settled = true;
    });
    await settle();
    expect(settled).toBe(false);
    await clock.advance(1);
    await expect(done).resolves.toBe(false);
  });
});
