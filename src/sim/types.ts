// Shared shapes of the embedded API server: stored objects, the OpenAPI-v3 subset used to describe
// both built-in kinds and CRDs, and the ResourceKind contract that each served resource fulfils.
// Objects are plain JSON values; the server never uses client-node's generated classes.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface ManagedFieldsEntry {
  manager: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  /** Absent on some Apply entries, as the real server writes them (case 098). */
  time?: string;
  fieldsType: "FieldsV1";
  fieldsV1: JsonObject;
  subresource?: string;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: JsonObject[];
  managedFields?: ManagedFieldsEntry[];
}

/** A stored or submitted object. Fields other than metadata stay untyped JSON. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** The subset of OpenAPI v3 (JSONSchemaProps) the sim understands, with Kubernetes' extensions. */
export interface Schema {
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  description?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: Json[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  nullable?: boolean;
  default?: Json;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-int-or-string"?: boolean;
  "x-kubernetes-embedded-resource"?: boolean;
  "x-kubernetes-list-type"?: "atomic" | "set" | "map";
  "x-kubernetes-list-map-keys"?: string[];
  "x-kubernetes-map-type"?: "atomic" | "granular";
  /** Strategic-merge-patch hints for built-in kinds (not part of CRD schemas). */
  "x-kubernetes-patch-merge-key"?: string;
  "x-kubernetes-patch-strategy"?: string;
}

/** One field problem, shaped like apimachinery's field.Error once rendered into a StatusCause. */
export interface FieldError {
  reason:
    | "FieldValueRequired"
    | "FieldValueInvalid"
    | "FieldValueDuplicate"
    | "FieldValueNotSupported"
    | "FieldValueForbidden"
    | "FieldValueTooLong"
    | "FieldValueTooMany"
    | "FieldValueTypeInvalid"
    | "FieldValueNotFound";
  field: string;
  /** The rendered message without the field path, e.g. `Invalid value: "x": must be ...`. */
  message: string;
}

/** What a kind's hooks may use besides the objects themselves. */
export interface WriteContext {
  /** dryRun=All: nothing is persisted and allocations are released afterwards. */
  readonly dryRun: boolean;
  /** The server's clock, as an RFC 3339 timestamp with second precision (creationTimestamp format). */
  readonly now: string;
}

/**
 * A kind's own two-phase deletion (kube's Namespace REST Delete). Without it an object is held only
 * by metadata.finalizers and is marked as rest.BeforeDelete marks it.
 */
export interface KindDeletion {
  /** Finalizers of the kind's own (a Namespace's spec.finalizers) that keep a deleted object. */
  heldBy(obj: KubeObject): boolean;
  /** Marks a mutable copy for deletion at `now` (RFC 3339). */
  mark(obj: KubeObject, now: string): void;
}

/**
 * Everything the generic REST machinery needs to know about one served resource (one kind at one
 * version). Built-in kinds live in src/sim/resources; CRD-defined kinds are derived from the CRD.
 * The hooks mirror apiserver's REST strategy: defaulting (before field-manager bookkeeping), then
 * prepareFor*, then validate*. Hooks mutate the object in place and never touch storage.
 */
export interface ResourceKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly listKind: string;
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories?: readonly string[];
  /** Verbs advertised by discovery, in the order kube-apiserver lists them. */
  readonly verbs: readonly string[];
  /** Subresources served besides the main resource, e.g. ["status"] or ["finalize", "status"]. */
  readonly subresources: readonly string[];
  readonly storageVersionHash?: string;
  /** Structural schema of the whole object: drives pruning, strict decoding, SMP and apply. */
  readonly schema: Schema;
  /** Services and Namespaces answer DELETE with the object; most kinds answer with a Status. */
  readonly deleteReturnsObject: boolean;
  /** PUT on a missing object creates it (Services and Leases do; custom resources do not). */
  readonly allowCreateOnUpdate: boolean;
  /** PUT without metadata.resourceVersion is accepted (false → 422 "must be specified for an update"). */
  readonly allowUnconditionalUpdate: boolean;
  /** Strategic merge patch is served (built-ins) or answered 415 (custom resources). */
  readonly strategicMergePatch: boolean;
  /** Field selectors besides metadata.name and metadata.namespace, with their value extractors. */
  readonly fieldSelectors?: Readonly<Record<string, (obj: KubeObject) => string | undefined>>;
  /**
   * Decode-time checks that a real server makes while converting JSON into its Go type
   * (MicroTime layout, base64 data). Throws DecodeError with Go's message; may normalize values.
   */
  decode?(obj: KubeObject): void;
  /** SetDefaults: runs on every decoded body before field-manager bookkeeping. */
  applyDefaults?(obj: KubeObject): void;
  prepareForCreate?(obj: KubeObject, ctx: WriteContext): void;
  prepareForUpdate?(obj: KubeObject, old: KubeObject, ctx: WriteContext): void;
  validateCreate(obj: KubeObject, ctx: WriteContext): FieldError[];
  validateUpdate(obj: KubeObject, old: KubeObject, ctx: WriteContext): FieldError[];
  /**
   * PrepareForUpdate of a subresource write (`status`, `finalize`): which parts of the body are
   * kept and which are taken from the stored object (Namespace finalize takes only spec.finalizers).
   */
  prepareForSubresourceUpdate?(
    subresource: string,
    obj: KubeObject,
    old: KubeObject,
    ctx: WriteContext,
  ): void;
  /** ValidateUpdate of a subresource write (e.g. ValidateServiceStatusUpdate). */
  validateSubresourceUpdate?(
    subresource: string,
    obj: KubeObject,
    old: KubeObject,
    ctx: WriteContext,
  ): FieldError[];
  /** Warning header texts (without the `299 - ` prefix and quoting) for an accepted object. */
  warnings?(obj: KubeObject): string[];
  /** Releases what prepareForCreate reserved (ClusterIPs) once the object is gone or a dry run ends. */
  release?(obj: KubeObject): void;
  /** Deletion of the kind's own; absent for the generic one. */
  readonly deletion?: KindDeletion;
}
