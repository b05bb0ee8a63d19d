// Cluster operations the scenarios and link tests perform as a user or a remote cluster would:
// apply the Link CRD and Links (server-side apply, apply.ts), write credentials Secrets, create remote
// Services and the EndpointSlices the EndpointSlice controller would create, and read a Link's
// conditions.

import { readFileSync } from "node:fs";
import {
  ApiextensionsV1Api,
  type KubernetesObject,
  PatchStrategy,
  setHeaderOptions,
} from "@kubernetes/client-node";
import { parse } from "yaml";
import { classifyKubeError } from "../../../src/kube/errors.js";
import { ConditionType, Reason } from "../../../src/link/conditions.js";
import { CREDENTIALS_SECRET_TYPE, KUBECONFIG_KEY } from "../../../src/link/credentials.js";
import type { LinkCondition, LinkStatus } from "../../../src/link/schema.js";
import { serverSideApply } from "./apply.js";
import type { ClusterHandle } from "./provider.js";
import { eventually } from "./wait.js";

const CRD_PATH = new URL("../../../manifests/crd-link.yaml", import.meta.url);

export function linkCrd(): KubernetesObject & { spec: object } {
  return parse(readFileSync(CRD_PATH, "utf8")) as KubernetesObject & { spec: object };
}

/** Server-side applies manifests/crd-link.yaml and waits until Links are served. */
export async function applyLinkCrd(cluster: ClusterHandle): Promise<KubernetesObject> {
  const applied = await serverSideApply(
    cluster,
    "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/links.svcmirror.io",
    linkCrd(),
  );
  const crds = cluster.kubeConfig.makeApiClient(ApiextensionsV1Api);
  await eventually(async () => {
    const crd = await crds.readCustomResourceDefinition({ name: "links.svcmirror.io" });
    return crd.status?.conditions?.some((c) => c.type === "Established" && c.status === "True") ?? false;
  }, "the Link CRD to be Established");
  return applied;
}

export async function ensureNamespace(cluster: ClusterHandle, name: string): Promise<void> {
  try {
    await cluster.clients.core.createNamespace({ body: { metadata: { name } } });
  } catch (err) {
    if (classifyKubeError(err).kind !== "alreadyExists") throw err;
  }
}

export async function deleteNamespace(cluster: ClusterHandle, name: string): Promise<void> {
  try {
    await cluster.clients.core.deleteNamespace({ name });
  } catch (err) {
    if (classifyKubeError(err).kind !== "notFound") throw err;
  }
}

export interface SecretShape {
  type?: string;
  /** Data key; default `kubeconfig`. */
  key?: string;
}

/** Creates or replaces the credentials Secret holding `kubeconfig`. */
export async function putCredentialsSecret(
  cluster: ClusterHandle,
  namespace: string,
  name: string,
  kubeconfig: string,
  shape: SecretShape = {},
): Promise<void> {
  const body = {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name, namespace },
    type: shape.type ?? CREDENTIALS_SECRET_TYPE,
    data: { [shape.key ?? KUBECONFIG_KEY]: Buffer.from(kubeconfig).toString("base64") },
  };
  try {
    await cluster.clients.core.createNamespacedSecret({ namespace, body });
  } catch (err) {
    if (classifyKubeError(err).kind !== "alreadyExists") throw err;
    // The type of a Secret is immutable: a different type means a new Secret.
    const existing = await cluster.clients.core.readNamespacedSecret({ namespace, name });
    if (existing.type !== body.type) {
      await cluster.clients.core.deleteNamespacedSecret({ namespace, name });
      await cluster.clients.core.createNamespacedSecret({ namespace, body });
      return;
    }
    await cluster.clients.core.replaceNamespacedSecret({ namespace, name, body });
  }
}

export async function deleteSecret(cluster: ClusterHandle, namespace: string, name: string): Promise<void> {
  await cluster.clients.core.deleteNamespacedSecret({ namespace, name });
}

