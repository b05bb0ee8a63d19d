// Strategic merge patch directives and list handling beyond the recorded cases (087–089, 145):
// $patch in maps and lists, $retainKeys, $setElementOrder, $deleteFromPrimitiveList, primitive
// merge lists (finalizers) and the errors the real server answers.

import { describe, expect, it } from "vitest";
import { ApiError } from "../../../src/sim/errors.js";
import { applyStrategicMergePatch } from "../../../src/sim/patch/index.js";
import type { JsonObject, Schema } from "../../../src/sim/types.js";
import { serviceSchema } from "./schemas.js";

const deploymentLike: Schema = {
  type: "object",
  properties: {
    spec: {
      type: "object",
      properties: {
        strategy: {
          type: "object",
          "x-kubernetes-patch-strategy": "retainKeys",
          properties: { type: { type: "string" }, rollingUpdate: { type: "object" } },
        },
      },
    },
  },
};

function service(): JsonObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "s", labels: { a: "1", b: "2" }, finalizers: ["x", "y"] },
    spec: {
      ports: [
        { name: "http", port: 80, protocol: "TCP" },
        { name: "https", port: 443, protocol: "TCP" },
      ],
      selector: { app: "web" },
      type: "ClusterIP",
    },
  };
}

function patched(
  patch: JsonObject,
  schema: Schema = serviceSchema,
  target: JsonObject = service(),
): JsonObject {
  return applyStrategicMergePatch(target, patch, schema);
}

function spec(obj: JsonObject): JsonObject {
  return obj.spec as JsonObject;
}

function metadata(obj: JsonObject): JsonObject {
  return obj.metadata as JsonObject;
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

describe("maps", () => {
  it("merge recursively; null deletes; a null for a missing key adds nothing", () => {
    const out = patched({ metadata: { labels: { a: null, c: "3", d: null } } });
    expect(metadata(out).labels).toStrictEqual({ b: "2", c: "3" });
  });

  it("$patch: replace replaces the map with the patch", () => {
    expect(metadata(patched({ metadata: { labels: { $patch: "replace", z: "9" } } })).labels).toStrictEqual({
      z: "9",
    });
  });

  it("$patch: delete empties the map", () => {
    expect(metadata(patched({ metadata: { labels: { $patch: "delete" } } })).labels).toStrictEqual({});
  });

  it("an unknown $patch in a map is a 500", () => {
    const err = failure(() => patched({ metadata: { labels: { $patch: "merge" } } }));
    expect(err.status).toMatchObject({
      code: 500,
      message: "unknown patch type: merge in map: map[$patch:merge]",
    });
  });

  it("$retainKeys drops the original's other keys", () => {
    const target = { spec: { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1 } } } };
    const out = patched(
      { spec: { strategy: { $retainKeys: ["type"], type: "Recreate" } } },
      deploymentLike,
      target,
    );
    expect(spec(out).strategy).toStrictEqual({ type: "Recreate" });
  });

  it("$retainKeys must list every key the patch sets", () => {
    const target = { spec: { strategy: { type: "RollingUpdate" } } };
    const err = failure(() =>
      patched({ spec: { strategy: { $retainKeys: ["type"], rollingUpdate: {} } } }, deploymentLike, target),
    );
    expect(err.status).toMatchObject({ code: 400, message: "invalid patch format of retainKeys" });
  });

  it("a value of another type replaces", () => {
    expect(spec(patched({ spec: { selector: "oops" } })).selector).toBe("oops");
  });
});

describe("lists", () => {
  it("merge by key: patched items keep the patch's order, new ones go before later live items", () => {
    const out = patched({
      spec: {
        ports: [
          { port: 443, targetPort: 8443 },
          { name: "m", port: 9100 },
        ],
      },
    });
    expect((spec(out).ports as JsonObject[]).map((p) => p.port)).toStrictEqual([80, 443, 9100]);
    expect((spec(out).ports as JsonObject[])[1]).toStrictEqual({
      name: "https",
      port: 443,
      protocol: "TCP",
      targetPort: 8443,
    });
  });

  it("$patch: replace in a list makes the other patch items the list", () => {
    const out = patched({ spec: { ports: [{ name: "only", port: 1 }, { $patch: "replace" }] } });
    expect(spec(out).ports).toStrictEqual([{ name: "only", port: 1 }]);
  });

  it("$patch: merge in a list is a 500", () => {
    const err = failure(() => patched({ spec: { ports: [{ $patch: "merge" }] } }));
    expect(err.status).toMatchObject({
      code: 500,
      message: "merging lists cannot yet be specified in the patch",
    });
  });

  it("an item without the merge key is a 500 naming it", () => {
    const err = failure(() => patched({ spec: { ports: [{ name: "x" }] } }));
    expect(err.status).toMatchObject({
      code: 500,
      message: "map: map[name:x] does not contain declared merge key: port",
    });
    expect(err.status.reason).toBeUndefined();
  });

  it("$setElementOrder reorders the live items", () => {
    const out = patched({ spec: { "$setElementOrder/ports": [{ port: 443 }, { port: 80 }] } });
    expect((spec(out).ports as JsonObject[]).map((p) => p.port)).toStrictEqual([443, 80]);
  });

  it("$setElementOrder orders new and merged items together", () => {
    const out = patched({
      spec: {
        "$setElementOrder/ports": [{ port: 443 }, { port: 7 }, { port: 80 }],
        ports: [{ port: 7, name: "seven" }],
      },
    });
    expect((spec(out).ports as JsonObject[]).map((p) => p.port)).toStrictEqual([443, 7, 80]);
  });

  it("primitive merge lists (finalizers) add new values in front and deduplicate", () => {
    expect(metadata(patched({ metadata: { finalizers: ["z", "x"] } })).finalizers).toStrictEqual([
      "z",
      "x",
      "y",
    ]);
  });

  it("$deleteFromPrimitiveList removes values", () => {
    const out = patched({ metadata: { "$deleteFromPrimitiveList/finalizers": ["x"] } });
    expect(metadata(out).finalizers).toStrictEqual(["y"]);
  });

  it("lists of lists are the generic 422", () => {
    const target = { metadata: { finalizers: [["a"]] } } as unknown as JsonObject;
    const err = failure(() => patched({ metadata: { finalizers: [["b"]] } }, serviceSchema, target));
    expect(err.status).toMatchObject({ code: 422, reason: "Invalid" });
  });

  it("does not modify its inputs", () => {
    const target = service();
    const patch = { spec: { ports: [{ port: 80, $patch: "delete" }] } };
    patched(patch, serviceSchema, target);
    expect(target).toStrictEqual(service());
    expect(patch.spec.ports).toHaveLength(1);
  });
});
