// Lease MicroTime decoding (Go's time.Parse messages, fixtures 152-163) and Lease validation.

import { describe, expect, it } from "vitest";
import { DecodeError } from "../../../src/sim/errors.js";
import type { KubeObject } from "../../../src/sim/types.js";
import {
  builtinKind,
  create,
  expectOk,
  invalidBody,
  loadCase,
  namespaceOf,
  rendered,
  requestBody,
  responseBody,
  update,
  withoutPipelineFields,
} from "./harness.js";

/** The inner message of a 400 "Lease in version "v1" cannot be handled as a Lease: <message>". */
function decodeMessage(c: ReturnType<typeof loadCase>): string {
  const message = (responseBody(c) as { message: string }).message;
  const prefix = 'Lease in version "v1" cannot be handled as a Lease: ';
  expect(message.startsWith(prefix)).toBe(true);
  return message.slice(prefix.length);
}

describe("Lease MicroTime decoding", () => {
  it.each(["155", "156", "157", "158", "160", "161"])("case %s is rejected with Go's message", (number) => {
    const c = loadCase(number);
    const body = requestBody(c);
    let thrown: unknown;
    try {
      builtinKind("Lease").decode?.(body);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(DecodeError);
    expect((thrown as Error).message).toBe(decodeMessage(c));
  });

  it.each(["152", "159", "162", "163"])("case %s is accepted and rendered as the server does", (number) => {
    const c = loadCase(number);
    const obj = expectOk(
      create(builtinKind("Lease"), requestBody(c), { namespace: namespaceOf(c.request.path) }),
    );
    expect(rendered(obj)).toEqual(withoutPipelineFields(responseBody(c)));
  });

  it.each([
    ["2026-13-01T00:00:00.000000Z", 'parsing time "2026-13-01T00:00:00.000000Z": month out of range'],
    ["2026-02-30T00:00:00.000000Z", 'parsing time "2026-02-30T00:00:00.000000Z": day out of range'],
    ["2026-01-01T24:00:00.000000Z", 'parsing time "2026-01-01T24:00:00.000000Z": hour out of range'],
    ["2026-01-01T00:00:00.000000Zjunk", 'parsing time "2026-01-01T00:00:00.000000Zjunk": extra text: "junk"'],
    [
      "2026/01/01T00:00:00.000000Z",
      'parsing time "2026/01/01T00:00:00.000000Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "/01/01T00:00:00.000000Z" as "-"',
    ],
    [
      "2026-01-01T00:00:00.000000+0200",
      'parsing time "2026-01-01T00:00:00.000000+0200" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "+0200" as "Z07:00"',
    ],
  ])("%s", (renewTime, message) => {
    const body: KubeObject = { metadata: { name: "l" }, spec: { renewTime } };
    expect(() => builtinKind("Lease").decode?.(body)).toThrow(message);
  });

  it("reports the first bad time in input order", () => {
    const body: KubeObject = {
      metadata: { name: "l" },
      spec: { renewTime: "2026-01-01T00:00:00Z", acquireTime: "2026-01-01T00:00:00.1Z" },
    };
    expect(() => builtinKind("Lease").decode?.(body)).toThrow('parsing time "2026-01-01T00:00:00Z"');
  });

  it("normalizes a negative offset across midnight to UTC", () => {
    const body: KubeObject = {
      metadata: { name: "l" },
      spec: { renewTime: "2025-12-31T22:30:00.250000-01:45" },
    };
    builtinKind("Lease").decode?.(body);
    expect(body.spec).toEqual({ renewTime: "2026-01-01T00:15:00.250000Z" });
  });
});

describe("Lease validation", () => {
  it.each(["164", "165", "166"])("case %s", (number) => {
    const c = loadCase(number);
    const kind = builtinKind("Lease");
    const body = requestBody(c);
    const outcome = create(kind, body, { namespace: namespaceOf(c.request.path) });
    if (outcome.kind !== "invalid") throw new Error("expected a validation failure");
    expect(invalidBody(kind, body.metadata.name ?? "", outcome.errors)).toEqual(responseBody(c));
  });

  it.each(["168", "170"])(
    "update %s keeps the client's values (no server-side leaseTransitions)",
    (number) => {
      const kind = builtinKind("Lease");
      const old = expectOk(create(kind, requestBody(loadCase("152")), { namespace: "fixture-ns-4" }));
      const body = requestBody(loadCase(number));
      body.metadata.uid = old.metadata.uid;
      delete body.metadata.managedFields;
      const next = expectOk(update(kind, body, old));
      expect(next.spec).toEqual((responseBody(loadCase(number)) as { spec: unknown }).spec);
    },
  );

  it("refuses unconditional updates and allows create on update, as kube's leaseStrategy", () => {
    expect(builtinKind("Lease")).toMatchObject({
      allowUnconditionalUpdate: false,
      allowCreateOnUpdate: true,
      deleteReturnsObject: false,
      storageVersionHash: "gqkMMb/YqFM=",
    });
  });
});
