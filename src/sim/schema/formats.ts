// The string formats a v1.28 apiserver validates in CRD schemas (apiextensions' supportedFormats,
// checked by kube-openapi's strfmt registry). Every other format, int32/int64/float/double included,
// is stripped from the schema before validation and therefore accepted as any value of the type.
// email and uri follow Go's net/mail and net/url closely but not exhaustively (obsolete syntax,
// comments and some escape rules are not modelled).

import { ipFamily, isCIDR, isMAC } from "./ipformats.js";

type Checker = (value: string) => boolean;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** time.Parse("2006-01-02", s): four-digit year, valid month and day. */
function isDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const TIME_OF_DAY = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/;

/** strfmt.IsDateTime: a date, "t" (any case), then hh:mm:ss[.frac] with "z" or an offset. */
function isDateTime(value: string): boolean {
  if (value.length < 4) return false;
  const parts = value.toLowerCase().split("t");
  if (parts.length < 2 || !isDate(parts[0] ?? "")) return false;
  const m = TIME_OF_DAY.exec(parts[1] ?? "");
  if (!m) return false;
  return (m[1] ?? "") <= "23" && (m[2] ?? "") <= "59" && (m[3] ?? "") <= "59";
}

const GO_DURATION = /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const LOOSE_DURATION = /^\s*(?:\d+\s*[A-Za-zµ]+\s*)+$/;
const DURATION_UNITS = [
  ["ns", "nano"],
  ["us", "µs", "micro"],
  ["ms", "milli"],
  ["s", "sec"],
  ["m", "min"],
  ["h", "hr", "hour"],
  ["d", "day"],
  ["w", "wk", "week"],
];

function isKnownDurationUnit(unit: string): boolean {
  return DURATION_UNITS.some((variants) =>
    variants.some((v, i) => v === unit || (i === variants.length - 1 && unit.startsWith(v))),
  );
}

/** strfmt.ParseDuration: Go's time.ParseDuration, else "<n> <unit>" chunks such as "3 days". */
function isDuration(value: string): boolean {
  if (value === "0" || GO_DURATION.test(value)) return true;
  if (!LOOSE_DURATION.test(value)) return false;
  return [...value.matchAll(/(\d+)\s*([A-Za-zµ]+)/g)].some((m) =>
    isKnownDurationUnit((m[2] ?? "").trim().toLowerCase()),
  );
}

const HOSTNAME =
  /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9\-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z0-9\p{S}\p{L}])(-?[a-zA-Z0-9\p{S}\p{L}]){1,62})$/u;

function isHostname(value: string): boolean {
  if (!HOSTNAME.test(value) || Buffer.byteLength(value) > 255) return false;
  return value.split(".").every((label) => Buffer.byteLength(label) <= 63);
}

const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~\\-\\u0080-\\uFFFF]+";
const DOT_ATOM = `${ATOM}(?:\\.${ATOM})*`;
const QUOTED = '"(?:[^"\\\\\\r\\n]|\\\\.)*"';
const ADDR_SPEC = `(?:${DOT_ATOM}|${QUOTED})@(?:${DOT_ATOM}|\\[[^\\[\\]\\\\]*\\])`;
const EMAIL = new RegExp(`^\\s*(?:${ADDR_SPEC}|(?:[^<>]*)<${ADDR_SPEC}>)\\s*$`, "u");

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

const BAD_ESCAPE = /%(?![0-9a-fA-F]{2})/;
const HOST_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:[\]<>"%\u0080-\uFFFF]*$/u;

function isValidPath(text: string): boolean {
  return !BAD_ESCAPE.test(text.split("?")[0] ?? "");
}

/** The "//userinfo@host:port/path" form: host characters, numeric port, well-formed escapes. */
function isValidAuthority(rest: string): boolean {
  const m = /^\/\/([^/?]*)(.*)$/s.exec(rest);
  const host = (m?.[1] ?? "").split("@").at(-1) ?? "";
  const port = /:([^\]:]*)$/.exec(host)?.[1];
  if (port !== undefined && !host.startsWith("[") && !/^[0-9]*$/.test(port)) return false;
  return HOST_CHARS.test(host) && !BAD_ESCAPE.test(host) && isValidPath(m?.[2] ?? "");
}

