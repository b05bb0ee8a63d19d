// The Service rules about cluster IPs and IP families: ValidateServiceClusterIPsRelatedFields (also
// run by allocation before it reserves anything) and the update checks that keep clusterIPs and
// ipFamilies from changing once set (validateUpgradeDowngradeClusterIPs / ...IPFamilies).

import { fieldError, goLiteral, goStringSlice } from "../fielderrors.js";
import { goQuote } from "../gotext/quote.js";
import type { FieldError } from "../types.js";
import { isIPv4, parseIP } from "./ip.js";
import { asOptionalString, type JsonRecord } from "./json-access.js";
import {
  CLUSTER_IP_NONE,
  clusterIP,
  clusterIPs,
  ipFamilies,
  isHeadless,
  serviceType,
} from "./service-spec.js";
import { INVALID_IP_MESSAGE } from "./validators.js";

const IP_FAMILIES = ["IPv4", "IPv6"];
const IP_FAMILY_POLICIES = ["PreferDualStack", "RequireDualStack", "SingleStack"];

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

export function validateClusterIPsUpgradeDowngrade(spec: JsonRecord, old: JsonRecord): FieldError[] {
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

export function validateFamiliesUpgradeDowngrade(spec: JsonRecord, old: JsonRecord): FieldError[] {
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
