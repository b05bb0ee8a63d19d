// How a failed request to the remote cluster reads on the Link: reason per error kind, bounded message.

import { describe, expect, it } from "vitest";
import type { KubeErrorInfo } from "../../src/kube/errors.js";
import { Reason } from "../../src/link/conditions.js";
import { remoteFailure } from "../../src/link/remote-errors.js";

describe("remoteFailure", () => {
  it.each<[KubeErrorInfo, string, string]>([
    [
      { kind: "unauthorized", code: 401, message: "Unauthorized", retryable: true },
      Reason.RemoteUnauthorized,
      "401: Unauthorized",
    ],
    [
      { kind: "forbidden", code: 403, message: 'User "x" cannot list', retryable: true },
      Reason.RemoteForbidden,
      "cannot list",
    ],
    [
      { kind: "network", message: "ECONNREFUSED", retryable: true },
      Reason.RemoteUnreachable,
      "cannot reach https://r (ECONNREFUSED)",
    ],
    [
      { kind: "timeout", message: "timed out after 30000ms", retryable: true },
      Reason.RemoteUnreachable,
      "timed out",
    ],
    [{ kind: "server", code: 500, message: "boom", retryable: true }, Reason.RemoteError, "500: boom"],
    [
      { kind: "tooManyRequests", code: 429, message: "slow down", retryable: true },
      Reason.RemoteError,
      "429",
    ],
  ])("%j", (info, reason, messagePart) => {
    const failure = remoteFailure(info, "https://r");
    expect(failure.reason).toBe(reason);
    expect(failure.message).toContain(messagePart);
  });

  it("cuts a long server message", () => {
    const failure = remoteFailure(
      { kind: "server", code: 500, message: "x".repeat(5000), retryable: true },
      "https://r",
    );
    expect(failure.message.length).toBeLessThan(500);
  });
});
