// Field validators from k8s.io/apimachinery/pkg/util/validation and pkg/apis/core/validation that
// several kinds share: port numbers and names, config-map keys, IP addresses and domain names.
// Each returns FieldErrors with the exact Go messages, in the order Go appends them.

import { fieldError } from "../fielderrors.js";
import type { FieldError } from "../types.js";
import {
  isIPv4,
  isLinkLocalMulticast,
  isLinkLocalUnicast,
  isLoopback,
  isUnspecified,
  parseIP,
} from "./ip.js";
import {
  byteLength,
  invalidEach,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  maxLenError,
  regexError,
} from "./meta.js";

export const SUPPORTED_PORT_PROTOCOLS = ["SCTP", "TCP", "UDP"];

function isValidPortNum(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : ["must be between 1 and 65535, inclusive"];
}

function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (byteLength(port) > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) {
    errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  }
  if (!/[a-z]/.test(port)) errs.push("must contain at least one letter (a-z)");
  if (port.includes("--")) errs.push("must not contain consecutive hyphens");
  if (port.startsWith("-") || port.endsWith("-")) errs.push("must not begin or end with a hyphen");
  return errs;
}

/** IsValidPortNum rendered on a field. */
export function validatePortNumber(port: number, field: string): FieldError[] {
  return isValidPortNum(port).map((msg) => fieldError.invalid(field, port, msg));
}

/** A required protocol among TCP, UDP and SCTP. */
export function validateProtocol(protocol: string, field: string): FieldError[] {
  if (!protocol) return [fieldError.required(field)];
  if (SUPPORTED_PORT_PROTOCOLS.includes(protocol)) return [];
  return [fieldError.notSupported(field, protocol, SUPPORTED_PORT_PROTOCOLS)];
}

/** ValidatePortNumOrName for an IntOrString port. */
export function validatePortNumOrName(port: unknown, field: string): FieldError[] {
  if (typeof port === "string")
    return isValidPortName(port).map((msg) => fieldError.invalid(field, port, msg));
  return validatePortNumber(typeof port === "number" ? port : 0, field);
}

function isConfigMapKey(key: string): string[] {
  const errs: string[] = [];
  if (byteLength(key) > 253) errs.push(maxLenError(253));
  if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
    errs.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        "[-._a-zA-Z0-9]+",
        ["key.name", "KEY_NAME", "key-name"],
      ),
    );
  }
  if (key === ".") errs.push("must not be '.'");
  else if (key === "..") errs.push("must not be '..'");
  else if (key.startsWith("..")) errs.push("must not start with '..'");
  return errs;
}

/** IsConfigMapKey for every key of a data map, reported on `field[key]`. */
export function validateConfigKeys(keys: readonly string[], field: string): FieldError[] {
  return keys.flatMap((key) =>
    isConfigMapKey(key).map((msg) => fieldError.invalid(`${field}[${key}]`, key, msg)),
  );
}

/** ValidateDNS1123Label on one field. */
export function validateDNS1123Label(value: string, field: string): FieldError[] {
  return invalidEach(field, value, isDNS1123Label);
}

export function validateDNS1123Subdomain(value: string, field: string): FieldError[] {
  return invalidEach(field, value, isDNS1123Subdomain);
}

export function validateQualifiedName(value: string, field: string): FieldError[] {
  return invalidEach(field, value, isQualifiedName);
}

export const INVALID_IP_MESSAGE = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";

/** validation.IsValidIP rendered on a field. */
export function validateIP(value: string, field: string): FieldError[] {
  return parseIP(value) ? [] : [fieldError.invalid(field, value, INVALID_IP_MESSAGE)];
}

export function validateIPv4Address(value: string, field: string): FieldError[] {
  const ip = parseIP(value);
  return ip && isIPv4(ip) ? [] : [fieldError.invalid(field, value, "must be a valid IPv4 address")];
}

export function validateIPv6Address(value: string, field: string): FieldError[] {
  const ip = parseIP(value);
  return ip && !isIPv4(ip) ? [] : [fieldError.invalid(field, value, "must be a valid IPv6 address")];
}

/**
 * ValidateNonSpecialIP / ValidateEndpointIP: addresses that make no sense as endpoints or external
 * IPs (unspecified, loopback, link-local) are rejected.
 */
export function validateNonSpecialIP(value: string, field: string): FieldError[] {
  const ip = parseIP(value);
  if (!ip) return [fieldError.invalid(field, value, "must be a valid IP address")];
  const errs: FieldError[] = [];
  if (isUnspecified(ip)) errs.push(fieldError.invalid(field, value, `may not be unspecified (${value})`));
  if (isLoopback(ip)) {
    errs.push(fieldError.invalid(field, value, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
  }
  if (isLinkLocalUnicast(ip)) {
    errs.push(
      fieldError.invalid(field, value, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"),
    );
  }
  if (isLinkLocalMulticast(ip)) {
    errs.push(
      fieldError.invalid(
        field,
        value,
        "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)",
      ),
    );
  }
  return errs;
}

/** validation.IsFullyQualifiedDomainName: a subdomain with at least two labels, trailing dot allowed. */
export function validateFQDN(value: string, field: string): FieldError[] {
  if (value.length === 0) return [fieldError.required(field)];
  const name = value.endsWith(".") ? value.slice(0, -1) : value;
  const subdomainErrs = isDNS1123Subdomain(name);
  if (subdomainErrs.length > 0) return [fieldError.invalid(field, name, subdomainErrs.join(","))];
  const labels = name.split(".");
  if (labels.length < 2) {
    return [
      fieldError.invalid(field, name, "should be a domain with at least two segments separated by dots"),
    ];
  }
  for (const label of labels) {
    const errs = isDNS1123Label(label);
    if (errs.length > 0) return [fieldError.invalid(field, label, errs.join(","))];
  }
  return [];
}

/** A CIDR as netutils.ParseCIDRSloppy accepts it. */
export function isValidCIDR(value: string): boolean {
  const slash = value.indexOf("/");
  if (slash < 0) return false;
  const ip = parseIP(value.slice(0, slash));
  const bitsText = value.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(bitsText)) return false;
  return Number(bitsText) <= (isIPv4(ip) && !value.slice(0, slash).includes(":") ? 32 : 128);
}
