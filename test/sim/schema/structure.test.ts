import { describe, expect, it } from "vitest";
import { validateEmbeddedResources } from "../../../src/sim/schema/embedded.js";
import { validateListSetsAndMaps } from "../../../src/sim/schema/index.js";
import type { FieldError, Json, Schema } from "../../../src/sim/types.js";

const duplicate = (field: string, message: string): FieldError => ({
  reason: "FieldValueDuplicate",
  field,
  message,
});

const listSchema: Schema = {
  type: "object",
  properties: {
    spec: {
      type: "object",
      properties: {
        tags: { type: "array", items: { type: "string" }, "x-kubernetes-list-type": "set" },
        ports: {
          type: "array",
          "x-kubernetes-list-type": "map",
          "x-kubernetes-list-map-keys": ["name"],
          items: { type: "object", properties: { name: { type: "string" } } },
        },
        routes: {
          type: "array",
          "x-kubernetes-list-type": "map",
          "x-kubernetes-list-map-keys": ["host", "port"],
          items: { type: "object" },
        },
        byZone: {
          type: "object",
          additionalProperties: {
            type: "array",
            items: { type: "integer" },
            "x-kubernetes-list-type": "set",
          },
        },
      },
    },
  },
};

describe("validateListSetsAndMaps", () => {
  it.each<[string, Json, FieldError[]]>([
    ["accepts unique items", { spec: { tags: ["a", "b"], ports: [{ name: "a" }, { name: "b" }] } }, []],
    [
      "reports each repeated set item once, at its second occurrence",
      { spec: { tags: ["a", "b", "a", "a", "b"] } },
      [duplicate("spec.tags[2]", 'Duplicate value: "a"'), duplicate("spec.tags[4]", 'Duplicate value: "b"')],
    ],
    [
      "reports a repeated map key as the key object",
      { spec: { ports: [{ name: "http" }, { name: "http", port: 2 }] } },
      [duplicate("spec.ports[1]", 'Duplicate value: map[string]interface {}{"name":"http"}')],
    ],
    [
      "treats missing keys as equal",
      { spec: { ports: [{}, null] } },
      [duplicate("spec.ports[1]", "Duplicate value: map[string]interface {}{}")],
    ],
    [
      "compares several keys together",
      {
        spec: {
          routes: [
            { host: "a", port: 1 },
            { host: "a", port: 2 },
            { port: 1, host: "a" },
          ],
        },
      },
      [duplicate("spec.routes[2]", 'Duplicate value: map[string]interface {}{"host":"a", "port":1}')],
    ],
    [
      "rejects a non-object in a list-type map",
      { spec: { ports: ["http"] } },
      [
        {
          reason: "FieldValueInvalid",
          field: "spec.ports[0]",
          message: 'Invalid value: "http": must be an object for an array of list-type map',
        },
      ],
    ],
    [
      "names values under a map by key in brackets",
      { spec: { byZone: { east: [1, 1] } } },
      [duplicate("spec.byZone[east][1]", "Duplicate value: 1")],
    ],
  ])("%s", (_name, value, expected) => {
    expect(validateListSetsAndMaps(value, listSchema)).toEqual(expected);
  });
});

const embeddedSchema: Schema = {
  type: "object",
  properties: {
    spec: {
      type: "object",
      properties: {
        template: {
          type: "object",
          "x-kubernetes-embedded-resource": true,
          "x-kubernetes-preserve-unknown-fields": true,
        },
      },
    },
  },
};

describe("embedded resources", () => {
  it.each<[string, Json, FieldError[]]>([
    [
      "accept a well-formed resource without a name",
      { spec: { template: { apiVersion: "v1", kind: "Pod", metadata: {} } } },
      [],
    ],
    [
      "require apiVersion and kind",
      { spec: { template: { metadata: {} } } },
      [
        { reason: "FieldValueRequired", field: "spec.template.apiVersion", message: "Required value" },
        { reason: "FieldValueRequired", field: "spec.template.kind", message: "Required value" },
      ],
    ],
    [
      "check the kind's shape",
      { spec: { template: { apiVersion: "a/b/c", kind: "Bad_Kind" } } },
      [
        {
          reason: "FieldValueInvalid",
          field: "spec.template.apiVersion",
          message: 'Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c',
        },
        {
          reason: "FieldValueInvalid",
          field: "spec.template.kind",
          message:
            "Invalid value: \"Bad_Kind\": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
        },
      ],
    ],
    [
      "validate the embedded metadata with path-segment names",
      { spec: { template: { apiVersion: "v1", kind: "Pod", metadata: { name: "a/b" } } } },
      [
        {
          reason: "FieldValueInvalid",
          field: "spec.template.metadata.name",
          message: "Invalid value: \"a/b\": may not contain '/'",
        },
      ],
    ],
  ])("%s", (_name, value, expected) => {
    expect(validateEmbeddedResources(value, embeddedSchema)).toEqual(expected);
  });
});
