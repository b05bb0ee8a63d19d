// core/v1 Namespace (cluster-scoped): the kubernetes.io/metadata.name label, the `kubernetes`
// finalizer and phase Active on create; spec and status only change through /finalize and
// /status. Deletion is two-phase: a DELETE moves it to phase Terminating (no grace period, no
// generation bump) and it stays until spec.finalizers and metadata.finalizers are empty.

import { fieldError } from "../fielderrors.js";
import type { FieldError, KindDeletion, KubeObject, ResourceKind, Schema } from "../types.js";
import { conditionsList, kindSchema } from "./common-schemas.js";
import { asRecord, asString, asStringArray, ensureRecord, isRecord, type JsonRecord } from "./json-access.js";
import { decodeBody, storageRoundTrip } from "./kind-base.js";
import {
  isDNS1123Label,
  validateCommonFieldsUpdate,
  validateFinalizers,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./meta.js";
import { atomicList, obj, required, str, time, valueStruct } from "./schema-builders.js";

const namespaceConditionSchema: Schema = required(
  obj({ lastTransitionTime: time(), message: str(), reason: str(), status: str(), type: str() }),
  "type",
  "status",
);

const namespaceSchema: Schema = kindSchema({
  spec: valueStruct(obj({ finalizers: atomicList(str()) })),
  status: valueStruct(obj({ conditions: conditionsList(namespaceConditionSchema), phase: str() })),
});

const NAME_LABEL = "kubernetes.io/metadata.name";
const KUBERNETES_FINALIZER = "kubernetes";

function labelWithName(obj: KubeObject): void {
  if (!obj.metadata.name) return;
  obj.metadata.labels = { ...(obj.metadata.labels ?? {}), [NAME_LABEL]: obj.metadata.name };
}

function copyOf(value: unknown): JsonRecord {
  return structuredClone(asRecord(value) ?? {});
}

/** Spec and status are structs: always printed, even when empty. */
function render(obj: KubeObject): void {
  storageRoundTrip(obj, namespaceSchema);
  if (!isRecord(obj.spec)) obj.spec = {};
  if (!isRecord(obj.status)) obj.status = {};
}

function specFinalizers(obj: KubeObject): string[] {
  return asStringArray(asRecord(obj.spec)?.finalizers);
}

function validateSpecFinalizers(obj: KubeObject, indexed: boolean): FieldError[] {
  return specFinalizers(obj).flatMap((name, i) =>
    validateFinalizers([name], indexed ? `spec.finalizers[${i}]` : "spec.finalizers", true),
  );
}

/** ValidateNamespace. */
function validateNamespace(obj: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(obj.metadata, {
      namespaced: false,
      nameValidator: isDNS1123Label,
      kubeFinalizerNames: true,
    }),
    ...validateSpecFinalizers(obj, false),
  ];
}

function validateStatusUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
  const phase = asString(asRecord(obj.status)?.phase);
  const deleting = Boolean(obj.metadata.deletionTimestamp);
  const expected = deleting ? "Terminating" : "Active";
  if (phase !== expected) {
    const detail = deleting
      ? "may only be 'Terminating' if `deletionTimestamp` is not empty"
      : "may only be 'Active' if `deletionTimestamp` is empty";
    errs.push(fieldError.invalid("status.Phase", phase, detail));
  }
  return errs;
}

/** The namespace REST storage's Delete: Terminating until spec.finalizers is empty. */
const namespaceDeletion: KindDeletion = {
  heldBy: (ns): boolean => specFinalizers(ns).length > 0,
  mark(ns, now): void {
    ns.metadata.deletionTimestamp = now;
    ensureRecord(ns, "status").phase = "Terminating";
  },
};

export function namespaceKind(): ResourceKind {
  return {
    group: "",
    version: "v1",
    kind: "Namespace",
    listKind: "NamespaceList",
    plural: "namespaces",
    singular: "namespace",
    namespaced: false,
    shortNames: ["ns"],
    verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
    subresources: ["finalize", "status"],
    storageVersionHash: "Q3oi5N2YM8M=",
    schema: namespaceSchema,
    deleteReturnsObject: true,
    deletion: namespaceDeletion,
    allowCreateOnUpdate: false,
    allowUnconditionalUpdate: true,
    strategicMergePatch: true,
    fieldSelectors: {
      "status.phase": (ns): string => asString(asRecord(ns.status)?.phase),
      // kube keeps this selector for backward compatibility.
      name: (ns): string => ns.metadata.name ?? "",
    },
    decode: (ns): void => decodeBody(ns, namespaceSchema),
    // SetDefaults_NamespaceStatus (phase Active) is left to prepareForCreate: status is not the
    // writer's field on the main resource, and updates keep the stored status anyway.
    applyDefaults: labelWithName,
    prepareForCreate(ns): void {
      ns.status = { phase: "Active" };
      const finalizers = specFinalizers(ns);
      if (!finalizers.includes(KUBERNETES_FINALIZER)) {
        ensureRecord(ns, "spec").finalizers = [...finalizers, KUBERNETES_FINALIZER];
      }
      labelWithName(ns);
      render(ns);
    },
    validateCreate: validateNamespace,
    prepareForUpdate(ns, old): void {
      const spec = ensureRecord(ns, "spec");
      const oldFinalizers = asRecord(old.spec)?.finalizers;
      if (oldFinalizers === undefined) delete spec.finalizers;
      else spec.finalizers = structuredClone(oldFinalizers);
      ns.status = copyOf(old.status);
      labelWithName(ns);
      render(ns);
    },
    validateUpdate: (ns, old): FieldError[] => [
      ...validateCommonFieldsUpdate(ns.metadata, old.metadata, false),
      ...validateObjectMetaUpdate(ns.metadata, old.metadata),
    ],
    prepareForSubresourceUpdate(subresource, ns, old): void {
      if (subresource === "status") ns.spec = copyOf(old.spec);
      if (subresource === "finalize") ns.status = copyOf(old.status);
      render(ns);
    },
    validateSubresourceUpdate(subresource, ns, old): FieldError[] {
      const common = validateCommonFieldsUpdate(ns.metadata, old.metadata, false);
      if (subresource === "status") return [...common, ...validateStatusUpdate(ns, old)];
      return [
        ...common,
        ...validateObjectMetaUpdate(ns.metadata, old.metadata),
        ...validateSpecFinalizers(ns, true),
        ...validateNamespace(ns),
      ];
    },
  };
}
