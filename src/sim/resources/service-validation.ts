// ValidateService / ValidateServiceUpdate / ValidateServiceStatusUpdate of kube v1.28, field by
// field in the order Go appends errors, so aggregated 422 messages match the real server.
// The cluster IP and IP family rules live in service-ip-validation.ts.

import { fieldError, goLiteral } from "../fielderrors.js";
import { goQuote } from "../gotext/quote.js";
import type { FieldError, KubeObject } from "../types.js";
import { parseIP } from "./ip.js";
import {
  asArray,
  asNumber,
  asOptionalString,
  asRecord,
  asString,
  asStringArray,
  asStringMap,
  type JsonRecord,
} from "./json-access.js";
import { isDNS1035Label, validateLabels, validateObjectMeta, validateObjectMetaUpdate } from "./meta.js";
import {
  validateClusterIPsRelatedFields,
  validateClusterIPsUpgradeDowngrade,
  validateFamiliesUpgradeDowngrade,
} from "./service-ip-validation.js";
import {
  CLUSTER_IP_NONE,
  clusterIPs,
  externallyAccessible,
  ipFamilies,
  isHeadless,
  needsHealthCheckNodePort,
  nodePortOf,
  portsOf,
  serviceType,
  specOf,
} from "./service-spec.js";
import {
  INVALID_IP_MESSAGE,
  isValidCIDR,
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validateNonSpecialIP,
  validatePortNumber,
  validatePortNumOrName,
  validateProtocol,
  validateQualifiedName,
} from "./validators.js";

const SERVICE_TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
const AFFINITY_TYPES = ["ClientIP", "None"];
const TRAFFIC_POLICIES = ["Cluster", "Local"];
const MAX_AFFINITY_SECONDS = 86400;
const TOPOLOGY_HINTS = "service.kubernetes.io/topology-aware-hints";
const TOPOLOGY_MODE = "service.kubernetes.io/topology-mode";
const SOURCE_RANGES_ANNOTATION = "service.beta.kubernetes.io/load-balancer-source-ranges";

function validateServicePort(
  port: JsonRecord,
  path: string,
  requireName: boolean,
  names: Set<string>,
): FieldError[] {
  const errs: FieldError[] = [];
  const name = asString(port.name);
  if (requireName && !name) errs.push(fieldError.required(`${path}.name`));
  else if (name) {
    errs.push(...validateDNS1123Label(name, `${path}.name`));
    if (names.has(name)) errs.push(fieldError.duplicate(`${path}.name`, name));
    else names.add(name);
  }
  errs.push(...validatePortNumber(asNumber(port.port) ?? 0, `${path}.port`));
  errs.push(...validateProtocol(asString(port.protocol), `${path}.protocol`));
  errs.push(...validatePortNumOrName(port.targetPort, `${path}.targetPort`));
  const appProtocol = asOptionalString(port.appProtocol);
  if (appProtocol !== undefined) errs.push(...validateQualifiedName(appProtocol, `${path}.appProtocol`));
  return errs;
}

