import { describe, expect, it } from "vitest";
import { invalid } from "../../../src/sim/errors.js";
import { kindFromCRD, pruneUnknownFields } from "../../../src/sim/schema/index.js";
import type { Json, JsonObject, KubeObject, ResourceKind, WriteContext } from "../../../src/sim/types.js";
import { loadCase, mergePatch, type RecordedCase, warnedUnknownFields } from "./cases.js";

const ctx: WriteContext = { dryRun: false, now: "2026-01-01T00:00:00Z" };
const NAMESPACE = "fixture-ns-6";

function crdOf(c: RecordedCase): KubeObject {
  return structuredClone(c.response.body) as unknown as KubeObject;
}

/** The Link kind as served once the CRD of fixture 194 is Established (fixture 195). */
function linkKind(): ResourceKind {
  return kindFromCRD(crdOf(loadCase(195)), "v1alpha1");
}

function asObject(value: Json): KubeObject {
  return structuredClone(value) as unknown as KubeObject;
}

/** The object as a response shows it, minus what the request pipeline (not the kind) maintains. */
function comparable(obj: KubeObject | Json): JsonObject {
  const copy = structuredClone(obj) as JsonObject & { metadata: JsonObject };
  delete copy.metadata.managedFields;
  return copy;
}

function body(c: RecordedCase): JsonObject {
  return c.response.body as JsonObject;
}

/** What the pipeline does before validating a create: namespace from the URL, then the kind's hooks. */
function createErrors(kind: ResourceKind, c: RecordedCase): ReturnType<ResourceKind["validateCreate"]> {
  const obj = asObject(c.request.body);
  obj.metadata.namespace = NAMESPACE;
  kind.applyDefaults?.(obj);
  kind.prepareForCreate?.(obj, ctx);
  return kind.validateCreate(obj, ctx);
}

describe("kindFromCRD(Link CRD, v1alpha1)", () => {
  it("serves the names, verbs, subresources and hash that discovery shows (fixture 199)", () => {
    const kind = linkKind();
    const [main, status] = (body(loadCase(199)).resources as JsonObject[]) ?? [];
    expect({
      name: kind.plural,
      singularName: kind.singular,
      namespaced: kind.namespaced,
      kind: kind.kind,
      verbs: kind.verbs,
      shortNames: kind.shortNames,
      storageVersionHash: kind.storageVersionHash,
    }).toEqual(main);
    expect(kind.categories ?? []).toEqual([]);
    expect(kind.subresources.map((sub) => `${kind.plural}/${sub}`)).toEqual([status?.name]);
    expect(kind.listKind).toBe("LinkList");
    expect([kind.group, kind.version]).toEqual(["svcmirror.io", "v1alpha1"]);
  });

  it("falls back to spec.names before the CRD is Established (fixture 194)", () => {
    const kind = kindFromCRD(asObject(loadCase(194).request.body), "v1alpha1");
    expect([kind.kind, kind.plural, kind.singular, kind.shortNames]).toEqual([
      "Link",
      "links",
      "link",
      ["lnk"],
    ]);
  });

  it("has the REST behaviour of a custom resource", () => {
    const kind = linkKind();
    expect({
      deleteReturnsObject: kind.deleteReturnsObject,
      allowCreateOnUpdate: kind.allowCreateOnUpdate,
      allowUnconditionalUpdate: kind.allowUnconditionalUpdate,
      strategicMergePatch: kind.strategicMergePatch,
    }).toEqual({
      deleteReturnsObject: false,
      allowCreateOnUpdate: false,
      allowUnconditionalUpdate: false,
      strategicMergePatch: false,
    });
  });

  it("completes the schema with typed apiVersion, kind and ObjectMeta", () => {
    const schema = linkKind().schema;
    expect(schema.properties?.apiVersion).toEqual({ type: "string" });
    expect(schema.properties?.metadata?.properties?.labels?.additionalProperties).toEqual({ type: "string" });
    expect(schema.properties?.spec?.required).toEqual(["targetClusterName"]);
  });

  it("throws for a version the CRD does not serve", () => {
    expect(() => kindFromCRD(crdOf(loadCase(195)), "v1")).toThrow(/does not serve version v1/);
  });
});

describe("creating Links (fixtures 200-206)", () => {
  it("accepts a valid Link and starts its generation at 1 (200)", () => {
    const kind = linkKind();
    const c = loadCase(200);
    const obj = asObject(c.request.body);
    obj.metadata.namespace = NAMESPACE;
    kind.prepareForCreate?.(obj, ctx);
    expect(kind.validateCreate(obj, ctx)).toEqual([]);
    expect(obj.metadata.generation).toBe(1);
  });

  it.each([201, 202, 203, 204, 205, 206])("answers case %i with the recorded 422 Status", (num) => {
    const kind = linkKind();
    const c = loadCase(num);
    const errs = createErrors(kind, c);
    const name = (c.request.body as { metadata: { name: string } }).metadata.name;
    expect(errs).toEqual((body(c).details as JsonObject).causes);
    expect(invalid({ group: kind.group, kind: kind.kind }, name, errs).status).toEqual(c.response.body);
  });
});