/** url.ParseRequestURI: an absolute path, or scheme ":" then an opaque part, a path or an authority. */
function isRequestURI(value: string): boolean {
  if (value === "" || hasControlCharacter(value)) return false;
  if (value.startsWith("/")) return isValidPath(value);
  const rest = /^[A-Za-z][A-Za-z0-9+.-]*:(.*)$/s.exec(value)?.[1];
  if (rest === undefined) return false;
  if (!rest.startsWith("/")) return true;
  return rest.startsWith("//") ? isValidAuthority(rest) : isValidPath(rest);
}

function digitsOf(value: string): number[] {
  return [...value].map(Number);
}

function isISBN10(value: string): boolean {
  const s = value.replace(/[\s-]+/g, "");
  if (!/^(?:[0-9]{9}X|[0-9]{10})$/.test(s)) return false;
  const sum = digitsOf(s.slice(0, 9)).reduce((acc, d, i) => acc + (i + 1) * d, 0);
  return (sum + 10 * (s[9] === "X" ? 10 : Number(s[9]))) % 11 === 0;
}

function isISBN13(value: string): boolean {
  const s = value.replace(/[\s-]+/g, "");
  if (!/^[0-9]{13}$/.test(s)) return false;
  const sum = digitsOf(s.slice(0, 12)).reduce((acc, d, i) => acc + (i % 2 === 0 ? 1 : 3) * d, 0);
  return (10 - (sum % 10)) % 10 === Number(s[12]);
}

const CREDIT_CARD =
  /^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\d{3})\d{11})$/;

/** govalidator.IsCreditCard: known issuer prefixes and lengths, then the Luhn checksum. */
function isCreditCard(value: string): boolean {
  const s = value.replace(/[^0-9]+/g, "");
  if (!CREDIT_CARD.test(s)) return false;
  const sum = digitsOf(s)
    .reverse()
    .reduce((acc, d, i) => acc + (i % 2 === 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d), 0);
  return sum % 10 === 0;
}

const BYTE_RANGE = "(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])";
const RGB = new RegExp(`^rgb\\(\\s*${BYTE_RANGE}\\s*,\\s*${BYTE_RANGE}\\s*,\\s*${BYTE_RANGE}\\s*\\)$`);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;

function matching(re: RegExp): Checker {
  return (value: string): boolean => re.test(value);
}

function isIPv4(value: string): boolean {
  return ipFamily(value) !== null && value.includes(".");
}

function isIPv6(value: string): boolean {
  return ipFamily(value) !== null && value.includes(":");
}

/** govalidator.IsSSN also insists on the 11-character form with separators. */
function isSSN(value: string): boolean {
  return value.length === 11 && /^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(value);
}

function isISBN(value: string): boolean {
  return isISBN10(value) || isISBN13(value);
}

function anyValue(): boolean {
  return true;
}

/** Keyed by the normalized format name (dashes removed, as go-openapi's registry does). */
const CHECKERS: ReadonlyMap<string, Checker> = new Map<string, Checker>([
  ["bsonobjectid", matching(/^[0-9a-fA-F]{24}$/)],
  ["uri", isRequestURI],
  ["email", matching(EMAIL)],
  ["hostname", isHostname],
  ["ipv4", isIPv4],
  ["ipv6", isIPv6],
  ["cidr", isCIDR],
  ["mac", isMAC],
  ["uuid", matching(/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i)],
  ["uuid3", matching(/^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i)],
  ["uuid4", matching(/^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i)],
  ["uuid5", matching(/^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i)],
  ["isbn", isISBN],
  ["isbn10", isISBN10],
  ["isbn13", isISBN13],
  ["creditcard", isCreditCard],
  ["ssn", isSSN],
  ["hexcolor", matching(/^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/)],
  ["rgbcolor", matching(RGB)],
  ["byte", matching(BASE64)],
  ["password", anyValue],
  ["date", isDate],
  ["duration", isDuration],
  ["datetime", isDateTime],
]);

/** The checker for a schema's format, or undefined when the apiserver ignores that format. */
export function formatChecker(format: string | undefined): Checker | undefined {
  if (!format) return undefined;
  return CHECKERS.get(format.replaceAll("-", ""));
}
