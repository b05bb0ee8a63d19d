import { describe, expect, it } from "vitest";
import { builtinKinds } from "../../../src/sim/resources/index.js";
import { pruneUnknownFields } from "../../../src/sim/schema/index.js";
import type { Json, JsonObject, Schema } from "../../../src/sim/types.js";
import { loadCase, warnedUnknownFields } from "./cases.js";

function serviceSchema(): Schema {
  const kind = builtinKinds().find((k) => k.plural === "services");
  if (!kind) throw new Error("the Service kind is not built in");
  return kind.schema;
}

describe("pruning with a built-in kind's schema (fixtures 080, 081)", () => {
  it("names the unknown field the Warning header names and drops it (080)", () => {
    const c = loadCase(80);
    const { value, unknownFields } = pruneUnknownFields(c.request.body, serviceSchema(), {
      order: "document",
    });
    expect(unknownFields).toEqual(warnedUnknownFields(c));
    expect((value as { spec: JsonObject }).spec).toEqual({ ports: [{ port: 80 }] });
  });

  it("gives the strict decoding error its path (081)", () => {
    const c = loadCase(81);
    const { unknownFields } = pruneUnknownFields(c.request.body, serviceSchema(), { order: "document" });
    const detail = unknownFields.map((f) => `unknown field "${f}"`).join(", ");
    expect((c.response.body as JsonObject).message).toBe(
      `Service in version "v1" cannot be handled as a Service: strict decoding error: ${detail}`,
    );
  });

  it("reports unknown fields in metadata and in list items where they occur", () => {
    const body: Json = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "s", color: "red" },
      spec: { ports: [{ port: 80, weight: 1 }], zzz: true },
    };
    expect(pruneUnknownFields(body, serviceSchema(), { order: "document" }).unknownFields).toEqual([
      "metadata.color",
      "spec.ports[0].weight",
      "spec.zzz",
    ]);
  });
});
