// Replays recorded non-apply writes (creates, PUTs, merge/JSON/strategic patches) through the patch
// functions and recordUpdate, starting from the state the preceding cases left, and compares the
// object and its managedFields with what kube-apiserver answered.

import { describe, expect, it } from "vitest";
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  recordUpdate,
} from "../../../src/sim/patch/index.js";
import type { JsonObject, KubeObject, Schema } from "../../../src/sim/types.js";
import { expectedObject, fixture, normalized, requestObject, responseObject } from "./fixtures.js";
import {
  defaultEndpointSlice,
  defaultService,
  endpointSliceSchema,
  leaseSchema,
  linkSchema,
  serviceSchema,
} from "./schemas.js";

const T0 = "2026-03-01T10:00:00Z";
const T1 = "2026-03-01T10:00:07Z";
const MANAGER = "fixture-recorder";

interface Kind {
  readonly apiVersion: string;
  readonly schema: Schema;
  readonly defaults: (obj: JsonObject) => JsonObject;
}

const service: Kind = { apiVersion: "v1", schema: serviceSchema, defaults: defaultService };
const slice: Kind = {
  apiVersion: "discovery.k8s.io/v1",
  schema: endpointSliceSchema,
  defaults: defaultEndpointSlice,
};
const lease: Kind = { apiVersion: "coordination.k8s.io/v1", schema: leaseSchema, defaults: (o) => o };
const link: Kind = { apiVersion: "svcmirror.io/v1alpha1", schema: linkSchema, defaults: (o) => o };

type Write = "create" | "put" | "merge" | "json" | "strategic";

interface Row {
  readonly case: number;
  readonly kind: Kind;
  readonly write: Write;
  /** The case whose response is the live object (absent for creates). */
  readonly live?: number;
  readonly subresource?: string;
  readonly time?: string;
  /** Recorded times are placeholders; entries written later than T0 get their time back here. */
  readonly liveTimes?: { readonly main?: string };
}

const rows: Row[] = [
  { case: 34, kind: service, write: "create" },
  { case: 38, kind: service, write: "create" },
  { case: 39, kind: service, write: "create" },
  { case: 40, kind: service, write: "create" },
  { case: 60, kind: service, write: "put", live: 36 },
  { case: 61, kind: service, write: "put", live: 60 },
  { case: 82, kind: service, write: "merge", live: 63 },
  { case: 83, kind: service, write: "merge", live: 39 },
  { case: 84, kind: service, write: "json", live: 82 },
  { case: 87, kind: service, write: "strategic", live: 84 },
  { case: 88, kind: service, write: "strategic", live: 87 },
  { case: 89, kind: service, write: "strategic", live: 88 },
  { case: 113, kind: slice, write: "create" },
  { case: 142, kind: slice, write: "put", live: 113 },
  { case: 144, kind: slice, write: "merge", live: 142 },
  { case: 145, kind: slice, write: "strategic", live: 144 },
  { case: 152, kind: lease, write: "create" },
  { case: 168, kind: lease, write: "put", live: 167 },
  { case: 170, kind: lease, write: "put", live: 168 },
  { case: 172, kind: lease, write: "merge", live: 170 },
  { case: 200, kind: link, write: "create" },
  { case: 212, kind: link, write: "create" },
  { case: 214, kind: link, write: "put", live: 200, subresource: "status" },
  { case: 215, kind: link, write: "put", live: 214 },
  { case: 216, kind: link, write: "put", live: 215 },
  { case: 217, kind: link, write: "put", live: 216, subresource: "status" },
  { case: 218, kind: link, write: "merge", live: 217, subresource: "status" },
  { case: 226, kind: link, write: "merge", live: 218 },
  { case: 230, kind: link, write: "merge", live: 228, time: T1 },
  { case: 232, kind: link, write: "json", live: 231, time: T1, liveTimes: { main: T1 } },
];

/** The object the pipeline hands to recordUpdate: the request applied to live, then defaulted. */
function nextObject(row: Row, live: KubeObject | null): KubeObject {
  const body = fixture(row.case).request.body;
  const target = live as unknown as JsonObject;
  switch (row.write) {
    case "create":
    case "put":
      return row.kind.defaults(requestObject(row.case, T0)) as unknown as KubeObject;
    case "merge":
      return row.kind.defaults(applyMergePatch(target, body) as JsonObject) as unknown as KubeObject;
    case "json":
      return row.kind.defaults(applyJsonPatch(target, body) as JsonObject) as unknown as KubeObject;
    case "strategic":
      return row.kind.defaults(
        applyStrategicMergePatch(target, body as JsonObject, row.kind.schema),
      ) as unknown as KubeObject;
  }
}

function opts(row: Row) {
  const base = {
    manager: MANAGER,
    apiVersion: row.kind.apiVersion,
    time: row.time ?? T0,
    schema: row.kind.schema,
  };
  return row.subresource ? { ...base, subresource: row.subresource } : base;
}

function withoutGeneration(obj: JsonObject): JsonObject {
  delete (obj.metadata as JsonObject).generation;
  return obj;
}

describe("recorded non-apply writes", () => {
  it.each(rows)("case $case ($write)", (row) => {
    const live = row.live === undefined ? null : responseObject(row.live, T0);
    for (const entry of live?.metadata.managedFields ?? []) {
      if (!entry.subresource && row.liveTimes?.main) entry.time = row.liveTimes.main;
    }
    const next = nextObject(row, live);
    recordUpdate(live, next, opts(row));
    const expected = expectedObject(row.case) as unknown as KubeObject;
    expect((normalized(next) as unknown as KubeObject).metadata.managedFields).toStrictEqual(
      expected.metadata.managedFields,
    );
    if (row.write !== "create" && row.write !== "put") {
      // A patch yields the whole stored object, metadata included; resourceVersion and generation are the storage's and the strategy's.
      expect(withoutGeneration(normalized(next))).toStrictEqual(withoutGeneration(expectedObject(row.case)));
    }
  });
});

describe("no-op writes keep the live object, managedFields included", () => {
  it("PUT of the object as read (062)", () => {
    const live = responseObject(61, T0);
    const next = defaultService(requestObject(62, T0)) as unknown as KubeObject;
    next.metadata.managedFields = structuredClone(live.metadata.managedFields);
    recordUpdate(live, next, { manager: MANAGER, apiVersion: "v1", time: T1, schema: serviceSchema });
    expect(next.metadata.managedFields).toStrictEqual(live.metadata.managedFields);
  });

  it("merge patch that changes nothing (063)", () => {
    const live = responseObject(62, T0);
    const next = applyMergePatch(
      live as unknown as JsonObject,
      fixture(63).request.body,
    ) as unknown as KubeObject;
    recordUpdate(live, next, { manager: MANAGER, apiVersion: "v1", time: T1, schema: serviceSchema });
    expect(next).toStrictEqual(live);
  });

  it("a PUT that omits managedFields still keeps them", () => {
    const live = responseObject(61, T0);
    const next = structuredClone(live);
    delete next.metadata.managedFields;
    recordUpdate(live, next, { manager: MANAGER, apiVersion: "v1", time: T1, schema: serviceSchema });
    expect(next.metadata.managedFields).toStrictEqual(live.metadata.managedFields);
  });
});
