// Every fixture body of a built-in kind walked against the kind's schema: no unknown or mistyped fields.

import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { builtinKinds } from "../../../src/sim/resources/index.js";
import type { ResourceKind, Schema } from "../../../src/sim/types.js";
import { loadCase } from "./harness.js";

const kinds = builtinKinds();

/** The built-in kind a fixture request path addresses, if any. */
function kindForPath(path: string): ResourceKind | undefined {
  const segments = (path.split("?")[0] ?? "").split("/").filter(Boolean);
  const rest = segments.slice(segments[0] === "api" ? 2 : 3);
  const resource = rest[0] === "namespaces" && rest.length >= 3 ? rest[2] : rest[0];
  return kinds.find((k) => k.plural === resource);
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** Walks a value against a schema: unknown fields (what pruning drops) and values of the wrong type. */
function walk(value: unknown, schema: Schema, path: string, out: string[]): void {
  if (value === null || schema["x-kubernetes-int-or-string"]) return;
  if (
    schema.type &&
    typeOf(value) !== schema.type &&
    !(schema.type === "number" && typeOf(value) === "integer")
  ) {
    out.push(`type ${path}: ${typeOf(value)} is not ${schema.type}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (schema.items) walk(item, schema.items, `${path}[${i}]`, out);
    });
    return;
  }
  if (typeof value !== "object" || schema["x-kubernetes-preserve-unknown-fields"]) return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const childPath = path ? `${path}.${key}` : key;
    // Strategic-merge directives ($patch, $setElementOrder/…) are not fields.
    if (key.startsWith("$")) continue;
    const known = schema.properties?.[key];
    const extra = typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined;
    if (known) walk(child, known, childPath, out);
    else if (extra) walk(child, extra, childPath, out);
    else out.push(`unknown ${childPath}`);
  }
}

interface Checked {
  number: string;
  problems: string[];
}

function checkAll(): Checked[] {
  const dir = new URL("../../../../shared/kube-fixtures/cases/", import.meta.url);
  const results: Checked[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!/^\d{3}-.*\.json$/.test(file)) continue;
    const number = file.slice(0, 3);
    const c = loadCase(number);
    const kind = kindForPath(c.request.path);
    if (!kind || c.request.method === "DELETE") continue;
    const bodies: unknown[] = [];
    const request = c.request.body;
    if (typeof request === "string" && c.request.method === "PATCH")
      bodies.push(parse(request, { version: "1.1" }));
    else if (request && typeof request === "object" && !Array.isArray(request)) bodies.push(request);
    const response = c.response.body as Record<string, unknown> | null;
    if (response && typeof response === "object" && response.kind === kind.kind) bodies.push(response);
    const problems: string[] = [];
    for (const body of bodies) walk(body, kind.schema, "", problems);
    results.push({ number, problems });
  }
  return results;
}

describe("built-in schemas against every fixture body", () => {
  const results = checkAll();

  it("covers the fixtures of every built-in kind", () => {
    expect(results.length).toBeGreaterThan(100);
  });

  it("knows every field the real server accepted, and flags the unknown ones it warned about", () => {
    const flagged = results.filter((r) => r.problems.length > 0);
    expect(flagged).toEqual([
      { number: "080", problems: ["unknown spec.bogusField"] },
      { number: "081", problems: ["unknown spec.bogusField"] },
      // YAML 1.1 reads the unquoted `y` as true; the real server answers 500 "expected string".
      { number: "097", problems: ["type metadata.annotations.x: boolean is not string"] },
      // A JSON number where a MicroTime string belongs; rejected while decoding (400).
      { number: "161", problems: ["type spec.renewTime: integer is not string"] },
    ]);
  });
});
