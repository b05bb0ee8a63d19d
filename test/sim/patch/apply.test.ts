// Server-side apply and update tracking beyond the recorded cases: pruning that respects other
// owners, Update managers taking fields from appliers, set lists, the /status subresource, the
// type errors of typed-patch creation, the 400s, conflict messages naming several managers, and
// the managedFields reset a request can ask for.

import { describe, expect, it } from "vitest";
import { ApiError } from "../../../src/sim/errors.js";
import { type ApplyOptions, applyConfiguration, recordUpdate } from "../../../src/sim/patch/index.js";
import type { JsonObject, KubeObject, ManagedFieldsEntry } from "../../../src/sim/types.js";
import { linkSchema, serviceSchema } from "./schemas.js";

const T0 = "2026-03-01T10:00:00Z";
const T1 = "2026-03-01T10:00:09Z";

function applyOpts(manager: string, extra: Partial<ApplyOptions> = {}): ApplyOptions {
  return {
    manager,
    force: false,
    apiVersion: "v1",
    kind: "Service",
    time: T0,
    schema: serviceSchema,
    ...extra,
  };
}

function svc(labels: Record<string, string>, spec: JsonObject = {}): KubeObject {
  return { apiVersion: "v1", kind: "Service", metadata: { name: "s", labels }, spec };
}

function apply(
  live: KubeObject | null,
  config: KubeObject,
  manager: string,
  extra: Partial<ApplyOptions> = {},
): KubeObject {
  return applyConfiguration(live, config, applyOpts(manager, extra));
}

function failure(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error("expected an ApiError");
}

function fieldsOf(obj: KubeObject, manager: string, subresource?: string): unknown {
  return obj.metadata.managedFields?.find((e) => e.manager === manager && e.subresource === subresource)
    ?.fieldsV1;
}

describe("pruning", () => {
  it("removes a label the applier dropped when nobody else owns it", () => {
    const first = apply(null, svc({ a: "1", b: "2" }), "m1");
    const second = apply(first, svc({ a: "1" }), "m1");
    expect(second.metadata.labels).toStrictEqual({ a: "1" });
    expect(fieldsOf(second, "m1")).toStrictEqual({ "f:metadata": { "f:labels": { "f:a": {} } } });
  });

  it("keeps a dropped label another applier shares", () => {
    const first = apply(null, svc({ a: "1", b: "2" }), "m1");
    const shared = apply(first, svc({ b: "2" }), "m2");
    const second = apply(shared, svc({ a: "1" }), "m1");
    expect(second.metadata.labels).toStrictEqual({ a: "1", b: "2" });
    expect(fieldsOf(second, "m2")).toStrictEqual({ "f:metadata": { "f:labels": { "f:b": {} } } });
  });

  it("drops a whole map-list item and keeps the others", () => {
    const ports = [
      { name: "a", port: 80 },
      { name: "b", port: 81 },
    ];
    const first = apply(null, svc({}, { ports }), "m1");
    const second = apply(first, svc({}, { ports: [{ name: "b", port: 81 }] }), "m1");
    expect((second.spec as JsonObject).ports).toStrictEqual([{ name: "b", port: 81 }]);
  });
});

