// Go's strconv.Quote and encoding/json's quoteChar, because the server quotes request values (a bad
// resourceVersion, a label key, a field value, a byte of a garbage body) with them in its messages.
// Printable means Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and ' ', as
// far as the JavaScript engine's Unicode tables agree with Go's.

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

const SHORT_ESCAPES: Readonly<Record<number, string>> = {
  7: "\\a",
  8: "\\b",
  12: "\\f",
  10: "\\n",
  13: "\\r",
  9: "\\t",
  11: "\\v",
  92: "\\\\",
};

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, "0");
}

/** One rune as strconv.Quote writes it inside a string delimited by `quote`. */
function quoteRune(ch: string, quote: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (ch === quote) return `\\${ch}`;
  const short = SHORT_ESCAPES[code];
  if (short !== undefined) return short;
  if (PRINTABLE.test(ch)) return ch;
  if (code < 0x20 || code === 0x7f) return `\\x${hex(code, 2)}`;
  if (code >= 0xd800 && code <= 0xdfff) return "\\ufffd";
  if (code < 0x10000) return `\\u${hex(code, 4)}`;
  return `\\U${hex(code, 8)}`;
}

/** strconv.Quote (and fmt's %q) for a string. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) out += quoteRune(ch, '"');
  return `${out}"`;
}

/** encoding/json's quoteChar: one input byte, read as the rune of the same number, in single quotes. */
export function goQuoteByte(byte: number): string {
  if (byte === 0x27) return "'\\''";
  if (byte === 0x22) return "'\"'";
  return `'${quoteRune(String.fromCodePoint(byte), '"')}'`;
}
