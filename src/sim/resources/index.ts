// The built-in kinds one sim instance serves. Each call builds a fresh set with its own ClusterIP
// and NodePort allocators, so two sims (or two tests) never share allocation state.

import type { ResourceKind } from "../types.js";
import { ClusterIPAllocator, DEFAULT_SERVICE_CIDR } from "./clusterip-allocator.js";
import { configMapKind } from "./configmap.js";
import { crdKind } from "./crd.js";
import { endpointsKind } from "./endpoints.js";
import { endpointSliceKind } from "./endpointslice.js";
import { eventKind } from "./event.js";
import { leaseKind } from "./lease.js";
import { namespaceKind } from "./namespace.js";
import { NodePortAllocator } from "./nodeport-allocator.js";
import { secretKind } from "./secret.js";
import { serviceKind } from "./service.js";
import { ServiceAllocator } from "./service-allocation.js";

export interface BuiltinKindsOptions {
  /** The Service ClusterIP range (IPv4 only); default 10.96.0.0/16. */
  readonly serviceCIDR?: string;
}

export function builtinKinds(opts: BuiltinKindsOptions = {}): ResourceKind[] {
  const allocator = new ServiceAllocator(
    new ClusterIPAllocator(opts.serviceCIDR ?? DEFAULT_SERVICE_CIDR),
    new NodePortAllocator(),
  );
  return [
    namespaceKind(),
    serviceKind(allocator),
    endpointsKind(),
    configMapKind(),
    secretKind(),
    eventKind(),
    endpointSliceKind(),
    leaseKind(),
    crdKind(),
  ];
}

/** The address of the API server's own `default/kubernetes` Service: the first host of the range. */
export function kubernetesServiceIP(serviceCIDR: string = DEFAULT_SERVICE_CIDR): string {
  return new ClusterIPAllocator(serviceCIDR).kubernetesServiceIP;
}

export { DEFAULT_SERVICE_CIDR } from "./clusterip-allocator.js";
export { objectMetaSchema } from "./common-schemas.js";
