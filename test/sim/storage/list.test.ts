import { beforeEach, describe, expect, it } from "vitest";
import { type ListQuery, Storage } from "../../../src/sim/storage/index.js";
import type { KubeObject } from "../../../src/sim/types.js";
import { type FixtureCase, listItems, listNames, loadCase, queryOf, statusOf } from "./fixtures.js";
import { decodeToken, key, names, relabel, SERVICES, seed, service, statusThrown } from "./world.js";

const NS = "fixture-ns-2";

function queryFrom(fixture: FixtureCase, namespace?: string): ListQuery {
  const q = queryOf(fixture);
  const query: ListQuery = { namespace };
  if (q.has("labelSelector")) query.labelSelector = q.get("labelSelector") ?? "";
  if (q.has("fieldSelector")) query.fieldSelector = q.get("fieldSelector") ?? "";
  if (q.has("limit")) query.limit = Number(q.get("limit"));
  return query;
}

describe("list filtering and order", () => {
  let storage: Storage;
  beforeEach(() => {
    storage = new Storage();
    seed(storage, listItems(loadCase("041")).reverse());
    seed(storage, [service("fixture-ns-3", "svc-a", { app: "web" })]);
  });

  it.each(["041", "042", "043", "044", "045", "046", "047", "048", "049", "050", "057"])(
    "answers case %s with the recorded items in key order",
    (number) => {
      const fixture = loadCase(number);
      const result = storage.list(SERVICES, queryFrom(fixture, NS));
      expect(names(result)).toEqual(listNames(fixture));
      expect(result.resourceVersion).toBe(String(storage.revision));
      expect(result.continue).toBeUndefined();
    },
  );

  it.each(["051", "052"])("answers case %s with the recorded 400", (number) => {
    const fixture = loadCase(number);
    expect(statusThrown(() => storage.list(SERVICES, queryFrom(fixture, NS)))).toEqual(statusOf(fixture));
  });

  it("spans namespaces in etcd key order when no namespace is given", () => {
    const s = new Storage();
    for (const ns of ["ns", "ns.b", "ns-a"]) seed(s, [service(ns, "x", { app: "web" })]);
    const result = s.list(SERVICES, { labelSelector: "app=web" });
    // "ns-a/x" < "ns.b/x" < "ns/x": '-' and '.' sort before '/'.
    expect(result.items.map((i) => i.metadata.namespace)).toEqual(["ns-a", "ns.b", "ns"]);
  });

  it("lists all namespaces with a selector (case 245)", () => {
    const result = storage.list(SERVICES, { labelSelector: "app in (web,db)" });
    expect(result.items.map((i) => `${i.metadata.namespace}/${i.metadata.name}`)).toEqual([
      "fixture-ns-2/svc-a",
      "fixture-ns-2/svc-headless",
      "fixture-ns-3/svc-a",
    ]);
  });

  it("applies a kind's own field selectors (Secret type, case 190)", () => {
    const fixture = loadCase("190");
    const secrets = "secrets";
    seed(storage, listItems(fixture), secrets);
    seed(storage, [{ metadata: { name: "other", namespace: "fixture-ns-5" }, type: "Opaque" }], secrets);
    const fieldExtractors = { type: (obj: KubeObject) => obj.type as string | undefined };
    const result = storage.list(secrets, { ...queryFrom(fixture, "fixture-ns-5"), fieldExtractors });
    expect(names(result)).toEqual(listNames(fixture));
    const unsupported = statusThrown(() =>
      storage.list(secrets, { namespace: "fixture-ns-5", fieldSelector: "spec.x=1", fieldExtractors }),
    );
    expect(unsupported.message).toBe("field label not supported: spec.x");
  });

  it.each(["118", "119"])("selects EndpointSlices by label as in case %s", (number) => {
    const fixture = loadCase(number);
    const slices = "discovery.k8s.io/endpointslices";
    seed(storage, listItems(fixture), slices);
    seed(
      storage,
      [{ metadata: { name: "unrelated", namespace: "fixture-ns-3", labels: { x: "y" } } }],
      slices,
    );
    expect(names(storage.list(slices, queryFrom(fixture, "fixture-ns-3")))).toEqual(listNames(fixture));
  });
});

