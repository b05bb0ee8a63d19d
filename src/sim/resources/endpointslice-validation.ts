// ValidateEndpointSlice / ValidateEndpointSliceUpdate of kube v1.28: address type, addresses per
// family (with the loopback and link-local bans), hostnames, node names, topology hints, ports.

import { fieldError } from "../fielderrors.js";
import type { FieldError, KubeObject } from "../types.js";
import {
  asOptionalString,
  asRecord,
  asString,
  asStringArray,
  asStringMap,
  type JsonRecord,
  recordsOf,
} from "./json-access.js";
import {
  invalidEach,
  isDNS1123Subdomain,
  isValidLabelValue,
  validateLabels,
  validateObjectMeta,
} from "./meta.js";
import {
  SUPPORTED_PORT_PROTOCOLS,
  validateDNS1123Label,
  validateFQDN,
  validateIPv4Address,
  validateIPv6Address,
  validateNonSpecialIP,
  validateQualifiedName,
} from "./validators.js";

const ADDRESS_TYPES = ["FQDN", "IPv4", "IPv6"];
const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 20000;
const MAX_TOPOLOGY_LABELS = 16;
const MAX_ZONE_HINTS = 8;

function validateAddressType(addressType: string): FieldError[] {
  if (!addressType) return [fieldError.required("addressType")];
  return ADDRESS_TYPES.includes(addressType)
    ? []
    : [fieldError.notSupported("addressType", addressType, ADDRESS_TYPES)];
}

function validateAddress(address: string, addressType: string, field: string): FieldError[] {
  // Unknown address types fall through unchecked, as in Go.
  if (addressType === "IPv4")
    return [...validateIPv4Address(address, field), ...validateNonSpecialIP(address, field)];
  if (addressType === "IPv6")
    return [...validateIPv6Address(address, field), ...validateNonSpecialIP(address, field)];
  if (addressType === "FQDN") return validateFQDN(address, field);
  return [];
}

function validateHints(hints: JsonRecord, path: string): FieldError[] {
  const zones = recordsOf(hints.forZones);
  if (zones.length > MAX_ZONE_HINTS)
    return [fieldError.tooMany(`${path}.forZones`, zones.length, MAX_ZONE_HINTS)];
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  for (const [i, zone] of zones.entries()) {
    const name = asString(zone.name);
    const field = `${path}.forZones[${i}].name`;
    if (seen.has(name)) errs.push(fieldError.duplicate(field, name));
    seen.add(name);
    errs.push(...invalidEach(field, name, isValidLabelValue));
  }
  return errs;
}

function validateEndpointDetails(endpoint: JsonRecord, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const nodeName = asOptionalString(endpoint.nodeName);
  if (nodeName !== undefined) errs.push(...invalidEach(`${path}.nodeName`, nodeName, isDNS1123Subdomain));
  const topology = asStringMap(endpoint.deprecatedTopology);
  const topologyPath = `${path}.deprecatedTopology`;
  const topologySize = Object.keys(topology).length;
  if (topologySize > MAX_TOPOLOGY_LABELS)
    errs.push(fieldError.tooMany(topologyPath, topologySize, MAX_TOPOLOGY_LABELS));
  errs.push(...validateLabels(topology, topologyPath));
  const hostname = asOptionalString(endpoint.hostname);
  if (hostname !== undefined) errs.push(...validateDNS1123Label(hostname, `${path}.hostname`));
  const hints = asRecord(endpoint.hints);
  if (hints) errs.push(...validateHints(hints, `${path}.hints`));
  return errs;
}

function validateEndpoints(endpoints: JsonRecord[], addressType: string): FieldError[] {
  if (endpoints.length > MAX_ENDPOINTS)
    return [fieldError.tooMany("endpoints", endpoints.length, MAX_ENDPOINTS)];
  const errs: FieldError[] = [];
  for (const [i, endpoint] of endpoints.entries()) {
    const path = `endpoints[${i}]`;
    const addresses = asStringArray(endpoint.addresses);
    if (addresses.length === 0)
      errs.push(fieldError.required(`${path}.addresses`, "must contain at least 1 address"));
    else if (addresses.length > MAX_ADDRESSES) {
      errs.push(fieldError.tooMany(`${path}.addresses`, addresses.length, MAX_ADDRESSES));
    }
    for (const [j, address] of addresses.entries()) {
      errs.push(...validateAddress(address, addressType, `${path}.addresses[${j}]`));
    }
    errs.push(...validateEndpointDetails(endpoint, path));
  }
  return errs;
}

function validatePort(port: JsonRecord, path: string, names: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const name = asString(port.name);
  if (name) errs.push(...validateDNS1123Label(name, `${path}.name`));
  if (names.has(name)) errs.push(fieldError.duplicate(`${path}.name`, name));
  else names.add(name);
  const protocol = asOptionalString(port.protocol);
  if (protocol === undefined) errs.push(fieldError.required(`${path}.protocol`));
  else if (!SUPPORTED_PORT_PROTOCOLS.includes(protocol)) {
    errs.push(fieldError.notSupported(`${path}.protocol`, protocol, SUPPORTED_PORT_PROTOCOLS));
  }
  const appProtocol = asOptionalString(port.appProtocol);
  if (appProtocol !== undefined) errs.push(...validateQualifiedName(appProtocol, `${path}.appProtocol`));
  return errs;
}

function validatePorts(ports: JsonRecord[]): FieldError[] {
  if (ports.length > MAX_PORTS) return [fieldError.tooMany("ports", ports.length, MAX_PORTS)];
  const names = new Set<string>();
  return ports.flatMap((port, i) => validatePort(port, `ports[${i}]`, names));
}

/** ValidateEndpointSlice. */
export function validateEndpointSlice(obj: KubeObject): FieldError[] {
  const addressType = asString(obj.addressType);
  return [
    ...validateObjectMeta(obj.metadata, {
      namespaced: true,
      nameValidator: isDNS1123Subdomain,
      kubeFinalizerNames: true,
    }),
    ...validateAddressType(addressType),
    ...validateEndpoints(recordsOf(obj.endpoints), addressType),
    ...validatePorts(recordsOf(obj.ports)),
  ];
}

/** ValidateEndpointSliceUpdate: the slice again, and addressType may not change. */
export function validateEndpointSliceUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateEndpointSlice(obj);
  const addressType = asString(obj.addressType);
  if (addressType !== asString(old.addressType))
    errs.push(fieldError.invalid("addressType", addressType, "field is immutable"));
  return errs;
}
