// Building a ClusterHandle from kubeconfig text, shared by every provider.

import { KubeConfig } from "@kubernetes/client-node";
import { createKubeClients } from "../../../src/kube/client.js";
import type { ClusterHandle } from "./provider.js";

export function clusterFromKubeconfig(name: string, kubeconfig: string): ClusterHandle {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(kubeconfig);
  return {
    name,
    kubeConfig,
    clients: createKubeClients(kubeConfig, { version: "0.0.0-e2e", qps: 1000, burst: 1000 }),
  };
}
