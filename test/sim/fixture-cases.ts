// The recorded kube-apiserver cases (../shared/kube-fixtures/cases) and the facts about them that
// the recording does not state in machine-readable form: which cases use relative resourceVersions
// and how they group, the bodies the normalizer altered, and the steps the recorder took between
// cases without recording them.

import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export interface RecordedAction {
  readonly t: number;
  readonly request: string;
  readonly status: number;
  readonly contentType?: string;
  readonly body?: unknown;
}

export interface FixtureCase {
  readonly name: string;
  readonly number: number;
  readonly description: string;
  readonly notes?: string;
  readonly request: {
    readonly method: string;
    readonly path: string;
    readonly headers?: Readonly<Record<string, string>>;
    readonly body: unknown;
  };
  readonly response: {
    readonly status: number;
    readonly headers?: Readonly<Record<string, string | string[]>>;
    readonly body: unknown;
  };
  readonly stream?: readonly { type: string; object: unknown }[];
  readonly actions?: readonly RecordedAction[];
  readonly streamEnd?: string;
  readonly streamEventTimes?: readonly number[];
}

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES_DIR = resolve(here, "../../../shared/kube-fixtures/cases");

export function loadCases(dir: string = FIXTURES_DIR): FixtureCase[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}-.*\.json$/.test(f))
    .sort()
    .map((f) => {
      const parsed = JSON.parse(readFileSync(join(dir, f), "utf8")) as Omit<FixtureCase, "number">;
      return { ...parsed, number: Number(f.slice(0, 3)) };
    });
}

export function isWatchCase(c: FixtureCase): boolean {
  return c.stream !== undefined || /[?&]watch=(1|true)/.test(c.request.path);
}

/**
 * How the relative resourceVersions of a case are tied to others. Cases not listed use opaque <rv>.
 * `seed` names a binding the group starts with, taken from an earlier case's actual answer.
 */
export type RvGroup =
  | { readonly id: string }
  | { readonly id: string; readonly seedFrom: { readonly case: number; readonly path: readonly string[] } }
  | { readonly id: string; readonly seedOldestWatchRv: true };

export function rvGroupOf(n: number): RvGroup | undefined {
  if ([59, 62, 63, 94, 104].includes(n)) return { id: `case-${n}` };
  // 169's body carries the <rv> the renew in 168 carried.
  if (n === 168 || n === 169) return { id: "lease-renew" };
  // 176 tests against the resourceVersion lease-get (167) returned.
  if (n === 176) return { id: "lease-cas", seedFrom: { case: 167, path: ["metadata", "resourceVersion"] } };
  // 254/255: <rv> is the oldest servable resourceVersion quoted by 253's 410 message.
  if (n === 254 || n === 255) return { id: "watch-oldest", seedOldestWatchRv: true };
  // 248 (default/kubernetes, created at start-up) is the one watch-group case with opaque <rv>.
  if (n >= 237 && n <= 268 && n !== 248) return { id: "watch" };
  return undefined;
}

/** `<EndpointSlice NAME, addressType T, N endpoints {addresses:[A.B.(i/250).(i%250+1)]…} for i=0..M, one port P/PORT/PROTO>` */
export function generateBody(description: string): Record<string, unknown> {
  const m =
    /^<EndpointSlice (\S+), addressType (\w+), (\d+) endpoints \{addresses:\[([^\]]+)\](, conditions:\{ready:true\})?\} for i=0\.\.(\d+), one port (\w+)\/(\d+)\/(\w+)>$/.exec(
      description,
    );
  if (!m) throw new Error(`cannot regenerate body from ${description}`);
  const [, name, addressType, , addressPattern, withReady, last, portName, port, protocol] = m;
  const address = (i: number): string =>
    (addressPattern ?? "").replace(/\(([^)]+)\)/g, (_all, expr: string) => {
      const e = /^i(?:([/%+])(\d+))?(?:([+])(\d+))?$/.exec(expr.replace(/\s/g, ""));
      if (!e) throw new Error(`unsupported expression ${expr}`);
      let v = i;
      if (e[1] === "/") v = Math.floor(v / Number(e[2]));
      else if (e[1] === "%") v = v % Number(e[2]);
      else if (e[1] === "+") v = v + Number(e[2]);
      if (e[3] === "+") v += Number(e[4]);
      return String(v);
    });
  const endpoints = Array.from({ length: Number(last) + 1 }, (_, i) => {
    const ep: Record<string, unknown> = { addresses: [address(i)] };
    if (withReady) ep.conditions = { ready: true };
    return ep;
  });
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name },
    addressType,
    endpoints,
    ports: [{ name: portName, port: Number(port), protocol }],
  };
}

/**
 * Request bodies whose client-chosen values the normalizer replaced by placeholders; the recorded
 * error messages show what was sent.
 */
export const REQUESTED_VALUES: Readonly<Record<number, (body: Record<string, unknown>) => void>> = {
  64: (body) => {
    const spec = body.spec as Record<string, unknown>;
    spec.clusterIP = "10.96.200.200";
    spec.clusterIPs = ["10.96.200.200"];
  },
  65: (body) => {
    (body.spec as Record<string, unknown>).clusterIP = "10.96.200.200";
  },
  78: (body) => {
    (body.spec as Record<string, unknown>).clusterIP = "192.168.1.1";
  },
};

/**
 * The continue token of 058 was garbage whose base64url decoding starts with byte 0x9e (the
 * recorded message quotes '\u009e'): any token starting with "not" decodes that way.
 */
export const GARBAGE_CONTINUE = "notavalidtoken";

export const FIXTURE_USER_AGENT = "fixture-recorder/v1.0.0 (linux/amd64) kubernetes/0000000";
