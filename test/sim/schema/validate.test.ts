import { describe, expect, it } from "vitest";
import { validateAgainstSchema } from "../../../src/sim/schema/index.js";
import type { FieldError, Json, Schema } from "../../../src/sim/types.js";

/** Validates `{x: value}` against an object whose property x has schema `x`. */
function errorsFor(x: Schema, value: Json): FieldError[] {
  return validateAgainstSchema({ x: value }, { type: "object", properties: { x } }, { basePath: "" });
}

function err(reason: FieldError["reason"], field: string, message: string): FieldError {
  return { reason, field, message };
}

const typeInvalid = (field: string, message: string): FieldError =>
  err("FieldValueTypeInvalid", field, message);
const invalid = (field: string, message: string): FieldError => err("FieldValueInvalid", field, message);

describe("validateAgainstSchema: one keyword at a time", () => {
  it.each<[string, Schema, Json, FieldError[]]>([
    ["string accepts a string", { type: "string" }, "a", []],
    [
      "string rejects an integer",
      { type: "string" },
      5,
      [typeInvalid("x", 'Invalid value: "integer": x in body must be of type string: "integer"')],
    ],
    [
      "integer rejects a fraction",
      { type: "integer" },
      1.5,
      [typeInvalid("x", 'Invalid value: "number": x in body must be of type integer: "number"')],
    ],
    ["number accepts an integer", { type: "number" }, 3, []],
    [
      "integer rejects a numeric string",
      { type: "integer" },
      "3",
      [typeInvalid("x", 'Invalid value: "string": x in body must be of type integer: "string"')],
    ],
    [
      "boolean rejects a string",
      { type: "boolean" },
      "true",
      [typeInvalid("x", 'Invalid value: "string": x in body must be of type boolean: "string"')],
    ],
    [
      "object rejects an array",
      { type: "object" },
      [1],
      [typeInvalid("x", 'Invalid value: "array": x in body must be of type object: "array"')],
    ],
    [
      "array rejects an object",
      { type: "array" },
      {},
      [typeInvalid("x", 'Invalid value: "object": x in body must be of type array: "object"')],
    ],
    [
      "null is rejected unless nullable",
      { type: "string" },
      null,
      [typeInvalid("x", 'Invalid value: "null": x in body must be of type string: "null"')],
    ],
    ["nullable accepts null", { type: "string", nullable: true }, null, []],
    ["int-or-string accepts an integer", { "x-kubernetes-int-or-string": true }, 8080, []],
    ["int-or-string accepts a string", { "x-kubernetes-int-or-string": true }, "http", []],
    [
      "int-or-string rejects a boolean",
      { "x-kubernetes-int-or-string": true },
      true,
      [typeInvalid("x", 'Invalid value: "boolean": x in body must be of type integer,string: "boolean"')],
    ],
    ["enum accepts a listed value", { type: "string", enum: ["a", "b"] }, "b", []],
    [
      "enum rejects an unlisted string",
      { type: "string", enum: ["a", "b"] },
      "c",
      [err("FieldValueNotSupported", "x", 'Unsupported value: "c": supported values: "a", "b"')],
    ],
    [
      "enum lists non-strings as JSON",
      { type: "integer", enum: [1, 2] },
      3,
      [err("FieldValueNotSupported", "x", 'Unsupported value: 3: supported values: "1", "2"')],
    ],
    [
      "a wrong type also fails the enum, type first",
      { type: "string", enum: ["a"] },
      5,
      [
        typeInvalid("x", 'Invalid value: "integer": x in body must be of type string: "integer"'),
        err("FieldValueNotSupported", "x", 'Unsupported value: 5: supported values: "a"'),
      ],
    ],
    [
      "null fails an enum even when nullable",
      { type: "string", nullable: true, enum: ["a"] },
      null,
      [err("FieldValueNotSupported", "x", 'Unsupported value: null: supported values: "a"')],
    ],
    [
      "minimum on an integer",
      { type: "integer", minimum: 1 },
      0,
      [invalid("x", "Invalid value: 0: x in body should be greater than or equal to 1")],
    ],
    [
      "maximum on an integer",
      { type: "integer", maximum: 65535 },
      70000,
      [invalid("x", "Invalid value: 70000: x in body should be less than or equal to 65535")],
    ],
    [
      "exclusiveMinimum",
      { type: "integer", minimum: 1, exclusiveMinimum: true },
      1,
      [invalid("x", "Invalid value: 1: x in body should be greater than 1")],
    ],
    [
      "exclusiveMaximum",
      { type: "number", maximum: 2.5, exclusiveMaximum: true },
      2.5,
      [invalid("x", "Invalid value: 2.5: x in body should be less than 2.5")],
    ],
    [
      "a float value prints the bound as Go's %v of a float64",
      { type: "number", maximum: 1000000 },
      1000000.5,
      [invalid("x", "Invalid value: 1.0000005e+06: x in body should be less than or equal to 1e+06")],
    ],
    [
      "an integer value is compared with the bound truncated to int64",
      { type: "number", minimum: 1.5 },
      1,
      [],
    ],
    ["maxLength counts characters, not bytes", { type: "string", maxLength: 3 }, "héé", []],
    [
      "maxLength",
      { type: "string", maxLength: 3 },
      "abcd",
      [err("FieldValueTooLong", "x", "Too long: may not be longer than 3")],
    ],
    [
      "minLength",
      { type: "string", minLength: 2 },
      "a",
      [invalid("x", 'Invalid value: "a": x in body should be at least 2 chars long')],
    ],
    [
      "pattern",
      { type: "string", pattern: "^[a-z]+$" },
      "A1",
      [invalid("x", "Invalid value: \"A1\": x in body should match '^[a-z]+$'")],
    ],
    [
      "a length failure hides the pattern",
      { type: "string", maxLength: 1, pattern: "^z$" },
      "ab",
      [err("FieldValueTooLong", "x", "Too long: may not be longer than 1")],
    ],
    [
      "maxItems",
      { type: "array", maxItems: 1 },
      [1, 2],
      [err("FieldValueTooMany", "x", "Too many: 2: must have at most 1 items")],
    ],
    [
      "minItems",
      { type: "array", minItems: 2 },
      [1],
      [invalid("x", "Invalid value: 1: x in body should have at least 2 items")],
    ],
    [
      "maxProperties",
      { type: "object", maxProperties: 1 },
      { a: 1, b: 2 },
      [err("FieldValueTooMany", "x", "Too many: 2: must have at most 1 items")],
    ],
    [
      "minProperties",
      { type: "object", minProperties: 2 },
      { a: 1 },
      [invalid("x", "Invalid value: 1: x in body should have at least 2 properties")],
    ],
    [
      "additionalProperties with a schema",
      { type: "object", additionalProperties: { type: "string" } },
      { app: "web", tier: 3 },
      [typeInvalid("x.tier", 'Invalid value: "integer": x.tier in body must be of type string: "integer"')],
    ],
    [
      "additionalProperties false",
      { type: "object", properties: { a: { type: "string" } }, additionalProperties: false },
      { a: "1", b: "2" },
      [invalid("x", 'Invalid value: "b": x.b in body is a forbidden property')],
    ],
    [
      "required",
      { type: "object", required: ["name"] },
      {},
      [err("FieldValueRequired", "x.name", "Required value")],
    ],
    [
      "a required field present as null is not missing",
      { type: "object", required: ["name"], properties: { name: { type: "string" } } },
      { name: null },
      [typeInvalid("x.name", 'Invalid value: "null": x.name in body must be of type string: "null"')],
    ],
    ["date-time accepts RFC 3339", { type: "string", format: "date-time" }, "2026-01-01T00:00:00Z", []],
    [
      "date-time rejects other text",
      { type: "string", format: "date-time" },
      "yesterday",
      [typeInvalid("x", 'Invalid value: "yesterday": x in body must be of type date-time: "yesterday"')],
    ],
    [
      "a formatted string field given a number names the number's Go format",
      { type: "string", format: "date-time" },
      5,
      [typeInvalid("x", 'Invalid value: "int64": x in body must be of type date-time: "int64"')],
    ],
    ["int32 is not enforced for custom resources", { type: "integer", format: "int32" }, 2 ** 40, []],
    ["unknown formats are ignored", { type: "string", format: "k8s-short-name" }, "Not A Name", []],
  ])("%s", (_name, schema, value, expected) => {
    expect(errorsFor(schema, value)).toEqual(expected);
  });
});

