// How kube-apiserver answers strategic-merge-patch failures: the malformed-directive errors are a
// 400, "lists of lists" and retainKeys mismatches the generic 422, anything else a 500 without a
// reason carrying the Go error text.

import { type ApiError, badRequest, internalNoReason, invalidPatch } from "../errors.js";

export function smpBadRequest(message: string): ApiError {
  return badRequest(message);
}

export function smpFailure(code: 422 | 500, message: string): ApiError {
  return code === 422 ? invalidPatch() : internalNoReason(message);
}
