// One step of a field path as structured-merge-diff models it: a field name, the key fields of
// a map-list item, the value of a set-list item, or an index. Each has a fieldsV1 spelling
// (`f:name`, `k:{"port":80,"protocol":"TCP"}`, `v:"x"`, `i:0`), a total order (the order of
// fieldsV1 keys and of conflict listings) and a display form used in conflict messages.

import { goQuote } from "../gotext/quote.js";
import { isObject } from "../json.js";
import type { Json } from "../types.js";

export type KeyFields = readonly (readonly [string, Json])[];

export type PathElement =
  | { readonly kind: "field"; readonly name: string }
  | { readonly kind: "key"; readonly fields: KeyFields }
  | { readonly kind: "value"; readonly value: Json }
  | { readonly kind: "index"; readonly index: number };

export type Path = readonly PathElement[];

export function fieldElement(name: string): PathElement {
  return { kind: "field", name };
}

/** JSON with object keys sorted, the canonical spelling of values inside `k:` and `v:` keys. */
function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] ?? null)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function keyElement(fields: KeyFields): PathElement {
  return { kind: "key", fields: [...fields].sort(([a], [b]) => compareStrings(a, b)) };
}

/** The fieldsV1 spelling, also used as the identity of an element. */
export function elementId(pe: PathElement): string {
  switch (pe.kind) {
    case "field":
      return `f:${pe.name}`;
    case "key":
      return `k:{${pe.fields.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
    case "value":
      return `v:${canonicalJson(pe.value)}`;
    case "index":
      return `i:${pe.index}`;
  }
}

export function parseElementId(id: string): PathElement {
  const body = id.slice(2);
  switch (id.slice(0, 2)) {
    case "f:":
      return fieldElement(body);
    case "k:": {
      const parsed: unknown = JSON.parse(body);
      if (!isObject(parsed as Json)) throw new Error(`invalid key path element ${id}`);
      return keyElement(Object.entries(parsed as Record<string, Json>));
    }
    case "v:":
      return { kind: "value", value: JSON.parse(body) as Json };
    case "i:": {
      const index = Number(body);
      if (!Number.isInteger(index)) throw new Error(`invalid index path element ${id}`);
      return { kind: "index", index };
    }
    default:
      throw new Error(`unknown path element ${id}`);
  }
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function typeRank(value: Json): number {
  if (typeof value === "number") return 0;
  if (typeof value === "string") return 1;
  if (typeof value === "boolean") return 2;
  if (Array.isArray(value)) return 3;
  return value === null ? 5 : 4;
}

function compareLists(a: readonly Json[], b: readonly Json[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareValues(a[i] ?? null, b[i] ?? null);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function compareFieldLists(a: KeyFields, b: KeyFields): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [an, av] = a[i] ?? ["", null];
    const [bn, bv] = b[i] ?? ["", null];
    const c = compareStrings(an, bn) || compareValues(av, bv);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** value.Compare: numbers < strings < booleans < lists < maps < null, then by content. */
export function compareValues(a: Json, b: Json): number {
  const rank = typeRank(a) - typeRank(b);
  if (rank !== 0) return Math.sign(rank);
  if (typeof a === "number" && typeof b === "number") return Math.sign(a - b);
  if (typeof a === "string" && typeof b === "string") return compareStrings(a, b);
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  if (Array.isArray(a) && Array.isArray(b)) return compareLists(a, b);
  if (isObject(a) && isObject(b)) {
    const sorted = (o: typeof a): KeyFields => Object.entries(o).sort(([x], [y]) => compareStrings(x, y));
    return compareFieldLists(sorted(a), sorted(b));
  }
  return 0;
}

const KIND_ORDER = { field: 0, key: 1, value: 2, index: 3 } as const;

/** PathElement.Compare: fields < keys < values < indices, then by content. */
export function compareElements(a: PathElement, b: PathElement): number {
  if (a.kind !== b.kind) return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  if (a.kind === "field" && b.kind === "field") return compareStrings(a.name, b.name);
  if (a.kind === "key" && b.kind === "key") return compareFieldLists(a.fields, b.fields);
  if (a.kind === "value" && b.kind === "value") return compareValues(a.value, b.value);
  if (a.kind === "index" && b.kind === "index") return a.index - b.index;
  return 0;
}

/** value.ToString as used in printed paths: strings quoted, everything else bare. */
function displayValue(value: Json): string {
  if (typeof value === "string") return goQuote(value);
  if (Array.isArray(value)) return `[${value.map(displayValue).join(",")}]`;
  if (isObject(value)) {
    const entries = Object.entries(value).sort(([x], [y]) => compareStrings(x, y));
    return `{${entries.map(([k, v]) => `${k}=${displayValue(v)}`).join(";")}}`;
  }
  return String(value);
}

function elementToString(pe: PathElement): string {
  switch (pe.kind) {
    case "field":
      return `.${pe.name}`;
    case "key":
      return `[${pe.fields.map(([k, v]) => `${k}=${displayValue(v)}`).join(",")}]`;
    case "value":
      return `[=${displayValue(pe.value)}]`;
    case "index":
      return `[${pe.index}]`;
  }
}

/** The printed form of a path, e.g. `.spec.ports[port=80,protocol="TCP"].targetPort`. */
export function pathToString(path: Path): string {
  return path.map(elementToString).join("");
}
