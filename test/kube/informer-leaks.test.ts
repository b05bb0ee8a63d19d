// Starting and stopping informers over and over (what leadership changes and Secret rotations do)
// must leave no socket, timer or listener behind — whether stopped while watching, while retrying
// against a refused network, or while a request hangs on a stalled connection.

import { getEventListeners } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeObjectLike } from "../../src/kube/cache.js";
import type { KubeClients } from "../../src/kube/client.js";
import { createInformer } from "../../src/kube/informer.js";
import { SERVICES } from "../../src/kube/listwatch.js";
import { type Sim, startSim } from "../../src/sim/index.js";
import { grownResources, resourceCounts } from "../support/leaks.js";
import { TcpProxy } from "../support/tcp-proxy.js";
import {
  clientsFor,
  createNamespace,
  createService,
  eventually,
  fastInformerOptions,
  TOKEN,
} from "./sim-helpers.js";

let sim: Sim;
let writer: KubeClients;
let proxy: TcpProxy;
let viaProxy: KubeClients;

beforeAll(async () => {
  sim = await startSim({ tls: true, token: TOKEN });
  writer = clientsFor(sim.kubeconfig);
  proxy = await TcpProxy.start(sim.url);
  viaProxy = clientsFor(proxy.rewrite(sim.kubeconfig, sim.url));
  await createNamespace(writer, "leak");
  for (let i = 0; i < 5; i++) await createService(writer, "leak", `s${i}`);
});

afterAll(async () => {
  await proxy.close();
  await sim.stop();
});

/**
 * One informer lifetime; `phase` decides what it is doing when it is stopped. It runs under the
 * long-lived `leader` signal and is stopped by stop(), or under a signal of its own that aborts.
 */
async function cycle(
  leader: AbortSignal,
  phase: "watching" | "refused" | "stalled",
  byAbort: boolean,
): Promise<void> {
  const own = new AbortController();
  const informer = createInformer<KubeObjectLike>(
    phase === "watching" ? writer : viaProxy,
    SERVICES,
    { namespace: "leak" },
    fastInformerOptions(),
  );
  informer.onEvent(() => {});
  informer.onStatusChange(() => {});
  informer.start(byAbort ? own.signal : leader);
  if (phase === "watching") {
    await informer.waitForSync();
    await eventually(() => informer.status().watches === 1, "the watch to open");
  } else if (phase === "refused") {
    await eventually(() => informer.status().restarts >= 2, "two refused attempts");
  } else {
    await eventually(() => proxy.connections > 0, "a stalled connection");
  }
  if (byAbort) own.abort();
  await informer.stop();
}

describe("Informer start/stop cycles", () => {
  it("leave no open sockets, timers or listeners after 50 cycles", async () => {
    const leader = new AbortController();
    await cycle(leader.signal, "watching", false);
    await eventually(() => sim.faults.dropWatches({}) === 0 && proxy.connections === 0, "a quiet start");
    const before = resourceCounts();

    for (let i = 0; i < 30; i++) await cycle(leader.signal, "watching", i % 2 === 0);
    proxy.setMode("reset");
    for (let i = 0; i < 10; i++) await cycle(leader.signal, "refused", i % 2 === 0);
    proxy.setMode("stall");
    for (let i = 0; i < 10; i++) await cycle(leader.signal, "stalled", i % 2 === 0);
    proxy.setMode("pass");

    await eventually(
      () => grownResources(before).length === 0,
      () => `resources to settle: ${grownResources(before).join(", ")}`,
    );
    expect(getEventListeners(leader.signal, "abort")).toHaveLength(0);
    expect(proxy.connections).toBe(0);
    expect(sim.faults.dropWatches({})).toBe(0);
  });
});
