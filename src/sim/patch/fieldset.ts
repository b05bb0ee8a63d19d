// A set of field paths, stored as a tree the way fieldsV1 spells it: at each level the elements
// that are themselves in the set ("members") and the elements with deeper paths ("children").
// A node that is both serializes with a "." entry. Operations return new sets; empty children
// are never kept, so an empty set has no nodes at all.

import { isObject } from "../json.js";
import type { Json, JsonObject } from "../types.js";
import { compareElements, elementId, type Path, type PathElement, parseElementId } from "./pathelement.js";

interface Child {
  readonly pe: PathElement;
  readonly set: FieldSet;
}

function byElement(a: { pe: PathElement }, b: { pe: PathElement }): number {
  return compareElements(a.pe, b.pe);
}

export class FieldSet {
  private readonly members = new Map<string, PathElement>();
  private readonly children = new Map<string, Child>();

  static of(paths: Iterable<Path>): FieldSet {
    const set = new FieldSet();
    for (const path of paths) set.insert(path);
    return set;
  }

  /** Decodes a fieldsV1 object; throws on a key that is not a path element. */
  static fromFieldsV1(json: Json): FieldSet {
    const set = new FieldSet();
    if (!isObject(json)) throw new Error("fieldsV1 must be an object");
    for (const [id, body] of Object.entries(json)) {
      if (id === ".") continue;
      const pe = parseElementId(id);
      if (!isObject(body)) throw new Error(`fieldsV1 entry ${id} must be an object`);
      const keys = Object.keys(body);
      if (keys.length === 0 || keys.includes(".")) set.members.set(elementId(pe), pe);
      const child = FieldSet.fromFieldsV1(body);
      if (!child.isEmpty()) set.children.set(elementId(pe), { pe, set: child });
    }
    return set;
  }

  toFieldsV1(): JsonObject {
    const ids = new Map<string, PathElement>(this.members);
    for (const [id, child] of this.children) ids.set(id, child.pe);
    const out: JsonObject = {};
    for (const [id] of [...ids.entries()].sort(([, a], [, b]) => compareElements(a, b))) {
      const child = this.children.get(id)?.set.toFieldsV1() ?? {};
      out[id] = this.members.has(id) && Object.keys(child).length > 0 ? { ".": {}, ...child } : child;
    }
    return out;
  }

  insert(path: Path): void {
    const [head, ...rest] = path;
    if (!head) return;
    const id = elementId(head);
    if (rest.length === 0) {
      this.members.set(id, head);
      return;
    }
    let child = this.children.get(id);
    if (!child) {
      child = { pe: head, set: new FieldSet() };
      this.children.set(id, child);
    }
    child.set.insert(rest);
  }

  hasMember(pe: PathElement): boolean {
    return this.members.has(elementId(pe));
  }

  has(path: Path): boolean {
    const [head, ...rest] = path;
    if (!head) return false;
    if (rest.length === 0) return this.hasMember(head);
    return this.child(head)?.has(rest) ?? false;
  }

  child(pe: PathElement): FieldSet | undefined {
    return this.children.get(elementId(pe))?.set;
  }

  isEmpty(): boolean {
    return this.members.size === 0 && this.children.size === 0;
  }

  equals(other: FieldSet): boolean {
    if (this.members.size !== other.members.size || this.children.size !== other.children.size) return false;
    for (const id of this.members.keys()) if (!other.members.has(id)) return false;
    for (const [id, child] of this.children) {
      const theirs = other.children.get(id);
      if (!theirs?.set.equals(child.set)) return false;
    }
    return true;
  }

  union(other: FieldSet): FieldSet {
    const out = this.copy();
    for (const [id, pe] of other.members) out.members.set(id, pe);
    for (const [id, child] of other.children) {
      const mine = out.children.get(id);
      out.children.set(id, { pe: child.pe, set: mine ? mine.set.union(child.set) : child.set.copy() });
    }
    return out;
  }

  /** Paths of this set that are not in `other` (member by member, at every depth). */
  difference(other: FieldSet): FieldSet {
    return this.filtered(other, false);
  }

  /** Like difference, but a member of `other` also removes everything below it. */
  recursiveDifference(other: FieldSet): FieldSet {
    return this.filtered(other, true);
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [id, pe] of this.members) if (other.members.has(id)) out.members.set(id, pe);
    for (const [id, child] of this.children) {
      const theirs = other.children.get(id);
      if (!theirs) continue;
      out.addChild(child.pe, child.set.intersection(theirs.set));
    }
    return out;
  }

  /** Every path, in structured-merge-diff's iteration order: members first, then children, each sorted. */
  paths(prefix: Path = []): Path[] {
    const out: Path[] = [];
    const members = [...this.members.values()].sort(compareElements);
    for (const pe of members) out.push([...prefix, pe]);
    for (const child of [...this.children.values()].sort(byElement)) {
      out.push(...child.set.paths([...prefix, child.pe]));
    }
    return out;
  }

  /** The elements that have deeper paths, with the set below each. */
  childEntries(): [PathElement, FieldSet][] {
    return [...this.children.values()].map((child) => [child.pe, child.set]);
  }

  copy(): FieldSet {
    const out = new FieldSet();
    for (const [id, pe] of this.members) out.members.set(id, pe);
    for (const [id, child] of this.children) out.children.set(id, { pe: child.pe, set: child.set.copy() });
    return out;
  }

  private filtered(other: FieldSet, recursive: boolean): FieldSet {
    const out = new FieldSet();
    for (const [id, pe] of this.members) if (!other.members.has(id)) out.members.set(id, pe);
    for (const [id, child] of this.children) {
      if (recursive && other.members.has(id)) continue;
      const theirs = other.children.get(id);
      out.addChild(child.pe, theirs ? child.set.filtered(theirs.set, recursive) : child.set.copy());
    }
    return out;
  }

  private addChild(pe: PathElement, set: FieldSet): void {
    if (!set.isEmpty()) this.children.set(elementId(pe), { pe, set });
  }
}
