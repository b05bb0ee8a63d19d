// Unknown-field pruning as apiextensions-apiserver's structural pruning does it, plus the ObjectMeta
// coercion that drops unknown metadata fields. The root and every x-kubernetes-embedded-resource keep
// apiVersion and kind untouched and prune metadata by the schema's metadata properties (the ObjectMeta
// schema once completed); without such properties metadata is kept as sent. Not modelled: the
// ObjectMeta round trip's normalisation (empty fields dropped) and its type errors.

import { isObject } from "../json.js";
import type { Json, JsonObject, Schema } from "../types.js";

export interface PruneOptions {
  /**
   * "sorted" (default): as the apiserver reports custom resources' unknown fields: unknown metadata
   * fields first, then the other pruned paths, each group sorted. "document": in the order the
   * fields appear, as Go's strict JSON decoder reports them for built-in kinds.
   */
  readonly order?: "sorted" | "document";
}

export interface PruneResult {
  /** A pruned copy; the input is not modified. */
  readonly value: Json;
  /** Paths as Warning headers and strict-decoding errors name them: "spec.bogus", "bogus", "spec.ports[0].x". */
  readonly unknownFields: string[];
}

const META_FIELDS = new Set(["apiVersion", "kind", "metadata"]);

/** Unknown metadata fields are reported apart from the other pruned paths. */
interface MetaSinks {
  readonly rootMeta: string[];
  readonly embeddedMeta: string[];
}

function childPath(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

/** The schema for values under additionalProperties: `true` prunes nested objects empty, as Go does. */
function additionalSchema(s: Schema): Schema | null | undefined {
  if (s.additionalProperties === undefined) return undefined;
  return typeof s.additionalProperties === "object" ? s.additionalProperties : null;
}

function propertyOf(s: Schema, key: string): Schema | undefined {
  return s.properties && Object.hasOwn(s.properties, key) ? s.properties[key] : undefined;
}

class Pruner {
  constructor(private readonly sinks: MetaSinks) {}

  prune(x: Json, s: Schema | null, path: string, sink: string[]): Json {
    if (s?.["x-kubernetes-preserve-unknown-fields"]) return this.skipPrune(x, s, path, sink);
    if (Array.isArray(x)) return x.map((v, i) => this.prune(v, s?.items ?? null, `${path}[${i}]`, sink));
    if (!isObject(x)) return x;
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(x)) {
      const kept = this.pruneField(key, value, s, path, sink);
      if (kept !== undefined) out[key] = kept;
    }
    return out;
  }

  /** The field's pruned value, or undefined when the field is unknown and dropped. */
  private pruneField(
    key: string,
    value: Json,
    s: Schema | null,
    path: string,
    sink: string[],
  ): Json | undefined {
    const at = childPath(path, key);
    if (s?.["x-kubernetes-embedded-resource"] && META_FIELDS.has(key))
      return this.typeMeta(key, value, s, at);
    const prop = s ? propertyOf(s, key) : undefined;
    if (prop) return this.prune(value, prop, at, sink);
    const additional = s ? additionalSchema(s) : undefined;
    if (additional !== undefined) return this.prune(value, additional, at, sink);
    sink.push(at);
    return undefined;
  }

  /** x-kubernetes-preserve-unknown-fields: known fields are still pruned below, unknown ones are kept. */
  private skipPrune(x: Json, s: Schema | null, path: string, sink: string[]): Json {
    if (s === null) return x;
    if (Array.isArray(x)) return x.map((v, i) => this.skipPrune(v, s.items ?? null, `${path}[${i}]`, sink));
    if (!isObject(x)) return x;
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(x)) {
      const at = childPath(path, key);
      const prop = propertyOf(s, key);
      const additional = additionalSchema(s);
      if (s["x-kubernetes-embedded-resource"] && META_FIELDS.has(key))
        out[key] = this.typeMeta(key, value, s, at);
      else if (prop) out[key] = this.prune(value, prop, at, sink);
      else if (additional !== undefined) out[key] = this.prune(value, additional, at, sink);
      else out[key] = value;
    }
    return out;
  }

  /** apiVersion and kind of a resource are never pruned; its metadata is coerced into ObjectMeta. */
  private typeMeta(key: string, value: Json, s: Schema, at: string): Json {
    const meta = key === "metadata" ? propertyOf(s, "metadata") : undefined;
    if (!meta?.properties) return value;
    const sink = at === "metadata" ? this.sinks.rootMeta : this.sinks.embeddedMeta;
    return this.prune(value, meta, at, sink);
  }
}

/**
 * Drops the fields a structural schema does not know. The root is treated as a resource (apiVersion,
 * kind, metadata). Works for built-in kinds' schemas too; use x-kubernetes-preserve-unknown-fields for
 * free-form values, since `additionalProperties: true` keeps scalars but empties nested objects.
 */
export function pruneUnknownFields(value: Json, schema: Schema, opts: PruneOptions = {}): PruneResult {
  const root: Schema = { ...schema, "x-kubernetes-embedded-resource": true };
  if (opts.order === "document") {
    const all: string[] = [];
    const pruned = new Pruner({ rootMeta: all, embeddedMeta: all }).prune(value, root, "", all);
    return { value: pruned, unknownFields: all };
  }
  const sinks: MetaSinks = { rootMeta: [], embeddedMeta: [] };
  const other: string[] = [];
  const pruned = new Pruner(sinks).prune(value, root, "", other);
  const unknownFields = [...sinks.rootMeta.sort(), ...other.sort(), ...sinks.embeddedMeta.sort()];
  return { value: pruned, unknownFields };
}
