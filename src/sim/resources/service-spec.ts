// Readers and predicates over a Service spec (kube's pkg/api/service helpers and the registry's
// needsClusterIP/needsNodePort), shared by defaulting, allocation and validation.

import {
  asArray,
  asNumber,
  asRecord,
  asString,
  asStringArray,
  type JsonRecord,
  recordsOf,
} from "./json-access.js";

export const CLUSTER_IP_NONE = "None";

export function specOf(obj: JsonRecord): JsonRecord {
  return asRecord(obj.spec) ?? {};
}

export function serviceType(spec: JsonRecord): string {
  return asString(spec.type);
}

export function clusterIP(spec: JsonRecord): string {
  return asString(spec.clusterIP);
}

export function clusterIPs(spec: JsonRecord): string[] {
  return asStringArray(spec.clusterIPs);
}

export function ipFamilies(spec: JsonRecord): string[] {
  return asStringArray(spec.ipFamilies);
}

export function portsOf(spec: JsonRecord): JsonRecord[] {
  return recordsOf(spec.ports);
}

export function nodePortOf(port: JsonRecord): number {
  return asNumber(port.nodePort) ?? 0;
}

export function isHeadless(spec: JsonRecord): boolean {
  const ips = clusterIPs(spec);
  return ips.length === 1 && ips[0] === CLUSTER_IP_NONE;
}

export function isExternalName(spec: JsonRecord): boolean {
  return serviceType(spec) === "ExternalName";
}

export function needsClusterIP(spec: JsonRecord): boolean {
  return !isExternalName(spec);
}

export function needsNodePort(spec: JsonRecord): boolean {
  const type = serviceType(spec);
  return type === "NodePort" || type === "LoadBalancer";
}

/** NeedsHealthCheck: a LoadBalancer that keeps traffic on the local node. */
export function needsHealthCheckNodePort(spec: JsonRecord): boolean {
  return serviceType(spec) === "LoadBalancer" && spec.externalTrafficPolicy === "Local";
}

export function externallyAccessible(spec: JsonRecord): boolean {
  const type = serviceType(spec);
  if (type === "LoadBalancer" || type === "NodePort") return true;
  return type === "ClusterIP" && asArray(spec.externalIPs).length > 0;
}

export function shouldAllocateNodePorts(spec: JsonRecord): boolean {
  const type = serviceType(spec);
  if (type === "NodePort") return true;
  return type === "LoadBalancer" && spec.allocateLoadBalancerNodePorts !== false;
}

export function sameClusterIPs(a: JsonRecord, b: JsonRecord): boolean {
  const x = clusterIPs(a);
  const y = clusterIPs(b);
  return x.length === y.length && x.every((ip, i) => ip === y[i]);
}

export function sameIPFamilies(a: JsonRecord, b: JsonRecord): boolean {
  const x = ipFamilies(a);
  const y = ipFamilies(b);
  return x.length === y.length && x.every((f, i) => f === y[i]);
}

export function nodePortsOf(spec: JsonRecord): number[] {
  return portsOf(spec)
    .map(nodePortOf)
    .filter((p) => p !== 0);
}
