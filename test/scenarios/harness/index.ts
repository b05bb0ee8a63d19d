// Entry point of the scenario harness: resolves the provider named by SVCMIRROR_E2E_PROVIDER
// (default `sim`) and says up front whether it can run here, so a suite can skip with the reason in
// its title instead of failing.

import { k3sProvider } from "./k3s-provider.js";
import { kubeconfigsProvider } from "./kubeconfigs-provider.js";
import { type Provider, providerName } from "./provider.js";
import { simProvider } from "./sim-provider.js";

export type { ClusterHandle, ClusterPair, Provider, ProviderName } from "./provider.js";

export interface ResolvedProvider {
  readonly provider: Provider;
  /** Set when the suite must be skipped here. */
  readonly skipReason?: string;
  /** For describe(): the provider, and the skip reason when there is one. */
  readonly label: string;
}

export async function resolveProvider(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<ResolvedProvider> {
  const name = providerName(env);
  const provider =
    name === "sim" ? simProvider : name === "k3s" ? k3sProvider(env) : kubeconfigsProvider(env);
  const skipReason = await provider.unavailableReason();
  return skipReason === undefined
    ? { provider, label: `provider ${name}` }
    : { provider, skipReason, label: `provider ${name} — skipped: ${skipReason}` };
}
