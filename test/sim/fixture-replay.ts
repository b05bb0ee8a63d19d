// Replays recorded cases against a running sim and reports every difference. Requests are rebuilt
// from the recording (headers the recorder always sent, placeholders in paths and bodies resolved
// against the sim's current state, relative resourceVersions mapped through their bindings); watch
// cases open the stream, perform the recorded actions at their recorded times and compare events.

import { randomUUID } from "node:crypto";
import { parse as parseYaml } from "yaml";
import {
  FIXTURE_USER_AGENT,
  type FixtureCase,
  GARBAGE_CONTINUE,
  generateBody,
  REQUESTED_VALUES,
  type RecordedAction,
  rvGroupOf,
} from "./fixture-cases.js";
import {
  type CompareContext,
  compareValue,
  type Mismatches,
  RvBindings,
  rvOffset,
} from "./fixture-compare.js";
import { openStream, type RawResponse, send } from "./http-client.js";

export interface ReplayTarget {
  readonly url: string;
  readonly adminToken: string;
  readonly userToken: string;
  readonly ca?: string;
  /** Compacts the sim's storage at its current revision (what the recorder did before 257). */
  compactStorage(): void;
  /** Moves the sim's wall clock on as the recorder's had moved by the time of this case. */
  enterCase(caseNumber: number): void;
  /** Resolves when the sim's clock is `offsetMs` into a second (its bookmark ticks fall at 500 ms). */
  intoSecond(offsetMs: number): Promise<void>;
}

const RV_TOKEN = /<rv([+-]\d+)?>/g;
/** Distance beyond the last known binding from which an offset means "deliberately in the future". */
const FUTURE_OFFSET = 1000;

function authorizationFor(c: FixtureCase, target: ReplayTarget): string | undefined {
  const given = c.request.headers?.Authorization;
  if (given?.includes("invalid")) return "Bearer not-a-token-this-sim-knows";
  if (given?.includes("realkube-user")) return `Bearer ${target.userToken}`;
  if (c.notes?.includes("without any Authorization header")) return undefined;
  return `Bearer ${target.adminToken}`;
}

