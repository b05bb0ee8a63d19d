// Apply bodies decode as go-yaml v2 (YAML 1.1) through sigs.k8s.io/yaml does it: 1.1 booleans and
// octals, timestamps kept as strings, JSON accepted, and the real server's 400 for bad input.

import { describe, expect, it } from "vitest";
import { ApiError } from "../../../src/sim/errors.js";
import { parseApplyBody, strictDecodingErrors } from "../../../src/sim/patch/index.js";
import type { Json } from "../../../src/sim/types.js";
import { requestText } from "./fixtures.js";

function badRequest(text: string): string {
  try {
    parseApplyBody(text);
  } catch (err) {
    if (err instanceof ApiError && err.code === 400) return err.message;
    throw err;
  }
  throw new Error("expected a 400");
}

describe("YAML 1.1 scalars", () => {
  it.each<[string, Json]>([
    ["y", true],
    ["Yes", true],
    ["on", true],
    ["n", false],
    ["OFF", false],
    ['"y"', "y"],
    ["0777", 511],
    ["0x1F", 31],
    ["0b101", 5],
    ["1.5", 1.5],
    ["~", null],
    ["2026-01-01", "2026-01-01"],
    ["2026-01-01T00:00:05.123456Z", "2026-01-01T00:00:05.123456Z"],
    ["1:20", "1:20"],
  ])("x: %s", (scalar, value) => {
    expect(parseApplyBody(`x: ${scalar}\n`)).toStrictEqual({ x: value });
  });

  it("097's annotation value y is the boolean true", () => {
    expect(parseApplyBody(requestText(97))).toMatchObject({ metadata: { annotations: { x: true } } });
  });

  it("102's JSON body parses as JSON", () => {
    expect(parseApplyBody(requestText(102))).toStrictEqual({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "svc-applied", labels: { app: "mirrored" } },
      spec: { ports: [{ name: "http", port: 80, targetPort: 8080 }] },
    });
  });

  it("boolean keys become the strings Go prints", () => {
    expect(parseApplyBody("on: 1\n")).toStrictEqual({ true: 1 });
  });

  it("an empty body is an empty object", () => {
    expect(parseApplyBody("")).toStrictEqual({});
  });
});

describe("malformed bodies are a 400", () => {
  it("a syntax error", () => {
    expect(badRequest("a: b: c\n")).toMatch(
      /^error decoding YAML: error converting YAML to JSON: yaml: line 1: /,
    );
  });

  it("a document that is not a mapping", () => {
    expect(badRequest("- a\n")).toBe(
      "error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}",
    );
  });

  it("an infinite number", () => {
    expect(badRequest("x: .inf\n")).toBe(
      "error decoding YAML: error converting YAML to JSON: json: unsupported value: +Inf",
    );
  });
});

describe("strictDecodingErrors (go-yaml v2 UnmarshalStrict)", () => {
  it.each<[string, string, string[]]>([
    ["no repeated key", "a: 1\nb:\n  c: 2\n", []],
    [
      "a repeated key, on the line of its repetition",
      "a: 1\nb: 2\na: 3\n",
      ['line 3: key "a" already set in map'],
    ],
    [
      "nested and in list items, in document order",
      "spec:\n  type: A\n  ports:\n  - port: 1\n    port: 2\n  type: B\n",
      ['line 5: key "port" already set in map', 'line 6: key "type" already set in map'],
    ],
    ["JSON on one line", '{"a": 1, "b": {"c": 1, "c": 2}}', ['line 1: key "c" already set in map']],
    [
      "the value of a repeated key is not visited",
      "a: 1\na:\n  x: 1\n  x: 2\n",
      ['line 2: key "a" already set in map'],
    ],
    [
      "keys print as Go values",
      "1: a\n1: b\ntrue: c\ntrue: d\n",
      ["line 2: key 1 already set in map", "line 4: key true already set in map"],
    ],
    ["a quote in a key is escaped", 'a"b: 1\na"b: 2\n', ['line 2: key "a\\"b" already set in map']],
  ])("%s", (_name, text, want) => {
    expect(strictDecodingErrors(text)).toEqual(want);
  });

  it("keeps the last value of a repeated key when decoding", () => {
    expect(parseApplyBody("a: 1\na: 2\n")).toStrictEqual({ a: 2 });
  });
});
