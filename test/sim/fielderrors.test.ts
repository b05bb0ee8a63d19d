import { describe, expect, it } from "vitest";
import { invalid } from "../../src/sim/errors.js";
import { fieldError, goLiteral, goStringSlice } from "../../src/sim/fielderrors.js";

describe("field errors render like apimachinery", () => {
  it.each([
    [fieldError.required("spec.ports"), "Required value"],
    [
      fieldError.required("metadata.name", "name or generateName is required"),
      "Required value: name or generateName is required",
    ],
    [
      fieldError.invalid("spec.ports[0].port", 70000, "must be between 1 and 65535, inclusive"),
      "Invalid value: 70000: must be between 1 and 65535, inclusive",
    ],
    [
      fieldError.invalid("metadata.resourceVersion", goLiteral("0x0"), "must be specified for an update"),
      "Invalid value: 0x0: must be specified for an update",
    ],
    [
      fieldError.invalid("spec.clusterIPs[0]", goStringSlice(["10.96.200.200"]), "may not change once set"),
      'Invalid value: []string{"10.96.200.200"}: may not change once set',
    ],
    [fieldError.duplicate("ports[1].name", ""), 'Duplicate value: ""'],
    [
      fieldError.notSupported("addressType", "IPv5", ["FQDN", "IPv4", "IPv6"]),
      'Unsupported value: "IPv5": supported values: "FQDN", "IPv4", "IPv6"',
    ],
    [fieldError.tooMany("endpoints", 1001, 1000), "Too many: 1001: must have at most 1000 items"],
  ])("%j", (err, message) => {
    expect(err.message).toBe(message);
  });

  it("aggregates several errors in brackets and repeats identical ones once in the message only", () => {
    const dup = fieldError.forbidden("metadata.finalizers", "no new finalizers");
    const err = invalid({ group: "svcmirror.io", kind: "Link" }, "link-a", [dup, dup]);
    expect(err.status.message).toBe(
      'Link.svcmirror.io "link-a" is invalid: metadata.finalizers: Forbidden: no new finalizers',
    );
    expect(err.status.details?.causes).toHaveLength(2);

    const two = invalid({ group: "", kind: "Service" }, "svc", [
      fieldError.required("spec.ports[0].name"),
      fieldError.required("spec.ports[1].name"),
    ]);
    expect(two.status.message).toBe(
      'Service "svc" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: Required value]',
    );
    expect(two.status.details).toEqual({
      name: "svc",
      kind: "Service",
      causes: [
        { reason: "FieldValueRequired", message: "Required value", field: "spec.ports[0].name" },
        { reason: "FieldValueRequired", message: "Required value", field: "spec.ports[1].name" },
      ],
    });
  });
});

describe("invalid() details", () => {
  it("omits an empty name and kind like Go's omitempty", () => {
    const err = invalid({ group: "", kind: "" }, "", [fieldError.invalid("patch", "x", "bad")]);
    expect(err.status.message).toBe(' "" is invalid: patch: Invalid value: "x": bad');
    expect(err.status.details).toEqual({
      causes: [{ reason: "FieldValueInvalid", message: 'Invalid value: "x": bad', field: "patch" }],
    });
  });
});
