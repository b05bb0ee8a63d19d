import { ApiException, FetchError } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { classifyKubeError, errorKind, KubeApiError, toKubeApiError } from "../../src/kube/errors.js";

function status(code: number, reason: string | undefined, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: `m${code}`,
    reason,
    code,
    ...extra,
  });
}

describe("classifyKubeError", () => {
  it.each([
    { code: 400, reason: "BadRequest", kind: "badRequest", retryable: false },
    { code: 401, reason: "Unauthorized", kind: "unauthorized", retryable: true },
    { code: 403, reason: "Forbidden", kind: "forbidden", retryable: true },
    { code: 404, reason: "NotFound", kind: "notFound", retryable: true },
    { code: 405, reason: "MethodNotAllowed", kind: "unsupported", retryable: false },
    { code: 409, reason: "Conflict", kind: "conflict", retryable: true },
    { code: 409, reason: "AlreadyExists", kind: "alreadyExists", retryable: true },
    { code: 410, reason: "Expired", kind: "expired", retryable: true },
    { code: 415, reason: "UnsupportedMediaType", kind: "unsupported", retryable: false },
    { code: 422, reason: "Invalid", kind: "invalid", retryable: false },
    { code: 429, reason: "TooManyRequests", kind: "tooManyRequests", retryable: true },
    { code: 500, reason: "InternalError", kind: "server", retryable: true },
    { code: 500, reason: undefined, kind: "server", retryable: true },
    { code: 503, reason: "ServiceUnavailable", kind: "server", retryable: true },
    { code: 504, reason: "Timeout", kind: "timeout", retryable: true },
    { code: 418, reason: undefined, kind: "unknown", retryable: true },
  ])("HTTP $code $reason → $kind", ({ code, reason, kind, retryable }) => {
    const info = classifyKubeError(
      new ApiException(code, "Unknown API Status Code!", status(code, reason), {}),
    );
    expect(info).toMatchObject({ kind, code, message: `m${code}`, retryable });
    expect(info.reason).toBe(reason);
  });

  it("reads Retry-After from the header, else from Status details", () => {
    const fromHeader = new ApiException(429, "x", status(429, "TooManyRequests"), { "retry-after": "7" });
    expect(classifyKubeError(fromHeader).retryAfterMs).toBe(7_000);
    const fromBody = new ApiException(
      504,
      "x",
      status(504, "Timeout", { details: { retryAfterSeconds: 1 } }),
      {},
    );
    expect(classifyKubeError(fromBody).retryAfterMs).toBe(1_000);
    expect(
      classifyKubeError(new ApiException(500, "x", status(500, undefined), {})).retryAfterMs,
    ).toBeUndefined();
  });

  it("copes with a 401 without body and with a non-JSON body", () => {
    expect(classifyKubeError(new ApiException(401, "Unauthorized", undefined, {}))).toMatchObject({
      kind: "unauthorized",
      message: "HTTP 401",
    });
    expect(classifyKubeError(new ApiException(404, "x", "404 page not found\n", {}))).toMatchObject({
      kind: "notFound",
      message: "HTTP 404",
    });
  });

  it("never puts the ApiException's message (body and headers) into the loggable message", () => {
    const err = new ApiException(500, "x", status(500, "InternalError"), { authorization: "Bearer secret" });
    expect(err.message).toContain("secret");
    expect(classifyKubeError(err).message).toBe("m500");
  });

  it("classifies transport failures", () => {
    const refused = new FetchError("request to https://x/ failed, reason: connect ECONNREFUSED", "system", {
      code: "ECONNREFUSED",
    } as unknown as NodeJS.ErrnoException);
    expect(classifyKubeError(refused)).toMatchObject({
      kind: "network",
      message: "ECONNREFUSED",
      retryable: true,
    });
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    expect(errorKind(reset)).toBe("network");
    expect(classifyKubeError(new DOMException("t", "TimeoutError"))).toMatchObject({
      kind: "timeout",
      retryable: true,
    });
    expect(classifyKubeError(new DOMException("a", "AbortError"))).toMatchObject({
      kind: "aborted",
      retryable: false,
    });
    expect(classifyKubeError(new Error("what"))).toMatchObject({ kind: "unknown", retryable: true });
    expect(classifyKubeError("a string")).toMatchObject({ kind: "unknown", message: "a string" });
  });
});

describe("KubeApiError", () => {
  it("adds context, keeps the cause and is classified as itself", () => {
    const cause = new ApiException(409, "x", status(409, "Conflict"), {});
    const err = toKubeApiError("update lease ns/l", cause);
    expect(err).toBeInstanceOf(KubeApiError);
    expect(err.message).toBe("update lease ns/l: m409");
    expect(err.kind).toBe("conflict");
    expect(err.cause).toBe(cause);
    expect(toKubeApiError("again", err)).toBe(err);
    expect(classifyKubeError(err)).toBe(err.info);
  });
});
