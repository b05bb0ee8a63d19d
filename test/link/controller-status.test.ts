// The Link's status as the controller writes it: an invalid spec is reported once per generation
// (condition, Event, log line) and never retried in between; writes are batched to about one a
// second and only when something changed; and the controller's own status writes — or anyone
// else's — never restart the connection or re-read the spec.

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConditionType, Reason } from "../../src/link/conditions.js";
import type { LinkObserver } from "../../src/link/metrics.js";
import type { LinkProblem } from "../../src/link/schema.js";
import type { StatusWriteOutcome } from "../../src/link/status-writer.js";
import type { ClusterPair } from "../scenarios/harness/index.js";
import { applyLink, awaitCondition, CONNECTED, conditionOf, readLink } from "../scenarios/harness/kube.js";
import { eventually } from "../scenarios/harness/wait.js";
import { LinkRig, linkSpec } from "./controller-rig.js";

let rig: LinkRig;
let pair: ClusterPair;

beforeAll(async () => {
  rig = await LinkRig.start();
  pair = rig.pair;
});

afterEach(async () => {
  await rig.stopControllers();
});

afterAll(async () => {
  await pair.cleanup();
});

async function warningEvents(namespace: string, link: string, reason: string): Promise<number> {
  const events = await pair.local.clients.core.listNamespacedEvent({ namespace });
  return events.items
    .filter((e) => e.involvedObject.name === link && e.type === "Warning" && e.reason === reason)
    .reduce((sum, e) => sum + (e.count ?? 1), 0);
}

function recordingObserver(): { observer: LinkObserver; written: number[]; outcomes: StatusWriteOutcome[] } {
  const written: number[] = [];
  const outcomes: StatusWriteOutcome[] = [];
  return {
    written,
    outcomes,
    observer: {
      condition: (): void => {},
      connectionStarted: (): void => {},
      remoteObjects: (): void => {},
      statusWrite: (outcome): void => {
        outcomes.push(outcome);
        if (outcome === "written") written.push(Date.now());
      },
    },
  };
}

describe("invalid Link", () => {
  it("reports InvalidSpec once per generation and connects once the spec is fixed", async () => {
    const invalid = { gatewayAddress: "192.0.2.1" };
    const { names, r } = await rig.startLink({ spec: invalid });
    const spec = linkSpec(names, invalid);

    const ready = await awaitCondition(pair.local, names.namespace, names.link, {
      type: ConditionType.Ready,
      status: "False",
      reason: Reason.InvalidSpec,
    });
    expect(ready.message).toBe("spec.gatewayPort: Required value: required when gatewayAddress is set");
    const link = await readLink(pair.local, names.namespace, names.link);
    expect(conditionOf(link, ConditionType.RemoteReachable)).toMatchObject({
      status: "Unknown",
      reason: Reason.InvalidSpec,
    });
    expect(link?.status?.mode).toBeUndefined();
    expect(link?.status?.observedGeneration).toBe(1);
    await eventually(
      async () => (await warningEvents(names.namespace, names.link, Reason.InvalidSpec)) === 1,
      "one InvalidSpec Warning Event",
    );
    expect(
      r.log.lines.some((l) => l.includes("Link spec is invalid") && l.includes("spec.gatewayPort")),
    ).toBe(true);
    expect(r.controller.stats()).toEqual({ specLoads: 1, connectionsStarted: 0 });

    // A metadata-only change keeps the generation: nothing is re-read, reported or retried.
    const relabelled = await applyLink(pair.local, names.namespace, names.link, spec, { team: "blue" });
    await eventually(
      () =>
        r.controller.local.link.get(names.namespace, names.link)?.metadata?.resourceVersion ===
        relabelled.metadata?.resourceVersion,
      "the relabelled Link to be seen",
    );
    expect(r.controller.stats()).toEqual({ specLoads: 1, connectionsStarted: 0 });
    expect(await warningEvents(names.namespace, names.link, Reason.InvalidSpec)).toBe(1);

    await applyLink(
      pair.local,
      names.namespace,
      names.link,
      { ...spec, gatewayPort: 4143 },
      { team: "blue" },
    );
    await awaitCondition(pair.local, names.namespace, names.link, CONNECTED);
    const fixed = await readLink(pair.local, names.namespace, names.link);
    expect(fixed?.status).toMatchObject({ observedGeneration: 2, mode: "gateway+flat" });
    expect(conditionOf(fixed, ConditionType.Ready)?.observedGeneration).toBe(2);
    expect(r.controller.stats()).toEqual({ specLoads: 2, connectionsStarted: 1 });
  });

  it("waits for a Link that does not exist yet", async () => {
    const { names, r } = await rig.startLink({ spec: null });
    await eventually(() => r.log.lines.some((l) => l.includes("Link not found")), "the not-found log line");
    expect(r.controller.status()).toMatchObject({ found: false });
    await applyLink(pair.local, names.namespace, names.link, linkSpec(names));
    await awaitCondition(pair.local, names.namespace, names.link, CONNECTED);
  });
});

