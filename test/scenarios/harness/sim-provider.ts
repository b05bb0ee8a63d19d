// The default provider: two sims in this process, each over TLS with a bearer token (and a user
// without permissions for 403 cases). The remote's admin kubeconfig has the CA and token inline, so it
// is exactly what a user would put into the credentials Secret.

import { startSim } from "../../../src/sim/index.js";
import { clusterFromKubeconfig } from "./clusters.js";
import type { ClusterPair, Provider } from "./provider.js";

export const SIM_TOKEN = "e2e-admin-token";
export const SIM_USER_TOKEN = "e2e-user-token";

export const simProvider: Provider = {
  name: "sim",
  unavailableReason: async (): Promise<string | undefined> => undefined,
  async start(): Promise<ClusterPair> {
    const opts = { tls: true, token: SIM_TOKEN, userToken: SIM_USER_TOKEN };
    const [local, remote] = await Promise.all([startSim(opts), startSim(opts)]);
    return {
      provider: "sim",
      local: clusterFromKubeconfig("local", local.kubeconfig),
      remote: clusterFromKubeconfig("remote", remote.kubeconfig),
      remoteKubeconfigForSecret: remote.kubeconfig,
      allowInsecureRemote: false,
      sims: { local, remote },
      async cleanup(): Promise<void> {
        await Promise.all([local.stop(), remote.stop()]);
      },
    };
  },
};
