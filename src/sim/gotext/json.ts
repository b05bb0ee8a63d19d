// JSON read from raw bytes failing exactly as Go's encoding/json does: the scanner's syntax messages
// (`invalid character '\u009e' looking for beginning of value`, `unexpected end of JSON input`,
// `exceeded max depth`), which the server quotes for a garbage continue token or request body. The
// offending byte is quoted as Go quotes it, so a multi-byte character shows as its first byte. Only
// what those need is modelled: no streaming, no float decoding.

import { goQuoteByte } from "./quote.js";

export type GoJsonValue =
  | { readonly kind: "object"; readonly entries: readonly (readonly [string, GoJsonValue])[] }
  | { readonly kind: "array"; readonly items: readonly GoJsonValue[] }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "number"; readonly raw: string }
  | { readonly kind: "bool"; readonly value: boolean }
  | { readonly kind: "null" };

export class GoJsonSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GoJsonSyntaxError";
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

/** A container being read. */
type Frame =
  | { readonly kind: "object"; readonly entries: [string, GoJsonValue][]; key: string }
  | { readonly kind: "array"; readonly items: GoJsonValue[] };

class Reader {
  private pos = 0;
  private readonly utf8 = new TextDecoder("utf-8");
  private readonly encoder = new TextEncoder();

  constructor(private readonly bytes: Uint8Array) {}

  private peek(): number | undefined {
    return this.bytes[this.pos];
  }

  private fail(context: string): never {
    const b = this.peek();
    if (b === undefined) throw new GoJsonSyntaxError("unexpected end of JSON input");
    throw new GoJsonSyntaxError(`invalid character ${goQuoteByte(b)} ${context}`);
  }

  private skipSpace(): void {
    for (let b = this.peek(); b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d; b = this.peek()) {
      this.pos += 1;
    }
  }

  /**
   * The whole input as one value. Containers are read with an explicit stack, not recursion, so
   * Go's nesting limit (10,000) is what stops deep input, not the JavaScript stack.
   */
  document(): GoJsonValue {
    const stack: Frame[] = [];
    let value = this.valueStart(stack);
    for (;;) {
      if (value === undefined) {
        value = this.valueStart(stack);
        continue;
      }
      const top = stack[stack.length - 1];
      if (top === undefined) break;
      if (top.kind === "array") top.items.push(value);
      else top.entries.push([top.key, value]);
      value = this.afterMember(stack, top);
    }
    this.skipSpace();
    if (this.pos < this.bytes.length) this.fail("after top-level value");
    return value;
  }

  /** Reads a scalar or an empty container; otherwise opens the container and returns undefined. */
  private valueStart(stack: Frame[]): GoJsonValue | undefined {
    this.skipSpace();
    const b = this.peek();
    if (b === 0x7b || b === 0x5b) return this.open(stack, b === 0x7b ? "object" : "array");
    if (b === 0x22) return { kind: "string", value: this.string() };
    if (b === 0x2d || isDigit(b)) return { kind: "number", raw: this.number() };
    if (b === 0x74) return this.literal("true", { kind: "bool", value: true });
    if (b === 0x66) return this.literal("false", { kind: "bool", value: false });
    if (b === 0x6e) return this.literal("null", { kind: "null" });
    return this.fail("looking for beginning of value");
  }

  private open(stack: Frame[], kind: Frame["kind"]): GoJsonValue | undefined {
    if (stack.length >= MAX_DEPTH) this.fail("exceeded max depth");
    this.pos += 1;
    this.skipSpace();
    if (this.peek() === (kind === "object" ? 0x7d : 0x5d)) {
      this.pos += 1;
      return kind === "object" ? { kind, entries: [] } : { kind, items: [] };
    }
    const frame: Frame = kind === "object" ? { kind, entries: [], key: "" } : { kind, items: [] };
    stack.push(frame);
    if (frame.kind === "object") frame.key = this.objectKey();
    return undefined;
  }

  /** `"key" :` of the next object member. */
  private objectKey(): string {
    this.skipSpace();
    if (this.peek() !== 0x22) this.fail("looking for beginning of object key string");
    const key = this.string();
    this.skipSpace();
    if (this.peek() !== 0x3a) this.fail("after object key");
    this.pos += 1;
    return key;
  }

  /** After a member: a comma (undefined: another member follows) or the end of the container. */
  private afterMember(stack: Frame[], top: Frame): GoJsonValue | undefined {
    this.skipSpace();
    const b = this.peek();
    const close = top.kind === "object" ? 0x7d : 0x5d;
    if (b !== close && b !== 0x2c) {
      this.fail(top.kind === "object" ? "after object key:value pair" : "after array element");
    }
    this.pos += 1;
    if (b === 0x2c) {
      if (top.kind === "object") top.key = this.objectKey();
      return undefined;
    }
    stack.pop();
    return top.kind === "object"
      ? { kind: "object", entries: top.entries }
      : { kind: "array", items: top.items };
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

/** json.Unmarshal's syntax pass, keeping what it read; throws GoJsonSyntaxError with Go's text. */
export function readGoJson(bytes: Uint8Array): GoJsonValue {
  return new Reader(bytes).document();
}

/** A request body as JSON; throws GoJsonSyntaxError with Go's text when it is malformed. */
export function parseGoJson(body: Buffer): unknown {
  readGoJson(body);
  return JSON.parse(body.toString("utf8"));
}
