// Loads recorded kube-apiserver cases from ../shared/kube-fixtures (beside the repository).

import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Json, JsonObject } from "../../../src/sim/types.js";

const CASES_DIR = fileURLToPath(new URL("../../../../shared/kube-fixtures/cases/", import.meta.url));

export interface RecordedCase {
  readonly name: string;
  readonly request: { readonly method: string; readonly path: string; readonly body: Json };
  readonly response: {
    readonly status: number;
    readonly headers: Record<string, string | string[]>;
    readonly body: Json;
  };
}

/** The case whose file name starts with the three-digit number, e.g. loadCase(201). */
export function loadCase(num: number): RecordedCase {
  const prefix = String(num).padStart(3, "0");
  const file = readdirSync(CASES_DIR).find((f) => f.startsWith(`${prefix}-`));
  if (!file) throw new Error(`fixture case ${prefix} not found in ${CASES_DIR}`);
  return JSON.parse(readFileSync(`${CASES_DIR}${file}`, "utf8")) as RecordedCase;
}

/** The unknown-field paths named by the response's Warning headers. */
export function warnedUnknownFields(c: RecordedCase): string[] {
  const header = c.response.headers.Warning;
  const warnings = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return warnings.map((w) => {
    const m = /^299 - "unknown field \\"(.*)\\""$/.exec(w);
    if (!m?.[1]) throw new Error(`unexpected warning ${w}`);
    return m[1];
  });
}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: Json, patch: Json): Json {
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return structuredClone(patch);
  const out: JsonObject =
    target !== null && typeof target === "object" && !Array.isArray(target) ? structuredClone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key] ?? null, value);
  }
  return out;
}
