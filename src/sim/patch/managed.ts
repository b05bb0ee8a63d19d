// metadata.managedFields as kube-apiserver's field manager reads and writes it: entries keyed by
// manager identity (name, operation, subresource, and the apiVersion for Update entries), decoded
// into field sets and encoded back sorted as the real server sorts them. An entry whose set,
// time and apiVersion did not change is written back verbatim, so a no-op write stays a no-op.

import { isObject } from "../json.js";
import type { Json, JsonObject, KubeObject, ManagedFieldsEntry } from "../types.js";
import { FieldSet } from "./fieldset.js";
import { fieldElement } from "./pathelement.js";

export type Operation = "Apply" | "Update";

export interface ManagerRecord {
  readonly manager: string;
  readonly operation: Operation;
  readonly subresource: string;
  apiVersion: string;
  set: FieldSet;
  time: string | undefined;
  /** The entry this record was decoded from, reused while nothing about it changes. */
  readonly decoded?: { readonly entry: ManagedFieldsEntry; readonly set: FieldSet };
}

/** Records by Go's manager identifier (a JSON object string), which also orders conflict listings. */
export type Managers = Map<string, ManagerRecord>;

/** BuildManagerIdentifier: the entry without fields and time; Apply entries without apiVersion. */
export function managerId(
  manager: string,
  operation: Operation,
  apiVersion: string,
  subresource: string,
): string {
  const id: Record<string, string> = {};
  if (manager) id.manager = manager;
  id.operation = operation;
  if (operation === "Update" && apiVersion) id.apiVersion = apiVersion;
  if (subresource) id.subresource = subresource;
  return JSON.stringify(id);
}

/** How conflict messages name a manager: `"x"`, `"x" with subresource "status"`, `… using v1` for Update. */
export function describeManager(record: ManagerRecord): string {
  let out = JSON.stringify(record.manager);
  if (record.subresource) out += ` with subresource ${JSON.stringify(record.subresource)}`;
  if (record.operation === "Update") out += ` using ${record.apiVersion}`;
  return out;
}

function decodeEntry(raw: Json, index: number): [string, ManagerRecord] {
  if (!isObject(raw)) throw new Error(`managed fields entry ${index} is not an object`);
  const { manager = "", operation, apiVersion = "", time, fieldsType, fieldsV1 = {}, subresource = "" } = raw;
  if (operation !== "Apply" && operation !== "Update")
    throw new Error("operation must be `Apply` or `Update`");
  if (typeof apiVersion !== "string" || apiVersion === "") throw new Error("apiVersion must not be empty");
  if (fieldsType === undefined || fieldsType === "") {
    throw new Error(`missing fieldsType in managed fields entry ${index}`);
  }
  if (fieldsType !== "FieldsV1")
    throw new Error(`invalid fieldsType "${String(fieldsType)}" in managed fields entry ${index}`);
  const set = FieldSet.fromFieldsV1(fieldsV1);
  const name = String(manager);
  const sub = String(subresource);
  const record: ManagerRecord = {
    manager: name,
    operation,
    subresource: sub,
    apiVersion,
    set,
    time: typeof time === "string" ? time : undefined,
    decoded: { entry: raw as unknown as ManagedFieldsEntry, set },
  };
  return [managerId(name, operation, apiVersion, sub), record];
}

/** Decodes managedFields; throws with apimachinery's message when an entry is malformed. */
export function decodeManagedFields(entries: unknown): Managers {
  const managers: Managers = new Map();
  if (entries === undefined || entries === null) return managers;
  if (!Array.isArray(entries)) throw new Error("managedFields must be a list");
  entries.forEach((raw: Json, i) => {
    const [id, record] = decodeEntry(raw, i);
    managers.set(id, record);
  });
  return managers;
}

/** A request that sets managedFields to [] or [{}] asks for them to be reset. */
export function isResetRequest(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  if (entries.length === 0) return true;
  return (
    entries.length === 1 && isObject(entries[0] as Json) && Object.keys(entries[0] as object).length === 0
  );
}

