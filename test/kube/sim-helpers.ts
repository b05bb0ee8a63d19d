// Shared set-up for the tests that run against the sim over TLS with a bearer token: clients, a
// namespace per test, Service fixtures, and `eventually` — a condition awaited with a deadline.

import { KubeConfig, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import pino from "pino";
import type { KubeObjectLike } from "../../src/kube/cache.js";
import { createKubeClients, type KubeClients } from "../../src/kube/client.js";
import type { InformerOptions } from "../../src/kube/informer.js";
import * as wait from "../scenarios/harness/wait.js";

export const TOKEN = "kube-test-token";
export const silentLog = pino({ level: "silent" });

export function clientsFor(kubeconfig: string, opts: { qps?: number; burst?: number } = {}): KubeClients {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfig);
  return createKubeClients(kc, { version: "0.0.0-test", qps: opts.qps ?? 1000, burst: opts.burst ?? 1000 });
}

/** Fast retries and a short stale threshold, so failure paths finish in well under a second. */
export function fastInformerOptions<T>(extra: Partial<InformerOptions<T>> = {}): InformerOptions<T> {
  return {
    log: silentLog,
    backoff: { initialMs: 20, maxMs: 200 },
    watchTimeoutSeconds: { min: 30, max: 30 },
    idleTimeoutMs: 31_000,
    staleAfterMs: 300,
    ...extra,
  };
}

export async function createNamespace(clients: KubeClients, name: string): Promise<void> {
  await clients.core.createNamespace({ body: { metadata: { name } } });
}

export async function createService(
  clients: KubeClients,
  namespace: string,
  name: string,
  labels: Record<string, string> = {},
): Promise<void> {
  await clients.core.createNamespacedService({
    namespace,
    body: { metadata: { name, labels }, spec: { ports: [{ port: 80 }] } },
  });
}

export async function labelService(
  clients: KubeClients,
  namespace: string,
  name: string,
  labels: Record<string, string | null>,
): Promise<void> {
  await clients.core.patchNamespacedService(
    { namespace, name, body: { metadata: { labels } } },
    setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
  );
}

export async function deleteService(clients: KubeClients, namespace: string, name: string): Promise<void> {
  await clients.core.deleteNamespacedService({ namespace, name });
}

/** The scenarios' `eventually`, with the shorter deadline these single-sim tests keep to (5 s). */
export function eventually(
  condition: () => boolean,
  what: string | (() => string),
  timeoutMs = 5_000,
): Promise<void> {
  return wait.eventually(condition, what, timeoutMs);
}

export function names(objects: readonly KubeObjectLike[]): string[] {
  return objects.map((o) => o.metadata?.name ?? "").sort();
}
