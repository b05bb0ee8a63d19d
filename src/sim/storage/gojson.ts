// A JSON reader over raw bytes that fails exactly as Go's encoding/json does: the scanner's syntax
// messages (`invalid character '\u009e' looking for beginning of value`, `unexpected end of JSON
// input`) and, for decoding into a struct, UnmarshalTypeError's text. The server quotes these when a
// continue token is garbage. Only what such tokens need is modelled: no streaming, no float decoding.

import { goQuoteByte } from "./gotext.js";

export type GoJsonValue =
  | { readonly kind: "object"; readonly entries: readonly (readonly [string, GoJsonValue])[] }
  | { readonly kind: "array"; readonly items: readonly GoJsonValue[] }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "number"; readonly raw: string }
  | { readonly kind: "bool"; readonly value: boolean }
  | { readonly kind: "null" };

export class GoJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GoJsonError";
  }
}

const MAX_DEPTH = 10_000;
const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  '"': 0x22,
  "\\": 0x5c,
  "/": 0x2f,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
};

function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= 0x30 && b <= 0x39;
}

function isHex(b: number | undefined): boolean {
  return b !== undefined && /^[0-9a-fA-F]$/.test(String.fromCharCode(b));
}

class Reader {
  private pos = 0;
  private depth = 0;
  private readonly utf8 = new TextDecoder("utf-8");
  private readonly encoder = new TextEncoder();

  constructor(private readonly bytes: Uint8Array) {}

  private peek(): number | undefined {
    return this.bytes[this.pos];
  }

  private fail(context: string): never {
    const b = this.peek();
    if (b === undefined) throw new GoJsonError("unexpected end of JSON input");
    throw new GoJsonError(`invalid character ${goQuoteByte(b)} ${context}`);
  }

  private skipSpace(): void {
    for (let b = this.peek(); b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d; b = this.peek()) {
      this.pos += 1;
    }
  }

  document(): GoJsonValue {
    const value = this.value();
    this.skipSpace();
    if (this.pos < this.bytes.length) this.fail("after top-level value");
    return value;
  }

  private value(): GoJsonValue {
    this.skipSpace();
    const b = this.peek();
    if (b === 0x7b) return this.nested(() => this.object());
    if (b === 0x5b) return this.nested(() => this.array());
    if (b === 0x22) return { kind: "string", value: this.string() };
    if (b === 0x2d || isDigit(b)) return { kind: "number", raw: this.number() };
    if (b === 0x74) return this.literal("true", { kind: "bool", value: true });
    if (b === 0x66) return this.literal("false", { kind: "bool", value: false });
    if (b === 0x6e) return this.literal("null", { kind: "null" });
    return this.fail("looking for beginning of value");
  }

  private nested(read: () => GoJsonValue): GoJsonValue {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) this.fail("exceeded max depth");
    const value = read();
    this.depth -= 1;
    return value;
  }

  private object(): GoJsonValue {
    const entries: [string, GoJsonValue][] = [];
    this.pos += 1;
    this.skipSpace();
    if (this.peek() === 0x7d) {
      this.pos += 1;
      return { kind: "object", entries };
    }
    for (;;) {
      this.skipSpace();
      if (this.peek() !== 0x22) this.fail("looking for beginning of object key string");
      const key = this.string();
      this.skipSpace();
      if (this.peek() !== 0x3a) this.fail("after object key");
      this.pos += 1;
      entries.push([key, this.value()]);
      this.skipSpace();
      const b = this.peek();
      this.pos += 1;
      if (b === 0x7d) return { kind: "object", entries };
      if (b !== 0x2c) {
        this.pos -= 1;
        this.fail("after object key:value pair");
      }
    }
  }

  private array(): GoJsonValue {
    const items: GoJsonValue[] = [];
    this.pos += 1;
    this.skipSpace();
    if (this.peek() === 0x5d) {
      this.pos += 1;
      return { kind: "array", items };
    }
    for (;;) {
      items.push(this.value());
      this.skipSpace();
      const b = this.peek();
      this.pos += 1;
      if (b === 0x5d) return { kind: "array", items };
      if (b !== 0x2c) {
        this.pos -= 1;
        this.fail("after array element");
      }
    }
  }

  private string(): string {
    this.pos += 1;
    const out: number[] = [];
    for (;;) {
      const b = this.peek();
      if (b === undefined) this.fail("in string literal");
      if (b === 0x22) {
        this.pos += 1;
        return this.utf8.decode(new Uint8Array(out));
      }
      if (b === 0x5c) this.escape(out);
      else if (b < 0x20) this.fail("in string literal");
      else {
        out.push(b);
        this.pos += 1;
      }
    }
  }

  private escape(out: number[]): void {
    this.pos += 1;
    const b = this.peek();
    if (b === undefined) this.fail("in string escape code");
    const simple = SIMPLE_ESCAPES[String.fromCharCode(b)];
    this.pos += 1;
    if (simple !== undefined) {
      out.push(simple);
      return;
    }
    if (b !== 0x75) {
      this.pos -= 1;
      this.fail("in string escape code");
    }
    let unit = this.hex4();
    if (
      unit >= 0xd800 &&
      unit < 0xdc00 &&
      this.bytes[this.pos] === 0x5c &&
      this.bytes[this.pos + 1] === 0x75
    ) {
      const save = this.pos;
      this.pos += 2;
      const low = this.hex4();
      if (low >= 0xdc00 && low < 0xe000) unit = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
      else this.pos = save;
    }
    const ch = unit >= 0xd800 && unit < 0xe000 ? "\ufffd" : String.fromCodePoint(unit);
    out.push(...this.encoder.encode(ch));
  }

  private hex4(): number {
    let text = "";
    for (let i = 0; i < 4; i++) {
      if (!isHex(this.peek())) this.fail("in \\u hexadecimal character escape");
      text += String.fromCharCode(this.peek() ?? 0);
      this.pos += 1;
    }
    return Number.parseInt(text, 16);
  }

  private digits(): void {
    while (isDigit(this.peek())) this.pos += 1;
  }

  private number(): string {
    const start = this.pos;
    if (this.peek() === 0x2d) this.pos += 1;
    if (!isDigit(this.peek())) this.fail("in numeric literal");
    if (this.peek() === 0x30) this.pos += 1;
    else this.digits();
    if (this.peek() === 0x2e) {
      this.pos += 1;
      if (!isDigit(this.peek())) this.fail("after decimal point in numeric literal");
      this.digits();
    }
    const e = this.peek();
    if (e === 0x65 || e === 0x45) {
      this.pos += 1;
      const sign = this.peek();
      if (sign === 0x2b || sign === 0x2d) this.pos += 1;
      if (!isDigit(this.peek())) this.fail("in exponent of numeric literal");
      this.digits();
    }
    return String.fromCharCode(...this.bytes.subarray(start, this.pos));
  }

  private literal(word: string, value: GoJsonValue): GoJsonValue {
    this.pos += 1;
    for (const expected of word.slice(1)) {
      if (this.peek() !== expected.charCodeAt(0)) this.fail(`in literal ${word} (expecting '${expected}')`);
      this.pos += 1;
    }
    return value;
  }
}

/** json.Unmarshal's syntax pass: the whole input is checked before any value is decoded. */
export function parseGoJson(bytes: Uint8Array): GoJsonValue {
  return new Reader(bytes).document();
}