describe("pagination", () => {
  let storage: Storage;
  beforeEach(() => {
    storage = new Storage();
    seed(storage, listItems(loadCase("041")));
  });

  it("walks limit=1 pages with remainingItemCount and tokens pinned to the first page's revision (053–056)", () => {
    const listRevision = String(storage.revision);
    const pages: { names: string[]; remaining?: number }[] = [];
    let token: string | undefined;
    do {
      const page = storage.list(SERVICES, { namespace: NS, limit: 1, continueToken: token });
      expect(page.resourceVersion).toBe(listRevision);
      pages.push({ names: names(page), remaining: page.remainingItemCount });
      if (page.continue !== undefined) {
        expect(decodeToken(page.continue)).toEqual({
          v: "meta.k8s.io/v1",
          rv: Number(listRevision),
          start: `${names(page)[0]}\0`,
        });
      }
      token = page.continue;
    } while (token !== undefined);
    const recorded = ["053", "054", "055", "056"].map((n) => {
      const body = loadCase(n).response.body as {
        metadata: { remainingItemCount?: number };
        items: KubeObject[];
      };
      return {
        names: body.items.map((i) => i.metadata.name ?? ""),
        remaining: body.metadata.remainingItemCount,
      };
    });
    expect(pages).toEqual(recorded);
  });

  it("serves later pages from the first page's snapshot while writes go on", () => {
    const first = storage.list(SERVICES, { namespace: NS, limit: 2 });
    expect(names(first)).toEqual(["svc-a", "svc-externalname"]);
    const before = storage.get(key(NS, "svc-noselector"));
    storage.create(key(NS, "svc-f"), service(NS, "svc-f"));
    storage.delete(key(NS, "svc-headless"));
    relabel(storage, key(NS, "svc-noselector"), { changed: "yes" });

    const second = storage.list(SERVICES, { namespace: NS, limit: 2, continueToken: first.continue });
    expect(names(second)).toEqual(["svc-headless", "svc-noselector"]);
    expect(second.items[1]).toBe(before);
    expect(second.resourceVersion).toBe(first.resourceVersion);
    expect(second.continue).toBeUndefined();

    const now = storage.list(SERVICES, { namespace: NS });
    expect(names(now)).toEqual(["svc-a", "svc-externalname", "svc-f", "svc-noselector"]);
    expect(now.items[3]?.metadata.labels).toEqual({ changed: "yes" });
  });

  it("gives no remainingItemCount with a selector, and a continue token while any key follows", () => {
    const first = storage.list(SERVICES, { namespace: NS, labelSelector: "tier", limit: 2 });
    expect(names(first)).toEqual(["svc-a", "svc-headless"]);
    expect(first.remainingItemCount).toBeUndefined();
    expect(first.continue).toBeDefined();
    const second = storage.list(SERVICES, {
      namespace: NS,
      labelSelector: "tier",
      limit: 2,
      continueToken: first.continue,
    });
    expect(names(second)).toEqual([]);
    expect(second.continue).toBeUndefined();
  });

  it("reads one key for a metadata.name selector in a namespace, without paging", () => {
    const single = storage.list(SERVICES, { namespace: NS, fieldSelector: "metadata.name=svc-a", limit: 1 });
    expect(names(single)).toEqual(["svc-a"]);
    expect(single.continue).toBeUndefined();
    const recursive = storage.list(SERVICES, { fieldSelector: "metadata.name=svc-a", limit: 1 });
    expect(names(recursive)).toEqual(["svc-a"]);
    expect(recursive.continue).toBeDefined();
  });

  it("answers the recorded 400 for a garbage token (case 058)", () => {
    const status = statusThrown(() =>
      storage.list(SERVICES, { namespace: NS, limit: 1, continueToken: "nonsense" }),
    );
    expect(status).toEqual(statusOf(loadCase("058")));
  });

  it("refuses a resourceVersion other than 0 beside a continue token", () => {
    const first = storage.list(SERVICES, { namespace: NS, limit: 1 });
    const status = statusThrown(() =>
      storage.list(SERVICES, {
        namespace: NS,
        limit: 1,
        continueToken: first.continue,
        resourceVersion: "5",
      }),
    );
    expect(status).toMatchObject({
      code: 400,
      message: "specifying resource version is not allowed when using continue",
    });
    const page = storage.list(SERVICES, {
      namespace: NS,
      limit: 1,
      continueToken: first.continue,
      resourceVersion: "0",
    });
    expect(names(page)).toEqual(["svc-externalname"]);
  });

  it("answers 410 with a fresh rv -1 token once the token's revision is compacted (256–257)", () => {
    const s = new Storage();
    seed(s, [
      service("fixture-ns-7", "other-svc"),
      service("fixture-ns-7", "watch-base", { app: "watched" }),
    ]);
    const first = s.list(SERVICES, { namespace: "fixture-ns-7", limit: 1 });
    expect(first.remainingItemCount).toBe(1);
    relabel(s, key("fixture-ns-7", "watch-base"), { touched: "2" });
    relabel(s, key("fixture-ns-7", "watch-base"), { touched: "3" });
    s.compact();

    const status = statusThrown(() =>
      s.list(SERVICES, { namespace: "fixture-ns-7", limit: 1, continueToken: first.continue }),
    );
    const recorded = statusOf(loadCase("257"));
    expect({ ...status, metadata: {} }).toEqual({ ...recorded, metadata: {} });
    expect(decodeToken(status.metadata.continue)).toEqual({
      v: "meta.k8s.io/v1",
      rv: -1,
      start: "other-svc\0",
    });

    const rest = s.list(SERVICES, {
      namespace: "fixture-ns-7",
      limit: 1,
      continueToken: status.metadata.continue,
    });
    expect(names(rest)).toEqual(["watch-base"]);
    expect(rest.items[0]?.metadata.labels).toEqual({ touched: "3" });
    expect(rest.resourceVersion).toBe(String(s.revision));
  });
});

