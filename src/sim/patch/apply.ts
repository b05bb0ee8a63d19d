// Server-side apply of a parsed configuration, as apiserver's field manager runs it: type-check the
// configuration, merge it into the live object, prune what this applier owned before and dropped
// (unless someone else owns it), then settle ownership with conflicts, force and shared values.
// The result is the live object itself, managedFields included, when the apply changes nothing.

import { type ApiError, badRequest, internalNoReason } from "../errors.js";
import { deepEqual } from "../json.js";
import type { JsonObject, KubeObject, ObjectMeta, Schema } from "../types.js";
import { conflictError } from "./conflicts.js";
import { mergeApplied, removeItems, withNamedFieldsAsMembers } from "./edit.js";
import { FieldSet } from "./fieldset.js";
import {
  decodeManagedFields,
  dropEmpty,
  type Managers,
  managerId,
  storeManagedFields,
  strippedFields,
  withoutManagedFields,
} from "./managed.js";
import { type ApplyOptions, ignoredFields } from "./options.js";
import { rootSchema, zeroObject } from "./shape.js";
import { compareObjects, configFieldSet, ListItemError, TypedError } from "./typed.js";

/** schema.GroupVersionKind's String(): "/v1, Kind=Service", "coordination.k8s.io/v1, Kind=Lease". */
function gvkString(apiVersion: unknown, kind: unknown): string {
  const av = typeof apiVersion === "string" ? apiVersion : "";
  const parts = av.split("/");
  const [group, version] = parts.length === 2 ? parts : parts.length === 1 ? ["", av] : ["", ""];
  return `${group}/${version}, Kind=${typeof kind === "string" ? kind : ""}`;
}

/** objectGVKNN: "namespace/name; gvk" of the configuration, as apply error messages name it. */
function describeConfig(config: KubeObject): string {
  const meta: ObjectMeta = config.metadata ?? {};
  return `${meta.namespace ?? ""}/${meta.name ?? ""}; ${gvkString(config.apiVersion, config.kind)}`;
}

/** The 500 the real server gives when the merged object does not convert to its Go type (175). */
export function applyConversionError(config: KubeObject, cause: string): ApiError {
  const gvk = gvkString(config.apiVersion, config.kind);
  return internalNoReason(
    `failed to convert new object (${describeConfig(config)}) to proper version: unable to convert unstructured object to ${gvk}: ${cause}`,
  );
}

function checkConfig(config: KubeObject, opts: ApplyOptions): void {
  const kindMatches = opts.kind === undefined || config.kind === opts.kind;
  if (config.apiVersion !== opts.apiVersion || !kindMatches) {
    throw badRequest(`invalid object type: ${gvkString(config.apiVersion, config.kind)}`);
  }
  const meta = config.metadata as { managedFields?: unknown } | undefined;
  if (meta?.managedFields !== undefined && meta.managedFields !== null) {
    throw badRequest("metadata.managedFields must be nil");
  }
}

function claimedFields(config: KubeObject, root: Schema): FieldSet {
  try {
    return configFieldSet(config as unknown as JsonObject, root);
  } catch (err) {
    if (err instanceof TypedError) {
      throw internalNoReason(
        `failed to create typed patch object (${describeConfig(config)}): ${err.message}`,
      );
    }
    throw err;
  }
}

function liveManagers(live: KubeObject | null): Managers {
  try {
    return decodeManagedFields(live?.metadata.managedFields);
  } catch (err) {
    throw internalNoReason(`failed to decode managed fields: ${(err as Error).message}`);
  }
}

/** Removes what the applier owned last time and no longer claims, unless another manager owns it. */
function prune(merged: JsonObject, last: FieldSet, managers: Managers, root: Schema): JsonObject {
  let owned = new FieldSet();
  for (const record of managers.values()) owned = owned.union(record.set);
  const orphaned = withNamedFieldsAsMembers(last, root).difference(withNamedFieldsAsMembers(owned, root));
  return (removeItems(merged, orphaned, root) ?? {}) as JsonObject;
}

/** The configuration merged into the live object, with what this applier dropped pruned away. */
function mergeAndPrune(
  before: JsonObject,
  config: KubeObject,
  last: FieldSet | undefined,
  managers: Managers,
  root: Schema,
): JsonObject {
  const merged = mergeApplied(before, config as unknown as JsonObject, root) as JsonObject;
  return last && !last.isEmpty() ? prune(merged, last, managers, root) : merged;
}

/** Other managers' fields this apply changes; a 409 unless forced, else they lose them. */
function settleOwnership(
  managers: Managers,
  applier: string,
  changed: FieldSet,
  removed: FieldSet,
  force: boolean,
): void {
  const conflicts = new Map<string, FieldSet>();
  for (const [id, record] of managers) {
    const overlap = id === applier ? undefined : record.set.intersection(changed);
    if (overlap && !overlap.isEmpty()) conflicts.set(id, overlap);
  }
  if (conflicts.size > 0 && !force) throw conflictError(conflicts, managers);
  for (const [id, record] of managers) {
    if (id !== applier) record.set = record.set.difference(changed).difference(removed);
  }
}

function mergeAndSettle(
  before: JsonObject,
  config: KubeObject,
  claimed: FieldSet,
  managers: Managers,
  opts: ApplyOptions,
): JsonObject {
  const root = rootSchema(opts.schema);
  const ignored = ignoredFields(opts);
  const subresource = opts.subresource ?? "";
  const id = managerId(opts.manager, "Apply", "", subresource);
  const last = managers.get(id);
  managers.set(id, {
    manager: opts.manager,
    operation: "Apply",
    subresource,
    apiVersion: opts.apiVersion,
    set: claimed.recursiveDifference(ignored),
    time: last?.time,
    ...(last?.decoded ? { decoded: last.decoded } : {}),
  });
  const merged = mergeAndPrune(before, config, last?.set, managers, root);
  const changes = compareObjects(before, merged, root);
  const changed = changes.added.union(changes.modified).recursiveDifference(ignored);
  settleOwnership(managers, id, changed, changes.removed.recursiveDifference(ignored), opts.force);
  const own = managers.get(id);
  if (own) own.set = own.set.difference(strippedFields());
  dropEmpty(managers);
  const objectChanged = !deepEqual(before, merged);
  if (objectChanged && own) own.time = opts.time;
  return objectChanged ? merged : before;
}

/** Server-side apply of `config` (already parsed) onto live (null = create). Returns the new object with managedFields. Throws ApiError 409 (conflicts, exact message/causes of 095, 096, 100) unless force; throws the 500 typed error of 097 when the config does not fit the schema types; the apply entry owns exactly the fields in config. */
export function applyConfiguration(
  live: KubeObject | null,
  config: KubeObject,
  opts: ApplyOptions,
): KubeObject {
  checkConfig(config, opts);
  const claimed = claimedFields(config, rootSchema(opts.schema));
  const managers = liveManagers(live);
  const before = live ? withoutManagedFields(live) : zeroObject(opts.schema);
  let object: JsonObject;
  try {
    object = mergeAndSettle(before, config, claimed, managers, opts);
  } catch (err) {
    if (err instanceof ListItemError) {
      throw internalNoReason(
        `failed to create typed live object (${describeConfig(config)}): ${err.message}`,
      );
    }
    throw err;
  }
  const result = object as unknown as KubeObject;
  storeManagedFields(result, managers);
  return result;
}
