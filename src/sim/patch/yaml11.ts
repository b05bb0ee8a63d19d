// Apply bodies are decoded as kube-apiserver does (sigs.k8s.io/yaml over go-yaml v2): YAML 1.1
// scalars, so unquoted y/n/yes/no/on/off are booleans and 0777 is octal, but timestamps stay
// strings and there are no sets, binaries or base-60 numbers. JSON is valid YAML and parses the same.
// Syntax error texts come from the `yaml` package, so only their prefix matches Go's.

import { parseDocument, type Tags } from "yaml";
import { badRequest } from "../errors.js";
import type { Json, JsonObject } from "../types.js";
import { isObject } from "./json.js";

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

/** YAML 1.1 semantics (097: unquoted y → true); JSON is YAML. Malformed input is the real server's 400. */
export function parseApplyBody(text: string): Json {
  const doc = parseDocument(text, {
    version: "1.1",
    schema: "yaml-1.1",
    customTags: goYamlTags,
    uniqueKeys: false,
    merge: true,
  });
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