function getPath(value: unknown, path: readonly (string | number)[]): unknown {
  let cur = value;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

/** The differences from what was expected, and from the recording itself (they coincide unless adjusted). */
export interface Outcome {
  readonly mismatches: Mismatches;
  readonly recordedMismatches: Mismatches;
}

export class Replayer {
  private readonly groups = new Map<string, RvBindings>();
  private readonly responses = new Map<number, unknown>();
  private lastContinue: string | undefined;
  private oldestWatchRv: number | undefined;

  constructor(private readonly target: ReplayTarget) {}

  private headers(c: FixtureCase, extra: Record<string, string> = {}): Record<string, string> {
    const headers: Record<string, string> = {
      "User-Agent": FIXTURE_USER_AGENT,
      "Accept-Encoding": "identity",
    };
    for (const [k, v] of Object.entries(c.request.headers ?? {})) if (k !== "Authorization") headers[k] = v;
    const auth = authorizationFor(c, this.target);
    if (auth) headers.Authorization = auth;
    return { ...headers, ...extra };
  }

  private adminGet(path: string): Promise<RawResponse> {
    return send({
      method: "GET",
      url: this.target.url + path,
      headers: { Authorization: `Bearer ${this.target.adminToken}`, Accept: "application/json" },
      ...(this.target.ca ? { ca: this.target.ca } : {}),
    });
  }

  private async currentRevision(): Promise<number> {
    const res = await this.adminGet("/api/v1/namespaces?limit=1");
    return Number(
      (JSON.parse(res.body.toString()) as { metadata: { resourceVersion: string } }).metadata.resourceVersion,
    );
  }

  /** The object a write addresses, as stored now (undefined for collections and missing objects). */
  private async currentObject(c: FixtureCase): Promise<Record<string, unknown> | undefined> {
    if (!["PUT", "PATCH", "DELETE"].includes(c.request.method)) return undefined;
    const objectPath = c.request.path.split("?")[0]?.replace(/\/(status|finalize)$/, "") ?? c.request.path;
    const res = await this.adminGet(objectPath);
    if (res.status !== 200) return undefined;
    const obj = JSON.parse(res.body.toString()) as Record<string, unknown>;
    return String(obj.kind ?? "").endsWith("List") ? undefined : obj;
  }

  private bindings(c: FixtureCase): RvBindings | undefined {
    const group = rvGroupOf(c.number);
    if (!group) return undefined;
    let rv = this.groups.get(group.id);
    if (!rv) {
      rv = new RvBindings();
      this.groups.set(group.id, rv);
      if ("seedFrom" in group) {
        const seeded = getPath(this.responses.get(group.seedFrom.case), group.seedFrom.path);
        if (typeof seeded === "string") rv.bind(0, Number(seeded));
      }
      if ("seedOldestWatchRv" in group && this.oldestWatchRv !== undefined) rv.bind(0, this.oldestWatchRv);
    }
    return rv;
  }

  /**
   * The sim value a relative token stands for in a request, bound on first use: <rv> is the target's
   * current resourceVersion (bound before the request) or else the current revision; <rv-N> lies N
   * below <rv>; <rv+N> is "now" unless it lies far beyond every known binding (a deliberate future).
   */
  private async resolveRv(offset: number, rv: RvBindings): Promise<number> {
    const known = rv.get(offset);
    if (known !== undefined) return known;
    let value: number;
    if (offset === 0) {
      value = await this.currentRevision();
    } else if (offset < 0) {
      value = Math.max(1, (await this.resolveRv(0, rv)) + offset);
    } else {
      const below = rv.entries().filter(([k]) => k < offset);
      const [k1, v1] = below[below.length - 1] ?? [0, await this.currentRevision()];
      value = offset - k1 > FUTURE_OFFSET ? v1 + (offset - k1) : await this.currentRevision();
    }
    rv.bind(offset, value);
    return value;
  }

  private async substituteRvs(
    text: string,
    rv: RvBindings | undefined,
    opaque: () => string,
  ): Promise<string> {
    let out = "";
    let last = 0;
    for (const m of text.matchAll(RV_TOKEN)) {
      out += text.slice(last, m.index);
      out += rv ? String(await this.resolveRv(rvOffset(m[0].slice(1, -1)), rv)) : opaque();
      last = (m.index ?? 0) + m[0].length;
    }
    return out + text.slice(last);
  }

  /** Placeholders in a request body take the value at the same path of the stored object. */
  private async resolveBody(
    value: unknown,
    path: (string | number)[],
    current: unknown,
    rv: RvBindings | undefined,
  ): Promise<unknown> {
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (const [i, v] of value.entries()) out.push(await this.resolveBody(v, [...path, i], current, rv));
      return out;
    }
    if (value !== null && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value))
        out[k] = await this.resolveBody(v, [...path, k], current, rv);
      return out;
    }
    if (typeof value !== "string" || !value.includes("<")) return value;
    const fromCurrent = getPath(current, path);
    if (/<rv([+-]\d+)?>/.test(value)) {
      return this.substituteRvs(value, rv, () => (typeof fromCurrent === "string" ? fromCurrent : "1"));
    }
    if (typeof fromCurrent === "string") return fromCurrent;
    if (value === "<uid>") return randomUUID();
    if (value === "<timestamp>") return `${new Date().toISOString().slice(0, 19)}Z`;
    return value;
  }

  private async buildRequest(
    c: FixtureCase,
    rv: RvBindings | undefined,
  ): Promise<{ path: string; body?: string }> {
    const current = await this.currentObject(c);
    const currentRv = getPath(current, ["metadata", "resourceVersion"]);
    if (rv && rv.get(0) === undefined && typeof currentRv === "string") rv.bind(0, Number(currentRv));
    let path = await this.substituteRvs(c.request.path, rv, () => "0");
    const token = c.number === 58 ? GARBAGE_CONTINUE : (this.lastContinue ?? "");
    path = path.replace("<continue>", encodeURIComponent(token));
    const raw = c.request.body;
    if (raw === null || raw === undefined) return { path };
    if (typeof raw === "string" && raw.startsWith("<EndpointSlice"))
      return { path, body: JSON.stringify(generateBody(raw)) };
    if (typeof raw === "string") return { path, body: raw };
    const body = (await this.resolveBody(raw, [], current, rv)) as Record<string, unknown>;
    REQUESTED_VALUES[c.number]?.(body);
    return { path, body: JSON.stringify(body) };
  }

  private compareHeaders(
    c: FixtureCase,
    headers: Record<string, string | string[] | undefined>,
    out: Mismatches,
  ): void {
    const expected = c.response.headers ?? {};
    if (expected["Content-Type"] !== headers["content-type"]) {
      out.push(
        `header Content-Type: expected ${JSON.stringify(expected["Content-Type"])}, got ${JSON.stringify(headers["content-type"])}`,
      );
    }
    const want = expected.Warning === undefined ? [] : ([] as string[]).concat(expected.Warning);
    const got =
      headers.warning === undefined
        ? []
        : ([] as string[])
            .concat(headers.warning)
            .flatMap((w) => w.split(/,(?=\s*299 )/).map((s) => s.trim()));
    if (JSON.stringify(want) !== JSON.stringify(got))
      out.push(`header Warning: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  }

  private compareBody(c: FixtureCase, res: RawResponse, ctx: CompareContext, out: Mismatches): void {
    const expected = c.response.body;
    if (expected === null || expected === undefined) return;
    const text = res.body.toString("utf8");
    const contentType = String(res.headers["content-type"] ?? "");
    if (typeof expected === "string") {
      if (contentType.startsWith("application/yaml"))
        compareValue(parseYaml(expected), parseYaml(text), "body", ctx, out);
      else compareValue(expected, text, "body", ctx, out);
      return;
    }
    let actual: unknown;
    try {
      actual = JSON.parse(text);
    } catch {
      out.push(`body: not JSON: ${text.slice(0, 200)}`);
      return;
    }
    compareValue(expected, actual, "body", ctx, out);
  }

  private context(rv: RvBindings | undefined): CompareContext {
    return {
      ...(rv ? { rv } : {}),
      onContinue: (token) => {
        this.lastContinue = token;
      },
    };
  }

  /** What the recorder did between cases without recording it (the later answers show it). */
  private async hiddenStepsBefore(c: FixtureCase): Promise<void> {
    // 059 and 104 send a resourceVersion older than the stored one: the recorder bumped a label after
    // reading (svc-headless carries bump=1 in 245; svc-a's later bodies carry it too).
    const bumped = { 59: "svc-a", 104: "svc-headless" }[c.number];
    if (bumped !== undefined) {
      await this.action({
        t: 0,
        request: `PATCH /api/v1/namespaces/fixture-ns-2/services/${bumped}`,
        status: 200,
        contentType: "application/merge-patch+json",
        body: { metadata: { labels: { bump: "1" } } },
      });
    }
    if (c.number === 100) {
      // 100's conflict names fixture-recorder on .spec.sessionAffinity, and 102 shows that write:
      // annotation edited-by=hand and sessionAffinity ClientIP, made by a plain (Update) write.
      await this.action({
        t: 0,
        request: "PATCH /api/v1/namespaces/fixture-ns-2/services/svc-applied",
        status: 200,
        contentType: "application/merge-patch+json",
        body: { metadata: { annotations: { "edited-by": "hand" } }, spec: { sessionAffinity: "ClientIP" } },
      });
    }
    if (c.number === 149) {
      // The 100- and 1000-endpoint slices of 132/133 are in neither 149's nor 150's answer: the
      // recorder removed them before.
      for (const name of ["svc-a-100", "svc-a-1000"]) {
        await this.action({
          t: 0,
          request: `DELETE /apis/discovery.k8s.io/v1/namespaces/fixture-ns-3/endpointslices/${name}`,
          status: 200,
        });
      }
    }
    if (c.number === 195) await this.waitForEstablished("links.svcmirror.io");
    if (c.number === 257) {
      // The notes of 257-265: watch-base was patched twice (<rv+28>, <rv+29>, seen replayed in 264)
      // and storage was then compacted at <rv+29>.
      for (const touched of ["2", "3"]) {
        await this.action({
          t: 0,
          request: "PATCH /api/v1/namespaces/fixture-ns-7/services/watch-base",
          status: 200,
          contentType: "application/merge-patch+json",
          body: { metadata: { labels: { touched } } },
        });
      }
      this.target.compactStorage();
    }
  }

  /** Polls the CRD like the recorder did until it reports Established=True (at most 5 s). */
  private async waitForEstablished(name: string): Promise<void> {
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const res = await this.adminGet(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
      const conditions = getPath(JSON.parse(res.body.toString()), ["status", "conditions"]);
      if (
        Array.isArray(conditions) &&
        conditions.some((k) => k?.type === "Established" && k?.status === "True")
      )
        return;
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /**
   * Replays one case and compares the answer with `expected` (the recording, or the recording as
   * adjusted by a known difference) and with the recording itself.
   */
  async run(c: FixtureCase, expected: FixtureCase = c): Promise<Outcome> {
    this.target.enterCase(c.number);
    await this.hiddenStepsBefore(c);
    if (c.stream !== undefined) return this.runWatch(c, expected);
    const rv = this.bindings(c);
    const { path, body } = await this.buildRequest(c, rv);
    if (c.number === 257) this.lastContinue = undefined;
    const res = await send({
      method: c.request.method,
      url: this.target.url + path,
      headers: this.headers(c),
      ...(body !== undefined ? { body } : {}),
      ...(this.target.ca ? { ca: this.target.ca } : {}),
    });
    if (res.headers["content-type"] === "application/json" && res.body.length > 0) {
      this.responses.set(c.number, JSON.parse(res.body.toString()));
    }
    const compare = (want: FixtureCase, ctx: CompareContext): Mismatches => {
      const out: Mismatches = [];
      if (res.status !== want.response.status) {
        out.push(
          `status: expected ${want.response.status}, got ${res.status}: ${res.body.toString().slice(0, 300)}`,
        );
      }
      this.compareHeaders(want, res.headers, out);
      this.compareBody(want, res, ctx, out);
      return out;
    };
    return this.outcome(c, expected, rv, compare);
  }

  /** Compares against `expected` with the live bindings, and against the recording with a scratch copy. */
  private outcome(
    c: FixtureCase,
    expected: FixtureCase,
    rv: RvBindings | undefined,
    compare: (want: FixtureCase, ctx: CompareContext) => Mismatches,
  ): Outcome {
    const mismatches = compare(expected, this.context(rv));
    if (expected === c) return { mismatches, recordedMismatches: mismatches };
    return { mismatches, recordedMismatches: compare(c, rv ? { rv: rv.clone() } : {}) };
  }

  private async action(a: RecordedAction): Promise<number> {
    const [method = "GET", path = "/"] = a.request.split(" ");
    const headers: Record<string, string> = {
      "User-Agent": FIXTURE_USER_AGENT,
      Authorization: `Bearer ${this.target.adminToken}`,
      Accept: "application/json",
    };
    if (a.body !== undefined) headers["Content-Type"] = a.contentType ?? "application/json";
    const res = await send({
      method,
      url: this.target.url + path,
      headers,
      ...(a.body !== undefined ? { body: JSON.stringify(a.body) } : {}),
      ...(this.target.ca ? { ca: this.target.ca } : {}),
    });
    return res.status;
  }

  /**
   * Brings the sim to the state a case leaves behind without judging it: watch cases only perform
   * their recorded writes (no stream, no waiting), other cases are replayed and their answers kept
   * for later cases.
   */
  async setUp(c: FixtureCase): Promise<void> {
    if (c.stream === undefined) {
      await this.run(c);
      return;
    }
    this.target.enterCase(c.number);
    await this.hiddenStepsBefore(c);
    const rv = this.bindings(c);
    await this.buildRequest(c, rv);
    for (const a of c.actions ?? []) await this.action(a);
  }

  /**
   * Opens a bookmark watch where in the second the recorded one was opened, as far as its stream
   * tells: a first BOOKMARK before the instant 2 s before the deadline means the server's tick fell
   * in that second ahead of it (and a second BOOKMARK followed), so the sim's half-second tick must
   * too; otherwise the tick must come after it. Each window leaves ~400 ms for the request to reach
   * the sim on a busy test machine.
   */
  private async atRecordedBookmarkPhase(c: FixtureCase, timeoutSeconds: number): Promise<void> {
    const first = (c.stream ?? []).findIndex((e) => e.type === "BOOKMARK");
    const atS = c.streamEventTimes?.[first];
    if (first < 0 || atS === undefined) return;
    await this.target.intoSecond(atS < timeoutSeconds - 2 ? 600 : 50);
  }

  private async runWatch(c: FixtureCase, expected: FixtureCase): Promise<Outcome> {
    const rv = this.bindings(c);
    const { path } = await this.buildRequest(c, rv);
    const timeoutSeconds = Number(/timeoutSeconds=(\d+)/.exec(path)?.[1] ?? "0");
    await this.atRecordedBookmarkPhase(c, timeoutSeconds);
    const started = Date.now();
    const stream = await openStream({
      method: "GET",
      url: this.target.url + path,
      headers: this.headers(c),
      ...(this.target.ca ? { ca: this.target.ca } : {}),
    });
    const actionProblems: Mismatches = [];
    for (const [i, a] of (c.actions ?? []).entries()) {
      const waitMs = started + a.t * 1000 - Date.now();
      if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
      const status = await this.action(a);
      if (status !== a.status)
        actionProblems.push(`actions[${i}] ${a.request}: expected ${a.status}, got ${status}`);
    }
    const safetyMs = (timeoutSeconds + 3) * 1000;
    const ended = await Promise.race([
      stream.ended,
      new Promise<"timeout">((r) =>
        setTimeout(() => r("timeout"), Math.max(0, started + safetyMs - Date.now())),
      ),
    ]);
    if (ended !== "closed") stream.close();
    const events = stream.lines.map((l) => JSON.parse(l.text) as unknown);
    if (c.number === 253) {
      const message = String(getPath(events[0], ["object", "message"]) ?? "");
      const oldest = /\((\d+)\)$/.exec(message)?.[1];
      if (oldest) this.oldestWatchRv = Number(oldest);
    }
    const compare = (want: FixtureCase, ctx: CompareContext): Mismatches => {
      const out: Mismatches = [...actionProblems];
      if (stream.status !== want.response.status)
        out.push(`status: expected ${want.response.status}, got ${stream.status}`);
      this.compareHeaders(want, stream.headers, out);
      if (ended !== "closed") out.push(`stream: expected the server to close it, got ${ended}`);
      compareValue(want.stream ?? [], events, "stream", ctx, out);
      return out;
    };
    return this.outcome(c, expected, rv, compare);
  }
}
