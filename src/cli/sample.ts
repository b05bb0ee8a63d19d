// A small sample cluster for newcomers to look at and to link against: namespace `demo` with two
// Services exported the way a Link's default selector expects, one that is not exported, and an
// EndpointSlice for each. The sim runs no controller-manager, so the slices are written here the
// way the EndpointSlice controller would (its managed-by label, the service-name label).

import {
  CoreV1Api,
  DiscoveryV1Api,
  type KubeConfig,
  type V1EndpointSlice,
  type V1Service,
} from "@kubernetes/client-node";
import { DEFAULT_GATEWAY_SELECTOR_LABELS } from "../link/schema.js";

export const SAMPLE_NAMESPACE = "demo";

interface SampleService {
  name: string;
  exported: boolean;
  ports: Array<{ name: string; port: number; targetPort: number }>;
  podIPs: string[];
}

const SAMPLE_SERVICES: readonly SampleService[] = [
  {
    name: "web",
    exported: true,
    ports: [{ name: "http", port: 80, targetPort: 8080 }],
    podIPs: ["10.244.1.11", "10.244.2.12"],
  },
  {
    name: "api",
    exported: true,
    ports: [
      { name: "http", port: 8080, targetPort: 8080 },
      { name: "grpc", port: 9090, targetPort: 9090 },
    ],
    podIPs: ["10.244.1.21"],
  },
  {
    name: "db",
    exported: false,
    ports: [{ name: "postgres", port: 5432, targetPort: 5432 }],
    podIPs: ["10.244.3.31"],
  },
];

function service(s: SampleService): V1Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: s.name,
      namespace: SAMPLE_NAMESPACE,
      labels: { app: s.name, ...(s.exported ? DEFAULT_GATEWAY_SELECTOR_LABELS : {}) },
    },
    spec: {
      selector: { app: s.name },
      ports: s.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort, protocol: "TCP" })),
    },
  };
}

function endpointSlice(s: SampleService): V1EndpointSlice {
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: {
      name: `${s.name}-sample`,
      namespace: SAMPLE_NAMESPACE,
      labels: {
        "kubernetes.io/service-name": s.name,
        "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
      },
    },
    addressType: "IPv4",
    endpoints: s.podIPs.map((ip) => ({
      addresses: [ip],
      conditions: { ready: true, serving: true, terminating: false },
    })),
    ports: s.ports.map((p) => ({ name: p.name, port: p.targetPort, protocol: "TCP" })),
  };
}

export interface SampleSummary {
  namespace: string;
  exported: string[];
  notExported: string[];
}

/** Creates the sample objects through the API, as any client would. Fails if they already exist. */
export async function seedSampleCluster(kubeConfig: KubeConfig): Promise<SampleSummary> {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const discovery = kubeConfig.makeApiClient(DiscoveryV1Api);
  await core.createNamespace({
    body: { apiVersion: "v1", kind: "Namespace", metadata: { name: SAMPLE_NAMESPACE } },
  });
  for (const s of SAMPLE_SERVICES) {
    await core.createNamespacedService({ namespace: SAMPLE_NAMESPACE, body: service(s) });
    await discovery.createNamespacedEndpointSlice({ namespace: SAMPLE_NAMESPACE, body: endpointSlice(s) });
  }
  return {
    namespace: SAMPLE_NAMESPACE,
    exported: SAMPLE_SERVICES.filter((s) => s.exported).map((s) => s.name),
    notExported: SAMPLE_SERVICES.filter((s) => !s.exported).map((s) => s.name),
  };
}
