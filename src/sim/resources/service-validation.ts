// ValidateService / ValidateServiceUpdate / ValidateServiceStatusUpdate of kube v1.28, field by
// field in the order Go appends errors, so aggregated 422 messages match the real server.
// Dual-stack rules are kept because clients may send IPv6 families; the sim itself is IPv4-only.

import { fieldError, goLiteral, goQuote, goStringSlice } from "../fielderrors.js";
import type { FieldError, KubeObject } from "../types.js";
import { isIPv4, parseIP } from "./ip.js";
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
  CLUSTER_IP_NONE,
  clusterIP,
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
const IP_FAMILIES = ["IPv4", "IPv6"];
const IP_FAMILY_POLICIES = ["PreferDualStack", "RequireDualStack", "SingleStack"];
const TRAFFIC_POLICIES = ["Cluster", "Local"];
const MAX_AFFINITY_SECONDS = 86400;
const TOPOLOGY_HINTS = "service.kubernetes.io/topology-aware-hints";
const TOPOLOGY_MODE = "service.kubernetes.io/topology-mode";
const SOURCE_RANGES_ANNOTATION = "service.beta.kubernetes.io/load-balancer-source-ranges";

function ipFamiliesLiteral(families: readonly string[]): ReturnType<typeof goLiteral> {
  return goLiteral(`[]core.IPFamily{${families.map(goQuote).join(", ")}}`);
}

function optionalPolicy(spec: JsonRecord): string | null {
  return asOptionalString(spec.ipFamilyPolicy) ?? null;
}

function validateClusterIPsSync(spec: JsonRecord): FieldError[] {
  const ips = clusterIPs(spec);
  if (clusterIP(spec)) {
    if (ips.length === 0) return [fieldError.required("spec.clusterIPs")];
    if (ips[0] !== clusterIP(spec)) {
      return [
        fieldError.invalid("spec.clusterIPs", goStringSlice(ips), "first value must match `clusterIP`"),
      ];
    }
    return [];
  }
  if (ips.length === 0) return [];
  return [
    fieldError.invalid(
      "spec.clusterIPs",
      goStringSlice(ips),
      "must be empty when `clusterIP` is not specified",
    ),
  ];
}

function validateFamiliesAndPolicy(spec: JsonRecord): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  for (const [i, family] of ipFamilies(spec).entries()) {
    if (!IP_FAMILIES.includes(family))
      errs.push(fieldError.notSupported(`spec.ipFamilies[${i}]`, family, IP_FAMILIES));
    if (seen.has(family)) errs.push(fieldError.duplicate(`spec.ipFamilies[${i}]`, family));
    seen.add(family);
  }
  const policy = asOptionalString(spec.ipFamilyPolicy);
  if (policy !== undefined && !IP_FAMILY_POLICIES.includes(policy)) {
    errs.push(fieldError.notSupported("spec.ipFamilyPolicy", policy, IP_FAMILY_POLICIES));
  }
  return errs;
}

/** Returns the errors and whether any clusterIP was malformed (which stops the remaining checks). */
function validateClusterIPValues(spec: JsonRecord): { errs: FieldError[]; invalid: boolean } {
  const ips = clusterIPs(spec);
  const errs: FieldError[] = [];
  let invalid = false;
  for (const [i, ip] of ips.entries()) {
    if (i === 0 && ip === CLUSTER_IP_NONE) {
      if (ips.length > 1) {
        invalid = true;
        errs.push(
          fieldError.invalid(
            "spec.clusterIPs",
            goStringSlice(ips),
            "'None' must be the first and only value",
          ),
        );
      }
      continue;
    }
    if (!parseIP(ip)) {
      invalid = true;
      errs.push(fieldError.invalid(`spec.clusterIPs[${i}]`, ip, INVALID_IP_MESSAGE));
    }
  }
  if (ips.length > 2)
    errs.push(fieldError.invalid("spec.clusterIPs", goStringSlice(ips), "may only hold up to 2 values"));
  return { errs, invalid };
}

function isIPv6Text(text: string): boolean {
  const ip = parseIP(text);
  return ip !== null && !isIPv4(ip);
}

