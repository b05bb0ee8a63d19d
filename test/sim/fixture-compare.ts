// Compares a sim response with a recorded one. Recorded values were normalized (README of
// ../shared/kube-fixtures): placeholders such as <uid>, <timestamp>, <clusterIP>, <continue> match
// any value of their shape, and resourceVersions are either opaque (<rv> matches any number) or,
// in the cases about resourceVersion semantics, relative (<rv>, <rv+3>, <rv-46>): each relative token
// is bound to the sim's value the first time it is seen and must then agree with every other
// binding in equality and order. Everything else must be equal (object key order aside).

export type Mismatches = string[];

const PLACEHOLDER =
  /<(rv(?:[+-]\d+)?|uid|timestamp|clusterIP|generated|continue|serverAddress|gitCommit|gitTreeState|goVersion)>/g;

const SHAPES: Readonly<Record<string, string>> = {
  uid: "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
  timestamp: "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:\\d{2})",
  clusterIP: "\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}",
  generated: "[bcdfghjklmnpqrstvwxz2456789]{5}",
  continue: "[A-Za-z0-9_=-]+",
  serverAddress: "[^\\s]+:\\d+",
  gitCommit: ".+",
  gitTreeState: ".+",
  goVersion: ".+",
};

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function rvOffset(token: string): number {
  const m = /^rv([+-]\d+)?$/.exec(token);
  return m?.[1] ? Number(m[1]) : 0;
}

/** Relative resourceVersion tokens of one group of cases, bound to the sim's values. */
export class RvBindings {
  private readonly values = new Map<number, number>();

  get(offset: number): number | undefined {
    return this.values.get(offset);
  }

  /** An independent copy (for comparisons that must not bind anything). */
  clone(): RvBindings {
    const copy = new RvBindings();
    for (const [k, v] of this.values) copy.values.set(k, v);
    return copy;
  }

  entries(): [number, number][] {
    return [...this.values.entries()].sort((a, b) => a[0] - b[0]);
  }

  /** Binds or checks one token; returns a problem description, or undefined when consistent. */
  bind(offset: number, value: number): string | undefined {
    const known = this.values.get(offset);
    if (known !== undefined) {
      return known === value ? undefined : `<rv${fmt(offset)}> is ${known} elsewhere but ${value} here`;
    }
    for (const [k, v] of this.values) {
      if (Math.sign(offset - k) !== Math.sign(value - v)) {
        return `<rv${fmt(offset)}>=${value} is out of order with <rv${fmt(k)}>=${v}`;
      }
    }
    this.values.set(offset, value);
    return undefined;
  }
}

function fmt(offset: number): string {
  return offset === 0 ? "" : offset > 0 ? `+${offset}` : String(offset);
}

export interface CompareContext {
  /** Relative bindings, or undefined when resourceVersions in this case are opaque. */
  readonly rv?: RvBindings;
  /** Receives each `<continue>` token seen. */
  onContinue?(token: string): void;
}

function matchPlaceholders(
  expected: string,
  actual: string,
  path: string,
  ctx: CompareContext,
  out: Mismatches,
): void {
  const tokens: string[] = [];
  let pattern = "^";
  let last = 0;
  for (const m of expected.matchAll(PLACEHOLDER)) {
    const token = m[1] ?? "";
    pattern += escapeRegex(expected.slice(last, m.index));
    pattern += token.startsWith("rv") ? "(\\d+)" : `(${SHAPES[token]})`;
    tokens.push(token);
    last = (m.index ?? 0) + m[0].length;
  }
  pattern += `${escapeRegex(expected.slice(last))}$`;
  const found = new RegExp(pattern, "s").exec(actual);
  if (!found) {
    out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    return;
  }
  tokens.forEach((token, i) => {
    const value = found[i + 1] ?? "";
    if (token === "continue") ctx.onContinue?.(value);
    if (token.startsWith("rv") && ctx.rv) {
      const problem = ctx.rv.bind(rvOffset(token), Number(value));
      if (problem) out.push(`${path}: ${problem}`);
    }
  });
}

function typeName(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}

/** Deep comparison of a recorded value (with placeholders) and an actual one. */
export function compareValue(
  expected: unknown,
  actual: unknown,
  path: string,
  ctx: CompareContext,
  out: Mismatches,
): void {
  if (typeof expected === "string" && typeof actual === "string" && expected !== actual) {
    if (expected.includes("<")) matchPlaceholders(expected, actual, path, ctx, out);
    else out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    return;
  }
  if (typeName(expected) !== typeName(actual)) {
    out.push(
      `${path}: expected ${JSON.stringify(expected)?.slice(0, 200)}, got ${JSON.stringify(actual)?.slice(0, 200)}`,
    );
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) {
      out.push(`${path}: expected ${expected.length} items, got ${actual.length}`);
      return;
    }
    expected.forEach((e, i) => {
      compareValue(e, actual[i], `${path}[${i}]`, ctx, out);
    });
    return;
  }
  if (expected !== null && typeof expected === "object") {
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      if (!(key in a)) out.push(`${path}.${key}: missing`);
      else compareValue(e[key], a[key], `${path}.${key}`, ctx, out);
    }
    for (const key of Object.keys(a)) {
      if (!(key in e)) out.push(`${path}.${key}: unexpected ${JSON.stringify(a[key])?.slice(0, 200)}`);
    }
    return;
  }
  if (expected !== actual)
    out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