describe("ownership between appliers and updaters", () => {
  it("an Update that changes an applied field takes it; the applier then conflicts", () => {
    const applied = apply(null, svc({ a: "1" }), "m1");
    const edited = structuredClone(applied);
    (edited.metadata.labels as Record<string, string>).a = "2";
    recordUpdate(applied, edited, {
      manager: "kubectl-edit",
      apiVersion: "v1",
      time: T1,
      schema: serviceSchema,
    });
    expect(fieldsOf(edited, "m1")).toBeUndefined();
    expect(edited.metadata.managedFields?.map((e) => [e.manager, e.operation, e.time])).toStrictEqual([
      ["kubectl-edit", "Update", T1],
    ]);
    const err = failure(() => apply(edited, svc({ a: "1" }), "m1"));
    expect(err.status.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-edit" using v1: .metadata.labels.a',
    );
  });

  it("lists conflicts with several managers, grouped and sorted", () => {
    let obj = apply(null, svc({ x: "1" }), "alpha");
    obj = apply(obj, svc({ y: "1" }), "beta", { subresource: "status", resetFields: [] });
    const next = structuredClone(obj);
    (next.metadata.labels as Record<string, string>).z = "1";
    recordUpdate(obj, next, { manager: "gamma", apiVersion: "v1", time: T0, schema: serviceSchema });
    const err = failure(() => apply(next, svc({ x: "2", y: "2", z: "2" }), "delta"));
    expect(err.status.message).toBe(
      [
        'Apply failed with 3 conflicts: conflicts with "alpha":',
        "- .metadata.labels.x",
        'conflicts with "beta" with subresource "status":',
        "- .metadata.labels.y",
        'conflicts with "gamma" using v1:',
        "- .metadata.labels.z",
      ].join("\n"),
    );
    expect(err.status.details?.causes?.map((c) => c.message)).toStrictEqual([
      'conflict with "alpha"',
      'conflict with "beta" with subresource "status"',
      'conflict with "gamma" using v1',
    ]);
  });

  it("Update entries are per apiVersion and subresource", () => {
    const live = apply(null, svc({ a: "1" }), "m1");
    const next = structuredClone(live);
    (next.metadata.labels as Record<string, string>).b = "1";
    recordUpdate(live, next, {
      manager: "m1",
      apiVersion: "v1",
      time: T0,
      schema: serviceSchema,
      subresource: "scale",
    });
    expect(next.metadata.managedFields?.map((e) => [e.manager, e.operation, e.subresource])).toStrictEqual([
      ["m1", "Apply", undefined],
      ["m1", "Update", "scale"],
    ]);
  });

  it("set lists are owned item by item", () => {
    const config = svc({});
    config.metadata.finalizers = ["a.io/x", "a.io/y"];
    const obj = apply(null, config, "m1");
    expect(fieldsOf(obj, "m1")).toStrictEqual({
      "f:metadata": { "f:finalizers": { 'v:"a.io/x"': {}, 'v:"a.io/y"': {} } },
    });
  });

  it("an explicit null in a configuration unsets the field and keeps owning it", () => {
    const first = apply(null, svc({}, { type: "ClusterIP", sessionAffinity: "None" }), "m1");
    const second = apply(first, { ...svc({}), spec: { type: "ClusterIP", sessionAffinity: null } }, "m1");
    expect(second.spec).toStrictEqual({ type: "ClusterIP" });
    expect(fieldsOf(second, "m1")).toStrictEqual({ "f:spec": { "f:sessionAffinity": {}, "f:type": {} } });
  });
});

describe("the status subresource", () => {
  const linkOpts = { apiVersion: "svcmirror.io/v1alpha1", kind: "Link", schema: linkSchema };
  const link = (body: JsonObject): KubeObject =>
    ({ apiVersion: "svcmirror.io/v1alpha1", kind: "Link", metadata: { name: "l" }, ...body }) as KubeObject;

  it("an apply through /status owns no spec fields, and one through the main resource no status", () => {
    const created = apply(
      null,
      link({ spec: { targetClusterName: "a" }, status: { observedGeneration: 1 } }),
      "main",
      linkOpts,
    );
    expect(fieldsOf(created, "main")).toStrictEqual({ "f:spec": { "f:targetClusterName": {} } });
    const status = apply(
      created,
      link({ spec: { targetClusterName: "b" }, status: { observedGeneration: 2 } }),
      "st",
      {
        ...linkOpts,
        subresource: "status",
      },
    );
    expect(fieldsOf(status, "st", "status")).toStrictEqual({ "f:status": { "f:observedGeneration": {} } });
    expect(fieldsOf(status, "main")).toStrictEqual({ "f:spec": { "f:targetClusterName": {} } });
  });

  it("an update through /status ignores managedFields sent in the request", () => {
    const live = apply(null, link({ spec: { targetClusterName: "a" } }), "main", linkOpts);
    const next = structuredClone(live);
    next.metadata.managedFields = [];
    next.status = { observedGeneration: 3 };
    recordUpdate(live, next, { ...linkOpts, manager: "ctl", time: T0, subresource: "status" });
    expect(next.metadata.managedFields?.map((e) => e.manager)).toStrictEqual(["main", "ctl"]);
  });
});

describe("managedFields a request sends", () => {
  it.each([[[]], [[{}]]])("%j resets them to what this write changed", (sent) => {
    const live = apply(null, svc({ a: "1" }), "m1");
    const next = structuredClone(live);
    next.metadata.managedFields = sent as unknown as ManagedFieldsEntry[];
    (next.metadata.labels as Record<string, string>).b = "2";
    recordUpdate(live, next, { manager: "m2", apiVersion: "v1", time: T0, schema: serviceSchema });
    expect(next.metadata.managedFields?.map((e) => e.manager)).toStrictEqual(["m2"]);
    expect(fieldsOf(next, "m2")).toStrictEqual({ "f:metadata": { "f:labels": { "f:b": {} } } });
  });

  it("valid entries replace the stored ones", () => {
    const live = apply(null, svc({ a: "1" }), "m1");
    const next = structuredClone(live);
    const entry = { ...(live.metadata.managedFields?.[0] as ManagedFieldsEntry), manager: "renamed" };
    next.metadata.managedFields = [entry as ManagedFieldsEntry];
    recordUpdate(live, next, { manager: "m2", apiVersion: "v1", time: T0, schema: serviceSchema });
    expect(next.metadata.managedFields?.map((e) => e.manager)).toStrictEqual(["renamed"]);
  });

  it("unreadable entries fall back to the stored ones", () => {
    const live = apply(null, svc({ a: "1" }), "m1");
    const next = structuredClone(live);
    next.metadata.managedFields = [{ manager: "x", operation: "Bogus" } as unknown as ManagedFieldsEntry];
    recordUpdate(live, next, { manager: "m2", apiVersion: "v1", time: T0, schema: serviceSchema });
    expect(next.metadata.managedFields).toStrictEqual(live.metadata.managedFields);
  });
});

