// manifests/example-link.yaml: the Link passes svcmirror's own parser and, together with
// crd-link.yaml and namespace.yaml, is accepted by an API server (the sim's CRD validation) through
// @kubernetes/client-node with 201s; it names the Secret beside it, which has the credentials type and
// key the daemon reads, and holds a skeleton: refused as it is, admitted once the placeholders are
// replaced by a CA bundle and a token.

import {
  ApiextensionsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  type V1Namespace,
  type V1Secret,
} from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { Reason } from "../../src/link/conditions.js";
import { CREDENTIALS_SECRET_TYPE, KUBECONFIG_KEY, readCredentials } from "../../src/link/credentials.js";
import { parseLink } from "../../src/link/schema.js";
import { type Sim, startSim } from "../../src/sim/index.js";
import { generateServingCertificates } from "../../src/sim/server/tls.js";
import { eventually } from "../scenarios/harness/wait.js";
import { loadDeployment, runConfigInPod } from "./support/deployment.js";
import { DAEMON_NAMESPACE, findObject, loadManifest, type ManifestObject } from "./support/manifests.js";

interface LinkManifest {
  spec: { clusterCredentialsSecret: string } & Record<string, unknown>;
}

const objects = loadManifest("example-link.yaml");
const link = findObject<LinkManifest>(objects, "Link", "example");
const secret = findObject<{ type: string; stringData: Record<string, string> }>(
  objects,
  "Secret",
  link.spec.clusterCredentialsSecret,
);

/** The Secret as the API server stores it (stringData folded into base64 data). */
function stored(stringData: Record<string, string>): { type: string; data: Record<string, string> } {
  const data = Object.fromEntries(
    Object.entries(stringData).map(([key, value]) => [key, Buffer.from(value).toString("base64")]),
  );
  return { type: secret.type, data };
}

describe("the example Link", () => {
  it("is a valid Link for the Deployment's --link in its namespace", () => {
    const parsed = parseLink(link);
    expect(parsed).toMatchObject({ ok: true });
    const { container, deployment } = loadDeployment();
    const config = runConfigInPod(container, {
      name: "svcmirror-example-0",
      namespace: deployment.metadata.namespace ?? "",
    });
    expect(link.metadata.name).toBe(config.link);
    expect(link.metadata.namespace).toBe(config.namespace);
    expect(secret.metadata.namespace).toBe(config.namespace);
  });

  it("names a Secret of the credentials type with the kubeconfig key", () => {
    expect(secret.type).toBe(CREDENTIALS_SECRET_TYPE);
    expect(Object.keys(secret.stringData)).toEqual([KUBECONFIG_KEY]);
  });

  it("ships a kubeconfig skeleton that the daemon refuses as it is", () => {
    const credentials = readCredentials(
      stored(secret.stringData),
      { namespace: DAEMON_NAMESPACE, name: secret.metadata.name },
      { allowInsecure: false },
    );
    expect(credentials).toMatchObject({ ok: false, reason: Reason.KubeconfigInvalid });
  });

  it("is admitted once the placeholders hold a CA bundle and a token", () => {
    const { caPem } = generateServingCertificates(["127.0.0.1"]);
    const kubeconfig = parse(secret.stringData[KUBECONFIG_KEY] ?? "") as {
      clusters: { cluster: Record<string, unknown> }[];
      users: { user: Record<string, unknown> }[];
    };
    const [cluster] = kubeconfig.clusters;
    const [user] = kubeconfig.users;
    expect(cluster?.cluster["certificate-authority-data"]).toMatch(/^REPLACE-/);
    expect(user?.user.token).toMatch(/^REPLACE-/);
    cluster!.cluster["certificate-authority-data"] = Buffer.from(caPem).toString("base64");
    user!.user.token = "a-service-account-token";
    const credentials = readCredentials(
      stored({ [KUBECONFIG_KEY]: stringify(kubeconfig) }),
      { namespace: DAEMON_NAMESPACE, name: secret.metadata.name },
      { allowInsecure: false },
    );
    expect(credentials).toMatchObject({
      ok: true,
      summary: { credentials: "token", certificateAuthority: "inline", insecure: false },
    });
  });
});

describe("the CRD, namespace and example applied to an API server", () => {
  let sim: Sim;
  let kubeConfig: KubeConfig;

  beforeAll(async () => {
    sim = await startSim();
    kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(sim.kubeconfig);
  });

  afterAll(async () => {
    await sim.stop();
  });

  it("creates each object with 201 Created, and the stored Link still parses", async () => {
    const custom = kubeConfig.makeApiClient(CustomObjectsApi);
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const [crd] = loadManifest("crd-link.yaml");
    // Through CustomObjectsApi, whose body is sent as written: the typed CRD model would rename
    // `default` and lose the schema defaults on the way.
    const created = await custom.createClusterCustomObjectWithHttpInfo({
      group: "apiextensions.k8s.io",
      version: "v1",
      plural: "customresourcedefinitions",
      body: crd as ManifestObject,
    });
    expect(created.httpStatusCode).toBe(201);
    const extensions = kubeConfig.makeApiClient(ApiextensionsV1Api);
    await eventually(async () => {
      const read = await extensions.readCustomResourceDefinition({ name: crd?.metadata.name ?? "" });
      return read.status?.conditions?.some((c) => c.type === "Established" && c.status === "True") ?? false;
    }, "the Link CRD to be Established");

    const [namespace] = loadManifest("namespace.yaml");
    const ns = await core.createNamespaceWithHttpInfo({ body: namespace as V1Namespace });
    expect(ns.httpStatusCode).toBe(201);
    const storedSecret = await core.createNamespacedSecretWithHttpInfo({
      namespace: DAEMON_NAMESPACE,
      body: secret as unknown as V1Secret,
    });
    expect(storedSecret.httpStatusCode).toBe(201);
    expect(storedSecret.data.data?.[KUBECONFIG_KEY]).toBe(stored(secret.stringData).data[KUBECONFIG_KEY]);

    const storedLink = await custom.createNamespacedCustomObjectWithHttpInfo({
      group: "svcmirror.io",
      version: "v1alpha1",
      plural: "links",
      namespace: DAEMON_NAMESPACE,
      body: link,
    });
    expect(storedLink.httpStatusCode).toBe(201);
    const parsedStored = parseLink(storedLink.data);
    const parsedManifest = parseLink(link);
    expect(parsedStored.ok && parsedManifest.ok).toBe(true);
    if (parsedStored.ok && parsedManifest.ok)
      expect(parsedStored.link.spec).toEqual(parsedManifest.link.spec);
  });
});
