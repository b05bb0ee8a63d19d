// core/v1 Event: its timestamps are decoded like metav1.Time / MicroTime, it is validated by kube's
// legacy (v1) event rules (the name only needs to be a path segment), and it offers the field
// selectors clients use to find events of an object. Event TTLs (expiry after 1h) are not emulated.

import { fieldError } from "../fielderrors.js";
import type { FieldError, KubeObject, ResourceKind, Schema } from "../types.js";
import { kindSchema, objectReferenceSchema } from "./common-schemas.js";
import { asRecord, asString, isRecord } from "./json-access.js";
import { decodeBody, STANDARD_VERBS, storageRoundTrip } from "./kind-base.js";
import {
  invalidEach,
  isDNS1123Subdomain,
  isPathSegmentName,
  validateCommonFieldsUpdate,
  validateObjectMeta,
} from "./meta.js";
import { int32, obj, required, str, time, valueStruct } from "./schema-builders.js";
import { decodeTimeField, RFC3339, RFC3339_MICRO, type TimeField } from "./time-fields.js";
import { validateQualifiedName } from "./validators.js";

const eventSchema: Schema = required(
  kindSchema({
    action: str(),
    count: int32(),
    eventTime: time(),
    firstTimestamp: time(),
    involvedObject: valueStruct(objectReferenceSchema),
    lastTimestamp: time(),
    message: str(),
    reason: str(),
    related: objectReferenceSchema,
    reportingComponent: str(),
    reportingInstance: str(),
    series: obj({ count: int32(), lastObservedTime: time() }),
    source: valueStruct(obj({ component: str(), host: str() })),
    type: str(),
  }),
  "metadata",
  "involvedObject",
);

const TOP_LEVEL_TIMES: Record<string, TimeField> = {
  eventTime: { struct: "Event", path: "eventTime", layout: RFC3339_MICRO },
  firstTimestamp: { struct: "Event", path: "firstTimestamp", layout: RFC3339 },
  lastTimestamp: { struct: "Event", path: "lastTimestamp", layout: RFC3339 },
};

const SERIES_TIME: TimeField = {
  struct: "EventSeries",
  path: "series.lastObservedTime",
  layout: RFC3339_MICRO,
};

/** Decodes the timestamps in input order: encoding/json stops at the first failing one. */
function decode(event: KubeObject): void {
  decodeBody(event, eventSchema);
  for (const key of Object.keys(event)) {
    const field = TOP_LEVEL_TIMES[key];
    const series = key === "series" ? asRecord(event.series) : undefined;
    if (field) decodeTimeField(event, key, field);
    else if (series) decodeTimeField(series, "lastObservedTime", SERIES_TIME);
  }
}

/** Go prints these fields even when unset: structs as {}, times as null, two strings as "". */
function render(event: KubeObject): void {
  storageRoundTrip(event, eventSchema);
  if (!isRecord(event.involvedObject)) event.involvedObject = {};
  if (!isRecord(event.source)) event.source = {};
  for (const key of ["firstTimestamp", "lastTimestamp", "eventTime"]) event[key] ??= null;
  event.reportingComponent ??= "";
  event.reportingInstance ??= "";
}

function requiredWithLimit(event: KubeObject, field: string, max: number): FieldError[] {
  const value = asString(event[field]);
  const errs = value ? [] : [fieldError.required(field)];
  if (value.length > max) errs.push(fieldError.invalid(field, "", `can have at most ${max} characters`));
  return errs;
}

/** Events with eventTime set are "new style": reporting fields, action and reason are required. */
function validateNewStyleEvent(
  event: KubeObject,
  namespace: string,
  involvedNamespace: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (!involvedNamespace && namespace !== "default" && namespace !== "kube-system") {
    errs.push(
      fieldError.invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace"),
    );
  }
  const controller = asString(event.reportingComponent);
  if (!controller) errs.push(fieldError.required("reportingComponent"));
  errs.push(...validateQualifiedName(controller, "reportingComponent"));
  errs.push(...requiredWithLimit(event, "reportingInstance", 128));
  errs.push(...requiredWithLimit(event, "action", 128));
  errs.push(...requiredWithLimit(event, "reason", 128));
  if (asString(event.message).length > 1024) {
    errs.push(fieldError.invalid("message", "", "can have at most 1024 characters"));
  }
  return errs;
}

/** legacyValidateEvent for core/v1 requests. */
function validateEvent(event: KubeObject): FieldError[] {
  const namespace = event.metadata.namespace ?? "";
  const involvedNamespace = asString(asRecord(event.involvedObject)?.namespace);
  const errs: FieldError[] = [];
  if (event.eventTime) errs.push(...validateNewStyleEvent(event, namespace, involvedNamespace));
  else if (
    involvedNamespace ? namespace !== involvedNamespace : namespace !== "" && namespace !== "default"
  ) {
    errs.push(
      fieldError.invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace"),
    );
  }
  return [...errs, ...invalidEach("namespace", namespace, isDNS1123Subdomain)];
}

function eventField(event: KubeObject, path: string): string {
  const [head = "", tail] = path.split(".");
  return asString(tail === undefined ? event[head] : asRecord(event[head])?.[tail]);
}

const INVOLVED_OBJECT_FIELDS = [
  "kind",
  "namespace",
  "name",
  "uid",
  "apiVersion",
  "resourceVersion",
  "fieldPath",
];

function eventFieldSelectors(): Record<string, (event: KubeObject) => string> {
  const selectors: Record<string, (event: KubeObject) => string> = {
    reason: (e) => eventField(e, "reason"),
    reportingComponent: (e) => eventField(e, "reportingComponent"),
    source: (e) => eventField(e, "source.component") || eventField(e, "reportingComponent"),
    type: (e) => eventField(e, "type"),
  };
  for (const field of INVOLVED_OBJECT_FIELDS) {
    selectors[`involvedObject.${field}`] = (e): string => eventField(e, `involvedObject.${field}`);
  }
  return selectors;
}

export function eventKind(): ResourceKind {
  return {
    group: "",
    version: "v1",
    kind: "Event",
    listKind: "EventList",
    plural: "events",
    singular: "event",
    namespaced: true,
    shortNames: ["ev"],
    verbs: STANDARD_VERBS,
    subresources: [],
    storageVersionHash: "r2yiGXH7wu8=",
    schema: eventSchema,
    deleteReturnsObject: false,
    allowCreateOnUpdate: true,
    allowUnconditionalUpdate: true,
    strategicMergePatch: true,
    fieldSelectors: eventFieldSelectors(),
    decode,
    prepareForCreate: render,
    // The generic ObjectMeta check runs only when the event rules found nothing.
    validateCreate(event): FieldError[] {
      const errs = validateEvent(event);
      return errs.length > 0
        ? errs
        : validateObjectMeta(event.metadata, { namespaced: true, nameValidator: isPathSegmentName });
    },
    prepareForUpdate: (event): void => render(event),
    validateUpdate: (event, old): FieldError[] => [
      ...validateCommonFieldsUpdate(event.metadata, old.metadata, true),
      ...validateEvent(event),
    ],
  };
}
