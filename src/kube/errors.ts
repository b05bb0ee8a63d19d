// Classification of errors thrown by @kubernetes/client-node 1.x, done once at the client
// boundary so callers branch on a `kind` instead of on status codes. In 1.x an ApiException
// carries the HTTP status in `.code`, the Status body as a JSON *string* in `.body` and a
// `.message` that embeds body and headers (never log it in a loop); transport failures arrive
// as node-fetch FetchError/AbortError. The default for anything unrecognised is "retry".

export type KubeErrorKind =
  | "notFound"
  | "conflict"
  | "alreadyExists"
  | "invalid"
  | "badRequest"
  | "unsupported"
  | "forbidden"
  | "unauthorized"
  | "tooManyRequests"
  | "expired"
  | "timeout"
  | "server"
  | "network"
  | "aborted"
  | "unknown";

export interface KubeErrorInfo {
  kind: KubeErrorKind;
  /** HTTP status, when the server answered. */
  code?: number;
  /** Status.reason from the body, e.g. "AlreadyExists". */
  reason?: string;
  /** A short, loggable message: Status.message or the transport error's message. */
  message: string;
  /** Server-requested delay (Retry-After header or Status details.retryAfterSeconds). */
  retryAfterMs?: number;
  /** Whether a worker should requeue with backoff (the default) or give up on this version. */
  retryable: boolean;
}

/** Kinds that will fail the same way again until the request itself changes. */
const TERMINAL_KINDS: ReadonlySet<KubeErrorKind> = new Set([
  "invalid",
  "badRequest",
  "unsupported",
  "aborted",
]);

const STATUS_KINDS: ReadonlyMap<number, KubeErrorKind> = new Map([
  [400, "badRequest"],
  [401, "unauthorized"],
  [403, "forbidden"],
  [404, "notFound"],
  [405, "unsupported"],
  [406, "unsupported"],
  [410, "expired"],
  [415, "unsupported"],
  [422, "invalid"],
  [429, "tooManyRequests"],
  [504, "timeout"],
]);

interface StatusBody {
  reason?: string;
  message?: string;
  details?: { retryAfterSeconds?: number };
}

interface ApiExceptionLike {
  code: number;
  body: unknown;
  headers: Record<string, string> | undefined;
}

function isApiException(err: unknown): err is ApiExceptionLike {
  return err instanceof Error && typeof (err as { code?: unknown }).code === "number" && "body" in err;
}

function parseStatusBody(body: unknown): StatusBody {
  let value = body;
  if (typeof body === "string") {
    try {
      value = JSON.parse(body);
    } catch {
      return {};
    }
  }
  if (value === null || typeof value !== "object") return {};
  const { reason, message, details } = value as Record<string, unknown>;
  const out: StatusBody = {};
  if (typeof reason === "string") out.reason = reason;
  if (typeof message === "string") out.message = message;
  if (details !== null && typeof details === "object") {
    const seconds = (details as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (typeof seconds === "number") out.details = { retryAfterSeconds: seconds };
  }
  return out;
}

function retryAfterMs(headers: Record<string, string> | undefined, status: StatusBody): number | undefined {
  const header = headers?.["retry-after"] ?? headers?.["Retry-After"];
  const seconds = header === undefined ? undefined : Number(header);
  if (seconds !== undefined && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const fromBody = status.details?.retryAfterSeconds;
  return fromBody === undefined ? undefined : fromBody * 1000;
}

function kindForStatus(code: number, reason: string | undefined): KubeErrorKind {
  if (code === 409) return reason === "AlreadyExists" ? "alreadyExists" : "conflict";
  const kind = STATUS_KINDS.get(code);
  if (kind !== undefined) return kind;
  return code >= 500 ? "server" : "unknown";
}

function classifyApiException(err: ApiExceptionLike): KubeErrorInfo {
  const status = parseStatusBody(err.body);
  const kind = kindForStatus(err.code, status.reason);
  const info: KubeErrorInfo = {
    kind,
    code: err.code,
    message: status.message ?? `HTTP ${err.code}`,
    retryable: !TERMINAL_KINDS.has(kind),
  };
  if (status.reason !== undefined) info.reason = status.reason;
  const after = retryAfterMs(err.headers, status);
  if (after !== undefined) info.retryAfterMs = after;
  return info;
}

function classifyTransport(err: Error): KubeErrorInfo | undefined {
  if (err.name === "TimeoutError") return { kind: "timeout", message: err.message, retryable: true };
  if (err.name === "AbortError") return { kind: "aborted", message: err.message, retryable: false };
  const code = (err as { code?: unknown }).code;
  if (err.name === "FetchError" || (typeof code === "string" && /^E[A-Z]+/.test(code))) {
    return { kind: "network", message: typeof code === "string" ? code : err.message, retryable: true };
  }
  return undefined;
}

/** Classifies anything thrown by a client-node call (or already wrapped in a KubeApiError). */
export function classifyKubeError(err: unknown): KubeErrorInfo {
  if (err instanceof KubeApiError) return err.info;
  if (isApiException(err)) return classifyApiException(err);
  if (err instanceof Error) {
    return classifyTransport(err) ?? { kind: "unknown", message: err.message, retryable: true };
  }
  return { kind: "unknown", message: String(err), retryable: true };
}

/** An error with its classification attached; `cause` keeps the original for debugging. */
export class KubeApiError extends Error {
  readonly info: KubeErrorInfo;

  constructor(context: string, info: KubeErrorInfo, cause?: unknown) {
    super(`${context}: ${info.message}`, { cause });
    this.name = "KubeApiError";
    this.info = info;
  }

  get kind(): KubeErrorKind {
    return this.info.kind;
  }
}

/** Wraps a client-node failure with context ("get lease ns/name") and its classification. */
export function toKubeApiError(context: string, err: unknown): KubeApiError {
  if (err instanceof KubeApiError) return err;
  return new KubeApiError(context, classifyKubeError(err), err);
}

/** The kind of any error, for callers that only need to branch. */
export function errorKind(err: unknown): KubeErrorKind {
  return classifyKubeError(err).kind;
}
