// Two k3s clusters in containers through testcontainers, where a container runtime answers. The
// k3s kubeconfig carries its client certificate, key and CA inline, so it passes the Secret gate.
// No kube-controller-manager behaviour is relied on: scenarios create remote EndpointSlices themselves.

import { K3sContainer, type StartedK3sContainer } from "@testcontainers/k3s";
import { getContainerRuntimeClient } from "testcontainers";
import { clusterFromKubeconfig } from "./clusters.js";
import type { ClusterPair, Provider } from "./provider.js";

const DEFAULT_IMAGE = "rancher/k3s:v1.28.15-k3s1";

/** Undefined when testcontainers finds a working runtime, else its reason. Takes milliseconds when none. */
export async function containerRuntimeProblem(): Promise<string | undefined> {
  try {
    await getContainerRuntimeClient();
    return undefined;
  } catch (err) {
    return `no container runtime found (${err instanceof Error ? err.message : String(err)})`;
  }
}

export function k3sProvider(env: Readonly<Record<string, string | undefined>>): Provider {
  const image = env.SVCMIRROR_E2E_K3S_IMAGE ?? DEFAULT_IMAGE;
  return {
    name: "k3s",
    unavailableReason: containerRuntimeProblem,
    async start(): Promise<ClusterPair> {
      const containers: StartedK3sContainer[] = await Promise.all([
        new K3sContainer(image).start(),
        new K3sContainer(image).start(),
      ]);
      const [local, remote] = containers as [StartedK3sContainer, StartedK3sContainer];
      return {
        provider: "k3s",
        local: clusterFromKubeconfig("local", local.getKubeConfig()),
        remote: clusterFromKubeconfig("remote", remote.getKubeConfig()),
        remoteKubeconfigForSecret: remote.getKubeConfig(),
        allowInsecureRemote: false,
        async cleanup(): Promise<void> {
          await Promise.all(containers.map((container) => container.stop()));
        },
      };
    },
  };
}