describe("status writes", () => {
  it("are batched to about one a second, bounded, and never restart anything", async () => {
    const recorded = recordingObserver();
    const { names, r } = await rig.startLink({ statusIntervalMs: 1_000, observer: recorded.observer });
    let linkEvents = 0;
    r.controller.local.link.onEvent(() => linkEvents++);
    await awaitCondition(pair.local, names.namespace, names.link, CONNECTED);

    const startedMs = Date.now();
    for (let i = 0; i < 120; i++) {
      const problem: LinkProblem = {
        service: `svc-${String(i).padStart(3, "0")}`,
        namespace: "app",
        reason: "name-too-long",
        message: "mirror name would exceed 63 characters",
      };
      r.controller.setProblems(`app/svc-${i}`, [problem]);
      if (i % 40 === 39) await new Promise((resolve) => setTimeout(resolve, 400));
    }
    await eventually(
      async () => (await readLink(pair.local, names.namespace, names.link))?.status?.omittedProblems === 20,
      "the bounded problems list",
    );
    const elapsedMs = Date.now() - startedMs;
    const link = await readLink(pair.local, names.namespace, names.link);
    expect(link?.status?.problems).toHaveLength(100);
    expect(link?.status?.problems?.[0]?.service).toBe("svc-000");

    // 120 changes in about 1.2 s: unbatched that is 120 writes; batched, about one a second.
    const during = recorded.written.filter((at) => at >= startedMs);
    expect(during.length).toBeGreaterThanOrEqual(1);
    expect(during.length).toBeLessThanOrEqual(Math.ceil(elapsedMs / 1_000) + 1);
    // Times are taken when a write completed, so response latency blurs the 1 s spacing a little.
    const gaps = during.slice(1).map((at, i) => at - (during[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(500);
    // Every write came back through the Link informer as a status-only change: none restarted anything.
    await eventually(() => linkEvents >= recorded.written.length - 1, "the informer to see the writes");
    expect(r.controller.stats()).toEqual({ specLoads: 1, connectionsStarted: 1 });
  });

  it("puts back a status someone else overwrote, without restarting", async () => {
    const { names, r } = await rig.startLink();
    await awaitCondition(pair.local, names.namespace, names.link, CONNECTED);
    const current = await readLink(pair.local, names.namespace, names.link);
    await pair.local.clients.custom.replaceNamespacedCustomObjectStatus({
      group: "svcmirror.io",
      version: "v1alpha1",
      plural: "links",
      namespace: names.namespace,
      name: names.link,
      body: { ...current, status: { mirroredServices: 7 } },
    });
    await awaitCondition(pair.local, names.namespace, names.link, CONNECTED);
    expect((await readLink(pair.local, names.namespace, names.link))?.status?.mirroredServices).toBe(0);
    expect(r.controller.stats()).toEqual({ specLoads: 1, connectionsStarted: 1 });
  });
});