function validateTypeSpecifics(spec: JsonRecord): FieldError[] {
  const type = serviceType(spec);
  const headless = isHeadless(spec);
  if (type === "LoadBalancer" && headless) {
    return [
      fieldError.invalid(
        "spec.clusterIPs[0]",
        CLUSTER_IP_NONE,
        "may not be set to 'None' for LoadBalancer services",
      ),
    ];
  }
  if (type === "NodePort" && headless) {
    return [
      fieldError.invalid(
        "spec.clusterIPs[0]",
        CLUSTER_IP_NONE,
        "may not be set to 'None' for NodePort services",
      ),
    ];
  }
  if (type !== "ExternalName") return [];
  const errs: FieldError[] = [];
  if (clusterIPs(spec).length > 0)
    errs.push(fieldError.forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
  if (ipFamilies(spec).length > 0)
    errs.push(fieldError.forbidden("spec.ipFamilies", "may not be set for ExternalName services"));
  if (spec.ipFamilyPolicy !== undefined) {
    errs.push(fieldError.forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"));
  }
  const cname = asString(spec.externalName).replace(/\.$/, "");
  if (cname) errs.push(...validateDNS1123Subdomain(cname, "spec.externalName"));
  else errs.push(fieldError.required("spec.externalName"));
  return errs;
}

function validateAffinity(spec: JsonRecord): FieldError[] {
  const affinity = asString(spec.sessionAffinity);
  const errs: FieldError[] = [];
  if (!affinity) errs.push(fieldError.required("spec.sessionAffinity"));
  else if (!AFFINITY_TYPES.includes(affinity))
    errs.push(fieldError.notSupported("spec.sessionAffinity", affinity, AFFINITY_TYPES));
  if (affinity === "None" && spec.sessionAffinityConfig !== undefined) {
    errs.push(
      fieldError.forbidden("spec.sessionAffinityConfig", "must not be set when session affinity is None"),
    );
  }
  if (affinity !== "ClientIP") return errs;
  const config = asRecord(spec.sessionAffinityConfig);
  const required = "when session affinity type is ClientIP";
  if (!config) return [...errs, fieldError.required("spec.sessionAffinityConfig", required)];
  const clientIP = asRecord(config.clientIP);
  if (!clientIP) return [...errs, fieldError.required("spec.sessionAffinityConfig.clientIP", required)];
  const timeout = asNumber(clientIP.timeoutSeconds);
  const path = "spec.sessionAffinityConfig.clientIP.timeoutSeconds";
  if (timeout === undefined) return [...errs, fieldError.required(path, required)];
  if (timeout <= 0 || timeout > MAX_AFFINITY_SECONDS) {
    errs.push(
      fieldError.invalid(path, timeout, `must be greater than 0 and less than ${MAX_AFFINITY_SECONDS}`),
    );
  }
  return errs;
}

function validateExternalIPs(spec: JsonRecord): FieldError[] {
  const errs: FieldError[] = [];
  for (const [i, ip] of asStringArray(spec.externalIPs).entries()) {
    const path = `spec.externalIPs[${i}]`;
    if (!parseIP(ip)) errs.push(fieldError.invalid(path, ip, INVALID_IP_MESSAGE));
    else errs.push(...validateNonSpecialIP(ip, path));
  }
  return errs;
}

function validatePortUniqueness(spec: JsonRecord): FieldError[] {
  const errs: FieldError[] = [];
  const ports = portsOf(spec);
  if (serviceType(spec) === "ClusterIP") {
    for (const [i, port] of ports.entries()) {
      if (nodePortOf(port) !== 0)
        errs.push(
          fieldError.forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"),
        );
    }
  }
  const nodePorts = new Set<string>();
  for (const [i, port] of ports.entries()) {
    if (nodePortOf(port) === 0) continue;
    const key = `${asString(port.protocol)}/${nodePortOf(port)}`;
    if (nodePorts.has(key)) errs.push(fieldError.duplicate(`spec.ports[${i}].nodePort`, nodePortOf(port)));
    nodePorts.add(key);
  }
  const seen = new Set<string>();
  for (const [i, port] of ports.entries()) {
    const protocol = asString(port.protocol);
    const number = asNumber(port.port) ?? 0;
    const key = `${protocol}/${number}`;
    if (seen.has(key)) {
      // Go reports the map key it built: a ServicePort with only Protocol and Port set, printed with %#v.
      const literal = `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${number}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;
      errs.push(fieldError.duplicate(`spec.ports[${i}]`, goLiteral(literal)));
    }
    seen.add(key);
  }
  return errs;
}

function validateSourceRanges(spec: JsonRecord, annotations: Record<string, string>): FieldError[] {
  const ranges = asStringArray(spec.loadBalancerSourceRanges);
  const annotation = annotations[SOURCE_RANGES_ANNOTATION];
  if (ranges.length === 0 && annotation === undefined) return [];
  const fromSpec = ranges.length > 0;
  const path = fromSpec
    ? "spec.LoadBalancerSourceRanges"
    : `metadata.annotations[${SOURCE_RANGES_ANNOTATION}]`;
  const value = fromSpec ? `[${ranges.join(" ")}]` : (annotation ?? "");
  const errs: FieldError[] = [];
  if (serviceType(spec) !== "LoadBalancer")
    errs.push(fieldError.forbidden(path, "may only be used when `type` is 'LoadBalancer'"));
  const list = fromSpec ? ranges : (annotation ?? "").split(",").filter((r) => r.trim() !== "");
  if (!list.every((r) => isValidCIDR(r.trim()))) {
    errs.push(
      fieldError.invalid(
        path,
        value,
        "must be a list of IP ranges. For example, 10.240.0.0/24,10.250.0.0/24 ",
      ),
    );
  }
  return errs;
}

function validateLoadBalancerFields(spec: JsonRecord): FieldError[] {
  const errs: FieldError[] = [];
  const isLB = serviceType(spec) === "LoadBalancer";
  if (spec.allocateLoadBalancerNodePorts !== undefined && !isLB) {
    errs.push(
      fieldError.forbidden(
        "spec.allocateLoadBalancerNodePorts",
        "may only be used when `type` is 'LoadBalancer'",
      ),
    );
  }
  if (isLB && spec.allocateLoadBalancerNodePorts === undefined)
    errs.push(fieldError.required("allocateLoadBalancerNodePorts"));
  return errs;
}

/** validateLoadBalancerClassField; `old` is set for updates. */
function validateLoadBalancerClass(spec: JsonRecord, old: JsonRecord | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const cls = asOptionalString(spec.loadBalancerClass);
  const isLB = serviceType(spec) === "LoadBalancer";
  if (old && isLB && serviceType(old) === "LoadBalancer" && cls !== asOptionalString(old.loadBalancerClass)) {
    errs.push(fieldError.invalid("spec.loadBalancerClass", cls ?? null, "may not change once set"));
  }
  if (cls === undefined) return errs;
  if (isLB) errs.push(...validateQualifiedName(cls, "spec.loadBalancerClass"));
  else
    errs.push(
      fieldError.forbidden("spec.loadBalancerClass", "may only be used when `type` is 'LoadBalancer'"),
    );
  return errs;
}

function validateExternalTrafficPolicy(spec: JsonRecord): FieldError[] {
  const external = asString(spec.externalTrafficPolicy);
  const field = "spec.externalTrafficPolicy";
  if (!externallyAccessible(spec)) {
    return external
      ? [fieldError.invalid(field, external, "may only be set for externally-accessible services")]
      : [];
  }
  if (!external) return [fieldError.required(field)];
  return TRAFFIC_POLICIES.includes(external)
    ? []
    : [fieldError.notSupported(field, external, TRAFFIC_POLICIES)];
}

function validateHealthCheckNodePort(spec: JsonRecord): FieldError[] {
  const healthCheck = asNumber(spec.healthCheckNodePort) ?? 0;
  const field = "spec.healthCheckNodePort";
  if (!needsHealthCheckNodePort(spec)) {
    if (healthCheck === 0) return [];
    const detail = "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'";
    return [fieldError.invalid(field, healthCheck, detail)];
  }
  return healthCheck === 0 ? [fieldError.required(field)] : validatePortNumber(healthCheck, field);
}

function validateInternalTrafficPolicy(spec: JsonRecord): FieldError[] {
  const internal = asOptionalString(spec.internalTrafficPolicy);
  const field = "spec.internalTrafficPolicy";
  if (internal === undefined) {
    // Not required of ExternalName Services, for historical reasons.
    return ["NodePort", "LoadBalancer", "ClusterIP"].includes(serviceType(spec))
      ? [fieldError.required(field)]
      : [];
  }
  return TRAFFIC_POLICIES.includes(internal)
    ? []
    : [fieldError.notSupported(field, internal, TRAFFIC_POLICIES)];
}

function validateTopologyAnnotations(annotations: Record<string, string>): FieldError[] {
  const hints = annotations[TOPOLOGY_HINTS];
  const mode = annotations[TOPOLOGY_MODE];
  if (hints === undefined || mode === undefined || hints === mode) return [];
  return [
    fieldError.invalid(
      `metadata.annotations[${TOPOLOGY_MODE}]`,
      mode,
      `must match annotations[${TOPOLOGY_HINTS}] when both are specified`,
    ),
  ];
}

function validateTypeValue(spec: JsonRecord): FieldError[] {
  const type = serviceType(spec);
  if (!type) return [fieldError.required("spec.type")];
  return SERVICE_TYPES.includes(type) ? [] : [fieldError.notSupported("spec.type", type, SERVICE_TYPES)];
}

/** ValidateService. */
export function validateService(obj: KubeObject): FieldError[] {
  const spec = specOf(obj);
  const annotations = asStringMap(obj.metadata.annotations);
  const errs = validateObjectMeta(obj.metadata, {
    namespaced: true,
    nameValidator: isDNS1035Label,
    kubeFinalizerNames: true,
  });
  errs.push(...validateTopologyAnnotations(annotations));
  const ports = portsOf(spec);
  if (ports.length === 0 && !isHeadless(spec) && serviceType(spec) !== "ExternalName")
    errs.push(fieldError.required("spec.ports"));
  errs.push(...validateTypeSpecifics(spec));
  const names = new Set<string>();
  for (const [i, port] of ports.entries())
    errs.push(...validateServicePort(port, `spec.ports[${i}]`, ports.length > 1, names));
  if (spec.selector !== undefined) errs.push(...validateLabels(asStringMap(spec.selector), "spec.selector"));
  errs.push(...validateAffinity(spec));
  errs.push(...validateClusterIPsRelatedFields(spec));
  errs.push(...validateExternalIPs(spec));
  errs.push(...validateTypeValue(spec));
  errs.push(...validatePortUniqueness(spec));
  errs.push(...validateSourceRanges(spec, annotations));
  errs.push(...validateLoadBalancerFields(spec));
  errs.push(...validateLoadBalancerClass(spec, undefined));
  errs.push(...validateExternalTrafficPolicy(spec));
  errs.push(...validateHealthCheckNodePort(spec));
  errs.push(...validateInternalTrafficPolicy(spec));
  return errs;
}

/** ValidateServiceUpdate: metadata, immutable cluster IPs and families, then the whole object again. */
export function validateServiceUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const spec = specOf(obj);
  const oldSpec = specOf(old);
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
  errs.push(...validateClusterIPsUpgradeDowngrade(spec, oldSpec));
  errs.push(...validateFamiliesUpgradeDowngrade(spec, oldSpec));
  errs.push(...validateLoadBalancerClass(spec, oldSpec));
  if (
    needsHealthCheckNodePort(oldSpec) &&
    needsHealthCheckNodePort(spec) &&
    spec.healthCheckNodePort !== oldSpec.healthCheckNodePort
  ) {
    errs.push(fieldError.forbidden("spec.healthCheckNodePort", "field is immutable"));
  }
  return [...errs, ...validateService(obj)];
}

/** ValidateServiceStatusUpdate: metadata and the load balancer ingress points. */
export function validateServiceStatusUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
  const ingress = asArray(asRecord(asRecord(obj.status)?.loadBalancer)?.ingress);
  for (const [i, entry] of ingress.entries()) {
    const point = asRecord(entry) ?? {};
    const path = `status.loadBalancer.ingress[${i}]`;
    const ip = asString(point.ip);
    if (ip && !parseIP(ip)) errs.push(fieldError.invalid(`${path}.ip`, ip, "must be a valid IP address"));
    const hostname = asString(point.hostname);
    if (!hostname) continue;
    errs.push(...validateDNS1123Subdomain(hostname, `${path}.hostname`));
    if (parseIP(hostname))
      errs.push(fieldError.invalid(`${path}.hostname`, hostname, "must be a DNS name, not an IP address"));
  }
  return errs;
}
