// Reads the recorded kube-apiserver cases (../shared/kube-fixtures) that the storage tests replay,
// and turns their normalized values (`<rv+3>`, `<continue>`) into patterns to compare against.

import { readdirSync, readFileSync } from "node:fs";
import type { Status } from "../../../src/sim/errors.js";
import type { KubeObject } from "../../../src/sim/types.js";

const CASES = new URL("../../../../shared/kube-fixtures/cases/", import.meta.url);

export interface FixtureCase {
  name: string;
  request: { method: string; path: string; body: unknown };
  response: { status: number; body: unknown };
  stream?: { type: string; object: KubeObject | Status }[];
  notes?: string;
}

/** The case whose file name starts with `number` (e.g. "051"). */
export function loadCase(number: string): FixtureCase {
  const file = readdirSync(CASES).find((name) => name.startsWith(`${number}-`));
  if (file === undefined) throw new Error(`no fixture case ${number}`);
  return JSON.parse(readFileSync(new URL(file, CASES), "utf8")) as FixtureCase;
}

/** The decoded query parameters of the case's request. */
export function queryOf(fixture: FixtureCase): URLSearchParams {
  return new URL(fixture.request.path, "http://fixture").searchParams;
}

/** The items of a recorded list response. */
export function listItems(fixture: FixtureCase): KubeObject[] {
  return (fixture.response.body as { items: KubeObject[] }).items;
}

export function listNames(fixture: FixtureCase): string[] {
  return listItems(fixture).map((item) => item.metadata.name ?? "");
}

export function statusOf(fixture: FixtureCase): Status {
  return fixture.response.body as Status;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A pattern for a recorded string in which `<rv…>` stands for any number and `<continue>` for any token. */
export function normalizedPattern(recorded: string): RegExp {
  const parts = recorded.split(/(<rv[+-]?\d*>|<continue>)/);
  const body = parts
    .map((part) => {
      if (part.startsWith("<rv")) return "\\d+";
      if (part === "<continue>") return "[A-Za-z0-9_-]+";
      return escapeRegExp(part);
    })
    .join("");
  return new RegExp(`^${body}$`);
}
