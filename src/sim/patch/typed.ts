// Schema-driven walks that turn objects into field sets, mirroring structured-merge-diff: the set
// an apply configuration claims (with the type checks of "typed patch" creation) and the
// added/modified/removed comparison of two versions of an object. When comparing, a JSON null is a
// value like structured-merge-diff's: a field the Go type serializes as null (no omitempty) is
// present, so a list set from null to items gains its items but not a "." entry of its own (195).

import { goSharpV, goTypeName, goV } from "../gotext/fmt.js";
import { deepEqual, isObject } from "../json.js";
import type { Json, JsonObject, Schema } from "../types.js";
import { FieldSet } from "./fieldset.js";
import {
  elementId,
  fieldElement,
  keyElement,
  type Path,
  type PathElement,
  pathToString,
} from "./pathelement.js";
import { fieldType, type ScalarType, type Shape, shapeOf } from "./shape.js";

type ListShape = Extract<Shape, { kind: "list" }>;

/** A value that does not fit its schema; `message` is structured-merge-diff's ValidationErrors text. */
export class TypedError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      problems.length === 1 ? (problems[0] ?? "") : ["errors:", ...problems.map((p) => `  ${p}`)].join("\n"),
    );
    this.name = "TypedError";
  }
}

/** A list item that cannot be given a path element (no key, wrong kind of item). */
export class ListItemError extends Error {
  override readonly name = "ListItemError";
}

function keyedItemElement(list: ListShape, item: Json): PathElement {
  if (item === null) throw new ListItemError("associative list with keys may not have a null element");
  if (!isObject(item)) throw new ListItemError("associative list with keys may not have non-map elements");
  return keyElement(
    list.keys.map((key) => {
      const value = item[key] ?? list.item?.properties?.[key]?.default;
      if (value === undefined) {
        throw new ListItemError(
          `associative list with keys has an element that omits key field "${key}" (and doesn't have default value)`,
        );
      }
      return [key, value] as const;
    }),
  );
}

function setItemElement(item: Json): PathElement {
  if (isObject(item))
    throw new ListItemError("associative list without keys has an element that's a map type");
  if (Array.isArray(item))
    throw new ListItemError("associative list without keys has an element that's a list type");
  return { kind: "value", value: item };
}

/** The path element of a list item; throws ListItemError with structured-merge-diff's text. */
export function itemElement(list: ListShape, item: Json, index: number): PathElement {
  if (list.relation === "map") return keyedItemElement(list, item);
  if (list.relation === "set") return setItemElement(item);
  return { kind: "index", index };
}

/** Items by path element, first occurrence wins (live objects may hold duplicates). */
export function indexItems(list: ListShape, items: readonly Json[]): Map<string, [PathElement, Json]> {
  const out = new Map<string, [PathElement, Json]>();
  items.forEach((item, i) => {
    const pe = itemElement(list, item, i);
    const id = elementId(pe);
    if (!out.has(id)) out.set(id, [pe, item]);
  });
  return out;
}

function present(value: Json | undefined): value is Json {
  return value !== undefined && value !== null;
}

function isEmptyContainer(value: Json | undefined): boolean {
  if (!present(value)) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isObject(value) && Object.keys(value).length === 0;
}

export interface Comparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

class Comparer {
  readonly result: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };

  node(lhs: Json | undefined, rhs: Json | undefined, schema: Schema | undefined, path: Path): void {
    const shape = shapeOf(schema, present(rhs) ? rhs : lhs);
    const bothEmpty = isEmptyContainer(lhs) && isEmptyContainer(rhs);
    if (shape.kind === "map" && !shape.atomic && !bothEmpty && this.sidesAre(isObject, lhs, rhs)) {
      this.map(lhs as JsonObject | undefined, rhs as JsonObject | undefined, schema, path);
    } else if (
      shape.kind === "list" &&
      shape.relation !== "atomic" &&
      !bothEmpty &&
      this.sidesAre(Array.isArray, lhs, rhs)
    ) {
      this.list(lhs as Json[] | undefined, rhs as Json[] | undefined, shape, path);
    } else {
      this.leaf(lhs, rhs, path);
    }
  }

  private sidesAre(test: (v: Json) => boolean, lhs: Json | undefined, rhs: Json | undefined): boolean {
    return (!present(lhs) || test(lhs)) && (!present(rhs) || test(rhs));
  }

  private leaf(lhs: Json | undefined, rhs: Json | undefined, path: Path): void {
    if (lhs === undefined && rhs === undefined) return;
    if (lhs === undefined) this.result.added.insert(path);
    else if (rhs === undefined) this.result.removed.insert(path);
    else if (!deepEqual(lhs, rhs)) this.result.modified.insert(path);
  }

  private containerDone(lhs: Json | undefined, rhs: Json | undefined, path: Path): void {
    if (lhs === undefined) this.result.added.insert(path);
    else if (rhs === undefined) this.result.removed.insert(path);
  }

  private map(
    lhs: JsonObject | undefined,
    rhs: JsonObject | undefined,
    schema: Schema | undefined,
    path: Path,
  ): void {
    const keys = new Set([...Object.keys(lhs ?? {}), ...Object.keys(rhs ?? {})]);
    for (const key of keys) {
      this.node(lhs?.[key], rhs?.[key], fieldType(schema, key).schema, [...path, fieldElement(key)]);
    }
    this.containerDone(lhs, rhs, path);
  }

  private list(lhs: Json[] | undefined, rhs: Json[] | undefined, shape: ListShape, path: Path): void {
    const left = indexItems(shape, lhs ?? []);
    const right = indexItems(shape, rhs ?? []);
    for (const [id, [pe, item]] of left) this.node(item, right.get(id)?.[1], shape.item, [...path, pe]);
    for (const [id, [pe, item]] of right) {
      if (!left.has(id)) this.node(undefined, item, shape.item, [...path, pe]);
    }
    this.containerDone(lhs, rhs, path);
  }
}