function encodeRecord(record: ManagerRecord): ManagedFieldsEntry {
  const { decoded } = record;
  if (
    decoded?.set.equals(record.set) &&
    decoded.entry.time === record.time &&
    decoded.entry.apiVersion === record.apiVersion
  ) {
    return decoded.entry;
  }
  const entry: Record<string, Json> = {
    manager: record.manager,
    operation: record.operation,
    apiVersion: record.apiVersion,
  };
  if (record.time !== undefined) entry.time = record.time;
  entry.fieldsType = "FieldsV1";
  entry.fieldsV1 = record.set.toFieldsV1();
  if (record.subresource) entry.subresource = record.subresource;
  // An Apply that changed nothing leaves its new entry without a time (098), which the shared type does not model.
  return entry as unknown as ManagedFieldsEntry;
}

function seconds(time: string | undefined): number {
  const ms = time === undefined ? Number.NaN : Date.parse(time);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** sortEncodedManagedFields: operation, then time in whole seconds, manager, apiVersion, subresource. */
function compareRecords(a: ManagerRecord, b: ManagerRecord): number {
  return (
    compareText(a.operation, b.operation) ||
    seconds(a.time) - seconds(b.time) ||
    compareText(a.manager, b.manager) ||
    compareText(a.apiVersion, b.apiVersion) ||
    compareText(a.subresource, b.subresource)
  );
}

/** Writes the records into obj.metadata.managedFields (removed when there are none). */
export function storeManagedFields(obj: KubeObject, managers: Managers): void {
  const records = [...managers.values()].filter((r) => !r.set.isEmpty()).sort(compareRecords);
  if (records.length === 0) delete obj.metadata.managedFields;
  else obj.metadata.managedFields = records.map(encodeRecord);
}

/** A JSON copy of the object without its managedFields, as the field manager compares objects. */
export function withoutManagedFields(obj: KubeObject): JsonObject {
  const copy = structuredClone(obj);
  delete copy.metadata.managedFields;
  return copy as unknown as JsonObject;
}

/** Fields never tracked: identity and server-set metadata (stripMetaManager). */
export function strippedFields(): FieldSet {
  return FieldSet.of([
    [fieldElement("apiVersion")],
    [fieldElement("kind")],
    [fieldElement("metadata")],
    ...[
      "name",
      "namespace",
      "creationTimestamp",
      "selfLink",
      "uid",
      "clusterName",
      "generation",
      "managedFields",
      "resourceVersion",
    ].map((name) => [fieldElement("metadata"), fieldElement(name)]),
  ]);
}

/** The top-level fields the endpoint's strategy resets, which no manager may own through it. */
export function resetFieldSet(names: readonly string[]): FieldSet {
  return FieldSet.of(names.map((name) => [fieldElement(name)]));
}

const MAX_UPDATE_MANAGERS = 10;
const ANCIENT_CHANGES = "ancient-changes";

function byAge([idA, a]: [string, ManagerRecord], [idB, b]: [string, ManagerRecord]): number {
  return seconds(a.time) - seconds(b.time) || compareText(idA, idB);
}

/**
 * capManagersManager: beyond ten Update entries the oldest are folded, per apiVersion, into one
 * "ancient-changes" entry that keeps the newest folded time. The oldest of each version stays as is
 * until a second one of that version has to go.
 */
export function capUpdateManagers(managers: Managers): void {
  const updaters = [...managers.entries()].filter(([, r]) => r.operation === "Update").sort(byAge);
  let count = updaters.length;
  const firstOfVersion = new Map<string, string>();
  for (const [id, record] of updaters) {
    if (count <= MAX_UPDATE_MANAGERS) return;
    const first = firstOfVersion.get(record.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(record.apiVersion, id);
      continue;
    }
    const bucketId = managerId(ANCIENT_CHANGES, "Update", record.apiVersion, "");
    const firstRecord = managers.get(first);
    if (!managers.has(bucketId) && firstRecord) {
      managers.delete(first);
      managers.set(bucketId, {
        manager: ANCIENT_CHANGES,
        operation: "Update",
        subresource: "",
        apiVersion: record.apiVersion,
        set: firstRecord.set,
        time: firstRecord.time,
      });
    }
    const bucket = managers.get(bucketId);
    if (bucket) {
      bucket.set = record.set.union(bucket.set);
      bucket.time = record.time;
    }
    managers.delete(id);
    count--;
  }
}

/** Drops the managers whose sets became empty (update() does this for every manager). */
export function dropEmpty(managers: Managers): void {
  for (const [id, record] of managers) if (record.set.isEmpty()) managers.delete(id);
}
