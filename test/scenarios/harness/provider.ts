// The one interface scenarios get their two clusters from, and the choice among its providers:
// `sim` (default: two embedded API servers in this process), `kubeconfigs` (any two real clusters,
// SVCMIRROR_E2E_KUBECONFIGS=local.kubeconfig,remote.kubeconfig) and `k3s` (two k3s containers through
// testcontainers, only where a container runtime answers). SVCMIRROR_E2E_PROVIDER picks one.
// Scenarios use only what every provider offers; `sims` is there for sim-only fault injection.

import type { KubeConfig } from "@kubernetes/client-node";
import type { KubeClients } from "../../../src/kube/client.js";
import type { Sim } from "../../../src/sim/index.js";

export const PROVIDER_NAMES = ["sim", "kubeconfigs", "k3s"] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export interface ClusterHandle {
  readonly name: string;
  readonly kubeConfig: KubeConfig;
  /** Rate-limit-free clients for the scenario's own reads and writes. */
  readonly clients: KubeClients;
}

export interface ClusterPair {
  readonly provider: ProviderName;
  /** Where the Link, its Secret, the Lease and the mirrors live. */
  readonly local: ClusterHandle;
  /** The cluster whose Services are exported. */
  readonly remote: ClusterHandle;
  /** The remote's kubeconfig as the Secret holds it: inline CA and credentials only. */
  readonly remoteKubeconfigForSecret: string;
  /** The daemon must run with --allow-insecure-remote to accept remoteKubeconfigForSecret. */
  readonly allowInsecureRemote: boolean;
  /** The two sims, when the provider is `sim`. */
  readonly sims?: { readonly local: Sim; readonly remote: Sim };
  /** Stops what the provider started; objects made on real clusters are the scenario's to delete. */
  cleanup(): Promise<void>;
}

export interface Provider {
  readonly name: ProviderName;
  /** Undefined when the provider can run here; otherwise why not (the suite is skipped with it). */
  unavailableReason(): Promise<string | undefined>;
  start(): Promise<ClusterPair>;
}

export function providerName(env: Readonly<Record<string, string | undefined>>): ProviderName {
  const raw = env.SVCMIRROR_E2E_PROVIDER ?? "sim";
  const name = PROVIDER_NAMES.find((candidate) => candidate === raw);
  if (name === undefined) {
    throw new Error(
      `SVCMIRROR_E2E_PROVIDER=${JSON.stringify(raw)} is not one of ${PROVIDER_NAMES.join(", ")}`,
    );
  }
  return name;
}
