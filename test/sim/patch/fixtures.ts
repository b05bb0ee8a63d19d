// Reads recorded kube-apiserver cases (../shared/kube-fixtures) for the patch and field-manager
// tests, by case number. Recorded managedFields times are "<timestamp>"; tests swap them for a
// concrete clock so entries sort as they did on the real server, and swap them back to compare.

import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Json, JsonObject, KubeObject } from "../../../src/sim/types.js";

const CASES_DIR = fileURLToPath(new URL("../../../../shared/kube-fixtures/cases/", import.meta.url));

export interface FixtureCase {
  readonly name: string;
  readonly request: { method: string; path: string; body: Json };
  readonly response: { status: number; body: Json };
}

const files = readdirSync(CASES_DIR);

export function fixture(number: number): FixtureCase {
  const prefix = String(number).padStart(3, "0");
  const file = files.find((f) => f.startsWith(`${prefix}-`));
  if (!file) throw new Error(`no fixture case ${prefix}`);
  return JSON.parse(readFileSync(`${CASES_DIR}${file}`, "utf8")) as FixtureCase;
}

function asObject(value: Json): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not an object");
  return structuredClone(value);
}

function withClock(body: Json, time: string): KubeObject {
  const obj = asObject(body) as unknown as KubeObject;
  for (const entry of obj.metadata?.managedFields ?? []) {
    if (entry.time === "<timestamp>") entry.time = time;
  }
  return obj;
}

/** The case's response body with recorded managedFields times replaced by `time`. */
export function responseObject(number: number, time: string): KubeObject {
  return withClock(fixture(number).response.body, time);
}

/** The case's request body, with echoed managedFields times replaced by `time`. */
export function requestObject(number: number, time: string): JsonObject {
  return withClock(fixture(number).request.body, time) as unknown as JsonObject;
}

export function requestText(number: number): string {
  const body = fixture(number).request.body;
  if (typeof body !== "string") throw new Error(`case ${number} has no text body`);
  return body;
}

export function query(number: number): URLSearchParams {
  return new URL(fixture(number).request.path, "http://sim").searchParams;
}

/** An object as recorded responses show it: times and resourceVersions as placeholders. */
export function normalized(obj: KubeObject | JsonObject): JsonObject {
  const copy = structuredClone(obj) as unknown as KubeObject;
  if (copy.metadata.resourceVersion !== undefined) copy.metadata.resourceVersion = "<rv>";
  for (const entry of copy.metadata.managedFields ?? []) {
    if (entry.time !== undefined) entry.time = "<timestamp>";
  }
  return copy as unknown as JsonObject;
}

/** The recorded response body, normalized the same way (relative resourceVersions become "<rv>"). */
export function expectedObject(number: number): JsonObject {
  return normalized(asObject(fixture(number).response.body) as unknown as KubeObject);
}
