// Name and address validators the Link schema and its semantic rules share. The regex sources are
// exported so the zod schema uses exactly the patterns written into manifests/crd-link.yaml (RE2 and
// JavaScript agree on these simple forms). Pure functions: no DNS lookups, no I/O.

import { isIP } from "node:net";

/** RFC 1123 label, as Kubernetes checks names of namespaces and Services. */
export const DNS_LABEL_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
/** RFC 1123 subdomain: dot-separated labels (Secret names, cluster domains). */
export const DNS_SUBDOMAIN_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
/** Go-style duration restricted to the units a probe needs, e.g. `3s`, `1m30s`, `250ms`. */
export const DURATION_PATTERN = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";
/** Characters a comma-separated list of IPs and hostnames may contain; entries are checked one by one. */
export const GATEWAY_ADDRESS_PATTERN = "^[0-9A-Za-z.:, -]*$";

export const DNS_LABEL_MAX_LENGTH = 63;
export const DNS_SUBDOMAIN_MAX_LENGTH = 253;

const dnsLabelRe = new RegExp(DNS_LABEL_PATTERN);
const dnsSubdomainRe = new RegExp(DNS_SUBDOMAIN_PATTERN);
const qualifiedNamePartRe = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

export function isDnsLabel(value: string): boolean {
  return value.length <= DNS_LABEL_MAX_LENGTH && dnsLabelRe.test(value);
}

export function isDnsSubdomain(value: string): boolean {
  return (
    value.length <= DNS_SUBDOMAIN_MAX_LENGTH &&
    dnsSubdomainRe.test(value) &&
    value.split(".").every((label) => label.length <= DNS_LABEL_MAX_LENGTH)
  );
}

/**
 * A DNS name a gateway can have: an RFC 1123 subdomain (any case) whose last label is not all
 * digits, so that a mistyped IPv4 address such as 10.0.0.256 is not taken for a hostname.
 */
export function isHostname(value: string): boolean {
  const lastLabel = value.split(".").at(-1) ?? "";
  return isDnsSubdomain(value.toLowerCase()) && !/^[0-9]+$/.test(lastLabel);
}

export function isIpAddress(value: string): boolean {
  return isIP(value) !== 0;
}

/** A label or annotation key: `[prefix/]name`, prefix a DNS subdomain, name at most 63 characters. */
export function isQualifiedName(value: string): boolean {
  const parts = value.split("/");
  if (parts.length > 2) return false;
  const name = parts.at(-1) ?? "";
  const prefixOk = parts.length === 1 || isDnsSubdomain(parts[0] ?? "");
  return prefixOk && name.length <= DNS_LABEL_MAX_LENGTH && qualifiedNamePartRe.test(name);
}

/** A label value: empty, or at most 63 characters of the qualified-name alphabet. */
export function isLabelValue(value: string): boolean {
  return value === "" || (value.length <= DNS_LABEL_MAX_LENGTH && qualifiedNamePartRe.test(value));
}
