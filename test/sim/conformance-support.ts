// One sim configured like the recorded server (admin token, the unprivileged user's token, no
// controllers) and a replayer bound to it, shared by the conformance test files.

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

export async function startRecordedLikeSim(): Promise<Conformance> {
  const sim = await startSim({ token: ADMIN_TOKEN, userToken: USER_TOKEN, namespaceController: false });
  const replayer = new Replayer({
    url: sim.url,
    adminToken: ADMIN_TOKEN,
    userToken: USER_TOKEN,
    compactStorage: () => sim.storage.compact(),
  });
  return { sim, replayer, facts: { port: Number(new URL(sim.url).port) } };
}

export const ALL_CASES: readonly FixtureCase[] = loadCases();

/** The watch and resourceVersion group (236–268), which the other cases do not depend on. */
export function inWatchGroup(c: FixtureCase): boolean {
  return c.number >= 236 && c.number <= 268;
}
