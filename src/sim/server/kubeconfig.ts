// Kubeconfig documents pointing at a running sim, for one user each (admin or the unprivileged user).
// Plain-HTTP servers need `insecure-skip-tls-verify: true`, because @kubernetes/client-node 1.x refuses
// http:// clusters otherwise; HTTPS servers carry the sim's CA as certificate-authority-data.

import { stringify } from "yaml";

export interface KubeconfigOptions {
  /** Base URL of the server, e.g. `https://127.0.0.1:6443`. */
  readonly server: string;
  /** PEM of the serving CA; omitted for plain HTTP. */
  readonly caPem?: string;
  /** Bearer token of the user; omitted when the sim runs without authentication. */
  readonly token?: string;
  /** Names the cluster, user and context (`sim` by default). */
  readonly name?: string;
  readonly userName?: string;
  readonly namespace?: string;
}

export function buildKubeconfig(opts: KubeconfigOptions): string {
  const name = opts.name ?? "sim";
  const userName = opts.userName ?? `${name}-admin`;
  const cluster: Record<string, unknown> = { server: opts.server };
  if (opts.caPem !== undefined) {
    cluster["certificate-authority-data"] = Buffer.from(opts.caPem).toString("base64");
  } else {
    cluster["insecure-skip-tls-verify"] = true;
  }
  const user: Record<string, unknown> = {};
  if (opts.token !== undefined) user.token = opts.token;
  const context: Record<string, unknown> = { cluster: name, user: userName };
  if (opts.namespace !== undefined) context.namespace = opts.namespace;
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name, cluster }],
    users: [{ name: userName, user }],
    contexts: [{ name, context }],
    "current-context": name,
    preferences: {},
  });
}
