// The JSON text of a patched object as kube-apiserver prints it inside a 422 (fixture 173). The
// patch library decodes only the parts of the document the patch reaches into Go maps, which
// re-encode with sorted keys; every untouched part keeps the stored object's field order.

import { isObject } from "../../json.js";
import type { Json } from "../../types.js";

function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(",")}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJson(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * `result` is the patched value, `live` the stored one (in Go's order) and `touched` the shape of what
 * the patch addressed: an object node recurses, anything else marks a replaced (sorted) subtree.
 */
export function patchedJson(result: unknown, live: unknown, touched: unknown): string {
  if (touched === undefined) {
    return JSON.stringify(live === undefined ? result : live) ?? "null";
  }
  if (!isObject(touched) || !isObject(result)) return sortedJson(result);
  const liveObject = isObject(live) ? live : {};
  const keys = Object.keys(result).sort();
  const parts = keys.map((k) => {
    const sameAsLive = !(k in touched) && k in liveObject;
    const text = sameAsLive
      ? JSON.stringify(liveObject[k])
      : patchedJson(result[k], liveObject[k], touched[k] ?? null);
    return `${JSON.stringify(k)}:${text}`;
  });
  return `{${parts.join(",")}}`;
}

/** The shape a JSON patch addresses: every operation path marks the nodes on its way. */
export function touchedByJsonPatch(ops: unknown): Record<string, Json> {
  const root: Record<string, Json> = {};
  if (!Array.isArray(ops)) return root;
  for (const op of ops) {
    if (!isObject(op) || typeof op.path !== "string") continue;
    const segments = op.path
      .split("/")
      .slice(1)
      .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    let node: Record<string, Json> = root;
    segments.forEach((segment, i) => {
      if (i === segments.length - 1) {
        node[segment] = null;
        return;
      }
      const next = node[segment];
      if (!isObject(next)) node[segment] = {};
      node = node[segment] as Record<string, Json>;
    });
  }
  return root;
}
