// Server-side apply and fieldValidation, as kube-apiserver 1.28's apply patcher handles them: an
// unknown field fails typed patch creation with a 500 whatever fieldValidation says; repeated keys
// in the body are checked once the apply succeeded — a 400 under Strict, one Warning each under
// Warn (the default), nothing under Ignore — and the last value is the one applied.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Sim, startSim } from "../../../src/sim/index.js";
import { type RawResponse, send } from "../http-client.js";

const SERVICE_PATH = "/api/v1/namespaces/default/services/applied";

function serviceYaml(specExtra: string): string {
  return [
    "apiVersion: v1",
    "kind: Service",
    "metadata:",
    "  name: applied",
    "spec:",
    "  ports:",
    "  - name: http",
    "    port: 80",
    specExtra,
  ].join("\n");
}

const REPEATED = serviceYaml("  type: ClusterIP\n  type: NodePort\n  ports:\n  - name: again\n    port: 81");

function warnings(res: RawResponse): string[] {
  const header = res.headers.warning;
  if (header === undefined) return [];
  return ([] as string[]).concat(header).flatMap((w) => w.split(/,(?=\s*299 )/).map((s) => s.trim()));
}

describe("server-side apply under fieldValidation", () => {
  let sim: Sim;

  beforeEach(async () => {
    sim = await startSim();
  });

  afterEach(async () => {
    await sim.stop();
  });

  const apply = (body: string, query = ""): Promise<RawResponse> =>
    send({
      method: "PATCH",
      url: `${sim.url}${SERVICE_PATH}?fieldManager=tester${query}`,
      headers: { "Content-Type": "application/apply-patch+yaml", Accept: "application/json" },
      body,
    });

  const stored = async (): Promise<number> =>
    (await send({ method: "GET", url: `${sim.url}${SERVICE_PATH}` })).status;

  for (const query of ["", "&fieldValidation=Strict", "&fieldValidation=Warn", "&fieldValidation=Ignore"]) {
    it(`fails an unknown field with the typed patch 500 (${query || "default"})`, async () => {
      const res = await apply(serviceYaml("  bogus: 1"), query);
      expect(res.status).toBe(500);
      expect(JSON.parse(res.body.toString())).toEqual({
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        // objectGVKNN of the configuration, which names no namespace.
        message:
          "failed to create typed patch object (/applied; /v1, Kind=Service): .spec.bogus: field not declared in schema",
        code: 500,
      });
      expect(await stored()).toBe(404);
    });
  }

  it("answers repeated keys with 400 under Strict and stores nothing", async () => {
    const res = await apply(REPEATED, "&fieldValidation=Strict");
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString())).toMatchObject({
      reason: "BadRequest",
      code: 400,
      message: [
        "error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:",
        '  line 10: key "type" already set in map',
        '  line 11: key "ports" already set in map',
      ].join("\n"),
    });
    expect(await stored()).toBe(404);
  });

  for (const query of ["", "&fieldValidation=Warn"]) {
    it(`applies the last value of repeated keys with one Warning each (${query || "default"})`, async () => {
      const res = await apply(REPEATED, query);
      expect(res.status).toBe(201);
      expect(warnings(res)).toEqual([
        '299 - "line 10: key \\"type\\" already set in map"',
        '299 - "line 11: key \\"ports\\" already set in map"',
      ]);
      const spec = JSON.parse(res.body.toString()).spec;
      expect(spec.type).toBe("NodePort");
      expect(spec.ports.map((p: { name: string }) => p.name)).toEqual(["again"]);
    });
  }

  it("applies repeated keys silently under Ignore", async () => {
    const res = await apply(REPEATED, "&fieldValidation=Ignore");
    expect(res.status).toBe(201);
    expect(warnings(res)).toEqual([]);
  });

  it("answers an apply error before the strict check (a conflict stays a 409)", async () => {
    expect((await apply(serviceYaml("  sessionAffinity: ClientIP"))).status).toBe(201);
    const res = await send({
      method: "PATCH",
      url: `${sim.url}${SERVICE_PATH}?fieldManager=other&fieldValidation=Strict`,
      headers: { "Content-Type": "application/apply-patch+yaml" },
      body: serviceYaml("  sessionAffinity: None\n  sessionAffinity: None"),
    });
    expect(res.status).toBe(409);
  });
});
