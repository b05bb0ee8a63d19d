// Loads the YAML documents under manifests/ for the consistency tests: every file is parsed as a
// multi-document stream with the `yaml` package, and any parse error or warning fails the load (kubectl
// would refuse or misread such a file). Objects are returned as plain data, typed only where read.

import { readdirSync, readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

export const MANIFESTS_DIR = new URL("../../../manifests/", import.meta.url);

/** The namespace the local manifests install into (DESIGN.md's default for `--namespace`). */
export const DAEMON_NAMESPACE = "svcmirror-system";

export interface ManifestObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/** The .yaml files directly under manifests/, sorted. */
export function manifestFiles(): string[] {
  return readdirSync(MANIFESTS_DIR)
    .filter((name) => name.endsWith(".yaml") || name.endsWith(".yml"))
    .sort();
}

export function manifestText(file: string): string {
  return readFileSync(new URL(file, MANIFESTS_DIR), "utf8");
}

/** Parses every non-empty document of `text`; throws on the first error or warning. */
export function parseManifests(text: string, origin: string): ManifestObject[] {
  const objects: ManifestObject[] = [];
  for (const [i, doc] of parseAllDocuments(text).entries()) {
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem !== undefined) throw new Error(`${origin} document ${i}: ${problem.message}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    objects.push(value as ManifestObject);
  }
  return objects;
}

export function loadManifest(file: string): ManifestObject[] {
  return parseManifests(manifestText(file), `manifests/${file}`);
}

/** The one object of `kind` named `name`; throws naming what is missing. */
export function findObject<T = ManifestObject>(
  objects: readonly ManifestObject[],
  kind: string,
  name: string,
): ManifestObject & T {
  const found = objects.filter((o) => o.kind === kind && o.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0] as ManifestObject & T;
}

export function objectsOfKind<T = ManifestObject>(
  objects: readonly ManifestObject[],
  kind: string,
): (ManifestObject & T)[] {
  return objects.filter((o) => o.kind === kind) as (ManifestObject & T)[];
}
