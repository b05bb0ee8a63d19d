import { describe, expect, it } from "vitest";
import { renderIssue } from "../../src/link/issues.js";
import { linkSchema } from "../../src/link/schema.js";
import { agreementCases } from "./agreement-cases.js";

function zodVerdict(object: unknown): { valid: boolean; field?: string; value?: unknown } {
  const parsed = linkSchema.safeParse(object, { reportInput: true });
  if (parsed.success) return { valid: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { valid: false, ...(issue ? { field: renderIssue(issue).field } : {}) };
}

describe("zod judges every agreement example as the table says", () => {
  it.each(agreementCases)("$name", ({ object, valid, field }) => {
    const verdict = zodVerdict(object);
    expect(verdict.valid).toBe(valid);
    if (!valid) expect(verdict.field).toBe(field);
  });
});
