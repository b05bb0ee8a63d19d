// The built-in kinds one sim instance serves. Each call builds a fresh set with its own ClusterIP
// and NodePort allocators, so two sims (or two tests) never share allocation state.

import type { ResourceKind } from "../types.js";
import { ClusterIPAllocator, DEFAULT_SERVICE_CIDR } from "./clusterip-allocator.js";
import { NodePortAllocator } from "./nodeport-allocator.js";
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
  return [serviceKind(allocator)];
}

/** The address of the API server's own `default/kubernetes` Service: the first host of the range. */
export function kubernetesServiceIP(serviceCIDR: string = DEFAULT_SERVICE_CIDR): string {
  return new ClusterIPAllocator(serviceCIDR).kubernetesServiceIP;
}

export { DEFAULT_SERVICE_CIDR } from "./clusterip-allocator.js";
export { objectMetaSchema } from "./common-schemas.js";
