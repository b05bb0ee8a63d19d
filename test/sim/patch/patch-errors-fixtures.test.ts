// Recorded patch failures whose bodies this module produces or feeds: failing JSON-patch
// operations (085, 086, 176), the merge-patched Lease embedded in a 422 (173, key order matters)
// and the strategic patch quoted as a Go map (174).

import { describe, expect, it } from "vitest";
import { ApiError } from "../../../src/sim/errors.js";
import { goV } from "../../../src/sim/gotext/fmt.js";
import { applyJsonPatch, applyMergePatch } from "../../../src/sim/patch/index.js";
import type { Json, JsonObject } from "../../../src/sim/types.js";
import { fixture, responseObject } from "./fixtures.js";

function statusOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err.status;
    throw err;
  }
  throw new Error("expected an ApiError");
}

/** The Go-quoted value inside `Invalid value: "…": cause`, unquoted. */
function quotedValue(message: string): string {
  const match = /Invalid value: ("(?:[^"\\]|\\.)*")/.exec(message);
  if (!match?.[1]) throw new Error(`no quoted value in ${message}`);
  return JSON.parse(match[1]) as string;
}

describe("recorded JSON patch failures", () => {
  it.each([85, 86])("case %i against the state of case 084 is the generic 422", (n) => {
    const live = fixture(84).response.body;
    expect(statusOf(() => applyJsonPatch(live, fixture(n).request.body))).toStrictEqual(
      fixture(n).response.body,
    );
  });

  it("176 a failed resourceVersion precondition is the generic 422, not a 409", () => {
    // The recorded "<rv>" values are placeholders; the live Lease had moved on since the test's read.
    const live = responseObject(172, "2026-03-01T10:00:00Z");
    live.metadata.resourceVersion = "4711";
    const status = statusOf(() => applyJsonPatch(live as unknown as JsonObject, fixture(176).request.body));
    expect(status).toStrictEqual(fixture(176).response.body);
  });
});

describe("patched objects quoted in recorded 422s", () => {
  it("173 embeds the merge-patched Lease with Go's key order", () => {
    const live = fixture(172).response.body as JsonObject;
    const patched = applyMergePatch(live, fixture(173).request.body);
    const message = (fixture(173).response.body as { message: string }).message;
    expect(JSON.stringify(patched)).toBe(quotedValue(message));
  });

  it("174 quotes the strategic patch as a Go map", () => {
    const message = (fixture(174).response.body as { message: string }).message;
    expect(goV(fixture(174).request.body)).toBe(quotedValue(message));
  });

  it("the merge-patched object keeps its managedFields as stored", () => {
    const live = responseObject(172, "2026-03-01T10:00:00Z") as unknown as JsonObject;
    const patched = applyMergePatch(live, { spec: { renewTime: "x" } }) as { metadata: Json };
    expect(patched.metadata).toStrictEqual(live.metadata);
  });
});
