// initIPFamilyFields of kube's Service REST for a single-stack IPv4 cluster: defaults ipFamilyPolicy
// and ipFamilies (after allocation-time validation of the cluster IP fields) or explains, with
// kube's messages, why the requested families or policy cannot be served here.

import { fieldError, goStringSlice } from "../fielderrors.js";
import type { FieldError } from "../types.js";
import { isIPv4, parseIP } from "./ip.js";
import { asRecord, type JsonRecord } from "./json-access.js";
import { validateClusterIPsRelatedFields } from "./service-ip-validation.js";
import {
  CLUSTER_IP_NONE,
  clusterIP,
  clusterIPs,
  ipFamilies,
  isExternalName,
  needsClusterIP,
  sameClusterIPs,
  sameIPFamilies,
} from "./service-spec.js";

/** The only family this cluster serves. */
export const CLUSTER_FAMILY = "IPv4";

function familyOf(ip: string): string {
  const parsed = parseIP(ip);
  return parsed && !isIPv4(parsed) ? "IPv6" : "IPv4";
}

export function isMatchingPreferDualStack(spec: JsonRecord, old: JsonRecord | undefined): boolean {
  if (!old || !needsClusterIP(old) || !needsClusterIP(spec)) return false;
  if (old.ipFamilyPolicy !== "PreferDualStack") return false;
  if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== "PreferDualStack") return false;
  return sameClusterIPs(old, spec) && sameIPFamilies(old, spec);
}

function defaultPolicy(spec: JsonRecord, old: JsonRecord | undefined): void {
  if (spec.ipFamilyPolicy !== undefined) return;
  if (old?.ipFamilyPolicy !== undefined) spec.ipFamilyPolicy = old.ipFamilyPolicy;
  else spec.ipFamilyPolicy = isHeadlessWithoutSelector(spec) ? "RequireDualStack" : "SingleStack";
}

function policyValue(spec: JsonRecord): string | null {
  return typeof spec.ipFamilyPolicy === "string" ? spec.ipFamilyPolicy : null;
}

function updatePrepErrors(spec: JsonRecord, old: JsonRecord): FieldError[] {
  if (spec.ipFamilyPolicy === "SingleStack") {
    if (sameClusterIPs(old, spec) && clusterIPs(spec).length > 1)
      spec.clusterIPs = clusterIPs(spec).slice(0, 1);
    if (sameIPFamilies(old, spec) && ipFamilies(spec).length > 1)
      spec.ipFamilies = ipFamilies(spec).slice(0, 1);
    return [];
  }
  const errs: FieldError[] = [];
  const ips = clusterIPs(spec);
  if (ips.length > 0 && ips.length < clusterIPs(old).length) {
    errs.push(
      fieldError.invalid(
        "spec.ipFamilyPolicy",
        policyValue(spec),
        "must be 'SingleStack' to release the secondary cluster IP",
      ),
    );
  }
  const families = ipFamilies(spec);
  if (families.length > 0 && families.length < ipFamilies(old).length) {
    errs.push(
      fieldError.invalid(
        "spec.ipFamilyPolicy",
        policyValue(spec),
        "must be 'SingleStack' to release the secondary IP family",
      ),
    );
  }
  return errs;
}

function singleStackErrors(spec: JsonRecord): FieldError[] {
  if (spec.ipFamilyPolicy !== "SingleStack") return [];
  const errs: FieldError[] = [];
  const detail = "must be 'RequireDualStack' or 'PreferDualStack' when multiple";
  if (clusterIPs(spec).length === 2) {
    errs.push(
      fieldError.invalid("spec.ipFamilyPolicy", "SingleStack", `${detail} cluster IPs are specified`),
    );
  }
  if (ipFamilies(spec).length === 2) {
    errs.push(
      fieldError.invalid("spec.ipFamilyPolicy", "SingleStack", `${detail} IP families are specified`),
    );
  }
  return errs;
}

function inferFamilies(spec: JsonRecord): FieldError[] {
  const errs: FieldError[] = [];
  const ips = clusterIPs(spec);
  const families = ipFamilies(spec);
  for (const [i, ip] of ips.entries()) {
    if (ip === CLUSTER_IP_NONE) break;
    if (i < families.length) continue;
    const family = familyOf(ip);
    if (family === CLUSTER_FAMILY) families.push(family);
    else
      errs.push(
        fieldError.invalid(
          `spec.clusterIPs[${i}]`,
          goStringSlice(ips),
          `${family} is not configured on this cluster`,
        ),
      );
  }
  if (families.length > 0) spec.ipFamilies = families;
  return errs;
}

function clusterSupportErrors(spec: JsonRecord): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.ipFamilyPolicy === "RequireDualStack") {
    errs.push(
      fieldError.invalid(
        "spec.ipFamilyPolicy",
        "RequireDualStack",
        "this cluster is not configured for dual-stack services",
      ),
    );
  }
  for (const [i, family] of ipFamilies(spec).entries()) {
    if (family !== CLUSTER_FAMILY)
      errs.push(fieldError.invalid(`spec.ipFamilies[${i}]`, family, "not configured on this cluster"));
  }
  return errs;
}

function isHeadlessWithoutSelector(spec: JsonRecord): boolean {
  return clusterIP(spec) === CLUSTER_IP_NONE && Object.keys(asRecord(spec.selector) ?? {}).length === 0;
}

/** Headless without selector: any families are allowed, and a dual-stack policy gets both. */
function initHeadlessFamilies(spec: JsonRecord): void {
  const families = ipFamilies(spec).length > 0 ? ipFamilies(spec) : [CLUSTER_FAMILY];
  if (families.length < 2 && spec.ipFamilyPolicy !== "SingleStack") {
    families.push(families[0] === "IPv4" ? "IPv6" : "IPv4");
  }
  spec.ipFamilies = families;
}

/** initIPFamilyFields for a single-stack IPv4 cluster: fills ipFamilyPolicy and ipFamilies or explains why not. */
export function initIPFamilyFields(spec: JsonRecord, old: JsonRecord | undefined): FieldError[] {
  if (isExternalName(spec) || isMatchingPreferDualStack(spec, old)) return [];
  defaultPolicy(spec, old);
  const invalid = validateClusterIPsRelatedFields(spec);
  if (invalid.length > 0) return invalid;
  const errs = [
    ...(old ? updatePrepErrors(spec, old) : []),
    ...singleStackErrors(spec),
    ...inferFamilies(spec),
  ];
  if (errs.length > 0) return errs;
  if (isHeadlessWithoutSelector(spec)) {
    initHeadlessFamilies(spec);
    return [];
  }
  const unsupported = clusterSupportErrors(spec);
  if (unsupported.length > 0) return unsupported;
  if (ipFamilies(spec).length === 0) spec.ipFamilies = [CLUSTER_FAMILY];
  return [];
}
