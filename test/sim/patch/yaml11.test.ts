// Apply bodies decode as go-yaml v2 (YAML 1.1) through sigs.k8s.io/yaml does it: 1.1 booleans and
// octals, timestamps kept as strings, JSON accepted, and the real server's 400 for bad input.

import { describe, expect, it } from "vitest";
import { ApiError } from "../../../src/sim/errors.js";
import { parseApplyBody } from "../../../src/sim/patch/index.js";
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
