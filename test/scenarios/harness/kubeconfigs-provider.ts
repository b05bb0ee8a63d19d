// Any two real clusters, named by SVCMIRROR_E2E_KUBECONFIGS=local.kubeconfig,remote.kubeconfig. The
// remote file goes into the credentials Secret as it is, so it must pass svcmirror's gate: inline
// credentials only (a token or client certificate data, CA data) — `kubectl config view --raw
// --minify --flatten` with a service-account token produces one. A refusal is reported up front.

import { readFileSync } from "node:fs";
import { admitKubeconfig } from "../../../src/link/kubeconfig.js";
import { clusterFromKubeconfig } from "./clusters.js";
import type { ClusterPair, Provider } from "./provider.js";

function files(env: Readonly<Record<string, string | undefined>>): [string, string] | undefined {
  const parts = (env.SVCMIRROR_E2E_KUBECONFIGS ?? "").split(",").map((p) => p.trim());
  const [local, remote] = parts;
  return parts.length === 2 && local && remote ? [local, remote] : undefined;
}

export function kubeconfigsProvider(env: Readonly<Record<string, string | undefined>>): Provider {
  return {
    name: "kubeconfigs",
    async unavailableReason(): Promise<string | undefined> {
      return files(env) === undefined
        ? "SVCMIRROR_E2E_KUBECONFIGS must be local.kubeconfig,remote.kubeconfig"
        : undefined;
    },
    async start(): Promise<ClusterPair> {
      const paths = files(env);
      if (paths === undefined)
        throw new Error("SVCMIRROR_E2E_KUBECONFIGS must be local.kubeconfig,remote.kubeconfig");
      const [localText, remoteText] = paths.map((path) => readFileSync(path, "utf8")) as [string, string];
      const admission = admitKubeconfig(remoteText, { allowInsecure: true });
      if (!admission.ok) {
        throw new Error(
          `${paths[1]} cannot be used as the credentials Secret (${admission.reason}: ${admission.message}); ` +
            "flatten it with inline credentials, e.g. kubectl config view --raw --minify --flatten",
        );
      }
      return {
        provider: "kubeconfigs",
        local: clusterFromKubeconfig("local", localText),
        remote: clusterFromKubeconfig("remote", remoteText),
        remoteKubeconfigForSecret: remoteText,
        allowInsecureRemote: admission.insecure,
        cleanup: async (): Promise<void> => {},
      };
    },
  };
}
