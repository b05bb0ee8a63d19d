import { describe, expect, it } from "vitest";
import { formatChecker } from "../../../src/sim/schema/formats.js";
import { storageVersionHash } from "../../../src/sim/schema/index.js";

describe("string formats validated for custom resources", () => {
  it.each<[string, string[], string[]]>([
    [
      "date-time",
      ["2026-01-01T00:00:00Z", "2026-01-01t10:20:30.5+02:00", "2024-02-29T23:59:59z"],
      [
        "2026-01-01",
        "2026-13-01T00:00:00Z",
        "2026-01-01T24:00:00Z",
        "2023-02-29T00:00:00Z",
        "2026-01-01T00:00:00",
      ],
    ],
    ["date", ["2026-01-31", "2024-02-29"], ["2026-1-31", "2026-04-31", "2023-02-29", "26-01-01"]],
    ["duration", ["1h30m", "-1.5s", "0", "3 days", "2 weeks 1 hr"], ["", "1x", "1 fortnight", "h"]],
    [
      "uuid",
      ["123e4567-e89b-12d3-a456-426614174000", "123E4567E89B12D3A456426614174000"],
      ["123e4567-e89b-12d3-a456", "zzze4567-e89b-12d3-a456-426614174000"],
    ],
    ["uuid4", ["123e4567-e89b-42d3-a456-426614174000"], ["123e4567-e89b-12d3-a456-426614174000"]],
    ["ipv4", ["10.0.0.1", "::ffff:10.0.0.1"], ["10.0.0.256", "010.0.0.1", "fd00::1", "1.2.3"]],
    [
      "ipv6",
      ["fd00::1", "::", "1:2:3:4:5:6:7:8", "::ffff:10.0.0.1"],
      ["10.0.0.1", "1:2:3:4:5:6:7:8:9", "fe80::1%eth0", "1::2::3"],
    ],
    [
      "cidr",
      ["10.0.0.0/8", "fd00::/64", "10.0.0.0/08"],
      ["10.0.0.0", "10.0.0.0/33", "fd00::/129", "10.0.0.0/-1"],
    ],
    ["mac", ["00:1a:2b:3c:4d:5e", "00-1a-2b-3c-4d-5e", "001a.2b3c.4d5e"], ["00:1a:2b:3c:4d", "001a2b3c4d5e"]],
    [
      "hostname",
      ["example.com", "a", "my-host.example.io"],
      ["-bad.example.com", "under_score.example.com", "a..b"],
    ],
    ["byte", ["aGVsbG8=", "aGk="], ["", "not base64!", "aGVsbG8"]],
    [
      "uri",
      ["https://example.com/a?b=c", "/just/a/path", "mailto:someone"],
      ["example.com", "", "http://exa mple.com/", "https://host:port/"],
    ],
    ["email", ["a@example.com", "Name <a.b@example.com>"], ["no-at-sign", "@example.com", "a@"]],
    ["hexcolor", ["#fff", "a0b1c2"], ["#ffff", "ggg"]],
    ["rgbcolor", ["rgb(0, 255, 10)"], ["rgb(256,0,0)", "rgba(0,0,0,0)"]],
    ["ssn", ["123-45-6789", "123 45 6789"], ["123456789", "12-345-6789"]],
    ["isbn10", ["0-306-40615-2", "080442957X"], ["0-306-40615-3"]],
    ["isbn13", ["978-0-306-40615-7"], ["978-0-306-40615-8"]],
    ["creditcard", ["4111 1111 1111 1111"], ["4111 1111 1111 1112", "1234"]],
    ["bsonobjectid", ["507f1f77bcf86cd799439011"], ["507f1f77bcf86cd79943901"]],
    ["password", ["anything at all"], []],
  ])("%s", (format, valid, invalid) => {
    const check = formatChecker(format);
    expect(check).toBeDefined();
    for (const value of valid) expect(check?.(value), `${format} should accept ${value}`).toBe(true);
    for (const value of invalid) expect(check?.(value), `${format} should reject ${value}`).toBe(false);
  });

  it.each(["int32", "int64", "float", "double", "k8s-short-name", ""])("ignores %j", (format) => {
    expect(formatChecker(format)).toBeUndefined();
  });
});

describe("storageVersionHash", () => {
  it.each<[string, string, string, string]>([
    ["svcmirror.io", "v1alpha1", "Link", "cFNXrVTxFe4="],
    ["", "v1", "Service", "0/CO1lhkEBI="],
    ["coordination.k8s.io", "v1", "Lease", "gqkMMb/YqFM="],
    ["discovery.k8s.io", "v1beta1", "EndpointSlice", "Nx3SIv6I0mE="],
    ["apiextensions.k8s.io", "v1beta1", "CustomResourceDefinition", "jfWCUB31mvA="],
  ])("%s/%s %s", (group, version, kind, hash) => {
    expect(storageVersionHash(group, version, kind)).toBe(hash);
  });
});
