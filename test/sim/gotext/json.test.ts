import { describe, expect, it } from "vitest";
import { parseGoJson, readGoJson } from "../../../src/sim/gotext/json.js";
import { summarizeBody } from "../../../src/sim/server/pipeline/decode.js";

// Request bodies and continue tokens read as Go's encoding/json reads them, failing with its words.

describe("JSON errors in encoding/json's words", () => {
  it.each([
    ['{"apiVersion": "v1", "kind": "Service", "metadata": {"name": ', "unexpected end of JSON input"],
    ["", "unexpected end of JSON input"],
    ["{", "unexpected end of JSON input"],
    ["x", "invalid character 'x' looking for beginning of value"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a": 1 "b": 2}', "invalid character '\"' after object key:value pair"],
    ["{a: 1}", "invalid character 'a' looking for beginning of object key string"],
    ["[1 2]", "invalid character '2' after array element"],
    ['{"a": tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['{"a": 01}', "invalid character '1' after object key:value pair"],
    ['{"a": 1.}', "invalid character '}' after decimal point in numeric literal"],
    ['{"a": "\\q"}', "invalid character 'q' in string escape code"],
    ["{} {}", "invalid character '{' after top-level value"],
    // quoteChar quotes a byte as strconv.Quote does: \x for C0 controls, \u for C1 ones (058).
    ['"\u0001"', "invalid character '\\x01' in string literal"],
    ['"a\nb"', "invalid character '\\n' in string literal"],
    // A multi-byte character is reported by its first byte, read as the rune of the same number.
    ["é", "invalid character 'Ã' looking for beginning of value"],
    ['{"a": [1, {"b": 2}, 3] "c"}', "invalid character '\"' after object key:value pair"],
    ['[{"a": 1}, {"b" 2}]', "invalid character '2' after object key"],
    ['{"a": 1, }', "invalid character '}' looking for beginning of object key string"],
  ])("%j", (text, message) => {
    expect(() => parseGoJson(Buffer.from(text))).toThrow(message);
  });

  it("quotes a lone byte as the rune of the same number (058's continue token)", () => {
    expect(() => parseGoJson(Buffer.from([0x9e]))).toThrow(
      "invalid character '\\u009e' looking for beginning of value",
    );
  });

  it("stops at Go's nesting limit of 10,000, not before", () => {
    const nested = (depth: number): Buffer => Buffer.from(`${"[".repeat(depth)}${"]".repeat(depth)}`);
    expect(readGoJson(nested(10_000)).kind).toBe("array");
    expect(() => readGoJson(nested(10_001))).toThrow("invalid character '[' exceeded max depth");
  });

  it("keeps what it read for typed decoding", () => {
    expect(readGoJson(Buffer.from('{"v":"meta.k8s.io/v1","rv":12}'))).toEqual({
      kind: "object",
      entries: [
        ["v", { kind: "string", value: "meta.k8s.io/v1" }],
        ["rv", { kind: "number", raw: "12" }],
      ],
    });
  });

  it("parses valid JSON", () => {
    expect(parseGoJson(Buffer.from(' {"a": [1, -2.5e3, true, null, "x\\u00e9"]} '))).toEqual({
      a: [1, -2500, true, null, "xé"],
    });
  });

  it.each([
    ["", "<empty>"],
    ["short", "short"],
    ['{"apiVersion": "v1", "kind": "Service", "metadata": {"name": ', '{"apiVersion": "v1", "kind": " ...'],
  ])("summarizes %j", (body, summary) => {
    expect(summarizeBody(Buffer.from(body))).toBe(summary);
  });
});
