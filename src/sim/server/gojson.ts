// JSON parsing that fails with Go's encoding/json wording ("unexpected end of JSON input",
// "invalid character 'x' looking for beginning of value", …), because the real server quotes that
// text in its 400 answers. The scanner only validates; JSON.parse builds the value once it passed.

export class GoJsonSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GoJsonSyntaxError";
  }
}

/** Go's quoteChar: the offending character in single quotes, escaped like strconv.Quote. */
function quoteChar(ch: string): string {
  if (ch === "'") return "'\\''";
  if (ch === '"') return "'\"'";
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return `'\\u${code.toString(16).padStart(4, "0")}'`;
  return `'${ch}'`;
}

class Scanner {
  private pos = 0;
  constructor(private readonly text: string) {}

  private fail(context: string): never {
    if (this.pos >= this.text.length) throw new GoJsonSyntaxError("unexpected end of JSON input");
    const ch = String.fromCodePoint(this.text.codePointAt(this.pos) ?? 0);
    throw new GoJsonSyntaxError(`invalid character ${quoteChar(ch)} ${context}`);
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && " \t\r\n".includes(this.text[this.pos] ?? "")) this.pos++;
  }

  private peek(): string {
    return this.text[this.pos] ?? "";
  }

  document(): void {
    this.skipSpace();
    this.value();
    this.skipSpace();
    if (this.pos < this.text.length) this.fail("after top-level value");
  }

  private value(): void {
    const ch = this.peek();
    const literal = ["true", "false", "null"].find((word) => word[0] === ch);
    if (ch === "{") this.object();
    else if (ch === "[") this.array();
    else if (ch === '"') this.string();
    else if (ch === "-" || (ch >= "0" && ch <= "9")) this.number();
    else if (literal !== undefined) this.literal(literal);
    else this.fail("looking for beginning of value");
  }

  private literal(word: string): void {
    for (let i = 0; i < word.length; i++) {
      if (this.peek() !== word[i]) this.fail(`in literal ${word} (expecting '${word[i]}')`);
      this.pos++;
    }
  }

  private object(): void {
    this.pos++;
    this.skipSpace();
    if (this.peek() === "}") {
      this.pos++;
      return;
    }
    for (;;) {
      if (this.peek() !== '"') this.fail("looking for beginning of object key string");
      this.string();
      this.skipSpace();
      if (this.peek() !== ":") this.fail("after object key");
      this.pos++;
      this.skipSpace();
      this.value();
      this.skipSpace();
      if (this.peek() === "}") {
        this.pos++;
        return;
      }
      if (this.peek() !== ",") this.fail("after object key:value pair");
      this.pos++;
      this.skipSpace();
    }
  }

  private array(): void {
    this.pos++;
    this.skipSpace();
    if (this.peek() === "]") {
      this.pos++;
      return;
    }
    for (;;) {
      this.value();
      this.skipSpace();
      if (this.peek() === "]") {
        this.pos++;
        return;
      }
      if (this.peek() !== ",") this.fail("after array element");
      this.pos++;
      this.skipSpace();
    }
  }

  private string(): void {
    this.pos++;
    for (;;) {
      const ch = this.peek();
      if (ch === "") this.fail("in string literal");
      if (ch === '"') {
        this.pos++;
        return;
      }
      if (ch === "\\") {
        this.pos++;
        this.escape();
        continue;
      }
      if (ch < " ") this.fail("in string literal");
      this.pos++;
    }
  }

  private escape(): void {
    const ch = this.peek();
    if ('"\\/bfnrt'.includes(ch) && ch !== "") {
      this.pos++;
      return;
    }
    if (ch !== "u") this.fail("in string escape code");
    this.pos++;
    for (let i = 0; i < 4; i++) {
      if (!/[0-9a-fA-F]/.test(this.peek())) this.fail("in \\u hexadecimal character escape");
      this.pos++;
    }
  }

  private digits(context: string): void {
    if (!/[0-9]/.test(this.peek())) this.fail(context);
    while (/[0-9]/.test(this.peek())) this.pos++;
  }

  private number(): void {
    if (this.peek() === "-") this.pos++;
    if (this.peek() === "0") this.pos++;
    else this.digits("in numeric literal");
    if (this.peek() === ".") {
      this.pos++;
      this.digits("after decimal point in numeric literal");
    }
    if (this.peek() === "e" || this.peek() === "E") {
      this.pos++;
      if (this.peek() === "+" || this.peek() === "-") this.pos++;
      this.digits("in exponent of numeric literal");
    }
  }
}

/** Parses JSON text, throwing GoJsonSyntaxError with Go's message when it is malformed. */
export function parseGoJson(text: string): unknown {
  new Scanner(text).document();
  return JSON.parse(text);
}

/** apiserver's summarizeData: the body quoted in decode errors, cut to 30 bytes. */
export function summarizeBody(body: Buffer): string {
  if (body.length === 0) return "<empty>";
  if (body.length > 30) return `${body.subarray(0, 30).toString("utf8")} ...`;
  return body.toString("utf8");
}
