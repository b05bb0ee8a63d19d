// The Status answers of the storage layer, worded as kube-apiserver v1.28 words them: compaction
// (410 Expired), future revisions (504 Timeout with a ResourceVersionTooLarge cause, or etcd's 500),
// and ListOptions validation (422 against the meta.k8s.io ListOptions kind).

import { ApiError, expired, failure, internalNoReason } from "../errors.js";
import { aggregateFieldErrors } from "../fielderrors.js";
import type { FieldError } from "../types.js";

const LIST_TOO_OLD = "The resourceVersion for the provided list is too old.";
const INCONSISTENT_CONTINUE =
  "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

/** A list that must read a compacted revision from storage. */
export function listTooOld(): ApiError {
  return expired(LIST_TOO_OLD);
}

/** A continue token whose revision was compacted; `freshToken` continues at the latest revision. */
export function continueTooOld(freshToken: string): ApiError {
  return expired(INCONSISTENT_CONTINUE, freshToken);
}

/** etcd's answer to a read at a revision it has not reached, passed through as a reason-less 500. */
export function futureRevision(): ApiError {
  return internalNoReason("etcdserver: mvcc: required revision is a future revision");
}

/**
 * storage.NewTooLargeResourceVersionError: 504 Timeout. The watch cache asks clients to retry after
 * 1 s; the storage path's check passes 0, which the Status then omits.
 */
export function tooLargeResourceVersion(
  requested: number | string,
  current: number,
  retryAfterSeconds: number,
): ApiError {
  const message = `Timeout: Too large resource version: ${requested}, current: ${current}`;
  const causes = [{ reason: "ResourceVersionTooLarge", message: "Too large resource version" }];
  const details = retryAfterSeconds > 0 ? { causes, retryAfterSeconds } : { causes };
  return new ApiError(failure(504, "Timeout", message, details));
}

/** errors.NewInvalid for ListOptions.meta.k8s.io with an empty name (which Go omits from details). */
export function invalidListOptions(errs: readonly FieldError[]): ApiError {
  const message = `ListOptions.meta.k8s.io "" is invalid: ${aggregateFieldErrors(errs)}`;
  const causes = errs.map((e) => ({ reason: e.reason, message: e.message, field: e.field }));
  return new ApiError(
    failure(422, "Invalid", message, { group: "meta.k8s.io", kind: "ListOptions", causes }),
  );
}
