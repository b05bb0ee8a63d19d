// Serialization of stored objects, done once per object version and shared by every list and
// watcher that sends it: stored objects are immutable (the storage hands out frozen instances), so
// their JSON can be cached by identity and dropped with them.

import type { KubeObject } from "../types.js";

export class ObjectEncoder {
  private readonly full = new WeakMap<KubeObject, string>();
  private readonly bare = new WeakMap<KubeObject, string>();

  /** The object's JSON as a GET or watch event carries it (apiVersion and kind included). */
  json(obj: KubeObject): string {
    let text = this.full.get(obj);
    if (text === undefined) {
      text = JSON.stringify(obj);
      this.full.set(obj, text);
    }
    return text;
  }

  /** A list item: built-in kinds drop apiVersion/kind inside lists, custom resources keep them. */
  item(obj: KubeObject, keepTypeMeta: boolean): string {
    if (keepTypeMeta) return this.json(obj);
    let text = this.bare.get(obj);
    if (text === undefined) {
      const { apiVersion: _apiVersion, kind: _kind, ...rest } = obj;
      text = JSON.stringify(rest);
      this.bare.set(obj, text);
    }
    return text;
  }
}
