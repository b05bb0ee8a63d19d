// Go's %v of decoded JSON, as strategic-merge-patch errors quote a patch (174).

import { expect, it } from "vitest";
import { goMapString } from "../../../src/sim/patch/index.js";
import type { Json } from "../../../src/sim/types.js";

it.each<[Json, string]>([
  [{ spec: { renewTime: "2026-01-01T00:00:45.250Z" } }, "map[spec:map[renewTime:2026-01-01T00:00:45.250Z]]"],
  [{ b: 1, a: [1, "x", null, true] }, "map[a:[1 x <nil> true] b:1]"],
  [{ f: 1.5, g: 1234567.5, h: 0.00001 }, "map[f:1.5 g:1.2345675e+06 h:1e-05]"],
  [{}, "map[]"],
  [[], "[]"],
])("%j", (value, text) => {
  expect(goMapString(value)).toBe(text);
});
