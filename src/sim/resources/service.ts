// core/v1 Service: defaulting, ClusterIP/NodePort allocation and validation as kube v1.28 does them.
// Allocation happens in prepareFor* (kube allocates in BeginCreate/BeginUpdate, before validation);
// an allocation failure is remembered and returned alone by validate*, as the real server stops there.
// A validation failure undoes that call's reservations; `release` frees a deleted Service's.

import type { FieldError, KubeObject, ResourceKind } from "../types.js";
import { asRecord, ensureRecord, type JsonRecord } from "./json-access.js";
import { decodeBody, dropZeroValues, STANDARD_VERBS, storageRoundTrip } from "./kind-base.js";
import { validateCommonFieldsUpdate } from "./meta.js";
import type { ServiceAllocator } from "./service-allocation.js";
import {
  applyServiceDefaults,
  dropTypeDependentFields,
  normalizeClusterIPs,
  patchAllocatedValues,
} from "./service-defaults.js";
import { serviceSchema } from "./service-schema.js";
import { portsOf, serviceType, specOf } from "./service-spec.js";
import { validateService, validateServiceStatusUpdate, validateServiceUpdate } from "./service-validation.js";

const OMITEMPTY_SPEC_FIELDS = [
  "clusterIP",
  "type",
  "externalName",
  "externalTrafficPolicy",
  "sessionAffinity",
  "loadBalancerIP",
  "healthCheckNodePort",
  "publishNotReadyAddresses",
];

/**
 * Decoding into ServiceSpec turns "" / 0 / false in these omitempty fields into absent ones, before
 * defaulting and field management see the object (so `clusterIP: ""` means "allocate one").
 */
function decode(obj: KubeObject): void {
  decodeBody(obj, serviceSchema);
  const spec = asRecord(obj.spec);
  if (!spec) return;
  dropZeroValues(spec, OMITEMPTY_SPEC_FIELDS);
  for (const port of portsOf(spec)) dropZeroValues(port, ["name", "nodePort"]);
}

function copyOf(value: unknown): JsonRecord {
  return structuredClone(asRecord(value) ?? {});
}

export function serviceKind(allocator: ServiceAllocator): ResourceKind {
  // Allocation errors of the object being written, returned by the validate hook that follows.
  const allocationErrors = new WeakMap<object, FieldError[]>();
  const remember = (obj: KubeObject, errs: FieldError[]): void => {
    if (errs.length > 0) allocationErrors.set(obj, errs);
    else allocationErrors.delete(obj);
  };
  const finishValidation = (obj: KubeObject, errs: FieldError[]): FieldError[] => {
    if (errs.length > 0) allocator.revert(obj);
    return errs;
  };

  return {
    group: "",
    version: "v1",
    kind: "Service",
    listKind: "ServiceList",
    plural: "services",
    singular: "service",
    namespaced: true,
    shortNames: ["svc"],
    categories: ["all"],
    verbs: STANDARD_VERBS,
    subresources: ["status"],
    storageVersionHash: "0/CO1lhkEBI=",
    schema: serviceSchema,
    deleteReturnsObject: true,
    allowCreateOnUpdate: true,
    allowUnconditionalUpdate: true,
    strategicMergePatch: true,
    decode,
    applyDefaults: applyServiceDefaults,
    prepareForCreate(obj, ctx): void {
      const spec = ensureRecord(obj, "spec");
      normalizeClusterIPs(spec, undefined);
      remember(obj, allocator.beginCreate(obj, spec, ctx.dryRun));
      obj.status = { loadBalancer: {} };
      storageRoundTrip(obj, serviceSchema);
    },
    validateCreate(obj): FieldError[] {
      return allocationErrors.get(obj) ?? finishValidation(obj, validateService(obj));
    },
    prepareForUpdate(obj, old, ctx): void {
      const spec = ensureRecord(obj, "spec");
      const oldSpec = specOf(old);
      patchAllocatedValues(spec, oldSpec);
      normalizeClusterIPs(spec, oldSpec);
      remember(obj, allocator.beginUpdate(obj, spec, oldSpec, ctx.dryRun));
      const status = copyOf(old.status);
      dropTypeDependentFields(spec, oldSpec);
      // Load-balancer status is cleared as soon as the Service stops being a LoadBalancer.
      if (serviceType(spec) !== "LoadBalancer") status.loadBalancer = {};
      obj.status = status;
      storageRoundTrip(obj, serviceSchema);
    },
    validateUpdate(obj, old): FieldError[] {
      const pending = allocationErrors.get(obj);
      if (pending) return pending;
      const errs = [
        ...validateCommonFieldsUpdate(obj.metadata, old.metadata, true),
        ...validateServiceUpdate(obj, old),
      ];
      return finishValidation(obj, errs);
    },
    prepareForSubresourceUpdate(subresource, obj, old): void {
      if (subresource === "status") obj.spec = copyOf(old.spec);
      storageRoundTrip(obj, serviceSchema);
    },
    validateSubresourceUpdate(_subresource, obj, old): FieldError[] {
      return [
        ...validateCommonFieldsUpdate(obj.metadata, old.metadata, true),
        ...validateServiceStatusUpdate(obj, old),
      ];
    },
    release: (obj) => allocator.release(obj),
  };
}
