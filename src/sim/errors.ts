// Kubernetes Status objects and the ApiError that carries one through the sim's request pipeline.
// Every builder reproduces the code, reason, message shape and details of kube-apiserver v1.28
// (see ../shared/kube-fixtures); handlers throw ApiError and the HTTP layer serializes it.

import { aggregateFieldErrors } from "./fielderrors.js";
import type { FieldError } from "./types.js";

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: { continue?: string; resourceVersion?: string };
  status: "Success" | "Failure";
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code?: number;
}

export interface GroupResource {
  group: string;
  resource: string;
}

export interface GroupKind {
  group: string;
  kind: string;
}

export class ApiError extends Error {
  readonly status: Status;
  readonly headers: Record<string, string>;

  constructor(status: Status, headers: Record<string, string> = {}) {
    super(status.message ?? status.reason ?? `status ${status.code}`);
    this.name = "ApiError";
    this.status = status;
    this.headers = headers;
  }

  get code(): number {
    return this.status.code ?? 500;
  }
}

export function failure(
  code: number,
  reason: string | undefined,
  message: string,
  details?: StatusDetails,
): Status {
  const status: Status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message };
  if (reason !== undefined) status.reason = reason;
  if (details !== undefined) status.details = details;
  status.code = code;
  return status;
}

export function success(details: StatusDetails): Status {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", details };
}

/** `services`, or `leases.coordination.k8s.io` for a non-core group. */
export function qualifiedResource(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

/** `Service`, or `EndpointSlice.discovery.k8s.io` for a non-core group. */
export function qualifiedKind(gk: GroupKind): string {
  return gk.group ? `${gk.kind}.${gk.group}` : gk.kind;
}

function resourceDetails(gr: GroupResource, name?: string): StatusDetails {
  const details: StatusDetails = {};
  if (name !== undefined) details.name = name;
  if (gr.group) details.group = gr.group;
  details.kind = gr.resource;
  return details;
}

export function notFound(gr: GroupResource, name: string): ApiError {
  return new ApiError(
    failure(404, "NotFound", `${qualifiedResource(gr)} "${name}" not found`, resourceDetails(gr, name)),
  );
}

export function alreadyExists(gr: GroupResource, name: string): ApiError {
  return new ApiError(
    failure(
      409,
      "AlreadyExists",
      `${qualifiedResource(gr)} "${name}" already exists`,
      resourceDetails(gr, name),
    ),
  );
}

/** 409 Conflict; `what` is a resource (`services`) or a kind (`Service`) as the real call site uses. */
export function conflict(gr: GroupResource, name: string, detail: string): ApiError {
  const message = `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${detail}`;
  return new ApiError(failure(409, "Conflict", message, resourceDetails(gr, name)));
}

export const OBJECT_MODIFIED =
  "the object has been modified; please apply your changes to the latest version and try again";

export function invalid(gk: GroupKind, name: string, errs: readonly FieldError[]): ApiError {
  // Go marshals StatusDetails with omitempty: an empty name or kind is left out (cases 101, 173).
  const details: StatusDetails = {};
  if (name) details.name = name;
  if (gk.group) details.group = gk.group;
  if (gk.kind) details.kind = gk.kind;
  details.causes = errs.map((e) => ({ reason: e.reason, message: e.message, field: e.field }));
  const message = `${qualifiedKind(gk)} "${name}" is invalid: ${aggregateFieldErrors(errs)}`;
  return new ApiError(failure(422, "Invalid", message, details));
}

/** The generic 422 a failed JSON-patch operation gets (no details). */
export function invalidPatch(): ApiError {
  return new ApiError(
    failure(422, "Invalid", "the server rejected our request due to an error in our request", {}),
  );
}

export function badRequest(message: string): ApiError {
  return new ApiError(failure(400, "BadRequest", message));
}

export function forbidden(
  gr: GroupResource,
  name: string | undefined,
  reason: string,
  causes?: StatusCause[],
): ApiError {
  const subject = name === undefined ? qualifiedResource(gr) : `${qualifiedResource(gr)} "${name}"`;
  const details = resourceDetails(gr, name);
  if (causes) details.causes = causes;
  return new ApiError(failure(403, "Forbidden", `${subject} is forbidden: ${reason}`, details));
}

export function unauthorized(): ApiError {
  return new ApiError(failure(401, "Unauthorized", "Unauthorized"));
}

export function methodNotAllowed(): ApiError {
  return new ApiError(
    failure(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", {}),
  );
}

export function notAcceptable(available: readonly string[]): ApiError {
  const message = `406: Not Acceptable\n\nAvailable representations: ${available.join(", ")}`;
  return new ApiError(failure(406, "NotAcceptable", message, {}));
}

export function unsupportedMediaType(): ApiError {
  return new ApiError(failure(415, "UnsupportedMediaType", "415: Unsupported Media Type", {}));
}

/** A 500 without a reason, as the server sends for conversion and typed-patch failures. */
export function internalNoReason(message: string): ApiError {
  return new ApiError(failure(500, undefined, message));
}

export function internalError(cause: string): ApiError {
  return new ApiError(
    failure(500, "InternalError", `Internal error occurred: ${cause}`, { causes: [{ message: cause }] }),
  );
}

export function tooManyRequests(retryAfterSeconds: number): ApiError {
  return new ApiError(
    failure(429, "TooManyRequests", "Too many requests, please try again later.", { retryAfterSeconds }),
    { "Retry-After": String(retryAfterSeconds) },
  );
}

export function expired(message: string, continueToken?: string): ApiError {
  const status = failure(410, "Expired", message);
  if (continueToken !== undefined) status.metadata.continue = continueToken;
  return new ApiError(status);
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

/**
 * A failure while converting a decoded body into the kind's typed form (Go's message, e.g.
 * `parsing time "…" as "2006-01-02T15:04:05.000000Z07:00": …`). The request pipeline wraps it into
 * the status the real server gives on that path: 400 for create/update, 422 for patches, 500 for apply.
 */
export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecodeError";
  }
}
