// Go's time.Parse for the two layouts Kubernetes timestamps use (metav1.Time: RFC 3339; metav1
// .MicroTime: RFC 3339 with exactly six fractional digits), reproducing its error messages, and
// the UTC formatting MarshalJSON applies. Only the layout elements of these two layouts exist here.

export const RFC3339 = "2006-01-02T15:04:05Z07:00";
export const RFC3339_MICRO = "2006-01-02T15:04:05.000000Z07:00";

type Element = "2006" | "01" | "02" | "15" | "04" | "05" | ".000000" | "Z07:00";

interface Chunk {
  /** Literal text before the element. */
  readonly prefix: string;
  readonly element: Element;
}

const CHUNKS: Record<string, readonly Chunk[]> = {
  [RFC3339]: chunks(false),
  [RFC3339_MICRO]: chunks(true),
};

function chunks(micro: boolean): Chunk[] {
  const list: Chunk[] = [
    { prefix: "", element: "2006" },
    { prefix: "-", element: "01" },
    { prefix: "-", element: "02" },
    { prefix: "T", element: "15" },
    { prefix: ":", element: "04" },
    { prefix: ":", element: "05" },
  ];
  if (micro) list.push({ prefix: "", element: ".000000" });
  list.push({ prefix: "", element: "Z07:00" });
  return list;
}

/** Go's time.quote: the value in double quotes, with `"` and `\` escaped and non-ASCII as \x bytes. */
function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0x80 || code < 0x20) {
      for (const byte of Buffer.from(ch, "utf8")) out += `\\x${byte.toString(16).padStart(2, "0")}`;
    } else out += ch === '"' || ch === "\\" ? `\\${ch}` : ch;
  }
  return `${out}"`;
}

export class TimeParseError extends Error {}

function cannotParse(layout: string, value: string, rest: string, element: string): TimeParseError {
  return new TimeParseError(
    `parsing time ${quote(value)} as ${quote(layout)}: cannot parse ${quote(rest)} as ${quote(element)}`,
  );
}

function withMessage(value: string, message: string): TimeParseError {
  return new TimeParseError(`parsing time ${quote(value)}${message}`);
}

const isDigit = (s: string, i: number): boolean =>
  i < s.length && s[i] !== undefined && s[i] >= "0" && s[i] <= "9";

/** Go's getnum: one or two digits (exactly two when fixed). */
function getnum(s: string, fixed: boolean): { n: number; rest: string } | null {
  if (!isDigit(s, 0)) return null;
  if (!isDigit(s, 1)) return fixed ? null : { n: Number(s[0]), rest: s.slice(1) };
  return { n: Number(s.slice(0, 2)), rest: s.slice(2) };
}

/** Go's atoi: optional sign, then only digits. */
function atoi(s: string): number | null {
  const match = /^([+-]?)(\d+)$/.exec(s);
  if (!match) return null;
  const n = Number(match[2]);
  return match[1] === "-" ? -n : n;
}

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanos: number;
  offsetSeconds: number;
}

/** Result of one element: the remaining input, or an error (plain `bad` or a range message). */
type ElementResult = { rest: string } | { bad: true } | { range: string; rest: string };

function parseNanos(value: string, width: number, f: Fields): ElementResult {
  if (value[0] !== "." && value[0] !== ",") return { bad: true };
  const digits = value.slice(1, Math.min(width, 10));
  const n = atoi(digits);
  if (n === null) return { bad: true };
  if (n < 0) return { range: "fractional second", rest: value.slice(width) };
  f.nanos = n * 10 ** (10 - Math.min(width, 10));
  return { rest: value.slice(width) };
}

function parseNumber(value: string, fixed: boolean, set: (n: number) => string | undefined): ElementResult {
  const num = getnum(value, fixed);
  if (!num) return { bad: true };
  const range = set(num.n);
  return range ? { range, rest: num.rest } : { rest: num.rest };
}

function parseSeconds(value: string, next: Element | undefined, f: Fields): ElementResult {
  const result = parseNumber(value, true, (n) => {
    f.second = n;
    return n >= 60 ? "second" : undefined;
  });
  if (!("rest" in result) || "range" in result) return result;
  const rest = result.rest;
  // A fraction the layout does not mention is still accepted after the seconds.
  if (next === ".000000" || rest.length < 2 || (rest[0] !== "." && rest[0] !== ",") || !isDigit(rest, 1)) {
    return result;
  }
  let n = 2;
  while (isDigit(rest, n)) n++;
  return parseNanos(rest, n, f);
}