function validateClusterIPFamilies(spec: JsonRecord): FieldError[] {
  const ips = clusterIPs(spec);
  const errs: FieldError[] = [];
  if (ips.length > 1 && isIPv6Text(ips[0] ?? "") === isIPv6Text(ips[1] ?? "")) {
    errs.push(
      fieldError.invalid(
        "spec.clusterIPs",
        goStringSlice(ips),
        "may specify no more than one IP for each IP family",
      ),
    );
  }
  const families = ipFamilies(spec);
  if (isHeadless(spec) || families.length === 0) return errs;
  for (const [i, ip] of ips.entries()) {
    if (i >= families.length) break;
    if (families[i] === "IPv4" && isIPv6Text(ip)) {
      errs.push(
        fieldError.invalid(
          `spec.clusterIPs[${i}]`,
          ip,
          `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``,
        ),
      );
    }
    if (families[i] === "IPv6" && !isIPv6Text(ip)) {
      errs.push(
        fieldError.invalid(
          `spec.clusterIPs[${i}]`,
          ip,
          `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``,
        ),
      );
    }
  }
  return errs;
}

/** ValidateServiceClusterIPsRelatedFields: clusterIP(s), ipFamilies and ipFamilyPolicy agree. */
export function validateClusterIPsRelatedFields(spec: JsonRecord): FieldError[] {
  if (serviceType(spec) === "ExternalName") return [];
  const errs = [...validateClusterIPsSync(spec), ...validateFamiliesAndPolicy(spec)];
  const values = validateClusterIPValues(spec);
  errs.push(...values.errs);
  if (values.invalid) return errs;
  return [...errs, ...validateClusterIPFamilies(spec)];
}

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

const NOT_CHANGEABLE = "may not change once set";

function isOutOfBounds(spec: JsonRecord, old: JsonRecord): boolean {
  return serviceType(spec) === "ExternalName" || serviceType(old) === "ExternalName";
}

/** A release of the secondary value must come with ipFamilyPolicy SingleStack. */
function releaseNeedsSingleStack(spec: JsonRecord, remaining: number, what: string): FieldError[] {
  if (remaining !== 1 || spec.ipFamilyPolicy === "SingleStack") return [];
  const detail = `must be set to 'SingleStack' when releasing the secondary ${what}`;
  return [fieldError.invalid("spec.ipFamilyPolicy", optionalPolicy(spec), detail)];
}

function validateClusterIPsUpgradeDowngrade(spec: JsonRecord, old: JsonRecord): FieldError[] {
  if (isOutOfBounds(spec, old) || (isHeadless(spec) && isHeadless(old))) return [];
  const next = clusterIPs(spec);
  const prev = clusterIPs(old);
  const value = goStringSlice(next);
  if (prev.length === next.length) {
    return prev.flatMap((ip, i) =>
      ip === next[i] ? [] : [fieldError.invalid(`spec.clusterIPs[${i}]`, value, NOT_CHANGEABLE)],
    );
  }
  const errs: FieldError[] = [];
  if (next.length === 0)
    errs.push(fieldError.invalid("spec.clusterIPs[0]", value, "primary clusterIP can not be unset"));
  if (prev.length > 0 && next.length > 0 && next[0] !== prev[0]) {
    errs.push(fieldError.invalid("spec.clusterIPs[0]", value, NOT_CHANGEABLE));
  }
  return prev.length > next.length
    ? [...errs, ...releaseNeedsSingleStack(spec, next.length, "clusterIP")]
    : errs;
}

function validateFamiliesUpgradeDowngrade(spec: JsonRecord, old: JsonRecord): FieldError[] {
  if (isOutOfBounds(spec, old) || isHeadless(spec) || isHeadless(old)) return [];
  const next = ipFamilies(spec);
  const prev = ipFamilies(old);
  if (prev.length === next.length) {
    return prev.flatMap((f, i) =>
      f === next[i]
        ? []
        : [fieldError.invalid("spec.ipFamilies[0]", ipFamiliesLiteral(next), NOT_CHANGEABLE)],
    );
  }
  const errs: FieldError[] = [];
  if (next.length === 0) {
    errs.push(
      fieldError.invalid("spec.ipFamilies[0]", ipFamiliesLiteral(next), "primary ipFamily can not be unset"),
    );
  }
  if (prev.length > 0 && next.length > 0 && next[0] !== prev[0]) {
    // Go quotes the clusterIPs here, not the families.
    errs.push(fieldError.invalid("spec.ipFamilies[0]", goStringSlice(clusterIPs(spec)), NOT_CHANGEABLE));
  }
  return prev.length > next.length
    ? [...errs, ...releaseNeedsSingleStack(spec, next.length, "ipFamily")]
    : errs;
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
