// Apply bodies are decoded as kube-apiserver does (sigs.k8s.io/yaml over go-yaml v2): YAML 1.1
// scalars, so unquoted y/n/yes/no/on/off are booleans and 0777 is octal, but timestamps stay
// strings and there are no sets, binaries or base-60 numbers. JSON is valid YAML and parses the same.
// A repeated key keeps its last value; strict decoding reports it as go-yaml does. Syntax error texts
// come from the `yaml` package, so only their prefix matches Go's.

import { isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type Tags } from "yaml";
import { badRequest } from "../errors.js";
import { goQuote } from "../gotext/quote.js";
import { isObject } from "../json.js";
import type { Json, JsonObject } from "../types.js";

const UNSUPPORTED_TAGS = new Set([
  "tag:yaml.org,2002:timestamp",
  "tag:yaml.org,2002:binary",
  "tag:yaml.org,2002:omap",
  "tag:yaml.org,2002:pairs",
  "tag:yaml.org,2002:set",
]);

function goYamlTags(tags: Tags): Tags {
  return tags.filter((tag) => {
    const def = tag as { tag?: string; format?: string };
    return !UNSUPPORTED_TAGS.has(def.tag ?? "") && def.format !== "TIME";
  });
}

function decodeError(detail: string): Error {
  return badRequest(`error decoding YAML: ${detail}`);
}

/** Non-finite floats cannot be encoded to JSON, which sigs.k8s.io/yaml does on the way. */
function checkFinite(value: Json): void {
  if (typeof value === "number" && !Number.isFinite(value)) {
    const text = Number.isNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";
    throw decodeError(`error converting YAML to JSON: json: unsupported value: ${text}`);
  }
  if (Array.isArray(value)) value.forEach(checkFinite);
  else if (isObject(value)) Object.values(value).forEach(checkFinite);
}

function goKindName(value: Json): string {
  if (Array.isArray(value)) return "array";
  return typeof value === "number" ? "number" : typeof value === "boolean" ? "bool" : "string";
}

function parseGoYaml(text: string, lineCounter?: LineCounter): ReturnType<typeof parseDocument> {
  return parseDocument(text, {
    version: "1.1",
    schema: "yaml-1.1",
    customTags: goYamlTags,
    uniqueKeys: false,
    merge: true,
    ...(lineCounter ? { lineCounter } : {}),
  });
}

/** YAML 1.1 semantics (097: unquoted y → true); JSON is YAML. Malformed input is the real server's 400. */
export function parseApplyBody(text: string): Json {
  const doc = parseGoYaml(text);
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0].line ?? 1;
    const summary = (error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
    throw decodeError(`error converting YAML to JSON: yaml: line ${line}: ${summary}`);
  }
  const value = (doc.toJS({ maxAliasCount: 100 }) ?? null) as Json;
  checkFinite(value);
  if (value === null) return {} satisfies JsonObject;
  if (!isObject(value)) {
    throw decodeError(
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${goKindName(value)} into Go value of type map[string]interface {}`,
    );
  }
  return value;
}

/** A map key as go-yaml's %#v prints it in "key … already set in map". */
function goKey(value: unknown): string {
  if (typeof value === "string") return goQuote(value);
  if (value === null || value === undefined) return "<nil>";
  return String(value);
}

/** What go-yaml v2's strict decoding reports, in its order; the value of a repeated key is not visited. */
class DuplicateKeyWalker {
  readonly problems: string[] = [];

  constructor(
    private readonly doc: ReturnType<typeof parseDocument>,
    private readonly lines: LineCounter,
  ) {}

  node(node: unknown): void {
    if (isAlias(node)) this.node(node.resolve(this.doc));
    else if (isSeq(node)) for (const item of node.items) this.node(item);
    else if (isMap(node)) this.map(node.items as { key: unknown; value: unknown }[]);
  }

  private map(pairs: readonly { key: unknown; value: unknown }[]): void {
    const seen = new Set<string>();
    for (const { key, value } of pairs) {
      if (!isScalar(key) || key.value === "<<") {
        this.node(value);
        continue;
      }
      const id = `${typeof key.value}:${String(key.value)}`;
      if (seen.has(id)) {
        const line = this.lines.linePos((key as Node).range?.[0] ?? 0).line;
        this.problems.push(`line ${line}: key ${goKey(key.value)} already set in map`);
        continue;
      }
      seen.add(id);
      this.node(value);
    }
  }
}

/**
 * The repeated keys of an apply body as go-yaml v2's UnmarshalStrict words them ("line 9: key
 * \"type\" already set in map"); empty when there are none. Keys repeated through merge keys (<<)
 * are not reported. Call it on a body parseApplyBody accepted.
 */
export function strictDecodingErrors(text: string): string[] {
  const lines = new LineCounter();
  const doc = parseGoYaml(text, lines);
  const walker = new DuplicateKeyWalker(doc, lines);
  walker.node(doc.contents);
  return walker.problems;
}
