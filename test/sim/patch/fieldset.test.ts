// fieldsV1 encoding: recorded managedFields decode and re-encode byte for byte (key order
// included: numbers before strings, ports in numeric order, "." first), set algebra, and the
// printed paths used in conflict messages.

import { describe, expect, it } from "vitest";
import { FieldSet } from "../../../src/sim/patch/fieldset.js";
import {
  compareValues,
  fieldElement,
  keyElement,
  type Path,
  pathToString,
} from "../../../src/sim/patch/pathelement.js";
import type { Json, KubeObject } from "../../../src/sim/types.js";
import { fixture } from "./fixtures.js";

function recordedFieldsV1(caseNumber: number): Json[] {
  const obj = fixture(caseNumber).response.body as unknown as KubeObject;
  return (obj.metadata.managedFields ?? []).map((entry) => entry.fieldsV1);
}

const f = fieldElement;

describe("fieldsV1 round trip", () => {
  it.each([34, 88, 102, 146, 195, 223, 226])("case %i re-encodes exactly as recorded", (n) => {
    for (const fields of recordedFieldsV1(n)) {
      expect(JSON.stringify(FieldSet.fromFieldsV1(fields).toFieldsV1())).toBe(JSON.stringify(fields));
    }
  });

  it("spells map-list keys with sorted key fields and set items as values", () => {
    const set = FieldSet.of([
      [
        f("spec"),
        f("ports"),
        keyElement([
          ["protocol", "TCP"],
          ["port", 80],
        ]),
        f("name"),
      ],
      [f("metadata"), f("finalizers"), { kind: "value", value: "a/b" }],
      [f("spec"), f("ports")],
    ]);
    expect(set.toFieldsV1()).toStrictEqual({
      "f:metadata": { "f:finalizers": { 'v:"a/b"': {} } },
      "f:spec": { "f:ports": { ".": {}, 'k:{"port":80,"protocol":"TCP"}': { "f:name": {} } } },
    });
  });

  it("rejects keys that are not path elements", () => {
    expect(() => FieldSet.fromFieldsV1({ "x:y": {} })).toThrow();
    expect(() => FieldSet.fromFieldsV1({ "f:a": 1 })).toThrow();
  });
});

describe("set algebra", () => {
  const a: Path = [f("metadata"), f("labels"), f("a")];
  const b: Path = [f("metadata"), f("labels"), f("b")];
  const labels: Path = [f("metadata"), f("labels")];

  it("union, difference and intersection work member by member", () => {
    const left = FieldSet.of([a, labels]);
    const right = FieldSet.of([b, labels]);
    expect(left.union(right).equals(FieldSet.of([a, b, labels]))).toBe(true);
    expect(left.difference(right).equals(FieldSet.of([a]))).toBe(true);
    expect(left.intersection(right).equals(FieldSet.of([labels]))).toBe(true);
  });

  it("recursive difference also drops everything below a removed member", () => {
    const set = FieldSet.of([a, b, [f("spec"), f("type")]]);
    expect(set.recursiveDifference(FieldSet.of([labels])).equals(FieldSet.of([[f("spec"), f("type")]]))).toBe(
      true,
    );
    expect(set.difference(FieldSet.of([labels])).equals(set)).toBe(true);
  });

  it("iterates members before children, each in element order", () => {
    const set = FieldSet.of([b, [f("spec"), f("type")], [f("apiVersion")], a]);
    expect(set.paths().map(pathToString)).toStrictEqual([
      ".apiVersion",
      ".metadata.labels.a",
      ".metadata.labels.b",
      ".spec.type",
    ]);
  });

  it("an emptied set has no nodes left", () => {
    const set = FieldSet.of([a]);
    expect(set.difference(FieldSet.of([a])).isEmpty()).toBe(true);
    expect(set.difference(FieldSet.of([a])).toFieldsV1()).toStrictEqual({});
  });
});

describe("printed paths", () => {
  it.each<[Path, string]>([
    [[f("metadata"), f("labels"), f("svcmirror.io/origin")], ".metadata.labels.svcmirror.io/origin"],
    [
      [
        f("spec"),
        f("ports"),
        keyElement([
          ["port", 80],
          ["protocol", "TCP"],
        ]),
        f("targetPort"),
      ],
      '.spec.ports[port=80,protocol="TCP"].targetPort',
    ],
    [[f("metadata"), f("finalizers"), { kind: "value", value: "x" }], '.metadata.finalizers[="x"]'],
    [[f("items"), { kind: "index", index: 3 }], ".items[3]"],
  ])("%j", (path, text) => {
    expect(pathToString(path)).toBe(text);
  });

  it("orders values numbers first, then strings, booleans, lists, maps, null", () => {
    const values: Json[] = [null, { a: 1 }, [1], true, "b", "a", 9100, 443, 80];
    expect([...values].sort(compareValues)).toStrictEqual([
      80,
      443,
      9100,
      "a",
      "b",
      true,
      [1],
      { a: 1 },
      null,
    ]);
  });
});
