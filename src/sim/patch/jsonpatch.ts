// JSON patch (RFC 6902) with the quirks of evanphx/json-patch v4, which kube-apiserver v1.28 uses:
// negative array indices count from the end, `replace` of a missing object key adds it, `test`
// of a missing path with value null passes, and `copy` from a missing key copies null.
// Any failing operation is the generic 422 (invalidPatch); a body that is not a list of objects is a 400.

import { badRequest, invalidPatch } from "../errors.js";
import { deepEqual, isObject } from "../json.js";
import type { Json, JsonObject } from "../types.js";
import { clone } from "./json.js";

type Container = JsonObject | Json[];

class PatchFailure extends Error {}

function fail(message: string): never {
  throw new PatchFailure(message);
}

function goJsonKind(value: Json): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  return typeof value === "object" ? "object" : typeof value;
}

/** Decodes the body as Go's json.Unmarshal into jsonpatch.Patch ([]map[string]*json.RawMessage) would. */
function decodeOperations(ops: Json): (JsonObject | null)[] {
  if (ops === null) return [];
  if (!Array.isArray(ops)) {
    throw badRequest(`json: cannot unmarshal ${goJsonKind(ops)} into Go value of type jsonpatch.Patch`);
  }
  return ops.map((op) => {
    if (op === null || isObject(op)) return op;
    throw badRequest(`json: cannot unmarshal ${goJsonKind(op)} into Go value of type jsonpatch.Operation`);
  });
}

function stringField(op: JsonObject | null, name: string): string {
  const value = op?.[name];
  if (typeof value !== "string") fail(`operation missing ${name} field`);
  return value;
}

function decodeKey(segment: string): string {
  return segment.replaceAll("~1", "/").replaceAll("~0", "~");
}

function parseIndex(key: string): number {
  if (!/^[+-]?\d+$/.test(key)) fail(`value was not a proper array index: '${key}'`);
  return Number.parseInt(key, 10);
}

/** Resolves an index for reading/replacing/removing: negative counts from the end, must exist. */
function existingIndex(list: Json[], key: string): number {
  const idx = parseIndex(key);
  const resolved = idx < 0 ? idx + list.length : idx;
  if (resolved < 0 || resolved >= list.length) fail(`Unable to access invalid index: ${idx}`);
  return resolved;
}

function getChild(container: Container, key: string): Json | undefined {
  if (Array.isArray(container)) return container[existingIndex(container, key)];
  return Object.hasOwn(container, key) ? container[key] : undefined;
}

/** The container holding the last segment of `path`, and that segment; the first segment is ignored as in Go. */
function findParent(doc: Container, path: string): [Container, string] {
  const segments = path.split("/");
  if (segments.length < 2) fail(`doc is missing path: "${path}"`);
  let current: Container = doc;
  for (const part of segments.slice(1, -1)) {
    const next = getChild(current, decodeKey(part));
    if (!Array.isArray(next) && !isObject(next)) fail(`doc is missing path: "${path}"`);
    current = next;
  }
  return [current, decodeKey(segments[segments.length - 1] ?? "")];
}

function addChild(container: Container, key: string, value: Json): void {
  if (!Array.isArray(container)) {
    container[key] = value;
    return;
  }
  if (key === "-") {
    container.push(value);
    return;
  }
  const idx = parseIndex(key);
  const size = container.length + 1;
  const resolved = idx < 0 ? idx + size : idx;
  if (resolved < 0 || resolved >= size) fail(`Unable to access invalid index: ${idx}`);
  container.splice(resolved, 0, value);
}

function removeChild(container: Container, key: string): Json {
  if (Array.isArray(container)) return container.splice(existingIndex(container, key), 1)[0] ?? null;
  if (!Object.hasOwn(container, key)) fail(`Unable to remove nonexistent key: ${key}`);
  const value = container[key] ?? null;
  delete container[key];
  return value;
}

function opValue(op: JsonObject | null): Json {
  return op?.value ?? null;
}

interface PatchState {
  doc: Container;
}

function applyTest(state: PatchState, op: JsonObject | null): void {
  const path = stringField(op, "path");
  const expected = opValue(op);
  if (path === "") {
    if (!deepEqual(state.doc, expected)) fail("testing value failed");
    return;
  }
  const [parent, key] = findParent(state.doc, path);
  const actual = getChild(parent, key) ?? null;
  if (!deepEqual(actual, expected)) fail(`testing value ${path} failed`);
}

function applyReplace(state: PatchState, op: JsonObject | null): void {
  const path = stringField(op, "path");
  const value = clone(opValue(op));
  if (path === "") {
    if (!Array.isArray(value) && !isObject(value)) fail("replace operation value must be object or array");
    state.doc = value;
    return;
  }
  const [parent, key] = findParent(state.doc, path);
  if (Array.isArray(parent)) parent[existingIndex(parent, key)] = value;
  else parent[key] = value;
}

function applyMoveOrCopy(state: PatchState, op: JsonObject | null, move: boolean): void {
  const [fromParent, fromKey] = findParent(state.doc, stringField(op, "from"));
  const value = move ? removeChild(fromParent, fromKey) : clone(getChild(fromParent, fromKey) ?? null);
  const [parent, key] = findParent(state.doc, stringField(op, "path"));
  addChild(parent, key, value);
}

function applyAdd(state: PatchState, op: JsonObject | null): void {
  const [parent, key] = findParent(state.doc, stringField(op, "path"));
  addChild(parent, key, clone(opValue(op)));
}

function applyRemove(state: PatchState, op: JsonObject | null): void {
  const [parent, key] = findParent(state.doc, stringField(op, "path"));
  removeChild(parent, key);
}

type Operation = (state: PatchState, op: JsonObject | null) => void;

const OPERATIONS: Readonly<Record<string, Operation>> = {
  add: applyAdd,
  remove: applyRemove,
  replace: applyReplace,
  move: (state, op) => applyMoveOrCopy(state, op, true),
  copy: (state, op) => applyMoveOrCopy(state, op, false),
  test: applyTest,
};

function applyOperation(state: PatchState, op: JsonObject | null): void {
  const kind = typeof op?.op === "string" ? op.op : "unknown";
  const apply = Object.hasOwn(OPERATIONS, kind) ? OPERATIONS[kind] : undefined;
  if (!apply) fail(`Unexpected kind: ${kind}`);
  apply(state, op);
}

/** RFC 6902 incl. test/move/copy; a failing op or bad path throws invalidPatch(). */
export function applyJsonPatch(target: Json, ops: Json): Json {
  const operations = decodeOperations(ops);
  if (!Array.isArray(target) && !isObject(target)) throw invalidPatch();
  const state: PatchState = { doc: clone(target) };
  try {
    for (const op of operations) applyOperation(state, op);
  } catch (err) {
    if (err instanceof PatchFailure) throw invalidPatch();
    throw err;
  }
  return state.doc;
}
