// The spec rewrites kube applies to a Service around allocation: SetDefaults_Service (before field
// management), normalizeClusterIPs and patchAllocatedValues (the REST layer's begin hooks) and
// dropTypeDependentFields (PrepareForUpdate). All mutate the spec in place.

import { asNumber, asRecord, ensureRecord, type JsonRecord } from "./json-access.js";
import {
  clusterIP,
  clusterIPs,
  externallyAccessible,
  needsClusterIP,
  needsHealthCheckNodePort,
  needsNodePort,
  nodePortOf,
  nodePortsOf,
  portsOf,
  sameClusterIPs,
  sameIPFamilies,
  serviceType,
} from "./service-spec.js";

const DEFAULT_CLIENT_IP_AFFINITY_SECONDS = 10800;

function defaultPorts(spec: JsonRecord): void {
  for (const port of portsOf(spec)) {
    if (!port.protocol) port.protocol = "TCP";
    const target = port.targetPort;
    if (target === undefined || target === 0 || target === "") port.targetPort = asNumber(port.port) ?? 0;
  }
}

function defaultAffinity(spec: JsonRecord): void {
  if (!spec.sessionAffinity) spec.sessionAffinity = "None";
  if (spec.sessionAffinity === "None") delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity !== "ClientIP") return;
  const clientIP = asRecord(asRecord(spec.sessionAffinityConfig)?.clientIP);
  if (asNumber(clientIP?.timeoutSeconds) === undefined) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_AFFINITY_SECONDS } };
  }
}

/** SetDefaults_Service. IP families and cluster IPs are not defaults: allocation sets them later. */
export function applyServiceDefaults(obj: JsonRecord): void {
  const spec = ensureRecord(obj, "spec");
  defaultAffinity(spec);
  if (!spec.type) spec.type = "ClusterIP";
  defaultPorts(spec);
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = "Cluster";
  const type = serviceType(spec);
  if (spec.internalTrafficPolicy === undefined && ["NodePort", "LoadBalancer", "ClusterIP"].includes(type)) {
    spec.internalTrafficPolicy = "Cluster";
  }
  if (type === "LoadBalancer" && spec.allocateLoadBalancerNodePorts === undefined) {
    spec.allocateLoadBalancerNodePorts = true;
  }
}

/** normalizeClusterIPs: keeps clusterIP and clusterIPs in step the way old and new clients expect. */
export function normalizeClusterIPs(spec: JsonRecord, old: JsonRecord | undefined): void {
  if (!old) {
    // Old clients set only the singular field.
    if (clusterIP(spec) && clusterIPs(spec).length === 0) spec.clusterIPs = [clusterIP(spec)];
    return;
  }
  if (clusterIPs(old).length > 0 && clusterIPs(spec).length === 0 && clusterIP(old) === clusterIP(spec)) {
    spec.clusterIPs = clusterIPs(old);
  }
  if (clusterIP(old) === clusterIP(spec)) return;
  if (clusterIP(old) && !clusterIP(spec)) {
    // Clearing the singular field clears the plural one only if the client left it untouched.
    if (sameClusterIPs(old, spec)) delete spec.clusterIPs;
  } else if (sameClusterIPs(old, spec)) {
    spec.clusterIPs = [clusterIP(spec)];
  }
}

function patchNodePorts(spec: JsonRecord, old: JsonRecord): void {
  const oldUsed = new Set(nodePortsOf(old));
  const used = new Set(nodePortsOf(spec).filter((p) => oldUsed.has(p)));
  const byName = new Map(portsOf(old).map((p) => [p.name ?? "", nodePortOf(p)]));
  for (const port of portsOf(spec)) {
    if (nodePortOf(port) !== 0) continue;
    const previous = byName.get(port.name ?? "") ?? 0;
    if (previous !== 0 && !used.has(previous)) port.nodePort = previous;
  }
}

/** patchAllocatedValues: an update that omits allocated values keeps them (PUT without clusterIP). */
export function patchAllocatedValues(spec: JsonRecord, old: JsonRecord): void {
  if (needsClusterIP(old) && needsClusterIP(spec)) {
    if (!clusterIP(spec) && clusterIP(old)) spec.clusterIP = clusterIP(old);
    if (clusterIPs(spec).length === 0 && clusterIPs(old).length > 0) spec.clusterIPs = clusterIPs(old);
  }
  if (needsNodePort(old) && needsNodePort(spec)) patchNodePorts(spec, old);
  if (needsHealthCheckNodePort(old) && needsHealthCheckNodePort(spec) && !spec.healthCheckNodePort) {
    if (old.healthCheckNodePort !== undefined) spec.healthCheckNodePort = old.healthCheckNodePort;
  }
}

function wipeClusterIPFields(spec: JsonRecord, old: JsonRecord): void {
  if (sameClusterIPs(old, spec)) {
    delete spec.clusterIP;
    delete spec.clusterIPs;
  }
  if (sameIPFamilies(old, spec)) delete spec.ipFamilies;
  if (spec.ipFamilyPolicy === old.ipFamilyPolicy) delete spec.ipFamilyPolicy;
}

function wipeLoadBalancerFields(spec: JsonRecord, old: JsonRecord): void {
  const allocate = spec.allocateLoadBalancerNodePorts;
  if (allocate !== undefined && allocate === old.allocateLoadBalancerNodePorts) {
    delete spec.allocateLoadBalancerNodePorts;
  }
  if (spec.loadBalancerClass === old.loadBalancerClass) delete spec.loadBalancerClass;
}

function sameNodePorts(a: JsonRecord, b: JsonRecord): boolean {
  const x = portsOf(a).map(nodePortOf);
  const y = portsOf(b).map(nodePortOf);
  return x.length === y.length && x.every((p, i) => p === y[i]);
}

/**
 * dropTypeDependentFields: when the type changes, fields the server filled in for the old type are
 * wiped, but only those the client did not change itself (a change is left for validation to judge).
 */
export function dropTypeDependentFields(spec: JsonRecord, old: JsonRecord): void {
  if (needsClusterIP(old) && !needsClusterIP(spec)) wipeClusterIPFields(spec, old);
  if (needsNodePort(old) && !needsNodePort(spec) && sameNodePorts(old, spec)) {
    for (const port of portsOf(spec)) delete port.nodePort;
  }
  const unchanged = (key: string): boolean => spec[key] === old[key];
  if (needsHealthCheckNodePort(old) && !needsHealthCheckNodePort(spec) && unchanged("healthCheckNodePort")) {
    delete spec.healthCheckNodePort;
  }
  if (serviceType(old) === "LoadBalancer" && serviceType(spec) !== "LoadBalancer") {
    wipeLoadBalancerFields(spec, old);
  }
  if (externallyAccessible(old) && !externallyAccessible(spec) && unchanged("externalTrafficPolicy")) {
    delete spec.externalTrafficPolicy;
  }
}
