// The watch and resourceVersion group (236–268): watches that run while writes happen, with their
// recorded timeouts and action times. Its two halves run at the same time on two sims, so the
// waiting overlaps: 236–244 on one, and on the other the writes of 236–244 alone (the state they
// leave) followed by 245–268 (cross-namespace lists, the watch-cache window, compaction, future
// resourceVersions). Each sim first gets the state the cases before 236 leave.

import { afterAll, beforeAll, describe, it } from "vitest";
import { ALL_CASES, type Conformance, startRecordedLikeSim } from "./conformance-support.js";
import type { FixtureCase } from "./fixture-cases.js";
import type { Outcome } from "./fixture-replay.js";
import { expectedFor, judge } from "./known-differences.js";

const firstHalf = ALL_CASES.filter((c) => c.number >= 236 && c.number <= 244);
const secondHalf = ALL_CASES.filter((c) => c.number >= 245 && c.number <= 268);

/** Replays `cases` in order on a fresh sim after `setup`; each case's outcome resolves as soon as it is known. */
function replayInOrder(
  setup: readonly FixtureCase[],
  cases: readonly FixtureCase[],
  sims: Conformance[],
): Map<string, Promise<Outcome>> {
  const resolvers = new Map<string, { resolve: (o: Outcome) => void; reject: (e: unknown) => void }>();
  const outcomes = new Map<string, Promise<Outcome>>();
  for (const c of cases) {
    outcomes.set(c.name, new Promise((resolve, reject) => resolvers.set(c.name, { resolve, reject })));
  }
  const run = async (): Promise<void> => {
    const env = await startRecordedLikeSim();
    sims.push(env);
    for (const c of setup) await env.replayer.setUp(c);
    for (const c of cases)
      resolvers.get(c.name)?.resolve(await env.replayer.run(c, expectedFor(c, env.facts)));
  };
  run().catch((err: unknown) => {
    for (const r of resolvers.values()) r.reject(err);
  });
  return outcomes;
}

describe("the sim answers the recorded watch cases like kube-apiserver v1.28", () => {
  const sims: Conformance[] = [];
  let outcomes = new Map<string, Promise<Outcome>>();
  let exact = 0;

  beforeAll(() => {
    const before = ALL_CASES.filter((c) => c.number < 236);
    outcomes = new Map([
      ...replayInOrder(before, firstHalf, sims),
      ...replayInOrder([...before, ...firstHalf], secondHalf, sims),
    ]);
  });

  afterAll(async () => {
    await Promise.all(sims.map((env) => env.sim.stop()));
    const total = firstHalf.length + secondHalf.length;
    console.info(`fixture conformance (watch group): ${exact} of ${total} answered exactly alike`);
  });

  for (const c of [...firstHalf, ...secondHalf]) {
    it(c.name, async () => {
      const outcome = outcomes.get(c.name);
      if (!outcome) throw new Error(`no replay scheduled for ${c.name}`);
      if (judge(c, await outcome)) exact += 1;
    });
  }
});
