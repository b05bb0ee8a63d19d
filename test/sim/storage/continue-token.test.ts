import { describe, expect, it } from "vitest";
import { ContinueTokenError, decodeContinue, encodeContinue } from "../../../src/sim/storage/index.js";
import { loadCase, statusOf } from "./fixtures.js";

function b64(json: string): string {
  return Buffer.from(json, "utf8").toString("base64url");
}

function decodeError(token: string): string {
  try {
    decodeContinue(token);
  } catch (err) {
    if (err instanceof ContinueTokenError) return err.message;
    throw err;
  }
  throw new Error(`token ${token} decoded`);
}

describe("continue tokens", () => {
  it("encode as unpadded base64url of the JSON the real server writes (case 053 notes)", () => {
    const token = encodeContinue({ start: "svc-a\0", rv: 1234 });
    expect(token).not.toMatch(/[=+/]/);
    expect(Buffer.from(token, "base64url").toString("utf8")).toBe(
      '{"v":"meta.k8s.io/v1","rv":1234,"start":"svc-a\\u0000"}',
    );
  });

  it("decode what they encode, including rv -1 (continue at the latest revision)", () => {
    expect(decodeContinue(encodeContinue({ start: "other-svc\0", rv: -1 }))).toEqual({
      start: "other-svc\0",
      rv: -1,
    });
    expect(decodeContinue(encodeContinue({ start: "ns/a<b>\0", rv: 7 }))).toEqual({
      start: "ns/a<b>\0",
      rv: 7,
    });
  });

  it("match JSON keys case-insensitively, as encoding/json does", () => {
    expect(decodeContinue(b64('{"V":"meta.k8s.io/v1","RV":5,"Start":"a"}'))).toEqual({ start: "a", rv: 5 });
  });

  it("fail for the recorded garbage token with Go's JSON syntax error (case 058)", () => {
    const recorded = statusOf(loadCase("058")).message ?? "";
    // "nonsense" decodes to bytes starting with 0x9e, the byte the recorded message quotes.
    expect(`invalid continue token: ${decodeError("nonsense")}`).toBe(recorded);
  });

  it.each([
    ["a", "illegal base64 data at input byte 0"],
    ["abcde", "illegal base64 data at input byte 4"],
    ["ab!d", "illegal base64 data at input byte 2"],
    ["abcd=", "illegal base64 data at input byte 4"],
    [b64("{"), "unexpected end of JSON input"],
    [b64('{"v" "x"}'), `invalid character '"' after object key`],
    [b64('{"v":"x",}'), "invalid character '}' looking for beginning of object key string"],
    [b64('{"v":"x" "rv":1}'), `invalid character '"' after object key:value pair`],
    [b64("[1 2]"), "invalid character '2' after array element"],
    [b64("trUe"), "invalid character 'U' in literal true (expecting 'u')"],
    [b64('{"v":"a\\q"}'), "invalid character 'q' in string escape code"],
    [b64('{"v":"\\u12G4"}'), "invalid character 'G' in \\u hexadecimal character escape"],
    [b64('{"rv":-x}'), "invalid character 'x' in numeric literal"],
    [b64('{"rv":1.}'), "invalid character '}' after decimal point in numeric literal"],
    [b64('{"rv":1e}'), "invalid character '}' in exponent of numeric literal"],
    [b64('{"v":"meta.k8s.io/v1","rv":5,"start":"a"} x'), "invalid character 'x' after top-level value"],
    [b64("'"), "invalid character '\\'' looking for beginning of value"],
    [b64("[]"), "json: cannot unmarshal array into Go value of type storage.continueToken"],
    [b64('{"v":1}'), "json: cannot unmarshal number into Go struct field continueToken.v of type string"],
    [b64('{"rv":"5"}'), "json: cannot unmarshal string into Go struct field continueToken.rv of type int64"],
    [
      b64('{"rv":1.5}'),
      "json: cannot unmarshal number 1.5 into Go struct field continueToken.rv of type int64",
    ],
    [
      b64('{"rv":9223372036854775808}'),
      "json: cannot unmarshal number 9223372036854775808 into Go struct field continueToken.rv of type int64",
    ],
    [
      b64('{"v":"meta.k8s.io/v2","rv":5,"start":"a"}'),
      "server does not recognize this encoded version meta.k8s.io/v2",
    ],
    [b64("null"), "server does not recognize this encoded version "],
    [
      b64('{"v":"meta.k8s.io/v1","rv":0,"start":"a"}'),
      "incorrect encoded start resourceVersion (version meta.k8s.io/v1)",
    ],
    [b64('{"v":"meta.k8s.io/v1","rv":5}'), "encoded start key empty (version meta.k8s.io/v1)"],
    [b64('{"v":"meta.k8s.io/v1","rv":5,"start":"../x"}'), "../x"],
    [b64('{"v":"meta.k8s.io/v1","rv":5,"start":"a//b"}'), "a//b"],
  ])("%s → continue key is not valid: %s", (token, message) => {
    expect(decodeError(token)).toBe(`continue key is not valid: ${message}`);
  });
});
