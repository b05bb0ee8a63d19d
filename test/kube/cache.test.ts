import { describe, expect, it } from "vitest";
import { type KubeObjectLike, ObjectCache, objectKey, splitKey } from "../../src/kube/cache.js";

function obj(name: string, rv: string, labels?: Record<string, string>, namespace = "ns"): KubeObjectLike {
  return { metadata: { name, namespace, resourceVersion: rv, ...(labels ? { labels } : {}) } };
}

function changes(list: ReturnType<ObjectCache<KubeObjectLike>["replace"]>): string[] {
  return list.map(
    (c) => `${c.type} ${c.key}${c.type === "deleted" && c.finalStateUnknown ? " (unknown)" : ""}`,
  );
}

describe("objectKey / splitKey", () => {
  it.each([
    { object: obj("a", "1"), key: "ns/a", split: { namespace: "ns", name: "a" } },
    { object: { metadata: { name: "node-1" } }, key: "node-1", split: { namespace: "", name: "node-1" } },
  ])("$key", ({ object, key, split }) => {
    expect(objectKey(object)).toBe(key);
    expect(splitKey(key)).toEqual(split);
  });

  it("refuses an object without a name", () => {
    expect(() => objectKey({ metadata: {} })).toThrow(/metadata.name/);
  });
});

describe("ObjectCache", () => {
  it("reports adds, updates only when the resourceVersion changed, and deletes", () => {
    const cache = new ObjectCache();
    expect(cache.upsert(obj("a", "1"))?.type).toBe("added");
    expect(cache.upsert(obj("a", "1"))).toBeUndefined();
    expect(cache.upsert(obj("a", "2"))).toMatchObject({ type: "updated", old: obj("a", "1") });
    expect(cache.remove(obj("a", "3"))).toMatchObject({ type: "deleted", finalStateUnknown: false });
    expect(cache.remove(obj("a", "3"))).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("replace() diffs a fresh list: adds, updates, and deletions of unknown final state", () => {
    const cache = new ObjectCache();
    cache.replace([obj("keep", "1"), obj("edit", "1"), obj("gone", "1"), obj("other", "1", undefined, "b")]);
    const diff = cache.replace([obj("keep", "1"), obj("edit", "5"), obj("new", "6")]);
    expect(changes(diff)).toEqual([
      "updated ns/edit",
      "added ns/new",
      "deleted ns/gone (unknown)",
      "deleted b/other (unknown)",
    ]);
    expect(cache.keys().sort()).toEqual(["ns/edit", "ns/keep", "ns/new"]);
    expect(cache.list("b")).toEqual([]);
  });

  it("keeps per-namespace lists, label lookups and indexes in step with every change", () => {
    const cache = new ObjectCache<KubeObjectLike>({
      service: (o) => (o.metadata?.labels?.svc ? [o.metadata.labels.svc] : []),
    });
    cache.upsert(obj("s1", "1", { svc: "web", tier: "a" }));
    cache.upsert(obj("s2", "1", { svc: "web" }, "other"));
    cache.upsert(obj("s3", "1", { svc: "db" }));
    expect(cache.byIndex("service", "web").map(objectKey).sort()).toEqual(["ns/s1", "other/s2"]);
    expect(cache.listByLabels({ tier: "a" }).map(objectKey)).toEqual(["ns/s1"]);
    expect(cache.list("ns").map(objectKey).sort()).toEqual(["ns/s1", "ns/s3"]);

    cache.upsert(obj("s1", "2", { svc: "db" }));
    expect(cache.byIndex("service", "web").map(objectKey)).toEqual(["other/s2"]);
    expect(cache.byIndex("service", "db").map(objectKey).sort()).toEqual(["ns/s1", "ns/s3"]);
    cache.remove(obj("s2", "3", undefined, "other"));
    expect(cache.byIndex("service", "web")).toEqual([]);
    expect(cache.list("other")).toEqual([]);
    expect(cache.get("ns", "s1")?.metadata?.resourceVersion).toBe("2");
    expect(() => cache.byIndex("nope", "x")).toThrow(/no index/);
  });
});
