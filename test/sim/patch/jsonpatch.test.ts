// JSON patch: the examples of RFC 6902 appendix A, the quirks of evanphx/json-patch v4 that
// kube-apiserver v1.28 exposes, and the 400 for a body that is not a list of operations.

import { describe, expect, it } from "vitest";
import { ApiError } from "../../../src/sim/errors.js";
import { applyJsonPatch } from "../../../src/sim/patch/index.js";
import type { Json } from "../../../src/sim/types.js";

function failure(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error("expected an ApiError");
}

describe("RFC 6902 appendix A", () => {
  it.each<[string, Json, Json, Json]>([
    [
      "A.1 add an object member",
      { foo: "bar" },
      [{ op: "add", path: "/baz", value: "qux" }],
      { baz: "qux", foo: "bar" },
    ],
    [
      "A.2 add an array element",
      { foo: ["bar", "baz"] },
      [{ op: "add", path: "/foo/1", value: "qux" }],
      { foo: ["bar", "qux", "baz"] },
    ],
    [
      "A.3 remove an object member",
      { baz: "qux", foo: "bar" },
      [{ op: "remove", path: "/baz" }],
      { foo: "bar" },
    ],
    [
      "A.4 remove an array element",
      { foo: ["bar", "qux", "baz"] },
      [{ op: "remove", path: "/foo/1" }],
      { foo: ["bar", "baz"] },
    ],
    [
      "A.5 replace a value",
      { baz: "qux", foo: "bar" },
      [{ op: "replace", path: "/baz", value: "boo" }],
      { baz: "boo", foo: "bar" },
    ],
    [
      "A.6 move a value",
      { foo: { bar: "baz", waldo: "fred" }, qux: { corge: "grault" } },
      [{ op: "move", from: "/foo/waldo", path: "/qux/thud" }],
      { foo: { bar: "baz" }, qux: { corge: "grault", thud: "fred" } },
    ],
    [
      "A.7 move an array element",
      { foo: ["all", "grass", "cows", "eat"] },
      [{ op: "move", from: "/foo/1", path: "/foo/3" }],
      { foo: ["all", "cows", "eat", "grass"] },
    ],
    [
      "A.8 test a value",
      { baz: "qux", foo: ["a", 2, "c"] },
      [
        { op: "test", path: "/baz", value: "qux" },
        { op: "test", path: "/foo/1", value: 2 },
      ],
      { baz: "qux", foo: ["a", 2, "c"] },
    ],
    [
      "A.10 add a nested member object",
      { foo: "bar" },
      [{ op: "add", path: "/child", value: { grandchild: {} } }],
      { foo: "bar", child: { grandchild: {} } },
    ],
    [
      "A.11 ignore unrecognized elements",
      { foo: "bar" },
      [{ op: "add", path: "/baz", value: "qux", xyz: 123 }],
      { foo: "bar", baz: "qux" },
    ],
    [
      "A.14 ~ escape ordering",
      { "/": 9, "~1": 10 },
      [{ op: "test", path: "/~01", value: 10 }],
      { "/": 9, "~1": 10 },
    ],
    [
      "A.16 add an array value",
      { foo: ["bar"] },
      [{ op: "add", path: "/foo/-", value: ["abc", "def"] }],
      { foo: ["bar", ["abc", "def"]] },
    ],
    ["copy", { a: { b: 1 } }, [{ op: "copy", from: "/a", path: "/c" }], { a: { b: 1 }, c: { b: 1 } }],
  ])("%s", (_name, target, ops, result) => {
    expect(applyJsonPatch(target, ops)).toStrictEqual(result);
  });

  it.each<[string, Json, Json]>([
    ["A.9 test error", { baz: "qux" }, [{ op: "test", path: "/baz", value: "bar" }]],
    ["A.12 add to a nonexistent target", { foo: "bar" }, [{ op: "add", path: "/baz/bat", value: "qux" }]],
    ["A.15 strings and numbers differ", { "/": 9, "~1": 10 }, [{ op: "test", path: "/~01", value: "10" }]],
    ["remove a missing member (086)", { a: 1 }, [{ op: "remove", path: "/b" }]],
    ["an index past the end", { a: [1] }, [{ op: "add", path: "/a/3", value: 2 }]],
    ["a non-numeric index", { a: [1] }, [{ op: "replace", path: "/a/x", value: 2 }]],
    ["an unknown op", { a: 1 }, [{ op: "frobnicate", path: "/a" }]],
    ["an op without a path", { a: 1 }, [{ op: "add", value: 1 }]],
    ["a null operation", { a: 1 }, [null]],
    ["adding at the root", { a: 1 }, [{ op: "add", path: "", value: {} }]],
  ])("%s is the generic 422", (_name, target, ops) => {
    expect(failure(() => applyJsonPatch(target, ops)).status).toStrictEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: "the server rejected our request due to an error in our request",
      reason: "Invalid",
      details: {},
      code: 422,
    });
  });
});

describe("evanphx/json-patch v4 behaviour", () => {
  it.each<[string, Json, Json, Json]>([
    [
      "negative indices count from the end",
      { a: [1, 2, 3] },
      [{ op: "remove", path: "/a/-1" }],
      { a: [1, 2] },
    ],
    [
      "replace of a missing member adds it",
      { a: 1 },
      [{ op: "replace", path: "/b", value: 2 }],
      { a: 1, b: 2 },
    ],
    [
      "test of a missing member against null passes",
      { a: 1 },
      [{ op: "test", path: "/b", value: null }],
      { a: 1 },
    ],
    [
      "replace at the root swaps the document",
      { a: 1 },
      [{ op: "replace", path: "", value: { b: 2 } }],
      { b: 2 },
    ],
    ["a null body is no operation", { a: 1 }, null, { a: 1 }],
    [
      "later operations see earlier ones",
      { a: 1 },
      [
        { op: "add", path: "/b", value: 1 },
        { op: "move", from: "/b", path: "/c" },
      ],
      { a: 1, c: 1 },
    ],
  ])("%s", (_name, target, ops, result) => {
    expect(applyJsonPatch(target, ops)).toStrictEqual(result);
  });

  it("does not modify the target, even when a later operation fails", () => {
    const target = { a: 1 };
    failure(() =>
      applyJsonPatch(target, [
        { op: "add", path: "/b", value: 2 },
        { op: "remove", path: "/zzz" },
      ]),
    );
    expect(target).toStrictEqual({ a: 1 });
  });

  it.each<[Json, string]>([
    [
      { op: "add", path: "/a", value: 1 },
      "json: cannot unmarshal object into Go value of type jsonpatch.Patch",
    ],
    ["add", "json: cannot unmarshal string into Go value of type jsonpatch.Patch"],
    [["add"], "json: cannot unmarshal string into Go value of type jsonpatch.Operation"],
    [[[1]], "json: cannot unmarshal array into Go value of type jsonpatch.Operation"],
  ])("a malformed body %j is a 400", (ops, message) => {
    expect(failure(() => applyJsonPatch({ a: 1 }, ops)).status).toMatchObject({
      code: 400,
      reason: "BadRequest",
      message,
    });
  });
});
