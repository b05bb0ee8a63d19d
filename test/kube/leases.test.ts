// The client-node LeaseStore on the wire: a stub HTTP server answers with responses recorded from a
// real kube-apiserver (../shared/kube-fixtures, Lease cases 152–179) and records what client-node
// sent, so the request format (MicroTime digits, resourceVersion, fieldManager) is checked against
// the real server's expectations independently of the sim.

import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { CoordinationV1Api, KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { LeaseRecord, LeaseStore } from "../../src/election/store.js";
import { KubeApiError } from "../../src/kube/errors.js";
import { createKubeLeaseStore, leaseToSnapshot, microTimeToMs } from "../../src/kube/leases.js";
import { abortAfter, realClock } from "../../src/runtime/clock.js";

const FIXTURES = new URL("../../../shared/kube-fixtures/cases/", import.meta.url);

interface Fixture {
  response: { status: number; headers: Record<string, string>; body: unknown };
}

function fixture(name: string): Fixture {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), "utf8")) as Fixture;
}

interface Seen {
  method: string;
  path: string;
  body: Record<string, unknown> | null;
}

let server: http.Server;
let answers: Array<Fixture["response"] | "hang">;
let seen: Seen[];
let store: LeaseStore;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => {
      raw += c.toString();
    });
    req.on("end", () => {
      seen.push({ method: req.method!, path: req.url!, body: raw === "" ? null : JSON.parse(raw) });
      const answer = answers.shift();
      if (answer === "hang" || answer === undefined) return;
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "stub", server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: "stub" }],
    contexts: [{ name: "stub", cluster: "stub", user: "stub" }],
    currentContext: "stub",
  });
  store = createKubeLeaseStore(kc.makeApiClient(CoordinationV1Api), {
    namespace: "fixture-ns-4",
    name: "svcmirror-leader",
  });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  answers = [];
  seen = [];
});

const signal = (): AbortSignal => new AbortController().signal;
const record: LeaseRecord = {
  holderIdentity: "svcmirror-7d9f8-abcde_0f3c2a",
  leaseDurationSeconds: 15,
  acquireTimeMs: Date.parse("2026-01-01T00:00:00.000Z"),
  renewTimeMs: Date.parse("2026-01-01T00:00:05.123Z"),
  leaseTransitions: 0,
};

describe("KubeLeaseStore", () => {
  it("creates with MicroTime of exactly six fractional digits and reads back string times", async () => {
    answers.push(fixture("152-lease-create-microtime-6-digits").response);
    const result = await store.create(record, signal());
    expect(seen[0]).toMatchObject({
      method: "POST",
      path: "/apis/coordination.k8s.io/v1/namespaces/fixture-ns-4/leases?fieldManager=svcmirror",
    });
    expect(seen[0]!.body).toEqual({
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: "svcmirror-leader", namespace: "fixture-ns-4" },
      spec: {
        holderIdentity: "svcmirror-7d9f8-abcde_0f3c2a",
        leaseDurationSeconds: 15,
        leaseTransitions: 0,
        acquireTime: "2026-01-01T00:00:00.000000Z",
        renewTime: "2026-01-01T00:00:05.123000Z",
      },
    });
    expect(result).toEqual({
      kind: "ok",
      lease: {
        resourceVersion: "<rv>",
        record: {
          holderIdentity: "svcmirror-7d9f8-abcde_0f3c2a",
          leaseDurationSeconds: 15,
          acquireTimeMs: Date.parse("2026-01-01T00:00:00Z"),
          renewTimeMs: Date.parse("2026-01-01T00:00:05.123Z"),
          leaseTransitions: 0,
        },
      },
    });
  });

  it("answers a missing Lease with null", async () => {
    answers.push(fixture("153-lease-get-missing").response);
    expect(await store.get(signal())).toBeNull();
  });

  it("turns AlreadyExists on create and Conflict on update into { kind: 'conflict' }", async () => {
    answers.push(
      fixture("154-lease-create-duplicate").response,
      fixture("169-lease-update-stale-resourceversion").response,
    );
    expect(await store.create(record, signal())).toEqual({ kind: "conflict" });
    expect(await store.update(record, "41", signal())).toEqual({ kind: "conflict" });
  });

  it("replaces conditionally on the read resourceVersion and keeps others' labels and annotations", async () => {
    const read = fixture("167-lease-get").response;
    const body = read.body as { metadata: Record<string, unknown> };
    body.metadata.labels = { team: "x" };
    body.metadata.annotations = { note: "y" };
    answers.push(read, fixture("168-lease-update-renew").response);
    const snapshot = (await store.get(signal()))!;
    const renewed = { ...record, renewTimeMs: Date.parse("2026-01-01T00:00:10.000Z") };
    const result = await store.update(renewed, snapshot.resourceVersion, signal());
    expect(seen[1]).toMatchObject({
      method: "PUT",
      path: expect.stringContaining("/leases/svcmirror-leader?"),
    });
    expect(seen[1]!.body).toMatchObject({
      metadata: {
        name: "svcmirror-leader",
        namespace: "fixture-ns-4",
        resourceVersion: "<rv>",
        labels: { team: "x" },
        annotations: { note: "y" },
      },
      spec: { renewTime: "2026-01-01T00:00:10.000000Z", acquireTime: "2026-01-01T00:00:00.000000Z" },
    });
    expect((seen[1]!.body as { metadata: object }).metadata).not.toHaveProperty("managedFields");
    expect(result).toMatchObject({ kind: "ok", lease: { resourceVersion: "<rv+4>" } });
  });

  it("throws classified errors for anything but a conflict", async () => {
    answers.push({
      status: 500,
      headers: {},
      body: {
        kind: "Status",
        apiVersion: "v1",
        status: "Failure",
        message: "boom",
        reason: "InternalError",
        code: 500,
      },
    });
    const err = await store.update(record, "1", signal()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeApiError);
    expect(err).toMatchObject({
      kind: "server",
      message: "update lease fixture-ns-4/svcmirror-leader: boom",
    });
  });

  it("gives up when the request's signal times out", async () => {
    answers.push("hang");
    const timeout = abortAfter(realClock, 100);
    const err = await store.get(timeout.signal).catch((e: unknown) => e);
    timeout.dispose();
    expect(err).toMatchObject({ kind: "timeout" });
  });
});

describe("MicroTime parsing", () => {
  it.each([
    ["2026-01-01T00:00:05.123456Z", Date.parse("2026-01-01T00:00:05.123Z")],
    [new Date(5), 5],
    [undefined, null],
    ["not a time", null],
  ])("%s → %s", (value, want) => {
    expect(microTimeToMs(value)).toBe(want);
  });

  it("refuses a Lease without resourceVersion", () => {
    expect(() => leaseToSnapshot({ metadata: { name: "x", namespace: "y" } })).toThrow(
      "has no resourceVersion",
    );
  });
});
