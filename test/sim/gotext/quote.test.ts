// strconv.Quote and encoding/json's quoteChar, as the server quotes request values in messages.

import { describe, expect, it } from "vitest";
import { goQuote, goQuoteByte } from "../../../src/sim/gotext/quote.js";

describe("goQuote", () => {
  it.each([
    ["plain", '"plain"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ["\n\t\x07\x01\x7f", '"\\n\\t\\a\\x01\\x7f"'],
    ["\u009e é", '"\\u009e é"'],
    // Not unicode.IsPrint: a no-break space, a zero-width space, a lone surrogate.
    ["a\u00a0b\u200bc", '"a\\u00a0b\\u200bc"'],
    ["\ud800", '"\\ufffd"'],
    ["\u{1F600}", '"\u{1F600}"'],
    ["\u{E0001}", '"\\U000e0001"'],
  ])("quotes %j like strconv.Quote", (input, quoted) => {
    expect(goQuote(input)).toBe(quoted);
  });
});

describe("goQuoteByte", () => {
  it.each([
    [0x27, "'\\''"],
    [0x22, "'\"'"],
    [0x78, "'x'"],
    [0x0a, "'\\n'"],
    [0x01, "'\\x01'"],
    [0x9e, "'\\u009e'"],
    [0xc3, "'Ã'"],
  ])("quotes byte %i like quoteChar", (byte, quoted) => {
    expect(goQuoteByte(byte)).toBe(quoted);
  });
});
