// Schemas shared by every built-in kind: ObjectMeta (with the list semantics of the real OpenAPI:
// ownerReferences keyed by uid, finalizers a set, managedFields atomic), the type-meta fields,
// ObjectReference and metav1.Condition. `kindSchema` assembles a kind's top-level object.

import type { Schema } from "../types.js";
import {
  atomicList,
  atomicObj,
  bool,
  int64,
  mapList,
  obj,
  required,
  setList,
  str,
  stringMap,
  time,
  valueStruct,
} from "./schema-builders.js";

const ownerReferenceSchema: Schema = required(
  atomicObj({
    apiVersion: str(),
    blockOwnerDeletion: bool(),
    controller: bool(),
    kind: str(),
    name: str(),
    uid: str(),
  }),
  "apiVersion",
  "kind",
  "name",
  "uid",
);

const managedFieldsEntrySchema: Schema = obj({
  apiVersion: str(),
  fieldsType: str(),
  // FieldsV1 is an opaque JSON document of field paths; it is never pruned.
  fieldsV1: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
  manager: str(),
  operation: str(),
  subresource: str(),
  time: time(),
});

export const objectMetaSchema: Schema = obj({
  annotations: stringMap(),
  creationTimestamp: time(),
  deletionGracePeriodSeconds: int64(),
  deletionTimestamp: time(),
  finalizers: setList(str(), "merge"),
  generateName: str(),
  generation: int64(),
  labels: stringMap(),
  managedFields: atomicList(managedFieldsEntrySchema),
  name: str(),
  namespace: str(),
  ownerReferences: mapList(ownerReferenceSchema, { keys: ["uid"], mergeKey: "uid", patchStrategy: "merge" }),
  resourceVersion: str(),
  selfLink: str(),
  uid: str(),
});

/** core/v1 ObjectReference (+structType=atomic). */
export const objectReferenceSchema: Schema = atomicObj({
  apiVersion: str(),
  fieldPath: str(),
  kind: str(),
  name: str(),
  namespace: str(),
  resourceVersion: str(),
  uid: str(),
});

/** metav1.Condition, the standard status condition. */
export const conditionSchema: Schema = required(
  obj({
    lastTransitionTime: time(),
    message: str(),
    observedGeneration: int64(),
    reason: str(),
    status: str(),
    type: str(),
  }),
  "type",
  "status",
  "lastTransitionTime",
  "reason",
  "message",
);

/** `conditions` lists keyed by type, as most status structs declare them. */
export function conditionsList(item: Schema): Schema {
  return mapList(item, { keys: ["type"], mergeKey: "type", patchStrategy: "merge" });
}

/** A kind's whole object: apiVersion, kind, metadata and its own top-level fields. */
export function kindSchema(fields: Record<string, Schema>): Schema {
  return obj({ apiVersion: str(), kind: str(), metadata: valueStruct(objectMetaSchema), ...fields });
}
