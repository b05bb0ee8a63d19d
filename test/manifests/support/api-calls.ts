// What the daemon asks of each cluster, by call site: the table the RBAC manifests are checked
// against. api-scan.ts finds the call sites in src/ (client-node API methods, informers and raw
// getJson reads); rbac.test.ts requires the table to list exactly those, the manifests to allow every
// need, and every granted verb to be needed here or in PLANNED. A new API call therefore fails the
// tests until it is added here and, if need be, to manifests/rbac.yaml or manifests/remote-rbac.yaml.

import { DAEMON_NAMESPACE } from "./manifests.js";
import type { ServiceAccountRef } from "./rbac.js";

export type ClusterSide = "local" | "remote";

/** Which manifest grants the daemon's permissions on each side, and to which ServiceAccount. */
export const RBAC_SUBJECTS: Readonly<Record<ClusterSide, { file: string; account: ServiceAccountRef }>> = {
  local: { file: "rbac.yaml", account: { name: "svcmirror", namespace: DAEMON_NAMESPACE } },
  remote: { file: "remote-rbac.yaml", account: { name: "svcmirror-remote", namespace: "svcmirror-remote" } },
};

/** `namespace`: the daemon's own namespace (a Role suffices); `cluster`: all namespaces or a cluster-scoped resource. */
export type NeedScope = "namespace" | "cluster";

export interface ApiNeed {
  cluster: ClusterSide;
  scope: NeedScope;
  /** "" for the core group. */
  group: string;
  /** With its subresource, as RBAC names it: `links/status`. */
  resource: string;
  verbs: readonly string[];
}

export interface ApiCallSite {
  /** Path under the repository root. */
  file: string;
  /** A client-node API method name, `createInformer(CONSTANT)` or `getJson`. */
  call: string;
  needs: readonly ApiNeed[];
}

const LIST_WATCH = ["list", "watch"] as const;

export const API_CALL_SITES: readonly ApiCallSite[] = [
  {
    file: "src/kube/leases.ts",
    call: "readNamespacedLease",
    needs: [
      {
        cluster: "local",
        scope: "namespace",
        group: "coordination.k8s.io",
        resource: "leases",
        verbs: ["get"],
      },
    ],
  },
  {
    file: "src/kube/leases.ts",
    call: "createNamespacedLease",
    needs: [
      {
        cluster: "local",
        scope: "namespace",
        group: "coordination.k8s.io",
        resource: "leases",
        verbs: ["create"],
      },
    ],
  },
  {
    file: "src/kube/leases.ts",
    call: "replaceNamespacedLease",
    needs: [
      {
        cluster: "local",
        scope: "namespace",
        group: "coordination.k8s.io",
        resource: "leases",
        verbs: ["update"],
      },
    ],
  },
  {
    file: "src/kube/events.ts",
    call: "createNamespacedEvent",
    needs: [{ cluster: "local", scope: "namespace", group: "", resource: "events", verbs: ["create"] }],
  },
  {
    file: "src/kube/events.ts",
    call: "patchNamespacedEvent",
    needs: [{ cluster: "local", scope: "namespace", group: "", resource: "events", verbs: ["patch"] }],
  },
  {
    file: "src/link/status-store.ts",
    call: "getNamespacedCustomObject",
    needs: [
      { cluster: "local", scope: "namespace", group: "svcmirror.io", resource: "links", verbs: ["get"] },
    ],
  },
  {
    file: "src/link/status-store.ts",
    call: "replaceNamespacedCustomObjectStatus",
    needs: [
      {
        cluster: "local",
        scope: "namespace",
        group: "svcmirror.io",
        resource: "links/status",
        verbs: ["update"],
      },
    ],
  },
  {
    file: "src/link/local-caches.ts",
    call: "createInformer(LINKS)",
    needs: [
      { cluster: "local", scope: "namespace", group: "svcmirror.io", resource: "links", verbs: LIST_WATCH },
    ],
  },
  {
    file: "src/link/local-caches.ts",
    call: "createInformer(NAMESPACES)",
    needs: [{ cluster: "local", scope: "cluster", group: "", resource: "namespaces", verbs: LIST_WATCH }],
  },
  {
    file: "src/link/local-caches.ts",
    call: "createInformer(SERVICES)",
    needs: [{ cluster: "local", scope: "cluster", group: "", resource: "services", verbs: LIST_WATCH }],
  },
  {
    file: "src/link/local-caches.ts",
    call: "createInformer(ENDPOINT_SLICES)",
    needs: [
      {
        cluster: "local",
        scope: "cluster",
        group: "discovery.k8s.io",
        resource: "endpointslices",
        verbs: LIST_WATCH,
      },
    ],
  },
  {
    file: "src/link/secret-watch.ts",
    call: "createInformer(SECRETS)",
    needs: [{ cluster: "local", scope: "namespace", group: "", resource: "secrets", verbs: LIST_WATCH }],
  },
  {
    file: "src/link/remote-connection.ts",
    call: "createInformer(SERVICES)",
    needs: [{ cluster: "remote", scope: "cluster", group: "", resource: "services", verbs: LIST_WATCH }],
  },
  {
    file: "src/link/remote-connection.ts",
    call: "createInformer(ENDPOINT_SLICES)",
    needs: [
      {
        cluster: "remote",
        scope: "cluster",
        group: "discovery.k8s.io",
        resource: "endpointslices",
        verbs: LIST_WATCH,
      },
    ],
  },
  {
    // The pre-flight before the informers start: one-item lists that tell 401 and 403 apart.
    file: "src/link/remote-connection.ts",
    call: "getJson",
    needs: [
      { cluster: "remote", scope: "cluster", group: "", resource: "services", verbs: ["list"] },
      {
        cluster: "remote",
        scope: "cluster",
        group: "discovery.k8s.io",
        resource: "endpointslices",
        verbs: ["list"],
      },
    ],
  },
];

export interface PlannedNeed extends ApiNeed {
  why: string;
}

/** Granted ahead of the code that will use it; each entry says which work needs it. */
export const PLANNED: readonly PlannedNeed[] = [
  {
    cluster: "local",
    scope: "cluster",
    group: "",
    resource: "services",
    verbs: ["get", "create", "update", "patch", "delete"],
    why: "the mirror writer (a later issue) writes mirror Services in the remote Services' namespaces",
  },
  {
    cluster: "local",
    scope: "cluster",
    group: "discovery.k8s.io",
    resource: "endpointslices",
    verbs: ["get", "create", "update", "patch", "delete"],
    why: "the mirror writer (a later issue) writes mirror EndpointSlices beside the mirror Services",
  },
];

/** Files under src/ that reach an API server but are not the daemon's own calls, and why. */
export const SCAN_EXCLUSIONS: Readonly<Record<string, string>> = {
  "src/sim/": "the embedded API server itself",
  "src/cli/sample.ts": "seeds the embedded sim for `svcmirror sim`; never runs against a cluster",
  "src/kube/listwatch.ts": "implements list and watch for createInformer, whose call sites are listed",
  "src/kube/informer.ts": "defines createInformer on listwatch.ts; its call sites are listed",
};

export function allNeeds(cluster: ClusterSide): ApiNeed[] {
  return [...API_CALL_SITES.flatMap((site) => site.needs), ...PLANNED].filter((n) => n.cluster === cluster);
}
