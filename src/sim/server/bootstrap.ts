// What kube-apiserver creates for itself at start: the namespaces default, kube-system,
// kube-public and kube-node-lease, and the Service default/kubernetes pointing at the server's
// port (fixture 248). They go through the same create pipeline as API writes, as manager
// kube-apiserver.

import { recordUpdate } from "../patch/index.js";
import type { KubeObject } from "../types.js";
import type { KindScope, SimDeps } from "./context.js";
import { createObject, writeContext } from "./pipeline/create.js";
import { apiVersionOf } from "./pipeline/decode.js";

const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

function createAsApiserver(deps: SimDeps, plural: string, obj: KubeObject): void {
  const served = deps.registry.lookup("", "v1", plural);
  if (!served) throw new Error(`the sim does not serve ${plural}`);
  const scope: KindScope = { deps, served };
  served.kind.applyDefaults?.(obj);
  recordUpdate(null, obj, {
    manager: "kube-apiserver",
    apiVersion: apiVersionOf(served.kind),
    time: writeContext(scope, false).now,
    schema: served.kind.schema,
  });
  createObject(scope, obj, false);
}

export interface BootstrapOptions {
  /** The first address of the Service CIDR. */
  readonly kubernetesServiceIP: string;
  /** The port the sim listens on (the Service's targetPort). */
  readonly port: number;
}

export function bootstrap(deps: SimDeps, opts: BootstrapOptions): void {
  for (const name of SYSTEM_NAMESPACES) {
    createAsApiserver(deps, "namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name } });
  }
  createAsApiserver(deps, "services", {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: "kubernetes",
      namespace: "default",
      labels: { component: "apiserver", provider: "kubernetes" },
    },
    spec: {
      type: "ClusterIP",
      clusterIP: opts.kubernetesServiceIP,
      ipFamilyPolicy: "SingleStack",
      ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: opts.port }],
      sessionAffinity: "None",
    },
  });
}
