import { describe, expect, it } from "vitest";
import { pruneUnknownFields } from "../../../src/sim/schema/index.js";
import type { Json, Schema } from "../../../src/sim/types.js";

const str: Schema = { type: "string" };

/** The part of ObjectMeta these cases need. */
const objectMetaSchema: Schema = {
  type: "object",
  properties: { name: str, labels: { type: "object", additionalProperties: str } },
};

const schema: Schema = {
  type: "object",
  properties: {
    metadata: objectMetaSchema,
    spec: {
      type: "object",
      properties: {
        name: str,
        ports: { type: "array", items: { type: "object", properties: { port: { type: "integer" } } } },
        labels: { type: "object", additionalProperties: str },
        groups: {
          type: "object",
          additionalProperties: { type: "object", properties: { size: { type: "integer" } } },
        },
        raw: {
          type: "object",
          "x-kubernetes-preserve-unknown-fields": true,
          properties: { known: { type: "object", properties: { a: str } } },
        },
        template: {
          type: "object",
          "x-kubernetes-embedded-resource": true,
          properties: { metadata: objectMetaSchema, spec: { type: "object", properties: { image: str } } },
        },
        loose: { type: "object", additionalProperties: true },
      },
    },
  },
};

describe("pruneUnknownFields", () => {
  it.each<[string, Json, Json, string[]]>([
    ["keeps known fields", { spec: { name: "a" } }, { spec: { name: "a" } }, []],
    ["drops an unknown top-level field", { spec: {}, bogus: 1 }, { spec: {} }, ["bogus"]],
    [
      "drops unknown nested fields, subtrees included",
      { spec: { bogus: "x", nested: { a: 1 } } },
      { spec: {} },
      ["spec.bogus", "spec.nested"],
    ],
    [
      "names array items by index",
      { spec: { ports: [{ port: 1 }, { port: 2, extra: true }] } },
      { spec: { ports: [{ port: 1 }, { port: 2 }] } },
      ["spec.ports[1].extra"],
    ],
    [
      "keeps any key of a map (additionalProperties) and prunes inside its values",
      { spec: { labels: { app: "web" }, groups: { g1: { size: 1, color: "red" } } } },
      { spec: { labels: { app: "web" }, groups: { g1: { size: 1 } } } },
      ["spec.groups.g1.color"],
    ],
    [
      "x-kubernetes-preserve-unknown-fields keeps unknown fields but prunes inside known ones",
      { spec: { raw: { anything: { deep: 1 }, known: { a: "1", b: "2" } } } },
      { spec: { raw: { anything: { deep: 1 }, known: { a: "1" } } } },
      ["spec.raw.known.b"],
    ],
    [
      "an embedded resource keeps apiVersion and kind and prunes its metadata as ObjectMeta",
      {
        spec: {
          template: {
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name: "p", bogus: 1 },
            spec: { image: "i", x: 1 },
            y: 2,
          },
        },
      },
      {
        spec: { template: { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { image: "i" } } },
      },
      ["spec.template.spec.x", "spec.template.y", "spec.template.metadata.bogus"],
    ],
    [
      "additionalProperties: true keeps scalars and empties nested objects, as apiextensions does",
      { spec: { loose: { a: 1, b: { c: 2 } } } },
      { spec: { loose: { a: 1, b: {} } } },
      ["spec.loose.b.c"],
    ],
    [
      "never prunes the root's apiVersion and kind, and reports unknown metadata first",
      { apiVersion: "x/v1", kind: "X", metadata: { name: "n", zzz: 1, labels: { a: "b" } }, aaa: 1 },
      { apiVersion: "x/v1", kind: "X", metadata: { name: "n", labels: { a: "b" } } },
      ["metadata.zzz", "aaa"],
    ],
    [
      "prunes every field of a schema-less object",
      { spec: { ports: [{ port: 1, sub: { a: 1 } }] } },
      { spec: { ports: [{ port: 1 }] } },
      ["spec.ports[0].sub"],
    ],
  ])("%s", (_name, input, pruned, paths) => {
    const before = structuredClone(input);
    const result = pruneUnknownFields(input, schema);
    expect(result.value).toEqual(pruned);
    expect(result.unknownFields).toEqual(paths);
    expect(input).toEqual(before);
  });

  it("sorts paths for custom resources but can report them in document order for built-ins", () => {
    const input = { spec: { zeta: 1, alpha: 2 } };
    expect(pruneUnknownFields(input, schema).unknownFields).toEqual(["spec.alpha", "spec.zeta"]);
    expect(pruneUnknownFields(input, schema, { order: "document" }).unknownFields).toEqual([
      "spec.zeta",
      "spec.alpha",
    ]);
  });

  it("without metadata properties in the schema keeps metadata as sent", () => {
    const bare: Schema = { type: "object", properties: { metadata: { type: "object" } } };
    expect(pruneUnknownFields({ metadata: { name: "a", odd: 1 } }, bare)).toEqual({
      value: { metadata: { name: "a", odd: 1 } },
      unknownFields: [],
    });
  });

  it("prunes everything but type and object meta under an empty schema (an unknown version, fixture 213)", () => {
    const body = { apiVersion: "svcmirror.io/v1", kind: "Link", metadata: { name: "l" }, spec: { a: 1 } };
    expect(pruneUnknownFields(body, {}).unknownFields).toEqual(["spec"]);
  });
});
