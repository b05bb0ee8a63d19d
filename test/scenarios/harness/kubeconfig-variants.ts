// Variants of a sim's kubeconfig for the credential tests: each changes one thing about the cluster
// or the user, the way a hand-written or tool-generated kubeconfig would.

import { parse, stringify } from "yaml";

type Entry = Record<string, unknown>;

interface KubeconfigDoc {
  clusters: { name: string; cluster: Entry }[];
  users: { name: string; user: Entry }[];
  [key: string]: unknown;
}

export function variant(kubeconfig: string, change: (cluster: Entry, user: Entry) => void): string {
  const doc = parse(kubeconfig) as KubeconfigDoc;
  const cluster = doc.clusters[0]?.cluster;
  const user = doc.users[0]?.user;
  if (cluster === undefined || user === undefined) throw new Error("kubeconfig has no cluster or user");
  change(cluster, user);
  return stringify(doc);
}

export const withToken = (kubeconfig: string, token: string): string =>
  variant(kubeconfig, (_cluster, user) => {
    user.token = token;
  });

export const withServer = (kubeconfig: string, server: string): string =>
  variant(kubeconfig, (cluster) => {
    cluster.server = server;
  });

export const withExec = (kubeconfig: string): string =>
  variant(kubeconfig, (_cluster, user) => {
    delete user.token;
    user.exec = { apiVersion: "client.authentication.k8s.io/v1", command: "/bin/sh", args: ["-c", "id"] };
  });

export const withTokenFile = (kubeconfig: string): string =>
  variant(kubeconfig, (_cluster, user) => {
    delete user.token;
    user["token-file"] = "/var/run/secrets/kubernetes.io/serviceaccount/token";
  });

/** The CA dropped and verification turned off, as `--insecure-skip-tls-verify` kubeconfigs look. */
export const withInsecureSkipVerify = (kubeconfig: string): string =>
  variant(kubeconfig, (cluster) => {
    delete cluster["certificate-authority-data"];
    cluster["insecure-skip-tls-verify"] = true;
  });
