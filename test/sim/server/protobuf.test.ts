import { describe, expect, it } from "vitest";
import { encodeOpenApiV2 } from "../../../src/sim/server/openapi-proto.js";
import { ProtoWriter } from "../../../src/sim/server/protobuf.js";

const hex = (w: ProtoWriter): string => w.finish().toString("hex");

describe("protobuf wire format", () => {
  it.each([
    [(w: ProtoWriter) => w.int64(1, 150), "089601"],
    [(w: ProtoWriter) => w.int64(2, 300), "10ac02"],
    [(w: ProtoWriter) => w.int64(1, -1), "08ffffffffffffffffff01"],
    [(w: ProtoWriter) => w.string(2, "testing"), "120774657374696e67"],
    [(w: ProtoWriter) => w.bool(3, true), "1801"],
    [(w: ProtoWriter) => w.double(1, 1), "09000000000000f03f"],
    [(w: ProtoWriter) => w.message(3, (m) => m.int64(1, 150)), "1a03089601"],
    // proto3 leaves default values out.
    [(w: ProtoWriter) => w.int64(1, 0).string(2, "").bool(3, false).double(4, 0), ""],
  ])("%s", (write, expected) => {
    const w = new ProtoWriter();
    write(w);
    expect(hex(w)).toBe(expected);
  });

  it("encodes an OpenAPI document's version, title and definitions", () => {
    const bytes = encodeOpenApiV2({
      swagger: "2.0",
      info: { title: "Kubernetes", version: "v1.28.0" },
      definitions: { "io.k8s.api.core.v1.Service": { type: "object" } },
    });
    const expected = new ProtoWriter()
      .string(1, "2.0")
      .message(2, (i) => i.string(1, "Kubernetes").string(2, "v1.28.0"))
      .message(9, (d) =>
        d.message(1, (named) =>
          named
            .string(1, "io.k8s.api.core.v1.Service")
            .message(2, (s) => s.message(22, (t) => t.strings(1, ["object"]))),
        ),
      )
      .finish();
    expect(bytes.equals(expected)).toBe(true);
  });
});
