// What the request pipeline tells the field manager about a write: who writes, through which
// version and endpoint, when, and the kind's schema.

import type { Schema } from "../types.js";
import type { FieldSet } from "./fieldset.js";
import { resetFieldSet } from "./managed.js";

export interface FieldManagerOptions {
  manager: string;
  /** The version of the endpoint written through, e.g. "v1" or "coordination.k8s.io/v1". */
  apiVersion: string;
  /** The server clock as RFC 3339 with second precision; becomes the entry's `time`. */
  time: string;
  /** "status" for writes through /status; absent for the main resource. */
  subresource?: string;
  schema: Schema;
  /**
   * Top-level fields the endpoint's strategy resets (apiserver's GetResetFields), which no manager
   * can own through it. Default: ["spec"] on /status and ["status"] elsewhere, right for every kind
   * with a status subresource and harmless for kinds without status; pass [] for a custom
   * resource whose CRD has no status subresource.
   */
  resetFields?: readonly string[];
}

export interface ApplyOptions extends FieldManagerOptions {
  force: boolean;
  /** The kind served at this endpoint; when given, a configuration of another kind is a 400. */
  kind?: string;
}

export function ignoredFields(opts: FieldManagerOptions): FieldSet {
  const defaults = opts.subresource === "status" ? ["spec"] : ["status"];
  return resetFieldSet(opts.resetFields ?? defaults);
}
