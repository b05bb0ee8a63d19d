// Shared by Secret and ConfigMap: base64 maps decoded like Go's []byte fields, the 1 MiB payload
// limit, and the freeze an `immutable: true` object is under.

import { DecodeError } from "../errors.js";
import { fieldError } from "../fielderrors.js";
import { deepEqual } from "../json.js";
import type { FieldError, KubeObject } from "../types.js";
import { base64Error, decodeGoBase64 } from "./gobase64.js";

export const MAX_SECRET_SIZE_B = 1024 * 1024;

/**
 * Decodes every value of a base64 map in input order and re-encodes it canonically, as a
 * round trip through []byte does. Throws DecodeError on the first bad value.
 */
export function decodeBytesMap(map: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(map)) {
    if (typeof value !== "string") continue;
    const result = decodeGoBase64(value);
    if (!result.ok) throw new DecodeError(base64Error(result.offset));
    map[key] = result.bytes.toString("base64");
  }
}

/** Immutable objects (`immutable: true`) may not change the listed fields nor drop the flag. */
export function immutableObjectErrors(
  obj: KubeObject,
  old: KubeObject,
  fields: readonly string[],
): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (obj.immutable !== true)
    errs.push(fieldError.forbidden("immutable", "field is immutable when `immutable` is set"));
  for (const field of fields) {
    if (!deepEqual(obj[field] ?? {}, old[field] ?? {})) {
      errs.push(fieldError.forbidden(field, "field is immutable when `immutable` is set"));
    }
  }
  return errs;
}
