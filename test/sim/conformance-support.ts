// One sim configured like the recorded server (admin token, the unprivileged user's token, no
// controllers) and a replayer bound to it, shared by the conformance test files.

import { type Clock, realClock } from "../../src/runtime/clock.js";
import { type Sim, startSim } from "../../src/sim/index.js";
import { type FixtureCase, loadCases } from "./fixture-cases.js";
import { Replayer } from "./fixture-replay.js";
import type { SimFacts } from "./known-differences.js";

export const ADMIN_TOKEN = "fixture-admin-token";
export const USER_TOKEN = "fixture-realkube-user-token";

export interface Conformance {
  readonly sim: Sim;
  readonly replayer: Replayer;
  readonly facts: SimFacts;
}

/**
 * Cases before which the recorder's wall clock had moved to a later second. kube sorts
 * managedFields by time in whole seconds, so the recorded orders tell: 093–099 fell in one second
 * (099 lists other-controller's entry, written last, before svcmirror's), so did 214–226 (226 lists
 * the main entry, rewritten last, before the status entry of 218), and a second had passed by 230
 * (which lists the status entry of 218 before the main entry it rewrites). No other recorded order
 * depends on it.
 */
const RECORDED_SECOND_BOUNDARIES: ReadonlySet<number> = new Set([230]);

/**
 * The process clock for timers and durations (watch timeouts and action times stay as recorded),
 * with a wall clock that stands still within a case and moves one second where the recording did.
 * The replay runs many cases per real second, at arbitrary offsets within it; a real wall clock
 * would order equal-second entries differently from run to run.
 */
class RecordedWallClock implements Clock {
  private wallMs = Date.UTC(2026, 2, 1, 10, 0, 0);
  readonly now = realClock.now;
  readonly setTimer = realClock.setTimer;
  readonly sleep = realClock.sleep;

  wallNow(): number {
    return this.wallMs;
  }

  enterCase(caseNumber: number): void {
    if (RECORDED_SECOND_BOUNDARIES.has(caseNumber)) this.wallMs += 1000;
  }

  /** Waits (in real time) until the monotonic clock is `offsetMs` into a second. */
  async intoSecond(offsetMs: number): Promise<void> {
    const waitMs = (offsetMs - (this.now() % 1000) + 1000) % 1000;
    await new Promise((r) => setTimeout(r, waitMs));
  }
}

/** The sim ticks bookmarks half-way through each second of its clock (see src/sim/server/bookmark-timing.ts). */
const BOOKMARK_TICK_PHASE = 0.5;

export async function startRecordedLikeSim(): Promise<Conformance> {
  const clock = new RecordedWallClock();
  const sim = await startSim({
    token: ADMIN_TOKEN,
    userToken: USER_TOKEN,
    namespaceController: false,
    clock,
    random: () => BOOKMARK_TICK_PHASE,
  });
  const replayer = new Replayer({
    url: sim.url,
    adminToken: ADMIN_TOKEN,
    userToken: USER_TOKEN,
    compactStorage: () => sim.storage.compact(),
    enterCase: (n) => clock.enterCase(n),
    intoSecond: (offsetMs) => clock.intoSecond(offsetMs),
  });
  return { sim, replayer, facts: { port: Number(new URL(sim.url).port) } };
}

export const ALL_CASES: readonly FixtureCase[] = loadCases();

/** The watch and resourceVersion group (236–268), which the other cases do not depend on. */
export function inWatchGroup(c: FixtureCase): boolean {
  return c.number >= 236 && c.number <= 268;
}