describe("configurations the real server rejects", () => {
  it.each<[string, JsonObject, string]>([
    [
      "an undeclared field",
      { spec: { bogus: 1 } },
      "failed to create typed patch object (/s; /v1, Kind=Service): .spec.bogus: field not declared in schema",
    ],
    [
      "a number where a string belongs",
      { metadata: { name: "s", annotations: { x: 5 } } },
      "failed to create typed patch object (/s; /v1, Kind=Service): .metadata.annotations.x: expected string, got &value.valueUnstructured{Value:5}",
    ],
    [
      "a map-list item without its key",
      { spec: { ports: [{ name: "x" }] } },
      'failed to create typed patch object (/s; /v1, Kind=Service): .spec.ports: element 0: associative list with keys has an element that omits key field "port" (and doesn\'t have default value)',
    ],
    [
      "two items with the same key, and a string where a number belongs",
      {
        spec: {
          ports: [{ port: 80 }, { port: 80, protocol: "TCP" }],
          sessionAffinityConfig: { clientIP: { timeoutSeconds: "x" } },
        },
      },
      'failed to create typed patch object (/s; /v1, Kind=Service): errors:\n  .spec.ports: duplicate entries for key [port=80,protocol="TCP"]\n  .spec.sessionAffinityConfig.clientIP.timeoutSeconds: expected numeric (int or float), got string',
    ],
  ])("%s is a 500 without reason", (_name, body, message) => {
    const config = { apiVersion: "v1", kind: "Service", metadata: { name: "s" }, ...body } as KubeObject;
    const err = failure(() => apply(null, config, "m1"));
    expect(err.status).toStrictEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message,
      code: 500,
    });
  });

  it.each<[string, JsonObject, string]>([
    ["another version", { apiVersion: "v2", kind: "Service" }, "invalid object type: /v2, Kind=Service"],
    ["another kind", { apiVersion: "v1", kind: "Secret" }, "invalid object type: /v1, Kind=Secret"],
    [
      "managedFields",
      { apiVersion: "v1", kind: "Service", metadata: { name: "s", managedFields: [] } },
      "metadata.managedFields must be nil",
    ],
  ])("%s is a 400", (_name, body, message) => {
    const config = { metadata: { name: "s" }, ...body } as KubeObject;
    expect(failure(() => apply(null, config, "m1")).status).toMatchObject({
      code: 400,
      reason: "BadRequest",
      message,
    });
  });
});

describe("the cap of ten Update entries", () => {
  it("folds the oldest updaters of a version into ancient-changes", () => {
    let obj = apply(null, svc({ applied: "1" }), "applier");
    for (let i = 0; i < 12; i++) {
      const next = structuredClone(obj);
      (next.metadata.labels as Record<string, string>)[`l${i}`] = "1";
      const time = `2026-03-01T10:00:${String(10 + i).padStart(2, "0")}Z`;
      recordUpdate(obj, next, {
        manager: `u${String(i).padStart(2, "0")}`,
        apiVersion: "v1",
        time,
        schema: serviceSchema,
      });
      obj = next;
    }
    const entries = obj.metadata.managedFields ?? [];
    expect(entries.filter((e) => e.operation === "Update")).toHaveLength(10);
    const ancient = entries.find((e) => e.manager === "ancient-changes");
    expect(ancient?.fieldsV1).toStrictEqual({
      "f:metadata": { "f:labels": { "f:l0": {}, "f:l1": {}, "f:l2": {} } },
    });
    expect(ancient?.time).toBe("2026-03-01T10:00:12Z");
    expect(entries.map((e) => e.manager)).toStrictEqual([
      "applier",
      "ancient-changes",
      ...Array.from({ length: 9 }, (_, i) => `u${String(i + 3).padStart(2, "0")}`),
    ]);
  });
});
