// Go's base64 decoder, Secret (181-190) and ConfigMap hooks.

import { describe, expect, it } from "vitest";
import { DecodeError } from "../../../src/sim/errors.js";
import { decodeGoBase64 } from "../../../src/sim/resources/gobase64.js";
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

describe("Go's base64 decoder", () => {
  it.each([
    ["YWJj", "abc"],
    ["YWI=", "ab"],
    ["YQ==", "a"],
    ["YWJj\nZGVm\r\n", "abcdef"],
    ["", ""],
  ])("accepts %j", (input, decoded) => {
    const result = decodeGoBase64(input);
    expect(result.ok && result.bytes.toString("utf8")).toBe(decoded);
  });

  it.each([
    ["not base64!!", 3],
    ["YWI", 0],
    ["YWJjZA", 4],
    ["YQ=", 3],
    ["Y===", 1],
    ["YQ==YQ==", 4],
    ["YWJj€", 4],
    ["YW-j", 2],
  ])("rejects %j at byte %i", (input, offset) => {
    expect(decodeGoBase64(input)).toEqual({ ok: false, offset });
  });
});

describe("Secret", () => {
  it.each(["181", "182", "183", "185", "188"])("create %s", (number) => {
    const c = loadCase(number);
    const obj = expectOk(
      create(builtinKind("Secret"), requestBody(c), { namespace: namespaceOf(c.request.path) }),
    );
    expect(rendered(obj)).toEqual(withoutPipelineFields(responseBody(c)));
  });

  it("186: data that is not base64 fails decoding with Go's offset", () => {
    const c = loadCase("186");
    const body = requestBody(c);
    let thrown: unknown;
    try {
      builtinKind("Secret").decode?.(body);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(DecodeError);
    expect((responseBody(c) as { message: string }).message).toBe(
      `Secret in version "v1" cannot be handled as a Secret: ${(thrown as Error).message}`,
    );
  });

  it("187: data keys must be config keys", () => {
    const c = loadCase("187");
    const kind = builtinKind("Secret");
    const outcome = create(kind, requestBody(c), { namespace: "fixture-ns-5" });
    if (outcome.kind !== "invalid") throw new Error("expected a validation failure");
    expect(invalidBody(kind, "bad-key", outcome.errors)).toEqual(responseBody(c));
  });

  it("189: the type is immutable", () => {
    const kind = builtinKind("Secret");
    const old = expectOk(create(kind, requestBody(loadCase("183")), { namespace: "fixture-ns-5" }));
    const body = requestBody(loadCase("189"));
    body.metadata.uid = old.metadata.uid;
    delete body.metadata.managedFields;
    const outcome = update(kind, body, old);
    if (outcome.kind !== "invalid") throw new Error("expected a validation failure");
    expect(invalidBody(kind, "cluster-2-kubeconfig", outcome.errors)).toEqual(responseBody(loadCase("189")));
  });

  it("190: serves the type field selector", () => {
    const selector = builtinKind("Secret").fieldSelectors?.type;
    expect(selector?.(requestBody(loadCase("183")))).toBe("svcmirror.io/remote-kubeconfig");
  });

  it("requires the keys of the well-known types", () => {
    const kind = builtinKind("Secret");
    const tls: KubeObject = {
      metadata: { name: "t" },
      type: "kubernetes.io/tls",
      data: { "tls.crt": "eA==" },
    };
    const outcome = create(kind, tls, { namespace: "ns" });
    expect(outcome.kind === "invalid" && outcome.errors).toEqual([
      { reason: "FieldValueRequired", field: "data[tls.key]", message: "Required value" },
    ]);
  });

  it("an immutable Secret keeps its data", () => {
    const kind = builtinKind("Secret");
    const old = expectOk(
      create(kind, { metadata: { name: "i" }, immutable: true, data: { a: "eA==" } }, { namespace: "ns" }),
    );
    const body = { ...structuredClone(old), data: { a: "eQ==" } };
    const outcome = update(kind, body, old);
    expect(outcome.kind === "invalid" && outcome.errors.map((e) => e.message)).toEqual([
      "Forbidden: field is immutable when `immutable` is set",
    ]);
  });
});

describe("ConfigMap", () => {
  it("accepts text and binary data and renders binary data canonically", () => {
    const kind = builtinKind("ConfigMap");
    const obj = expectOk(
      create(
        kind,
        { metadata: { name: "cm" }, data: { a: "x" }, binaryData: { b: "YW\nJj" } },
        { namespace: "ns" },
      ),
    );
    expect(obj).toMatchObject({ data: { a: "x" }, binaryData: { b: "YWJj" } });
  });

  it("rejects keys present in both maps and bad keys", () => {
    const kind = builtinKind("ConfigMap");
    const outcome = create(
      kind,
      { metadata: { name: "cm" }, data: { a: "x", "b/c": "y" }, binaryData: { a: "eA==" } },
      { namespace: "ns" },
    );
    expect(outcome.kind === "invalid" && outcome.errors.map((e) => `${e.field}: ${e.message}`)).toEqual([
      'data[a]: Invalid value: "a": duplicate of key present in binaryData',
      `data[b/c]: Invalid value: "b/c": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    ]);
  });

  it("limits the whole payload to 1 MiB", () => {
    const kind = builtinKind("ConfigMap");
    const outcome = create(
      kind,
      { metadata: { name: "cm" }, data: { a: "x".repeat(1024 * 1024 + 1) } },
      { namespace: "ns" },
    );
    expect(outcome.kind === "invalid" && outcome.errors).toEqual([
      { reason: "FieldValueTooLong", field: "", message: "Too long: may not be longer than 1048576" },
    ]);
  });
});
