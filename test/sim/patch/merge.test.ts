// JSON merge patch: the examples of RFC 7386 appendix A, plus where kube-apiserver (evanphx
// json-patch) departs from the RFC: a null or scalar patch is a 400, and patched objects come back
// with sorted keys while untouched subtrees keep theirs.

import { describe, expect, it } from "vitest";
import { ApiError } from "../../../src/sim/errors.js";
import { applyMergePatch } from "../../../src/sim/patch/index.js";
import type { Json } from "../../../src/sim/types.js";

describe("RFC 7386 appendix A", () => {
  it.each<[Json, Json, Json]>([
    [{ a: "b" }, { a: "c" }, { a: "c" }],
    [{ a: "b" }, { b: "c" }, { a: "b", b: "c" }],
    [{ a: "b" }, { a: null }, {}],
    [{ a: "b", b: "c" }, { a: null }, { b: "c" }],
    [{ a: ["b"] }, { a: "c" }, { a: "c" }],
    [{ a: "c" }, { a: ["b"] }, { a: ["b"] }],
    [{ a: { b: "c" } }, { a: { b: "d", c: null } }, { a: { b: "d" } }],
    [{ a: [{ b: "c" }] }, { a: [1] }, { a: [1] }],
    [
      ["a", "b"],
      ["c", "d"],
      ["c", "d"],
    ],
    [{ a: "b" }, ["c"], ["c"]],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: "b", c: null }, { a: "b" }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])("%j + %j", (target, patch, result) => {
    expect(applyMergePatch(target, patch)).toStrictEqual(result);
  });
});

describe("kube-apiserver's merge patch", () => {
  it.each<Json>([null, "bar", 5, true])("a %j patch is 400 Invalid JSON Patch", (patch) => {
    try {
      applyMergePatch({ a: "foo" }, patch);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).status).toMatchObject({
        code: 400,
        reason: "BadRequest",
        message: "Invalid JSON Patch",
      });
    }
  });

  it("lists replace as a whole, keeping null items", () => {
    expect(applyMergePatch({ a: [1, 2, 3] }, { a: [null, { x: null, y: 1 }] })).toStrictEqual({
      a: [null, { y: 1 }],
    });
  });

  it("re-sorts the keys of objects it touched and leaves the others alone", () => {
    const target = { z: 1, spec: { y: 1, x: 1 }, meta: { b: 1, a: 1 } };
    const out = applyMergePatch(target, { spec: { w: 1 } });
    expect(JSON.stringify(out)).toBe('{"meta":{"b":1,"a":1},"spec":{"w":1,"x":1,"y":1},"z":1}');
  });

  it("does not modify its inputs", () => {
    const target = { a: { b: 1 } };
    const patch = { a: { c: 2 } };
    applyMergePatch(target, patch);
    expect(target).toStrictEqual({ a: { b: 1 } });
    expect(patch).toStrictEqual({ a: { c: 2 } });
  });
});
