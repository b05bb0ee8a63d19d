// Starting and stopping a link's connection over and over — 30 Secret rotations under one controller,
// then 10 leadership terms each running a controller to Connected and stopping it — must leave no
// socket, timer, watch or listener behind: process.getActiveResourcesInfo() returns to its level,
// the sims see no open watch, and the leadership signal has no listener left.

import { getEventListeners } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coreEventSink, EventRecorder } from "../../src/kube/events.js";
import { LinkController } from "../../src/link/controller.js";
import { realClock } from "../../src/runtime/clock.js";
import type { ClusterPair } from "../scenarios/harness/index.js";
import {
  applyLink,
  applyLinkCrd,
  awaitCondition,
  CONNECTED,
  createRemoteEndpointSlice,
  createRemoteService,
  ensureNamespace,
  putCredentialsSecret,
} from "../scenarios/harness/kube.js";
import { simProvider } from "../scenarios/harness/sim-provider.js";
import { eventually } from "../scenarios/harness/wait.js";
import { grownResources, resourceCounts } from "../support/leaks.js";
import { captureLog, controllerOptions, linkNames } from "./support.js";

let pair: ClusterPair;
const names = linkNames();

beforeAll(async () => {
  pair = await simProvider.start();
  await applyLinkCrd(pair.local);
  await ensureNamespace(pair.local, names.namespace);
  await ensureNamespace(pair.remote, "app");
  for (const name of ["a", "b", "c"]) {
    await createRemoteService(pair.remote, "app", name, { "svcmirror.io/exported": "remote-discovery" });
    await createRemoteEndpointSlice(pair.remote, "app", name, ["10.1.0.1"]);
  }
  await putCredentialsSecret(pair.local, names.namespace, names.secret, pair.remoteKubeconfigForSecret);
  await applyLink(pair.local, names.namespace, names.link, {
    targetClusterName: "east",
    clusterCredentialsSecret: names.secret,
  });
});

afterAll(async () => {
  await pair.cleanup();
});

function openWatches(): number {
  // Dropping every open watch is how the sim counts them; an idle system has none to drop.
  return (pair.sims?.local.faults.dropWatches({}) ?? 0) + (pair.sims?.remote.faults.dropWatches({}) ?? 0);
}

function newController(leader: AbortSignal): { controller: LinkController; running: Promise<void> } {
  const log = captureLog();
  const events = new EventRecorder({ sink: coreEventSink(pair.local.clients.core), log: log.logger });
  const controller = new LinkController(
    {
      clients: pair.local.clients,
      clock: realClock,
      log: log.logger,
      events,
      canWrite: () => !leader.aborted,
    },
    controllerOptions(names),
  );
  return { controller, running: controller.run(leader) };
}

/** Every informer of the newest connection has its watch open (the steady state of a connection). */
function watching(controller: LinkController): boolean {
  const informers = Object.values(controller.remote.state().connection?.informers ?? {});
  return informers.length > 0 && informers.every((status) => status.connected && status.watches >= 1);
}

/** The same cluster and user under other names: a new fingerprint, so a new connection. */
function rotated(i: number): string {
  return pair.remoteKubeconfigForSecret.replaceAll("sim-admin", `admin-${i}`);
}

describe("link connection lifecycle", () => {
  it("leaves nothing behind after 30 rotations and 10 leadership terms", async () => {
    const baseline = resourceCounts();

    const term = new AbortController();
    const { controller, running } = newController(term.signal);
    let steady = new Map<string, number>();
    await eventually(() => controller.remote.state().synced, "the first connection to sync");
    for (let i = 1; i <= 30; i++) {
      await putCredentialsSecret(pair.local, names.namespace, names.secret, rotated(i));
      await eventually(
        () => controller.stats().connectionsStarted === i + 1 && !controller.remote.state().frozen,
        () => `rotation ${i}: ${JSON.stringify(controller.remote.state())}`,
      );
      if (i === 5) {
        await eventually(() => watching(controller), "the connection's watches to open");
        steady = resourceCounts();
      }
    }
    expect(controller.remote.serviceKeys().sort()).toEqual(["app/a", "app/b", "app/c"]);
    // While running, 25 more rotations leave one connection's worth of resources, not 25.
    await eventually(
      () => grownResources(steady).length === 0,
      () => `no growth from rotation 5 to 30: ${grownResources(steady).join(", ")}`,
    );
    term.abort();
    await running;
    expect(getEventListeners(term.signal, "abort")).toHaveLength(0);

    for (let i = 0; i < 10; i++) {
      const lead = new AbortController();
      const next = newController(lead.signal);
      await awaitCondition(pair.local, names.namespace, names.link, CONNECTED);
      await eventually(() => next.controller.remote.state().synced, "the term's connection to sync");
      lead.abort();
      await next.running;
      expect(getEventListeners(lead.signal, "abort")).toHaveLength(0);
    }

    await eventually(
      () => grownResources(baseline).length === 0,
      () => `resources to settle: ${grownResources(baseline).join(", ")}`,
    );
    expect(openWatches()).toBe(0);
  });
});
