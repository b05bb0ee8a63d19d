import { describe, expect, it } from "vitest";
import { isApiError } from "../../../src/sim/errors.js";
import { parseFieldSelector } from "../../../src/sim/storage/index.js";
import type { FieldConversion } from "../../../src/sim/storage/types.js";
import { loadCase, queryOf, statusOf } from "./fixtures.js";

const DEFAULT_FIELDS = ["metadata.name", "metadata.namespace"];
const FIELDS: Record<string, string> = {
  "metadata.name": "svc-a",
  "metadata.namespace": "ns",
  type: "a,b=c",
};

function matches(selector: string): boolean {
  return parseFieldSelector(selector, [...DEFAULT_FIELDS, "type"]).matches((name) => FIELDS[name] ?? "");
}

function parseError(selector: string, supported = DEFAULT_FIELDS, conversion?: FieldConversion): string {
  try {
    parseFieldSelector(selector, supported, conversion);
  } catch (err) {
    if (!isApiError(err)) throw err;
    expect(err.status).toMatchObject({ code: 400, reason: "BadRequest" });
    return err.status.message ?? "";
  }
  throw new Error(`selector ${JSON.stringify(selector)} parsed`);
}

describe("field selector matching", () => {
  it.each([
    ["", true],
    ["metadata.name=svc-a", true],
    ["metadata.name==svc-a", true],
    ["metadata.name!=svc-a", false],
    ["metadata.name=svc-b", false],
    ["metadata.name=svc-a,metadata.namespace=ns", true],
    ["metadata.name=svc-a,metadata.namespace!=ns", false],
    ["type=a\\,b\\=c", true],
    ["metadata.name=", false],
  ])("%j → %s", (selector, expected) => {
    expect(matches(selector)).toBe(expected);
  });

  it("reports the value a metadata.name term pins", () => {
    const selector = parseFieldSelector("metadata.namespace=ns,metadata.name=x", DEFAULT_FIELDS);
    expect(selector.exactMatch("metadata.name")).toBe("x");
    expect(
      parseFieldSelector("metadata.name!=x", DEFAULT_FIELDS).exactMatch("metadata.name"),
    ).toBeUndefined();
    expect(parseFieldSelector("", DEFAULT_FIELDS).empty).toBe(true);
  });
});

describe("field selector errors", () => {
  it("answers the recorded 400 for an unsupported field (case 052)", () => {
    const fixture = loadCase("052");
    try {
      parseFieldSelector(queryOf(fixture).get("fieldSelector") ?? "", DEFAULT_FIELDS);
      expect.unreachable();
    } catch (err) {
      if (!isApiError(err)) throw err;
      expect(err.status).toEqual(statusOf(fixture));
    }
  });

  it.each([
    ["metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    ["metadata.name=a,x", "invalid selector: 'metadata.name=a,x'; can't understand 'x'"],
    ["metadata.name=a=b", "invalid field selector: unescaped character in value: 61"],
    ["metadata.name=a\\x", "invalid field selector: invalid escape sequence: \\x"],
    ["metadata.name=a\\", "invalid field selector: invalid escape sequence: \\"],
    [
      "metadata.name =a",
      '"metadata.name " is not a known field selector: only "metadata.name", "metadata.namespace"',
    ],
    [
      "spec.b=1,spec.a=2",
      '"spec.a" is not a known field selector: only "metadata.name", "metadata.namespace"',
    ],
  ])("%j → %s", (selector, message) => {
    expect(parseError(selector)).toBe(message);
  });

  it("uses the kind's own conversion message when it has one", () => {
    const secretFields = [...DEFAULT_FIELDS, "type"];
    expect(parseError("spec.x=1", secretFields, { custom: true })).toBe("field label not supported: spec.x");
    expect(
      parseError("metadata.namespace=a", ["metadata.name"], { custom: true, withoutNamespace: true }),
    ).toBe("field label not supported: metadata.namespace");
  });
});