describe("resourceVersion semantics of list", () => {
  const NS7 = "fixture-ns-7";
  let storage: Storage;
  let preCompaction: string;

  beforeEach(() => {
    storage = new Storage();
    seed(storage, [service(NS7, "other-svc"), service(NS7, "watch-base", { app: "watched" })]);
    preCompaction = String(storage.revision);
    relabel(storage, key(NS7, "watch-base"), { touched: "2" });
    relabel(storage, key(NS7, "watch-base"), { touched: "3" });
    storage.compact();
  });

  const list = (query: ListQuery) => storage.list(SERVICES, { namespace: NS7, ...query });

  it("serves resourceVersion=0 from the watch cache at the resource's own revision (case 249)", () => {
    const servicesRevision = storage.revision;
    storage.create(key(NS7, "slice", "discovery.k8s.io/endpointslices"), {
      metadata: { name: "slice", namespace: NS7 },
    });
    const result = list({ resourceVersion: "0" });
    expect(names(result)).toEqual(["other-svc", "watch-base"]);
    expect(result.resourceVersion).toBe(String(servicesRevision));
    expect(names(list({ resourceVersion: "0", limit: 1 }))).toEqual(["other-svc", "watch-base"]);
    expect(list({}).resourceVersion).toBe(String(storage.revision));
  });

  it.each<[string, ListQuery]>([
    ["250", { resourceVersion: "abc" }],
    ["258", { resourceVersion: "PRE", resourceVersionMatch: "Exact" }],
    ["261", { resourceVersion: "PRE", limit: 1 }],
    ["262", { resourceVersionMatch: "NotOlderThan" }],
  ])("answers case %s with the recorded Status", (number, query) => {
    const q = {
      ...query,
      resourceVersion: query.resourceVersion === "PRE" ? preCompaction : query.resourceVersion,
    };
    expect(statusThrown(() => list(q))).toEqual(statusOf(loadCase(number)));
  });

  it.each([
    ["259", "NotOlderThan"],
    ["260", ""],
  ])("serves current data for a compacted revision (case %s)", (_n, match) => {
    const result = list({ resourceVersion: preCompaction, resourceVersionMatch: match });
    expect(names(result)).toEqual(["other-svc", "watch-base"]);
    expect(result.items[1]?.metadata.labels).toEqual({ touched: "3" });
    expect(result.resourceVersion).toBe(String(storage.revision));
  });

  it("reads an exact past revision that is not compacted, with or without a limit", () => {
    const at = String(storage.revision);
    relabel(storage, key(NS7, "watch-base"), { touched: "4" });
    storage.delete(key(NS7, "other-svc"));
    const exact = list({ resourceVersion: at, resourceVersionMatch: "Exact" });
    expect(names(exact)).toEqual(["other-svc", "watch-base"]);
    expect(exact.items[1]?.metadata.labels).toEqual({ touched: "3" });
    expect(exact.resourceVersion).toBe(at);
    const page = list({ resourceVersion: at, limit: 1 });
    expect(names(page)).toEqual(["other-svc"]);
    expect(decodeToken(page.continue)).toMatchObject({ rv: Number(at) });
  });

  it("refuses invalid resourceVersionMatch combinations with kube's 422", () => {
    expect(statusThrown(() => list({ resourceVersion: "1", resourceVersionMatch: "Foo" })).message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Unsupported value: "Foo": supported values: "Exact", "NotOlderThan", ""',
    );
    expect(statusThrown(() => list({ resourceVersion: "0", resourceVersionMatch: "Exact" })).message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
    );
  });

  it("answers a bad resourceVersion read from storage with 400", () => {
    expect(statusThrown(() => list({ resourceVersion: "abc", limit: 1 }))).toMatchObject({
      code: 400,
      reason: "BadRequest",
      message:
        'invalid resource version: resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax',
    });
    expect(statusThrown(() => list({ resourceVersion: "99999999999999999999" })).message).toBe(
      'resourceVersion: Invalid value: "99999999999999999999": strconv.ParseUint: parsing "99999999999999999999": value out of range',
    );
  });

  it("answers a future revision as the watch cache does (504, case 266) or as etcd does", () => {
    const future = String(storage.revision + 100);
    const recorded = statusOf(loadCase("266"));
    const cached = statusThrown(() =>
      list({ resourceVersion: future, resourceVersionMatch: "NotOlderThan" }),
    );
    expect({ ...cached, message: "" }).toEqual({ ...recorded, message: "" });
    expect(cached.message).toBe(
      `Timeout: Too large resource version: ${future}, current: ${storage.revision}`,
    );

    const fromStorage = statusThrown(() =>
      list({ resourceVersion: future, resourceVersionMatch: "NotOlderThan", limit: 1 }),
    );
    expect(fromStorage).toMatchObject({ code: 504, details: { causes: recorded.details?.causes } });
    expect(fromStorage.details?.retryAfterSeconds).toBeUndefined();

    expect(statusThrown(() => list({ resourceVersion: future, limit: 1 }))).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: "etcdserver: mvcc: required revision is a future revision",
      code: 500,
    });
  });
});