/** Server-side applies a Link with `spec` (fields not given are removed from our manager's set). */
export async function applyLink(
  cluster: ClusterHandle,
  namespace: string,
  name: string,
  spec: Record<string, unknown>,
  labels: Record<string, string> = {},
): Promise<KubernetesObject> {
  return serverSideApply(cluster, `/apis/svcmirror.io/v1alpha1/namespaces/${namespace}/links/${name}`, {
    apiVersion: "svcmirror.io/v1alpha1",
    kind: "Link",
    metadata: { name, namespace, labels },
    spec,
  } as KubernetesObject);
}

export interface LinkRead {
  metadata: { generation?: number; resourceVersion?: string; uid?: string };
  status?: LinkStatus;
}

export async function readLink(
  cluster: ClusterHandle,
  namespace: string,
  name: string,
): Promise<LinkRead | undefined> {
  try {
    return (await cluster.clients.custom.getNamespacedCustomObject({
      group: "svcmirror.io",
      version: "v1alpha1",
      plural: "links",
      namespace,
      name,
    })) as LinkRead;
  } catch (err) {
    if (classifyKubeError(err).kind === "notFound") return undefined;
    throw err;
  }
}

export async function deleteLink(cluster: ClusterHandle, namespace: string, name: string): Promise<void> {
  await cluster.clients.custom.deleteNamespacedCustomObject({
    group: "svcmirror.io",
    version: "v1alpha1",
    plural: "links",
    namespace,
    name,
  });
}

export function conditionOf(link: LinkRead | undefined, type: string): LinkCondition | undefined {
  return link?.status?.conditions?.find((c) => c.type === type);
}

/** The condition of a Link whose remote connection is up. */
export const CONNECTED = { type: ConditionType.RemoteReachable, status: "True", reason: Reason.Connected };

/** Waits until the Link's condition `type` has `status` and `reason`; returns it. */
export async function awaitCondition(
  cluster: ClusterHandle,
  namespace: string,
  name: string,
  want: { type: string; status: string; reason: string },
  timeoutMs = 10_000,
): Promise<LinkCondition> {
  let seen: LinkCondition | undefined;
  await eventually(
    async () => {
      seen = conditionOf(await readLink(cluster, namespace, name), want.type);
      return seen?.status === want.status && seen.reason === want.reason;
    },
    () => `${want.type}=${want.status}/${want.reason}; last seen ${JSON.stringify(seen)}`,
    timeoutMs,
  );
  return seen as LinkCondition;
}

/** A remote Service with one TCP port, as a user exports it. */
export async function createRemoteService(
  cluster: ClusterHandle,
  namespace: string,
  name: string,
  labels: Record<string, string>,
): Promise<void> {
  await cluster.clients.core.createNamespacedService({
    namespace,
    body: { metadata: { name, labels }, spec: { ports: [{ name: "http", port: 80, protocol: "TCP" }] } },
  });
}

export async function labelRemoteService(
  cluster: ClusterHandle,
  namespace: string,
  name: string,
  labels: Record<string, string | null>,
): Promise<void> {
  await cluster.clients.core.patchNamespacedService(
    { namespace, name, body: { metadata: { labels } } },
    setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
  );
}

/** The EndpointSlice the EndpointSlice controller would make for `service` (scenarios run none). */
export async function createRemoteEndpointSlice(
  cluster: ClusterHandle,
  namespace: string,
  service: string,
  addresses: readonly string[],
): Promise<void> {
  await cluster.clients.discovery.createNamespacedEndpointSlice({
    namespace,
    body: {
      metadata: {
        name: `${service}-abcde`,
        labels: {
          "kubernetes.io/service-name": service,
          "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
        },
      },
      addressType: "IPv4",
      endpoints: addresses.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
      ports: [{ name: "http", port: 8080, protocol: "TCP" }],
    },
  });
}
