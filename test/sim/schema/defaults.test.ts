import { describe, expect, it } from "vitest";
import { applySchemaDefaults, pruneNonNullableNulls } from "../../../src/sim/schema/index.js";
import type { Json, Schema } from "../../../src/sim/types.js";

const schema: Schema = {
  type: "object",
  properties: {
    spec: {
      type: "object",
      default: {},
      properties: {
        replicas: { type: "integer", default: 1 },
        mode: { type: "string", default: "fast" },
        note: { type: "string", nullable: true, default: "n" },
        plain: { type: "string" },
        optional: { type: "string", nullable: true },
        tuning: { type: "object", properties: { level: { type: "integer", default: 3 } } },
        ports: {
          type: "array",
          items: { type: "object", properties: { protocol: { type: "string", default: "TCP" } } },
        },
        weights: { type: "object", additionalProperties: { type: "integer", default: 10 } },
      },
    },
  },
};

describe("applySchemaDefaults", () => {
  it.each<[string, Json, Json]>([
    [
      "defaults an absent object and then its own fields",
      {},
      { spec: { replicas: 1, mode: "fast", note: "n" } },
    ],
    [
      "keeps values that are present",
      { spec: { replicas: 3, mode: "slow", note: "x" } },
      { spec: { replicas: 3, mode: "slow", note: "x" } },
    ],
    [
      "replaces a non-nullable null",
      { spec: { replicas: null } },
      { spec: { replicas: 1, mode: "fast", note: "n" } },
    ],
    ["keeps a nullable null", { spec: { note: null } }, { spec: { replicas: 1, mode: "fast", note: null } }],
    [
      "defaults inside present objects only",
      { spec: { tuning: {} } },
      { spec: { replicas: 1, mode: "fast", note: "n", tuning: { level: 3 } } },
    ],
    [
      "defaults inside array items",
      { spec: { ports: [{}, { protocol: "UDP" }] } },
      { spec: { replicas: 1, mode: "fast", note: "n", ports: [{ protocol: "TCP" }, { protocol: "UDP" }] } },
    ],
    [
      "replaces null map values with the additionalProperties default",
      { spec: { weights: { a: null, b: 2 } } },
      { spec: { replicas: 1, mode: "fast", note: "n", weights: { a: 10, b: 2 } } },
    ],
  ])("%s", (_name, input, expected) => {
    const before = structuredClone(input);
    expect(applySchemaDefaults(input, schema)).toEqual(expected);
    expect(input).toEqual(before);
  });

  it("copies default values so that objects never share them", () => {
    const out = applySchemaDefaults(
      { a: {}, b: {} },
      {
        type: "object",
        properties: {
          a: { type: "object", properties: { tags: { type: "array", default: ["x"] } } },
          b: { type: "object", properties: { tags: { type: "array", default: ["x"] } } },
        },
      },
    ) as { a: { tags: Json[] }; b: { tags: Json[] } };
    out.a.tags.push("y");
    expect(out.b.tags).toEqual(["x"]);
  });
});

describe("pruneNonNullableNulls", () => {
  it("drops non-nullable nulls without a default and keeps the rest for defaulting", () => {
    const input = { spec: { plain: null, optional: null, replicas: null, unknown: null } };
    expect(pruneNonNullableNulls(input, schema)).toEqual({
      spec: { optional: null, replicas: null, unknown: null },
    });
  });
});
