// Namespace (018-031) and CustomResourceDefinition (194-197) hooks against the fixtures.

import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/sim/types.js";
import {
  builtinKind,
  create,
  ctx,
  expectOk,
  invalidBody,
  loadCase,
  rendered,
  requestBody,
  responseBody,
  update,
  withoutPipelineFields,
} from "./harness.js";

describe("Namespace", () => {
  it("018: create adds the name label, the kubernetes finalizer and phase Active", () => {
    const c = loadCase("018");
    const obj = expectOk(create(builtinKind("Namespace"), requestBody(c)));
    expect(rendered(obj)).toEqual(withoutPipelineFields(responseBody(c)));
  });

  it("025: names are RFC 1123 labels", () => {
    const c = loadCase("025");
    const kind = builtinKind("Namespace");
    const outcome = create(kind, requestBody(c));
    if (outcome.kind !== "invalid") throw new Error("expected a validation failure");
    expect(invalidBody(kind, "Fixture_NS", outcome.errors)).toEqual(responseBody(c));
  });

  it("031: finalize takes spec.finalizers from the request and keeps the stored status", () => {
    const kind = builtinKind("Namespace");
    const created = expectOk(create(kind, requestBody(loadCase("027"))));
    // What the pipeline's DELETE did (fixture 028).
    created.metadata.deletionTimestamp = "2026-01-01T00:00:00Z";
    created.status = { phase: "Terminating" };
    const body = requestBody(loadCase("031"));
    Object.assign(body.metadata, {
      uid: created.metadata.uid,
      deletionTimestamp: created.metadata.deletionTimestamp,
    });
    body.status = { phase: "Active" };
    delete body.metadata.managedFields;
    kind.prepareForSubresourceUpdate?.("finalize", body, created, ctx());
    expect(kind.validateSubresourceUpdate?.("finalize", body, created, ctx())).toEqual([]);
    expect(rendered(body, ["deletionTimestamp"])).toEqual(
      withoutPipelineFields(responseBody(loadCase("031"))),
    );
  });

  it("updates keep the stored spec and status; only labels and annotations change", () => {
    const kind = builtinKind("Namespace");
    const old = expectOk(create(kind, requestBody(loadCase("018"))));
    const body = structuredClone(old);
    body.metadata.labels = { ...body.metadata.labels, extra: "yes" };
    body.spec = { finalizers: [] };
    body.status = { phase: "Terminating" };
    const next = expectOk(update(kind, body, old));
    expect(next.spec).toEqual({ finalizers: ["kubernetes"] });
    expect(next.status).toEqual({ phase: "Active" });
    expect(next.metadata.labels).toMatchObject({ extra: "yes" });
  });

  it("status writes must keep the phase consistent with deletion", () => {
    const kind = builtinKind("Namespace");
    const old = expectOk(create(kind, requestBody(loadCase("018"))));
    const body = { ...structuredClone(old), status: { phase: "Terminating" } };
    expect(kind.validateSubresourceUpdate?.("status", body, old, ctx())).toEqual([
      {
        reason: "FieldValueInvalid",
        field: "status.Phase",
        message: "Invalid value: \"Terminating\": may only be 'Active' if `deletionTimestamp` is empty",
      },
    ]);
  });

  it("serves status.phase and name field selectors, and lists the verbs of discovery", () => {
    const kind = builtinKind("Namespace");
    const ns = expectOk(create(kind, requestBody(loadCase("018"))));
    expect(kind.fieldSelectors?.["status.phase"]?.(ns)).toBe("Active");
    expect(kind.fieldSelectors?.name?.(ns)).toBe("fixture-ns-1");
    expect(kind.verbs).toEqual(["create", "delete", "get", "list", "patch", "update", "watch"]);
    expect(kind.subresources).toEqual(["finalize", "status"]);
  });
});

describe("CustomResourceDefinition", () => {
  it("194: create defaults conversion, sets generation 1 and the initial status", () => {
    const c = loadCase("194");
    const obj = expectOk(create(builtinKind("CustomResourceDefinition"), requestBody(c)));
    expect(rendered(obj)).toEqual(withoutPipelineFields(responseBody(c)));
  });

  it("197: the name must be plural.group", () => {
    const c = loadCase("197");
    const kind = builtinKind("CustomResourceDefinition");
    const outcome = create(kind, requestBody(c));
    if (outcome.kind !== "invalid") throw new Error("expected a validation failure");
    expect(invalidBody(kind, "widgets.svcmirror.io", outcome.errors)).toEqual(responseBody(c));
  });

  it("checks group, scope, storage versions and schemas", () => {
    const kind = builtinKind("CustomResourceDefinition");
    const body: KubeObject = {
      metadata: { name: "things.example" },
      spec: {
        group: "example",
        names: { plural: "things", kind: "Thing" },
        scope: "Global",
        versions: [{ name: "V1", served: true, storage: false }],
      },
    };
    const outcome = create(kind, body);
    expect(outcome.kind === "invalid" && outcome.errors.map((e) => e.field)).toEqual([
      "spec.group",
      "spec.scope",
      "spec.versions[0].name",
      "spec.versions[0].schema.openAPIV3Schema",
      "spec.versions",
    ]);
  });

  it("spec changes bump the generation and group and plural are immutable", () => {
    const kind = builtinKind("CustomResourceDefinition");
    const old = expectOk(create(kind, requestBody(loadCase("194"))));
    const body = structuredClone(old);
    (body.spec as { scope: string }).scope = "Cluster";
    expect(expectOk(update(kind, body, old)).metadata.generation).toBe(2);
    const regroup = structuredClone(old);
    Object.assign(regroup.spec as object, { group: "other.io" });
    regroup.metadata.name = "links.other.io";
    const outcome = update(kind, regroup, old);
    // The generic registry checks and the CRD strategy both report the name, as in kube.
    expect(outcome.kind === "invalid" && outcome.errors.map((e) => e.field)).toEqual([
      "metadata.name",
      "metadata.name",
      "spec.group",
    ]);
  });
});
