// The controllers the sim runs itself: a CRD becomes Established and its kind is served (routed,
// discovered, documented), then disappears with its objects when the CRD is deleted; a namespace
// being deleted is emptied — waiting for objects held by finalizers — and then removed.

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Sim, startSim } from "../../../src/sim/index.js";
import { type RawResponse, send } from "../http-client.js";

const CRD = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "widgets.example.com" },
  spec: {
    group: "example.com",
    names: {
      kind: "Widget",
      listKind: "WidgetList",
      plural: "widgets",
      singular: "widget",
      shortNames: ["wg"],
    },
    scope: "Namespaced",
    versions: [
      {
        name: "v1",
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: "object",
            properties: { spec: { type: "object", properties: { size: { type: "integer", minimum: 1 } } } },
          },
        },
        subresources: { status: {} },
      },
    ],
  },
};

describe("the sim's controllers", () => {
  let sim: Sim;

  beforeEach(async () => {
    sim = await startSim({ crdEstablishDelayMs: 0 });
  });

  afterEach(async () => {
    await sim.stop();
  });

  const call = (
    method: string,
    path: string,
    body?: unknown,
    contentType = "application/json",
  ): Promise<RawResponse> =>
    send({
      method,
      url: sim.url + path,
      headers: { Accept: "application/json", "Content-Type": contentType },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const json = async (
    res: Promise<RawResponse>,
  ): Promise<{ status: number; body: Record<string, unknown> }> => {
    const r = await res;
    const text = r.body.toString();
    return {
      status: r.status,
      body: text.startsWith("{") ? (JSON.parse(text) as Record<string, unknown>) : { text },
    };
  };

  /** Polls (a few ms apart, bounded) until the predicate holds for the answer. */
  async function until(
    path: string,
    predicate: (status: number, body: Record<string, unknown>) => boolean,
  ): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const { status, body } = await json(call("GET", path));
      if (predicate(status, body)) return;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`${path} never reached the expected state`);
  }

  it("serves a CRD's kind once Established and stops serving it when the CRD is deleted", async () => {
    const created = await json(call("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", CRD));
    expect(created.status).toBe(201);
    expect((created.body.status as { conditions: unknown }).conditions).toBeNull();
    await until("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com", (_s, b) =>
      ((b.status as { conditions?: { type: string; status: string }[] }).conditions ?? []).some(
        (c) => c.type === "Established" && c.status === "True",
      ),
    );
    const discovery = await json(call("GET", "/apis/example.com/v1"));
    expect(discovery.body.resources).toEqual([
      expect.objectContaining({ name: "widgets", kind: "Widget", namespaced: true, shortNames: ["wg"] }),
      expect.objectContaining({ name: "widgets/status", verbs: ["get", "patch", "update"] }),
    ]);
    const widget = {
      apiVersion: "example.com/v1",
      kind: "Widget",
      metadata: { name: "w" },
      spec: { size: 2 },
    };
    expect((await call("POST", "/apis/example.com/v1/namespaces/default/widgets", widget)).status).toBe(201);
    const invalid = await json(
      call("POST", "/apis/example.com/v1/namespaces/default/widgets", { ...widget, spec: { size: 0 } }),
    );
    expect(invalid.status).toBe(422);
    const openapi = await json(call("GET", "/openapi/v3"));
    expect(Object.keys(openapi.body.paths as object)).toContain("apis/example.com/v1");

    expect(
      (await call("DELETE", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com"))
        .status,
    ).toBe(200);
    await until("/apis/example.com/v1/namespaces/default/widgets", (status) => status === 404);
    const gone = await call("GET", "/apis/example.com/v1/namespaces/default/widgets/w");
    expect(gone.status).toBe(404);
    expect(gone.body.toString()).toBe("404 page not found\n");
    expect(sim.storage.list("example.com/widgets", {}).items).toEqual([]);
    const groups = await json(call("GET", "/apis"));
    expect((groups.body.groups as { name: string }[]).map((g) => g.name)).not.toContain("example.com");
  });

  it("empties a deleted namespace, waits for finalizers, then removes it", async () => {
    expect((await call("POST", "/api/v1/namespaces", { metadata: { name: "doomed" } })).status).toBe(201);
    const cm = (name: string, finalizers?: string[]): unknown => ({
      metadata: { name, ...(finalizers ? { finalizers } : {}) },
      data: { a: "b" },
    });
    expect((await call("POST", "/api/v1/namespaces/doomed/configmaps", cm("plain"))).status).toBe(201);
    expect(
      (await call("POST", "/api/v1/namespaces/doomed/configmaps", cm("held", ["example.com/hold"]))).status,
    ).toBe(201);

    const deleted = await json(call("DELETE", "/api/v1/namespaces/doomed"));
    expect(deleted.status).toBe(200);
    expect((deleted.body.status as { phase: string }).phase).toBe("Terminating");
    await until("/api/v1/namespaces/doomed/configmaps/plain", (status) => status === 404);
    await until(
      "/api/v1/namespaces/doomed/configmaps/held",
      (_s, b) => typeof (b.metadata as { deletionTimestamp?: string }).deletionTimestamp === "string",
    );
    expect((await call("GET", "/api/v1/namespaces/doomed")).status).toBe(200);

    const release = await call(
      "PATCH",
      "/api/v1/namespaces/doomed/configmaps/held",
      { metadata: { finalizers: null } },
      "application/merge-patch+json",
    );
    expect(release.status).toBe(200);
    await until("/api/v1/namespaces/doomed", (status) => status === 404);
  });

  it("refuses to delete the built-in namespaces", async () => {
    const res = await json(call("DELETE", "/api/v1/namespaces/default"));
    expect(res.status).toBe(403);
    expect(res.body.message).toBe('namespaces "default" is forbidden: this namespace may not be deleted');
  });
});
