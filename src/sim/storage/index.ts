// The storage engine of the embedded kube-apiserver: one global revision, MVCC lists with
// pagination and compaction, a watch cache per resource, and label/field selectors parsed as
// apimachinery parses them. Every object it hands out is stored, shared and deep-frozen: callers
// clone before mutating. Errors are ApiErrors carrying the real server's Status.

export type { ContinuePosition } from "./continue-token.js";
export { ContinueTokenError, decodeContinue, encodeContinue } from "./continue-token.js";
export type { FieldSelector, FieldTerm } from "./field-selector.js";
export { parseFieldSelector } from "./field-selector.js";
export type { LabelSelector, Requirement } from "./label-selector.js";
export { parseLabelSelector } from "./label-selector.js";
export type { ParsedRevision } from "./resource-version.js";
export { parseResourceVersion, parseStorageResourceVersion } from "./resource-version.js";
export { tooLargeResourceVersion } from "./storage-errors.js";
export { Storage } from "./store.js";
export type {
  FieldConversion,
  FieldExtractors,
  ListQuery,
  ListResult,
  ObjectKey,
  Scheduler,
  StorageOptions,
  WatchEvent,
  WatchEventType,
  WatchHandle,
  WatchQuery,
  WatchTooOld,
} from "./types.js";
