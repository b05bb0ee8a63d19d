import { describe, expect, it } from "vitest";
import { kindFromCRD } from "../../../src/sim/schema/index.js";
import type { JsonObject, KubeObject, WriteContext } from "../../../src/sim/types.js";

const ctx: WriteContext = { dryRun: false, now: "2026-01-01T00:00:00Z" };

/** A cluster-scoped CRD with two versions, defaults, a set list and an embedded resource; no subresources. */
function widgetCRD(): KubeObject {
  const schema = {
    type: "object",
    properties: {
      apiVersion: { type: "string" },
      kind: { type: "string" },
      metadata: { type: "object" },
      spec: {
        type: "object",
        properties: {
          size: { type: "integer", default: 1 },
          tags: { type: "array", items: { type: "string" }, "x-kubernetes-list-type": "set" },
          template: {
            type: "object",
            "x-kubernetes-embedded-resource": true,
            "x-kubernetes-preserve-unknown-fields": true,
          },
        },
      },
      status: { type: "object", properties: { ready: { type: "boolean" } } },
    },
  };
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "widgets.example.com" },
    spec: {
      group: "example.com",
      names: { kind: "Widget", plural: "widgets", categories: ["all"] },
      scope: "Cluster",
      versions: [
        { name: "v1", served: true, storage: true, schema: { openAPIV3Schema: schema } },
        { name: "v1beta1", served: true, storage: false, schema: { openAPIV3Schema: schema } },
        { name: "v1alpha1", served: false, storage: false, schema: { openAPIV3Schema: schema } },
      ],
    },
  };
}

function widget(spec: JsonObject, status?: JsonObject): KubeObject {
  const obj: KubeObject = { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" }, spec };
  if (status) obj.status = status;
  return obj;
}

describe("kindFromCRD for a CRD without subresources", () => {
  it("defaults listKind and singular, keeps categories and hashes the storage version", () => {
    const kind = kindFromCRD(widgetCRD(), "v1beta1");
    expect([kind.listKind, kind.singular, kind.categories, kind.namespaced]).toEqual([
      "WidgetList",
      "widget",
      ["all"],
      false,
    ]);
    expect(kind.storageVersionHash).toBe(kindFromCRD(widgetCRD(), "v1").storageVersionHash);
    expect(kind.subresources).toEqual([]);
    expect(kind.prepareForSubresourceUpdate).toBeUndefined();
    expect(kind.validateSubresourceUpdate).toBeUndefined();
  });

  it("does not serve a version marked served: false", () => {
    expect(() => kindFromCRD(widgetCRD(), "v1alpha1")).toThrow();
  });

  it("applies schema defaults", () => {
    const obj = widget({ tags: [] });
    kindFromCRD(widgetCRD(), "v1").applyDefaults?.(obj);
    expect(obj.spec).toEqual({ size: 1, tags: [] });
  });

  it("keeps status on create and counts a status change as a new generation", () => {
    const kind = kindFromCRD(widgetCRD(), "v1");
    const created = widget({ size: 1 }, { ready: false });
    kind.prepareForCreate?.(created, ctx);
    expect([created.status, created.metadata.generation]).toEqual([{ ready: false }, 1]);
    const next = widget({ size: 1 }, { ready: true });
    next.metadata.generation = 7;
    kind.prepareForUpdate?.(next, created, ctx);
    expect(next.metadata.generation).toBe(2);
  });

  it("lists schema errors, then embedded-resource errors, then list-type duplicates", () => {
    const kind = kindFromCRD(widgetCRD(), "v1");
    const obj = widget({ size: "big", tags: ["a", "a"], template: { kind: "Pod" } });
    kind.prepareForCreate?.(obj, ctx);
    expect(kind.validateCreate(obj, ctx).map((e) => `${e.field}: ${e.reason}`)).toEqual([
      "spec.size: FieldValueTypeInvalid",
      "spec.template.apiVersion: FieldValueRequired",
      "spec.tags[1]: FieldValueDuplicate",
    ]);
  });

  it("checks the body's kind and apiVersion before anything else", () => {
    const kind = kindFromCRD(widgetCRD(), "v1");
    const obj = widget({ size: "big" });
    obj.apiVersion = "example.com/v2";
    expect(kind.validateCreate(obj, ctx)).toEqual([
      {
        reason: "FieldValueInvalid",
        field: "apiVersion",
        message: 'Invalid value: "example.com/v2": must be example.com/v1',
      },
    ]);
  });

  it("rejects a namespace on a cluster-scoped resource and names with a DNS-1123 subdomain rule", () => {
    const kind = kindFromCRD(widgetCRD(), "v1");
    const obj = widget({});
    obj.metadata = { name: "Not_Valid", namespace: "default" };
    expect(kind.validateCreate(obj, ctx).map((e) => `${e.field}: ${e.reason}`)).toEqual([
      "metadata.name: FieldValueInvalid",
      "metadata.namespace: FieldValueForbidden",
    ]);
  });

  it("ignores list-type duplicates on update when the stored object already had them (ratcheting)", () => {
    const kind = kindFromCRD(widgetCRD(), "v1");
    const old = widget({ tags: ["a", "a"] });
    old.metadata = { name: "w", uid: "u", resourceVersion: "5", generation: 1 };
    const next = structuredClone(old);
    (next.spec as JsonObject).tags = ["b", "b"];
    kind.prepareForUpdate?.(next, old, ctx);
    expect(kind.validateUpdate(next, old, ctx)).toEqual([]);
  });
});
