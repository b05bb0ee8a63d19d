// Replays every recorded kube-apiserver case outside the watch group against one sim, in file
// order (later cases depend on earlier ones), and compares status, Content-Type, Warning headers
// and bodies. The watch group runs in conformance-watch*.test.ts so its waiting overlaps this file.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_CASES, type Conformance, inWatchGroup, startRecordedLikeSim } from "./conformance-support.js";
import { expectedFor, judge, KNOWN_DIFFERENCES } from "./known-differences.js";

const cases = ALL_CASES.filter((c) => !inWatchGroup(c));

describe("the sim answers the recorded cases like kube-apiserver v1.28", () => {
  let env: Conformance;
  let exact = 0;

  beforeAll(async () => {
    env = await startRecordedLikeSim();
  });

  afterAll(async () => {
    await env?.sim.stop();
    console.info(`fixture conformance (non-watch cases): ${exact} of ${cases.length} answered exactly alike`);
  });

  it("lists only existing cases as known differences", () => {
    const names = new Set(ALL_CASES.map((c) => c.name));
    expect(Object.keys(KNOWN_DIFFERENCES).filter((n) => !names.has(n))).toEqual([]);
  });

  for (const c of cases) {
    it(c.name, async () => {
      if (judge(c, await env.replayer.run(c, expectedFor(c, env.facts)))) exact += 1;
    });
  }
});
