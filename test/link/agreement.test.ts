// The zod schema and manifests/crd-link.yaml must judge every Link alike. The CRD side runs the sim's
// custom-resource pipeline as the API server does on a create (prune, default, prepare, validate) and,
// when the example has a status, on a following PUT of /status. The zod side runs what parseLink runs
// before its semantic rules: null fields dropped, then linkSchema.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderIssue } from "../../src/link/issues.js";
import { linkSchema, withoutNullFields } from "../../src/link/schema.js";
import { kindFromCRD, pruneUnknownFields } from "../../src/sim/schema/index.js";
import type { Json, KubeObject, WriteContext } from "../../src/sim/types.js";
import { type AgreementCase, agreementCases } from "./agreement-cases.js";

const crd = parse(
  readFileSync(new URL("../../manifests/crd-link.yaml", import.meta.url), "utf8"),
) as KubeObject;
const kind = kindFromCRD(crd, "v1alpha1");
const ctx: WriteContext = { dryRun: false, now: "2026-01-01T00:00:00Z" };

interface Verdict {
  readonly valid: boolean;
  /** Fields the judge named (zod: its first issue; the sim: every cause, status causes prefixed). */
  readonly fields: string[];
  readonly spec?: unknown;
  readonly status?: unknown;
}

function zodVerdict(object: unknown): Verdict {
  const parsed = linkSchema.safeParse(withoutNullFields(object), { reportInput: true });
  if (parsed.success) return { valid: true, fields: [], spec: parsed.data.spec, status: parsed.data.status };
  const issue = parsed.error.issues[0];
  return { valid: false, fields: issue ? [renderIssue(issue).field] : [] };
}

/** Decoding as the apiserver does it for a custom resource: unknown fields pruned, then defaults. */
function decode(object: unknown): KubeObject {
  const pruned = pruneUnknownFields(structuredClone(object) as Json, kind.schema)
    .value as unknown as KubeObject;
  kind.applyDefaults?.(pruned);
  return pruned;
}

function create(object: unknown): { stored: KubeObject; errors: string[] } {
  const stored = decode(object);
  kind.prepareForCreate?.(stored, ctx);
  return { stored, errors: kind.validateCreate(stored, ctx).map((e) => e.field) };
}

/**
 * PUT /status with the example's status over the created object. Schema causes come rooted at the
 * status ("conditions[0].status", fixture 219); list-type causes name the whole-object path.
 */
function updateStatus(
  stored: KubeObject,
  object: Record<string, unknown>,
): { status: unknown; errors: string[] } {
  const old: KubeObject = {
    ...structuredClone(stored),
    metadata: { ...stored.metadata, uid: "u-1", resourceVersion: "1", creationTimestamp: ctx.now },
  };
  const next = decode({ ...structuredClone(old), status: object.status });
  const prepare = kind.prepareForSubresourceUpdate;
  const validate = kind.validateSubresourceUpdate;
  if (prepare === undefined || validate === undefined) throw new Error("the Link CRD serves no /status");
  prepare("status", next, old, ctx);
  const errors = validate("status", next, old, ctx).map((e) => {
    if (e.field === "" || e.field === "status") return "status";
    return e.field.startsWith("status.") ? e.field : `status.${e.field}`;
  });
  return { status: next.status, errors };
}

function simVerdict(object: Record<string, unknown>): Verdict {
  const created = create(object);
  if (created.errors.length > 0 || !Object.hasOwn(object, "status")) {
    return { valid: created.errors.length === 0, fields: created.errors, spec: created.stored.spec };
  }
  const updated = updateStatus(created.stored, object);
  return {
    valid: updated.errors.length === 0,
    fields: updated.errors,
    spec: created.stored.spec,
    status: updated.status,
  };
}

describe("the zod schema and the CRD (as the sim serves it) judge every example alike", () => {
  it.each(agreementCases)("$name", ({ object, valid, field }: AgreementCase) => {
    const zod = zodVerdict(object);
    const sim = simVerdict(object);
    expect({ zod: zod.valid, sim: sim.valid }).toEqual({ zod: valid, sim: valid });
    if (!valid) {
      expect(zod.fields).toEqual([field]);
      expect(sim.fields).toContain(field);
      return;
    }
    // Same pruning and defaulting: the stored spec and status are what zod hands the controller.
    expect(zod.spec).toEqual(sim.spec);
    if (sim.status !== undefined || zod.status !== undefined) expect(zod.status).toEqual(sim.status);
  });

  it("covers every kind of rule on both sides", () => {
    const names = agreementCases.map((c) => c.name).join("\n");
    for (const topic of [
      "pruned",
      "default",
      "null",
      "enum",
      "missing",
      "characters",
      "negative",
      "a string",
    ]) {
      expect(names).toContain(topic);
    }
    expect(agreementCases.filter((c) => c.valid).length).toBeGreaterThan(20);
    expect(agreementCases.filter((c) => !c.valid).length).toBeGreaterThan(60);
  });
});
