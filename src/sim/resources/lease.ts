// coordination.k8s.io/v1 Lease. Its MicroTime fields are checked while decoding (exactly six
// fractional digits, offsets normalised to UTC), so a malformed time is a 400 before validation.
// Leases refuse unconditional updates: leader election depends on the resourceVersion check.

import { fieldError } from "../fielderrors.js";
import type { FieldError, KubeObject, ResourceKind, Schema } from "../types.js";
import { kindSchema } from "./common-schemas.js";
import { asNumber, isRecord } from "./json-access.js";
import { decodeBody, STANDARD_VERBS, storageRoundTrip } from "./kind-base.js";
import {
  isDNS1123Subdomain,
  validateCommonFieldsUpdate,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./meta.js";
import { int32, str, obj as struct, time, valueStruct } from "./schema-builders.js";
import { decodeTimeField, RFC3339_MICRO } from "./time-fields.js";

const leaseSchema: Schema = kindSchema({
  spec: valueStruct(
    struct({
      acquireTime: time(),
      holderIdentity: str(),
      leaseDurationSeconds: int32(),
      leaseTransitions: int32(),
      renewTime: time(),
    }),
  ),
});

const MICRO_TIME_FIELDS = new Set(["acquireTime", "renewTime"]);

function decode(obj: KubeObject): void {
  decodeBody(obj, leaseSchema);
  const spec = obj.spec;
  if (!isRecord(spec)) return;
  // encoding/json stops at the first failing time in input order.
  for (const key of Object.keys(spec)) {
    if (!MICRO_TIME_FIELDS.has(key)) continue;
    decodeTimeField(spec, key, { struct: "LeaseSpec", path: `spec.${key}`, layout: RFC3339_MICRO });
  }
}

function validateSpec(obj: KubeObject): FieldError[] {
  const spec = isRecord(obj.spec) ? obj.spec : {};
  const errs: FieldError[] = [];
  const duration = asNumber(spec.leaseDurationSeconds);
  if (duration !== undefined && duration <= 0) {
    errs.push(fieldError.invalid("spec.leaseDurationSeconds", duration, "must be greater than 0"));
  }
  const transitions = asNumber(spec.leaseTransitions);
  if (transitions !== undefined && transitions < 0) {
    errs.push(fieldError.invalid("spec.leaseTransitions", transitions, "must be greater than or equal to 0"));
  }
  return errs;
}

function render(obj: KubeObject): void {
  storageRoundTrip(obj, leaseSchema);
  if (!isRecord(obj.spec)) obj.spec = {};
}

export function leaseKind(): ResourceKind {
  return {
    group: "coordination.k8s.io",
    version: "v1",
    kind: "Lease",
    listKind: "LeaseList",
    plural: "leases",
    singular: "lease",
    namespaced: true,
    shortNames: [],
    verbs: STANDARD_VERBS,
    subresources: [],
    storageVersionHash: "gqkMMb/YqFM=",
    schema: leaseSchema,
    deleteReturnsObject: false,
    // kube's leaseStrategy allows create-on-update; only the unconditional update is refused.
    allowCreateOnUpdate: true,
    allowUnconditionalUpdate: false,
    strategicMergePatch: true,
    decode,
    prepareForCreate: render,
    validateCreate: (obj): FieldError[] => [
      ...validateObjectMeta(obj.metadata, { namespaced: true, nameValidator: isDNS1123Subdomain }),
      ...validateSpec(obj),
    ],
    prepareForUpdate: (obj): void => render(obj),
    validateUpdate: (obj, old): FieldError[] => [
      ...validateCommonFieldsUpdate(obj.metadata, old.metadata, true),
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...validateSpec(obj),
    ],
  };
}
