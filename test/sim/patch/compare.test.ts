// typed.Compare as the field manager uses it: what a write adds, modifies and removes. A JSON null
// is a present value (structured-merge-diff only calls a field added or removed when it is missing
// on one side), which decides whether a container gets a "." entry of its own.

import { describe, expect, it } from "vitest";
import { compareObjects } from "../../../src/sim/patch/typed.js";
import type { JsonObject, Schema } from "../../../src/sim/types.js";

const conditions: Schema = {
  type: "array",
  "x-kubernetes-list-type": "map",
  "x-kubernetes-list-map-keys": ["type"],
  items: { type: "object", properties: { type: { type: "string" }, status: { type: "string" } } },
};
const schema: Schema = {
  type: "object",
  properties: {
    status: {
      type: "object",
      properties: {
        conditions,
        phase: { type: "string" },
        names: { type: "object", properties: { kind: { type: "string" } } },
      },
    },
  },
};

interface Row {
  readonly name: string;
  readonly before: JsonObject;
  readonly after: JsonObject;
  readonly added: readonly string[];
  readonly modified: readonly string[];
  readonly removed: readonly string[];
}

const ready = { type: "Ready", status: "True" };

const rows: Row[] = [
  {
    name: "a list set from null gains its items, not itself (195)",
    before: { status: { conditions: null } },
    after: { status: { conditions: [ready] } },
    added: [
      '{"f:status":{"f:conditions":{"k:{\\"type\\":\\"Ready\\"}":{".":{},"f:status":{},"f:type":{}}}}}',
    ],
    modified: [],
    removed: [],
  },
  {
    name: "a list set where it was missing is added itself",
    before: { status: {} },
    after: { status: { conditions: [ready] } },
    added: [
      '{"f:status":{"f:conditions":{".":{},"k:{\\"type\\":\\"Ready\\"}":{".":{},"f:status":{},"f:type":{}}}}}',
    ],
    modified: [],
    removed: [],
  },
  {
    name: "a list set to null loses its items, not itself",
    before: { status: { conditions: [ready] } },
    after: { status: { conditions: null } },
    added: [],
    modified: [],
    removed: [
      '{"f:status":{"f:conditions":{"k:{\\"type\\":\\"Ready\\"}":{".":{},"f:status":{},"f:type":{}}}}}',
    ],
  },
  {
    name: "a scalar from null to a value is modified",
    before: { status: { phase: null } },
    after: { status: { phase: "Active" } },
    added: [],
    modified: ['{"f:status":{"f:phase":{}}}'],
    removed: [],
  },
  {
    name: "a scalar from a value to null is modified",
    before: { status: { phase: "Active" } },
    after: { status: { phase: null } },
    added: [],
    modified: ['{"f:status":{"f:phase":{}}}'],
    removed: [],
  },
  {
    name: "a missing scalar that appears is added",
    before: { status: {} },
    after: { status: { phase: "Active" } },
    added: ['{"f:status":{"f:phase":{}}}'],
    modified: [],
    removed: [],
  },
  {
    name: "null to an empty list is a leaf change",
    before: { status: { conditions: null } },
    after: { status: { conditions: [] } },
    added: [],
    modified: ['{"f:status":{"f:conditions":{}}}'],
    removed: [],
  },
  {
    name: "a struct set from null gains its fields, not itself",
    before: { status: { names: null } },
    after: { status: { names: { kind: "Link" } } },
    added: ['{"f:status":{"f:names":{"f:kind":{}}}}'],
    modified: [],
    removed: [],
  },
];

function fieldsV1(set: { isEmpty(): boolean; toFieldsV1(): JsonObject }): string[] {
  return set.isEmpty() ? [] : [JSON.stringify(set.toFieldsV1())];
}

describe("compareObjects", () => {
  it.each(rows)("$name", (row) => {
    const got = compareObjects(row.before, row.after, schema);
    expect({
      added: fieldsV1(got.added),
      modified: fieldsV1(got.modified),
      removed: fieldsV1(got.removed),
    }).toEqual({ added: row.added, modified: row.modified, removed: row.removed });
  });
});
