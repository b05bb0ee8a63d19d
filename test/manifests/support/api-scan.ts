// Finds where src/ talks to an API server: calls of any method of client-node's generated API
// classes, createInformer(<resource constant>, ...) and raw getJson(...) reads. Generic entry points
// that would hide the resource (KubernetesObjectApi, makeInformer, Watch) are reported as such, so the
// table in api-calls.ts cannot silently miss them. Regex-based on purpose: it reads the code as
// written, and a false positive fails loudly rather than passing quietly.

import { readdirSync, readFileSync } from "node:fs";
import * as k8s from "@kubernetes/client-node";

export const REPO_ROOT = new URL("../../../", import.meta.url);

export interface FoundCall {
  file: string;
  call: string;
}

// Calls that reach the API without naming the resource at the call site; declarations excepted.
const GENERIC_ENTRY_POINTS =
  /(?<!function )\b(KubernetesObjectApi|makeInformer|makeApiClient|new Watch\(|apiListWatcher\(|streamWatch\()/g;
const INFORMER_CALL = /(?<!function )\bcreateInformer(?:<[^>]*>)?\(/g;
const INFORMER_OF_CONSTANT = /(?<!function )\bcreateInformer(?:<[^>]*>)?\(\s*[^,()]+,\s*([A-Z][A-Z0-9_]*)\b/g;

/** Every method of client-node's generated *Api classes (the generic KubernetesObjectApi aside). */
export function clientNodeApiMethods(): Set<string> {
  const names = new Set<string>();
  for (const [exported, value] of Object.entries(k8s)) {
    if (!exported.endsWith("Api") || exported === "KubernetesObjectApi" || typeof value !== "function")
      continue;
    for (const method of Object.getOwnPropertyNames(value.prototype)) {
      if (method !== "constructor") names.add(method);
    }
  }
  return names;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(new URL(dir, REPO_ROOT), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(`${path}/`);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

export function callsIn(text: string, apiMethods: ReadonlySet<string>): string[] {
  const calls = new Set<string>();
  for (const match of text.matchAll(/\.([A-Za-z]\w*)\(/g)) {
    const name = match[1] ?? "";
    if (apiMethods.has(name)) calls.add(name);
  }
  const informers = [...text.matchAll(INFORMER_OF_CONSTANT)];
  for (const match of informers) calls.add(`createInformer(${match[1]})`);
  // An informer whose resource is not a named constant cannot be looked up in the table.
  if ([...text.matchAll(INFORMER_CALL)].length > informers.length) calls.add("createInformer(?)");
  if (/\.getJson\(/.test(text)) calls.add("getJson");
  for (const match of text.matchAll(GENERIC_ENTRY_POINTS)) calls.add(`generic:${match[1]}`);
  return [...calls];
}

/** The API call sites of src/, except under `exclusions` (path prefixes). */
export function scanApiCalls(exclusions: readonly string[]): FoundCall[] {
  const apiMethods = clientNodeApiMethods();
  return sourceFiles("src/")
    .filter((file) => !exclusions.some((prefix) => file.startsWith(prefix)))
    .flatMap((file) => {
      const text = readFileSync(new URL(file, REPO_ROOT), "utf8");
      return callsIn(text, apiMethods).map((call) => ({ file, call }));
    });
}
