// Go's fmt verbs for decoded JSON values: %v as strategic-merge-patch errors quote a patch (174),
// %#v and %T as typed-value errors print them, float64 in Go's shortest form.

import { describe, expect, it } from "vitest";
import { goFloat, goNumber, goSharpV, goTypeName, goV } from "../../../src/sim/gotext/fmt.js";
import type { Json } from "../../../src/sim/types.js";

describe("goV", () => {
  it.each<[Json, string]>([
    [
      { spec: { renewTime: "2026-01-01T00:00:45.250Z" } },
      "map[spec:map[renewTime:2026-01-01T00:00:45.250Z]]",
    ],
    [{ b: 1, a: [1, "x", null, true] }, "map[a:[1 x <nil> true] b:1]"],
    [{ f: 1.5, g: 1234567.5, h: 0.00001 }, "map[f:1.5 g:1.2345675e+06 h:1e-05]"],
    [{}, "map[]"],
    [[], "[]"],
  ])("%j", (value, text) => {
    expect(goV(value)).toBe(text);
  });
});

describe("goTypeName", () => {
  it.each<[Json, string]>([
    [null, "<nil>"],
    [1, "int64"],
    [1.5, "float64"],
    [1e21, "float64"],
    ["x", "string"],
    [true, "bool"],
    [[1], "[]interface {}"],
    [{ a: 1 }, "map[string]interface {}"],
  ])("%j is %s", (value, name) => {
    expect(goTypeName(value)).toBe(name);
  });
});

describe("Go rendering of decoded JSON values", () => {
  it.each<[number, string]>([
    [65535, "65535"],
    [0.5, "0.5"],
    [123456.5, "123456.5"],
    [1000000, "1e+06"],
    [1234567.5, "1.2345675e+06"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [1e21, "1e+21"],
  ])("%d as a float64 prints %s", (value, text) => {
    expect(goFloat(value)).toBe(text);
  });

  it("prints integral numbers as int64 and maps with sorted keys", () => {
    expect(goNumber(1000000)).toBe("1000000");
    expect(goSharpV({ b: null, a: [1.5, "x"] })).toBe(
      'map[string]interface {}{"a":[]interface {}{1.5, "x"}, "b":interface {}(nil)}',
    );
  });
});
