// The JSON object test and deep equality the whole sim shares.

import { describe, expect, it } from "vitest";
import { deepEqual, isObject } from "../../src/sim/json.js";

describe("deepEqual", () => {
  it.each<[unknown, unknown, boolean]>([
    [{ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 }, true],
    [[1, 2], [2, 1], false],
    [{ a: 1 }, { a: 1, b: undefined }, false],
    [{ a: null }, {}, false],
    [{}, [], false],
    [JSON.parse('{"__proto__": 1}'), {}, false],
    ["1", 1, false],
  ])("%j and %j: %s", (a, b, equal) => {
    expect(deepEqual(a, b)).toBe(equal);
    expect(deepEqual(b, a)).toBe(equal);
  });
});

describe("isObject", () => {
  it.each<[unknown, boolean]>([
    [{}, true],
    [[], false],
    [null, false],
    ["x", false],
  ])("%j: %s", (value, object) => {
    expect(isObject(value)).toBe(object);
  });
});