function parseZone(value: string, f: Fields): ElementResult {
  if (value.startsWith("Z")) return { rest: value.slice(1) };
  if (value.length < 6 || value[3] !== ":") return { bad: true };
  const hour = getnum(value.slice(1, 3), true);
  const minute = hour ? getnum(value.slice(4, 6), true) : null;
  const rest = value.slice(6);
  // Go checks the ranges before the sign, and a later check overrides an earlier one.
  if ((minute?.n ?? 0) > 60) return { range: "time zone offset minute", rest };
  if ((hour?.n ?? 0) > 24) return { range: "time zone offset hour", rest };
  if (!hour || !minute || (value[0] !== "+" && value[0] !== "-")) return { bad: true };
  const sign = value[0] === "-" ? -1 : 1;
  f.offsetSeconds = sign * (hour.n * 60 + minute.n) * 60;
  return { rest };
}

function parseYear(value: string, f: Fields): ElementResult {
  const year = value.length >= 4 && isDigit(value, 0) ? atoi(value.slice(0, 4)) : null;
  if (year === null) return { bad: true };
  f.year = year;
  return { rest: value.slice(4) };
}

type Setter = (f: Fields, n: number) => string | undefined;

/** Two-digit elements: whether the width is fixed, and where the value goes (with its range check). */
const NUMBERS: Partial<Record<Element, { fixed: boolean; set: Setter }>> = {
  "01": {
    fixed: true,
    set: (f, n) => {
      f.month = n;
      return n < 1 || n > 12 ? "month" : undefined;
    },
  },
  "02": {
    fixed: true,
    set: (f, n) => {
      f.day = n;
      return undefined;
    },
  },
  "15": {
    fixed: false,
    set: (f, n) => {
      f.hour = n;
      return n >= 24 ? "hour" : undefined;
    },
  },
  "04": {
    fixed: true,
    set: (f, n) => {
      f.minute = n;
      return n >= 60 ? "minute" : undefined;
    },
  },
};

function parseElement(element: Element, value: string, next: Element | undefined, f: Fields): ElementResult {
  const number = NUMBERS[element];
  if (number) return parseNumber(value, number.fixed, (n) => number.set(f, n));
  if (element === "2006") return parseYear(value, f);
  if (element === "05") return parseSeconds(value, next, f);
  if (element === ".000000") return value.length < 7 ? { bad: true } : parseNanos(value, 7, f);
  return parseZone(value, f);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(month: number, year: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/** A parsed instant: milliseconds since the epoch (UTC) plus the sub-millisecond nanoseconds. */
export interface Instant {
  readonly epochMs: number;
  readonly subMsNanos: number;
}

/** Go's time.Parse(layout, value) for RFC3339 and RFC3339_MICRO; throws TimeParseError. */
export function parseGoTime(layout: string, value: string): Instant {
  const list = CHUNKS[layout];
  if (!list) throw new Error(`unsupported layout ${layout}`);
  const f: Fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, nanos: 0, offsetSeconds: 0 };
  let rest = value;
  for (const [i, chunk] of list.entries()) {
    if (chunk.prefix) {
      if (!rest.startsWith(chunk.prefix)) throw cannotParse(layout, value, rest, chunk.prefix);
      rest = rest.slice(chunk.prefix.length);
    }
    const result = parseElement(chunk.element, rest, list[i + 1]?.element, f);
    if ("range" in result) throw withMessage(value, `: ${result.range} out of range`);
    if ("bad" in result) throw cannotParse(layout, value, rest, chunk.element);
    rest = result.rest;
  }
  if (rest.length > 0) throw withMessage(value, `: extra text: ${quote(rest)}`);
  if (f.day < 1 || f.day > daysIn(f.month, f.year)) throw withMessage(value, ": day out of range");
  const utc = new Date(0);
  utc.setUTCFullYear(f.year, f.month - 1, f.day);
  utc.setUTCHours(f.hour, f.minute, f.second, Math.floor(f.nanos / 1e6));
  return { epochMs: utc.getTime() - f.offsetSeconds * 1000, subMsNanos: f.nanos % 1e6 };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function formatYear(year: number): string {
  return year < 0 ? `-${pad(-year, 4)}` : pad(year, 4);
}

/** t.UTC().Format(layout) for the two layouts; MicroTime keeps microseconds, Time drops the fraction. */
export function formatGoTime(layout: string, t: Instant): string {
  const d = new Date(t.epochMs);
  const base = `${formatYear(d.getUTCFullYear())}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  if (layout !== RFC3339_MICRO) return `${base}Z`;
  const micros = d.getUTCMilliseconds() * 1000 + Math.floor(t.subMsNanos / 1000);
  return `${base}.${pad(micros, 6)}Z`;
}

function zeroTimeMs(): number {
  const d = new Date(0);
  d.setUTCFullYear(1, 0, 1);
  return d.getTime();
}

/** Go's zero time (0001-01-01T00:00:00Z), which metav1 times marshal as null. */
export function isZeroTime(t: Instant): boolean {
  return t.epochMs === zeroTimeMs() && t.subMsNanos === 0;
}
