// ObjectMeta and name validators with apimachinery's exact messages and quirks.

import { describe, expect, it } from "vitest";
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "../../../src/sim/resources/meta.js";
import type { ObjectMeta } from "../../../src/sim/types.js";

const LABEL_REGEX_ERROR =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const NAME_PART_REGEX_ERROR =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe("name validators", () => {
  it.each([
    ["web-0", []],
    ["web.0", ["must not contain dots"]],
    ["Web", [LABEL_REGEX_ERROR]],
    ["a".repeat(64), ["must be no more than 63 characters"]],
  ])("IsDNS1123Label(%j)", (value, errs) => {
    expect(isDNS1123Label(value)).toEqual(errs);
  });

  it.each([
    ["", ["name part must be non-empty", NAME_PART_REGEX_ERROR]],
    ["/x", ["prefix part must be non-empty"]],
    ["example.com/x", []],
  ])("IsQualifiedName(%j)", (value, errs) => {
    expect(isQualifiedName(value)).toEqual(errs);
  });

  it("rejects more than one slash with the whole-name message", () => {
    expect(isQualifiedName("a/b/c")[0]).toMatch(
      /^a qualified name must consist of .* with an optional DNS subdomain prefix/,
    );
  });

  it.each([
    // maskTrailingDash replaces the last two characters with "a": a 64-character prefix passes.
    [isDNS1123Subdomain, `${"a".repeat(253)}-`, []],
    [isDNS1035Label, `${"a".repeat(63)}-`, []],
    [isDNS1035Label, "x-", []],
    [
      isDNS1035Label,
      "1abc-",
      [
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      ],
    ],
  ])("generateName prefix %#", (validator, value, errs) => {
    expect(validator(value, true)).toEqual(errs);
  });
});

describe("ValidateObjectMeta", () => {
  const opts = { namespaced: true, nameValidator: isDNS1123Subdomain, kubeFinalizerNames: true };

  it("reports finalizers on the list path, and unqualified non-standard names for core kinds", () => {
    const meta: ObjectMeta = { name: "a", namespace: "ns", finalizers: ["kubernetes", "bad name", "custom"] };
    expect(validateObjectMeta(meta, opts).map((e) => `${e.field}: ${e.message}`)).toEqual([
      `metadata.finalizers: Invalid value: "bad name": ${NAME_PART_REGEX_ERROR}`,
      'metadata.finalizers: Invalid value: "bad name": name is neither a standard finalizer name nor is it fully qualified',
      'metadata.finalizers: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });

  it("checks owner references", () => {
    const meta: ObjectMeta = {
      name: "a",
      namespace: "ns",
      ownerReferences: [{ apiVersion: "v1", kind: "Service" }],
    };
    expect(validateObjectMeta(meta, opts).map((e) => `${e.field}: ${e.message}`)).toEqual([
      'metadata.ownerReferences.name: Invalid value: "": name must not be empty',
      'metadata.ownerReferences.uid: Invalid value: "": uid must not be empty',
    ]);
  });

  it("counts annotation sizes in bytes", () => {
    const meta: ObjectMeta = { name: "a", namespace: "ns", annotations: { k: "é".repeat(131072) } };
    expect(validateObjectMeta(meta, opts).map((e) => e.message)).toEqual([
      "Too long: may not be longer than 262144",
    ]);
  });

  it("forbids a namespace on cluster-scoped kinds and requires one on namespaced kinds", () => {
    expect(
      validateObjectMeta({ name: "a", namespace: "x" }, { ...opts, namespaced: false })[0]?.message,
    ).toBe("Forbidden: not allowed on this type");
    expect(validateObjectMeta({ name: "a" }, opts)[0]).toEqual({
      reason: "FieldValueRequired",
      field: "metadata.namespace",
      message: "Required value",
    });
  });
});

describe("ValidateObjectMetaUpdate", () => {
  const old: ObjectMeta = {
    name: "a",
    namespace: "ns",
    uid: "u1",
    generation: 3,
    deletionTimestamp: "t",
    finalizers: ["x/a"],
  };

  it("keeps identity fields, the generation and the finalizers of a terminating object", () => {
    const next: ObjectMeta = { ...old, name: "b", uid: "u2", generation: 2, finalizers: ["x/a", "x/b"] };
    expect(validateObjectMetaUpdate(next, old).map((e) => `${e.field}: ${e.message}`)).toEqual([
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"x/b"}',
      "metadata.generation: Invalid value: 2: must not be decremented",
      'metadata.name: Invalid value: "b": field is immutable',
      'metadata.uid: Invalid value: "u2": field is immutable',
    ]);
  });
});