/** typed.Compare of two whole objects; throws ListItemError when a list item has no usable key. */
export function compareObjects(lhs: JsonObject, rhs: JsonObject, schema: Schema): Comparison {
  const comparer = new Comparer();
  comparer.node(lhs, rhs, schema, []);
  return comparer.result;
}

function scalarProblem(scalar: ScalarType, value: Json): string | undefined {
  if (value === null) return undefined;
  switch (scalar) {
    case "string":
      return typeof value === "string"
        ? undefined
        : `expected string, got &value.valueUnstructured{Value:${goSharpV(value)}}`;
    case "numeric":
      return typeof value === "number"
        ? undefined
        : `expected numeric (int or float), got ${goTypeName(value)}`;
    case "boolean":
      return typeof value === "boolean" ? undefined : `expected boolean, got &{${goV(value)}}`;
    case "untyped":
      return isObject(value) || Array.isArray(value)
        ? `expected any scalar, got &{${goV(value)}}`
        : undefined;
  }
}

class ConfigWalker {
  readonly set = new FieldSet();
  readonly problems: string[] = [];

  node(value: Json, schema: Schema | undefined, path: Path): void {
    const shape = shapeOf(schema, value);
    if (shape.kind === "scalar") {
      const problem = scalarProblem(shape.scalar, value);
      if (problem) this.problem(path, problem);
      this.set.insert(path);
    } else if (shape.kind === "list") {
      this.list(value, shape, path);
    } else {
      this.map(value, shape.atomic, schema, path);
    }
  }

  private problem(path: Path, message: string): void {
    this.problems.push(`${pathToString(path)}: ${message}`);
  }

  private list(value: Json, shape: ListShape, path: Path): void {
    if (value !== null && !Array.isArray(value)) {
      this.problem(path, `expected list, got &{${goV(value)}}`);
      return;
    }
    if (shape.relation === "atomic") {
      this.set.insert(path);
      return;
    }
    const seen = new Set<string>();
    for (const [i, item] of (value ?? []).entries()) {
      let pe: PathElement;
      try {
        pe = itemElement(shape, item, i);
      } catch (err) {
        if (!(err instanceof ListItemError)) throw err;
        this.problem(path, `element ${i}: ${err.message}`);
        return;
      }
      if (seen.has(elementId(pe))) this.problem(path, `duplicate entries for key ${pathToString([pe])}`);
      seen.add(elementId(pe));
      this.node(item, shape.item, [...path, pe]);
      this.set.insert([...path, pe]);
    }
  }

  private map(value: Json, atomic: boolean, schema: Schema | undefined, path: Path): void {
    if (value !== null && !isObject(value)) {
      this.problem(path, `expected map, got &{${goV(value)}}`);
      return;
    }
    if (atomic) {
      this.set.insert(path);
      return;
    }
    for (const [key, child] of Object.entries(value ?? {})) {
      const field = fieldType(schema, key);
      const childPath = [...path, fieldElement(key)];
      if (!field.allowed) {
        this.problem(childPath, "field not declared in schema");
        continue;
      }
      this.node(child, field.schema, childPath);
      if (!field.declared) this.set.insert(childPath);
    }
  }
}

/** The fields an apply configuration claims (typed.ToFieldSet); throws TypedError when it does not fit the schema. */
export function configFieldSet(config: JsonObject, schema: Schema): FieldSet {
  const walker = new ConfigWalker();
  walker.node(config, schema, []);
  if (walker.problems.length > 0) throw new TypedError(walker.problems);
  return walker.set;
}
