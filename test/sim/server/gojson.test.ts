import { describe, expect, it } from "vitest";
import { parseGoJson, summarizeBody } from "../../../src/sim/server/gojson.js";

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
    ['"\u0001"', "invalid character '\\u0001' in string literal"],
  ])("%j", (text, message) => {
    expect(() => parseGoJson(text)).toThrow(message);
  });

  it("parses valid JSON", () => {
    expect(parseGoJson(' {"a": [1, -2.5e3, true, null, "x\\u00e9"]} ')).toEqual({
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
