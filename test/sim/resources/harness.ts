// Drives a ResourceKind's hooks the way the request pipeline does (decode, defaults, prepare,
// validate) on fixture request bodies, and renders the outcome like the real server's response
// body, so tests can compare against kube-fixtures recorded from kube-apiserver v1.28.

import { readdirSync, readFileSync } from "node:fs";
import { invalid } from "../../../src/sim/errors.js";
import { builtinKinds } from "../../../src/sim/resources/index.js";
import type { FieldError, KubeObject, ResourceKind, WriteContext } from "../../../src/sim/types.js";

const CASES_DIR = new URL("../../../../shared/kube-fixtures/cases/", import.meta.url);

export interface FixtureCase {
  name: string;
  request: { method: string; path: string; body: unknown };
  response: { status: number; headers?: Record<string, string | string[]>; body: unknown };
}

/** The fixture whose file name starts with `number` (e.g. "034"). */
export function loadCase(number: string): FixtureCase {
  const file = readdirSync(CASES_DIR).find((f) => f.startsWith(`${number}-`));
  if (!file) throw new Error(`no fixture ${number}`);
  return JSON.parse(readFileSync(new URL(file, CASES_DIR), "utf8")) as FixtureCase;
}

export function requestBody(c: FixtureCase): KubeObject {
  return structuredClone(c.request.body) as KubeObject;
}

export function responseBody(c: FixtureCase): Record<string, unknown> {
  return structuredClone(c.response.body) as Record<string, unknown>;
}

/** The namespace segment of a request path, if any. */
export function namespaceOf(path: string): string | undefined {
  return /\/namespaces\/([^/?]+)\/[^/?]+/.exec(path)?.[1];
}

export type Outcome = { kind: "ok"; obj: KubeObject } | { kind: "invalid"; errors: FieldError[] };

const now = "2026-01-01T00:00:00Z";

export function ctx(dryRun = false): WriteContext {
  return { dryRun, now };
}

function fillSystemFields(obj: KubeObject, namespace: string | undefined, uid: string): void {
  obj.metadata ??= {};
  if (namespace !== undefined) obj.metadata.namespace = namespace;
  obj.metadata.uid = uid;
  obj.metadata.creationTimestamp = "<timestamp>";
}

let uidCounter = 0;

/** Create through the hooks: decode, defaults, system fields, prepareForCreate, validateCreate. */
export function create(
  kind: ResourceKind,
  body: KubeObject,
  opts: { namespace?: string; dryRun?: boolean } = {},
): Outcome {
  const obj = structuredClone(body);
  kind.decode?.(obj);
  kind.applyDefaults?.(obj);
  uidCounter += 1;
  fillSystemFields(obj, opts.namespace, `uid-${uidCounter}`);
  const context = ctx(opts.dryRun);
  kind.prepareForCreate?.(obj, context);
  const errors = kind.validateCreate(obj, context);
  if (errors.length > 0) return { kind: "invalid", errors };
  obj.metadata.resourceVersion = "<rv>";
  return { kind: "ok", obj };
}

/** Update through the hooks: decode, defaults, prepareForUpdate, validateUpdate. */
export function update(kind: ResourceKind, body: KubeObject, old: KubeObject): Outcome {
  const obj = structuredClone(body);
  kind.decode?.(obj);
  kind.applyDefaults?.(obj);
  obj.metadata.uid ||= old.metadata.uid;
  obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
  obj.metadata.resourceVersion ||= old.metadata.resourceVersion;
  const context = ctx();
  kind.prepareForUpdate?.(obj, old, context);
  const errors = kind.validateUpdate(obj, old, context);
  if (errors.length > 0) return { kind: "invalid", errors };
  return { kind: "ok", obj };
}

export function expectOk(outcome: Outcome): KubeObject {
  if (outcome.kind !== "ok") throw new Error(`expected success, got ${JSON.stringify(outcome.errors)}`);
  return outcome.obj;
}

/** The 422 body the pipeline would send for these errors. */
export function invalidBody(kind: ResourceKind, name: string, errors: FieldError[]): unknown {
  return invalid({ group: kind.group, kind: kind.kind }, name, errors).status;
}

/** A response body without what the field manager and the pipeline add (managedFields, type meta). */
export function withoutPipelineFields(body: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(body);
  delete copy.kind;
  delete copy.apiVersion;
  const meta = copy.metadata as Record<string, unknown> | undefined;
  if (meta) delete meta.managedFields;
  return copy;
}

/** Replaces server-allocated cluster IPs with the fixtures' placeholder. */
export function normalizeClusterIPs(obj: KubeObject, requested: readonly string[] = []): KubeObject {
  const copy = structuredClone(obj);
  const spec = copy.spec as Record<string, unknown> | undefined;
  if (!spec) return copy;
  const hide = (ip: unknown): unknown =>
    ip === "None" || requested.includes(ip as string) ? ip : "<clusterIP>";
  if (typeof spec.clusterIP === "string") spec.clusterIP = hide(spec.clusterIP);
  if (Array.isArray(spec.clusterIPs)) spec.clusterIPs = spec.clusterIPs.map(hide);
  return copy;
}

/** The built-in kind of this name (e.g. "Lease"). */
export function builtinKind(name: string): ResourceKind {
  const kind = builtinKinds().find((k) => k.kind === name);
  if (!kind) throw new Error(`no ${name} kind`);
  return kind;
}

/**
 * The object as a fixture shows it once the pipeline's fields are set aside: the uid (and the named
 * metadata timestamps) as placeholders, no kind or apiVersion.
 */
export function rendered(obj: KubeObject, timestamps: readonly string[] = []): Record<string, unknown> {
  const out = structuredClone(obj) as unknown as Record<string, unknown>;
  const meta = out.metadata as Record<string, unknown>;
  meta.uid = "<uid>";
  for (const key of timestamps) if (meta[key]) meta[key] = "<timestamp>";
  delete out.kind;
  delete out.apiVersion;
  return out;
}
