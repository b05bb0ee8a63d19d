// Event and Endpoints hooks (no fixtures record them): rendering, validation rules, field selectors.

import { describe, expect, it } from "vitest";
import type { KubeObject, ResourceKind } from "../../../src/sim/types.js";
import { builtinKind, create, expectOk } from "./harness.js";

function errorsOf(kind: ResourceKind, body: KubeObject, namespace = "ns"): string[] {
  const outcome = create(kind, body, { namespace });
  return outcome.kind === "invalid" ? outcome.errors.map((e) => `${e.field}: ${e.message}`) : [];
}

describe("Event", () => {
  const event = (extra: Record<string, unknown>): KubeObject => ({
    metadata: { name: "svc-a.17a2b" },
    involvedObject: { kind: "Service", namespace: "ns", name: "svc-a" },
    reason: "Mirrored",
    ...extra,
  });

  it("renders the fields Go always prints and normalizes timestamps to UTC seconds", () => {
    const obj = expectOk(
      create(builtinKind("Event"), event({ firstTimestamp: "2026-01-01T02:00:00.5+02:00" }), {
        namespace: "ns",
      }),
    );
    expect(obj).toMatchObject({
      firstTimestamp: "2026-01-01T00:00:00Z",
      lastTimestamp: null,
      eventTime: null,
      source: {},
      reportingComponent: "",
      reportingInstance: "",
    });
  });

  it("rejects an involved object in another namespace", () => {
    expect(
      errorsOf(
        builtinKind("Event"),
        event({ involvedObject: { kind: "Pod", namespace: "other", name: "p" } }),
      ),
    ).toEqual(['involvedObject.namespace: Invalid value: "other": does not match event.namespace']);
  });

  it("requires the reporting fields of new-style events (eventTime set)", () => {
    expect(errorsOf(builtinKind("Event"), event({ eventTime: "2026-01-01T00:00:00.000000Z" }))).toEqual([
      "reportingComponent: Required value",
      `reportingComponent: Invalid value: "": name part must be non-empty`,
      `reportingComponent: Invalid value: "": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      "reportingInstance: Required value",
      "action: Required value",
    ]);
  });

  it("decodes eventTime as a MicroTime", () => {
    expect(() => builtinKind("Event").decode?.(event({ eventTime: "2026-01-01T00:00:00Z" }))).toThrow(
      'parsing time "2026-01-01T00:00:00Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"',
    );
    expect(() => builtinKind("Event").decode?.(event({ series: { lastObservedTime: 5 } }))).toThrow(
      "json: cannot unmarshal number into Go struct field EventSeries.series.lastObservedTime of type string",
    );
  });

  it("only needs a path-segment name", () => {
    expect(errorsOf(builtinKind("Event"), { ...event({}), metadata: { name: "Has_Caps" } })).toEqual([]);
    expect(errorsOf(builtinKind("Event"), { ...event({}), metadata: { name: "a/b" } })).toEqual([
      `metadata.name: Invalid value: "a/b": may not contain '/'`,
    ]);
  });

  it("serves the involvedObject, reason, source and type field selectors", () => {
    const selectors = builtinKind("Event").fieldSelectors ?? {};
    const obj = event({ source: { component: "svcmirror" }, type: "Normal" });
    expect(selectors["involvedObject.name"]?.(obj)).toBe("svc-a");
    expect(selectors["involvedObject.kind"]?.(obj)).toBe("Service");
    expect(selectors.reason?.(obj)).toBe("Mirrored");
    expect(selectors.source?.(obj)).toBe("svcmirror");
    expect(selectors.type?.(obj)).toBe("Normal");
  });
});

describe("Endpoints", () => {
  const endpoints = (subsets: unknown[]): KubeObject => ({ metadata: { name: "svc-a" }, subsets });

  it("defaults port protocols", () => {
    const obj = expectOk(
      create(
        builtinKind("Endpoints"),
        endpoints([{ addresses: [{ ip: "10.1.0.5" }], ports: [{ port: 80 }] }]),
        {
          namespace: "ns",
        },
      ),
    );
    expect(obj.subsets).toEqual([
      { addresses: [{ ip: "10.1.0.5" }], ports: [{ port: 80, protocol: "TCP" }] },
    ]);
  });

  it("validates addresses and ports like ValidateEndpoints", () => {
    const errs = errorsOf(
      builtinKind("Endpoints"),
      endpoints([
        { ports: [{ port: 80 }, { port: 0 }] },
        { addresses: [{ ip: "nope" }, { ip: "127.0.0.1" }] },
      ]),
    );
    expect(errs).toEqual([
      "subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`",
      "subsets[0].ports[0].name: Required value",
      "subsets[0].ports[1].name: Required value",
      "subsets[0].ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive",
      'subsets[1].addresses[0].ip: Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      'subsets[1].addresses[0].ip: Invalid value: "nope": must be a valid IP address',
      'subsets[1].addresses[1].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    ]);
  });
});
