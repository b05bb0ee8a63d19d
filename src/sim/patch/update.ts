// Field ownership for non-apply writes (create, update, every non-apply patch), as apiserver's
// FieldManager.Update does it: the writer takes every field it added or changed, from every other
// manager; removed fields leave every set; its entry's time moves only when it changed something.
// Call it after defaulting and before the strategy allocates or resets fields (see 034: a
// defaulted protocol is owned, an allocated clusterIP is not).

import type { KubeObject } from "../types.js";
import type { FieldSet } from "./fieldset.js";
import {
  capUpdateManagers,
  decodeManagedFields,
  dropEmpty,
  isResetRequest,
  type Managers,
  managerId,
  storeManagedFields,
  strippedFields,
  withoutManagedFields,
} from "./managed.js";
import { type FieldManagerOptions, ignoredFields } from "./options.js";
import { rootSchema, zeroObject } from "./shape.js";
import { compareObjects, ListItemError } from "./typed.js";

function decodeOrEmpty(entries: unknown): Managers {
  try {
    return decodeManagedFields(entries);
  } catch {
    return new Map();
  }
}

/**
 * The managedFields the write starts from: the live object's through a subresource; otherwise the
 * request's own when it carries valid ones ([] or [{}] resets them), else the live object's.
 */
function baseManagers(live: KubeObject | null, next: KubeObject, subresource: string): Managers {
  const liveEntries = live?.metadata.managedFields;
  if (subresource) return decodeOrEmpty(liveEntries);
  const sent = next.metadata.managedFields;
  if (isResetRequest(sent)) return new Map();
  try {
    const managers = decodeManagedFields(sent);
    if (managers.size > 0) return managers;
  } catch {
    // Unreadable managedFields in a request fall back to the stored ones, like the real server.
  }
  return decodeOrEmpty(liveEntries);
}

interface Changes {
  /** Added or modified: the writer takes them. */
  readonly taken: FieldSet;
  readonly removed: FieldSet;
}

function changedFields(live: KubeObject | null, next: KubeObject, opts: FieldManagerOptions): Changes {
  const before = live ? withoutManagedFields(live) : zeroObject(opts.schema);
  const changes = compareObjects(before, withoutManagedFields(next), rootSchema(opts.schema));
  const ignored = ignoredFields(opts);
  return {
    taken: changes.added.union(changes.modified).recursiveDifference(ignored),
    removed: changes.removed.recursiveDifference(ignored),
  };
}

function recordChanges(
  managers: Managers,
  taken: FieldSet,
  removed: FieldSet,
  opts: FieldManagerOptions,
): void {
  for (const record of managers.values()) record.set = record.set.difference(taken).difference(removed);
  dropEmpty(managers);
  const own = taken.difference(strippedFields());
  if (own.isEmpty()) return;
  const subresource = opts.subresource ?? "";
  const id = managerId(opts.manager, "Update", opts.apiVersion, subresource);
  const previous = managers.get(id);
  managers.set(id, {
    manager: opts.manager,
    operation: "Update",
    subresource,
    apiVersion: opts.apiVersion,
    set: previous ? own.union(previous.set) : own,
    time: opts.time,
    ...(previous?.decoded ? { decoded: previous.decoded } : {}),
  });
}

/** Non-apply writes (create, update, patch): set next.metadata.managedFields from live's entries plus an Update entry of `manager` for the fields this write set or changed. */
export function recordUpdate(live: KubeObject | null, next: KubeObject, opts: FieldManagerOptions): void {
  const managers = baseManagers(live, next, opts.subresource ?? "");
  let changes: Changes;
  try {
    changes = changedFields(live, next, opts);
  } catch (err) {
    if (!(err instanceof ListItemError)) throw err;
    // A list item without its key cannot be tracked; like UpdateNoErrors, the object loses its managedFields.
    delete next.metadata.managedFields;
    return;
  }
  recordChanges(managers, changes.taken, changes.removed, opts);
  capUpdateManagers(managers);
  storeManagedFields(next, managers);
}