describe("validateAgainstSchema: paths and order", () => {
  it("names array items and nested fields like field.Path", () => {
    const schema: Schema = {
      type: "array",
      items: { type: "object", required: ["name"], properties: { port: { type: "integer", minimum: 1 } } },
    };
    expect(errorsFor(schema, [{ name: "a", port: 1 }, { port: 0 }])).toEqual([
      invalid("x[1].port", "Invalid value: 0: x[1].port in body should be greater than or equal to 1"),
      err("FieldValueRequired", "x[1].name", "Required value"),
    ]);
  });

  it("reports items before the array's own limits", () => {
    expect(errorsFor({ type: "array", minItems: 3, items: { type: "integer" } }, [1, "a"])).toEqual([
      typeInvalid("x[1]", 'Invalid value: "string": x[1] in body must be of type integer: "string"'),
      invalid("x", "Invalid value: 2: x in body should have at least 3 items"),
    ]);
  });

  it("reports property errors before missing required properties (fixture 205)", () => {
    const schema: Schema = {
      type: "object",
      required: ["a"],
      properties: { a: { type: "string" }, b: { type: "integer", minimum: 1 } },
    };
    expect(errorsFor(schema, { b: 0 }).map((e) => e.field)).toEqual(["x.b", "x.a"]);
  });

  it("roots required fields of the whole object at the top level", () => {
    const schema: Schema = { type: "object", required: ["spec"] };
    expect(validateAgainstSchema({}, schema, { basePath: "" })).toEqual([
      err("FieldValueRequired", "spec", "Required value"),
    ]);
  });

  it("prefixes paths and messages with the base path", () => {
    const schema: Schema = { type: "object", properties: { phase: { type: "string", enum: ["Ready"] } } };
    expect(validateAgainstSchema({ phase: 1 }, schema, { basePath: "status" })).toEqual([
      typeInvalid(
        "status.phase",
        'Invalid value: "integer": status.phase in body must be of type string: "integer"',
      ),
      err("FieldValueNotSupported", "status.phase", 'Unsupported value: 1: supported values: "Ready"'),
    ]);
  });

  it("renders objects and arrays in messages as Go's %#v", () => {
    const schema: Schema = { enum: ["a"] };
    expect(errorsFor(schema, { b: [1, "c"], a: true })).toEqual([
      err(
        "FieldValueNotSupported",
        "x",
        'Unsupported value: map[string]interface {}{"a":true, "b":[]interface {}{1, "c"}}: supported values: "a"',
      ),
    ]);
  });

  it("follows reflect's conversions in enums: floats truncate to integer values", () => {
    expect(errorsFor({ enum: [1] }, 1.9)).toEqual([]);
    expect(errorsFor({ enum: [1.5] }, 1)).toHaveLength(1);
  });
});
