// The default field manager kube-apiserver derives from the User-Agent of a write without fieldManager.

import { expect, it } from "vitest";
import { defaultFieldManager } from "../../../src/sim/patch/index.js";

it.each([
  ["fixture-recorder/v1.0.0 (linux/amd64) kubernetes/0000000", "fixture-recorder"],
  ["kubectl/v1.28.0 (linux/amd64) kubernetes/abcdef", "kubectl"],
  ["node-fetch", "node-fetch"],
  ["", ""],
  ["tab\there/1", "tabhere"],
  [`${"é".repeat(70)}/1`, "é".repeat(64)],
])("%j → %j", (userAgent, manager) => {
  expect(defaultFieldManager(userAgent)).toBe(manager);
});
