import { describe, expect, it } from "vitest";
import { isApiError } from "../../../src/sim/errors.js";
import {
  contentTypeOf,
  negotiate,
  parseAccept,
  requestMediaType,
} from "../../../src/sim/server/negotiation.js";

const resource = { transforms: true, aggregatedDiscovery: false };
const discovery = { transforms: false, aggregatedDiscovery: true };

describe("Accept negotiation", () => {
  it.each([
    [undefined, resource, { format: "json" }],
    ["application/json", resource, { format: "json" }],
    ["*/*", resource, { format: "json" }],
    ["application/*", resource, { format: "json" }],
    ["application/yaml", resource, { format: "yaml" }],
    ["application/json;stream=watch", resource, { format: "json" }],
    [
      "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json",
      resource,
      { format: "table", version: "v1" },
    ],
    [
      "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io",
      resource,
      { format: "partial", version: "v1" },
    ],
    ["application/vnd.kubernetes.protobuf, application/json", resource, { format: "json" }],
    ["application/yaml;q=0.5, application/json", resource, { format: "json" }],
    [
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json",
      discovery,
      { format: "discovery", version: "v2" },
    ],
    [
      "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json",
      discovery,
      { format: "discovery", version: "v2beta1" },
    ],
    // Table is not offered where transforms are off: the JSON fallback is taken.
    ["application/json;as=Table;v=v1;g=meta.k8s.io,application/json", discovery, { format: "json" }],
    // An aggregated-discovery version the sim does not speak falls back as well.
    [
      "application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json",
      discovery,
      { format: "json" },
    ],
  ])("%s", (accept, opts, expected) => {
    expect(negotiate(accept, opts)).toEqual(expected);
  });

  it("answers 406 with the real server's list of representations", () => {
    let caught: unknown;
    try {
      negotiate("text/html", resource);
    } catch (err) {
      caught = err;
    }
    expect(isApiError(caught)).toBe(true);
    if (!isApiError(caught)) return;
    expect(caught.status).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message:
        "406: Not Acceptable\n\nAvailable representations: application/json, application/yaml, application/vnd.kubernetes.protobuf, application/json;stream=watch, application/vnd.kubernetes.protobuf;stream=watch",
      reason: "NotAcceptable",
      details: {},
      code: 406,
    });
  });

  it("refuses a Table the client only asks for when transforms are off", () => {
    expect(() => negotiate("application/json;as=Table;v=v1;g=meta.k8s.io", discovery)).toThrow();
  });

  it("orders media ranges by q-value and keeps the client's order on ties", () => {
    expect(parseAccept("a/b;q=0.2, c/d, e/f;q=0.2").map((r) => `${r.type}/${r.subtype}`)).toEqual([
      "c/d",
      "a/b",
      "e/f",
    ]);
  });

  it("drops q=0 ranges", () => {
    expect(parseAccept("application/json;q=0, application/yaml")).toHaveLength(1);
  });

  it.each([
    [{ format: "json" } as const, "application/json"],
    [{ format: "yaml" } as const, "application/yaml"],
    [{ format: "table", version: "v1" } as const, "application/json"],
    [
      { format: "discovery", version: "v2beta1" } as const,
      "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList",
    ],
  ])("content type of %j", (rep, type) => {
    expect(contentTypeOf(rep)).toBe(type);
  });

  it.each([
    ["application/merge-patch+json; charset=utf-8", "application/merge-patch+json"],
    ["Application/JSON", "application/json"],
    [undefined, ""],
  ])("request media type of %s", (header, media) => {
    expect(requestMediaType(header)).toBe(media);
  });
});