describe("unknown fields of Links (fixtures 207-213)", () => {
  it.each([207, 211])("prunes what case %i warns about and stores what it returns", (num) => {
    const c = loadCase(num);
    const { value, unknownFields } = pruneUnknownFields(c.request.body, linkKind().schema);
    expect(unknownFields).toEqual(warnedUnknownFields(c));
    expect((value as JsonObject).spec).toEqual(body(c).spec);
    expect(Object.keys(value as JsonObject).sort()).toEqual(["apiVersion", "kind", "metadata", "spec"]);
  });

  it("names the same paths as the strict decoding error (209) and prunes silently otherwise (210)", () => {
    const strict = loadCase(209);
    const { unknownFields } = pruneUnknownFields(strict.request.body, linkKind().schema);
    const detail = unknownFields.map((f) => `unknown field "${f}"`).join(", ");
    expect(body(strict).message).toBe(
      `Link in version "v1alpha1" cannot be handled as a Link: strict decoding error: ${detail}`,
    );
    const ignore = loadCase(210);
    expect((pruneUnknownFields(ignore.request.body, linkKind().schema).value as JsonObject).spec).toEqual(
      body(ignore).spec,
    );
  });

  it("drops status sent on create when the status subresource is enabled (212)", () => {
    const c = loadCase(212);
    const obj = asObject(c.request.body);
    linkKind().prepareForCreate?.(obj, ctx);
    expect(obj.status).toBeUndefined();
    expect(obj.spec).toEqual(body(c).spec);
  });

  it("warns about spec when the body names a version without a schema (213)", () => {
    const c = loadCase(213);
    expect(pruneUnknownFields(c.request.body, {}).unknownFields).toEqual(warnedUnknownFields(c));
  });
});

describe("updating Links (fixtures 214-219)", () => {
  it("a PUT on /status stores only the status (214, 217)", () => {
    const kind = linkKind();
    for (const [oldCase, num] of [
      [200, 214],
      [216, 217],
    ] as const) {
      const c = loadCase(num);
      const old = asObject(loadCase(oldCase).response.body);
      const obj = asObject(c.request.body);
      kind.prepareForSubresourceUpdate?.("status", obj, old, ctx);
      expect(kind.validateSubresourceUpdate?.("status", obj, old, ctx)).toEqual([]);
      expect(comparable(obj)).toEqual(comparable(c.response.body));
    }
  });

  it("a PUT on the resource ignores status and bumps generation only for spec changes (215, 216)", () => {
    const kind = linkKind();
    for (const [oldCase, num] of [
      [214, 215],
      [215, 216],
    ] as const) {
      const c = loadCase(num);
      const old = asObject(loadCase(oldCase).response.body);
      const obj = asObject(c.request.body);
      kind.prepareForUpdate?.(obj, old, ctx);
      expect(kind.validateUpdate(obj, old, ctx)).toEqual([]);
      expect(comparable(obj)).toEqual(comparable(c.response.body));
    }
  });

  it("reports status schema errors without the status. prefix (219)", () => {
    const kind = linkKind();
    const c = loadCase(219);
    const old = asObject(loadCase(218).response.body);
    const obj = asObject(mergePatch(loadCase(218).response.body, c.request.body));
    kind.prepareForSubresourceUpdate?.("status", obj, old, ctx);
    const errs = kind.validateSubresourceUpdate?.("status", obj, old, ctx) ?? [];
    expect(invalid({ group: kind.group, kind: kind.kind }, "link-a", errs).status).toEqual(c.response.body);
  });
});

describe("finalizers on a terminating Link (fixtures 228-230)", () => {
  it("reports a new finalizer twice, from the registry and from the strategy (229)", () => {
    const kind = linkKind();
    const c = loadCase(229);
    const old = asObject(loadCase(228).response.body);
    const obj = asObject(mergePatch(loadCase(228).response.body, c.request.body));
    kind.prepareForUpdate?.(obj, old, ctx);
    const errs = kind.validateUpdate(obj, old, ctx);
    expect(errs).toHaveLength(2);
    expect(invalid({ group: kind.group, kind: kind.kind }, "link-a", errs).status).toEqual(c.response.body);
  });

  it("still accepts spec changes and bumps generation (230)", () => {
    const kind = linkKind();
    const c = loadCase(230);
    const old = asObject(loadCase(228).response.body);
    const obj = asObject(mergePatch(loadCase(228).response.body, c.request.body));
    kind.prepareForUpdate?.(obj, old, ctx);
    expect(kind.validateUpdate(obj, old, ctx)).toEqual([]);
    expect(comparable(obj)).toEqual(comparable(c.response.body));
  });
});
