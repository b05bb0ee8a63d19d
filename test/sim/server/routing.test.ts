// Routing answers of a running sim that the fixtures do not cover: methods a route lacks, paths a
// kind is not served under, and the plain-text 404 of unknown groups.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sim, startSim } from "../../../src/sim/index.js";
import { send } from "../http-client.js";

describe("routing", () => {
  let sim: Sim;

  beforeAll(async () => {
    sim = await startSim();
  });

  afterAll(async () => {
    await sim.stop();
  });

  it.each([
    ["POST", "/api/v1/services", 405],
    ["DELETE", "/api/v1/services", 405],
    ["GET", "/api/v1/services", 200],
    ["GET", "/api/v1/services/kubernetes", 404],
    ["DELETE", "/api/v1/namespaces", 405],
    ["PUT", "/api/v1/namespaces/default/services", 405],
    ["POST", "/api/v1/namespaces/default/services/kubernetes/status", 405],
    ["GET", "/api/v1/namespaces/default/finalize", 405],
    ["GET", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", 405],
    ["GET", "/api/v1/namespaces/default/services/kubernetes/status", 200],
    ["HEAD", "/api/v1/namespaces/default/services/kubernetes", 200],
  ])("%s %s → %d", async (method, path, status) => {
    const res = await send({ method, url: sim.url + path, headers: { "Content-Type": "application/json" } });
    expect(res.status).toBe(status);
    if (status === 405) expect(JSON.parse(res.body.toString()).reason).toBe("MethodNotAllowed");
  });

  it.each(["/apis/nope.example.com/v1/things", "/apis/nope.example.com", "/api/v2", "/metrics"])(
    "answers %s with the plain-text 404",
    async (path) => {
      const res = await send({ method: "GET", url: sim.url + path });
      expect(res.status).toBe(404);
      expect(res.headers["content-type"]).toBe("text/plain; charset=utf-8");
      expect(res.body.toString()).toBe("404 page not found\n");
    },
  );

  it("serves aggregated discovery v2 first when asked for both versions", async () => {
    const res = await send({
      method: "GET",
      url: `${sim.url}/apis`,
      headers: {
        Accept:
          "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json",
      },
    });
    expect(res.headers["content-type"]).toBe(
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
    );
    const body = JSON.parse(res.body.toString());
    expect(body.apiVersion).toBe("apidiscovery.k8s.io/v2");
    expect(body.items.map((g: { metadata: { name: string } }) => g.metadata.name)).toEqual([
      "authorization.k8s.io",
      "apiextensions.k8s.io",
      "coordination.k8s.io",
      "discovery.k8s.io",
    ]);
  });

  it("answers PartialObjectMetadataList when asked", async () => {
    const res = await send({
      method: "GET",
      url: `${sim.url}/api/v1/namespaces`,
      headers: { Accept: "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io" },
    });
    const body = JSON.parse(res.body.toString());
    expect(body.kind).toBe("PartialObjectMetadataList");
    expect(body.items[0]).toEqual({
      kind: "PartialObjectMetadata",
      apiVersion: "meta.k8s.io/v1",
      metadata: expect.objectContaining({ name: "default" }),
    });
  });
});
