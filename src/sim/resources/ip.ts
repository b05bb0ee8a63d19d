// IP address parsing and classification with the semantics of Go's net package as Kubernetes uses
// it (netutils.ParseIPSloppy: IPv4 octets may carry leading zeros). Addresses are 16-byte arrays,
// IPv4 in its IPv4-mapped IPv6 form, exactly as Go represents net.IP.

export type IP = Uint8Array;

const BIG = 0xffffff;
const V4_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= "0" && ch <= "9";
}

/** Go's dtoi: a decimal prefix, with the number of characters consumed; null when none or too big. */
function decimalPrefix(s: string): { n: number; used: number } | null {
  let n = 0;
  let used = 0;
  while (used < s.length && isDigit(s[used])) {
    n = n * 10 + Number(s[used]);
    if (n >= BIG) return null;
    used++;
  }
  return used === 0 ? null : { n, used };
}

function hexValue(ch: string | undefined): number {
  if (ch === undefined) return -1;
  const v = Number.parseInt(ch, 16);
  return Number.isNaN(v) ? -1 : v;
}

/** Go's xtoi: a hexadecimal prefix, with the number of characters consumed. */
function hexPrefix(s: string): { n: number; used: number } | null {
  let n = 0;
  let used = 0;
  for (; used < s.length; used++) {
    const v = hexValue(s[used]);
    if (v < 0) break;
    n = n * 16 + v;
    if (n >= BIG) return null;
  }
  return used === 0 ? null : { n, used };
}

function parseIPv4(text: string): IP | null {
  const octets: number[] = [];
  let s = text;
  for (let i = 0; i < 4; i++) {
    if (s.length === 0) return null;
    if (i > 0) {
      if (s[0] !== ".") return null;
      s = s.slice(1);
    }
    const num = decimalPrefix(s);
    if (!num || num.n > 0xff) return null;
    octets.push(num.n);
    s = s.slice(num.used);
  }
  if (s.length !== 0) return null;
  return Uint8Array.from([...V4_PREFIX, ...octets]);
}

interface V6State {
  ip: IP;
  i: number;
  ellipsis: number;
  rest: string;
}

type Step = "more" | "done" | "fail";

/** The trailing dotted-quad of an IPv6 address such as ::ffff:10.0.0.1. */
function embeddedIPv4(st: V6State): Step {
  if ((st.ellipsis < 0 && st.i !== 12) || st.i + 4 > 16) return "fail";
  const v4 = parseIPv4(st.rest);
  if (!v4) return "fail";
  st.ip.set(v4.subarray(12), st.i);
  st.rest = "";
  st.i += 4;
  return "done";
}

/** The separator after a group: ':' continues, '::' marks the ellipsis, end of input finishes. */
function separator(st: V6State): Step {
  if (st.rest.length === 0) return "done";
  if (st.rest[0] !== ":" || st.rest.length === 1) return "fail";
  st.rest = st.rest.slice(1);
  if (st.rest[0] !== ":") return "more";
  if (st.ellipsis >= 0) return "fail";
  st.ellipsis = st.i;
  st.rest = st.rest.slice(1);
  return st.rest.length === 0 ? "done" : "more";
}

/** One 16-bit group (or the embedded IPv4 tail) and the separator after it. */
function v6Group(st: V6State): Step {
  const num = hexPrefix(st.rest);
  if (!num || num.n > 0xffff) return "fail";
  if (num.used < st.rest.length && st.rest[num.used] === ".") return embeddedIPv4(st);
  st.ip[st.i] = num.n >> 8;
  st.ip[st.i + 1] = num.n & 0xff;
  st.i += 2;
  st.rest = st.rest.slice(num.used);
  return separator(st);
}

/** Parses `hex(:hex)*` groups and a trailing IPv4 part; returns false on malformed input. */
function parseV6Groups(st: V6State): boolean {
  while (st.i < 16) {
    const step = v6Group(st);
    if (step !== "more") return step === "done";
  }
  return true;
}

function parseIPv6(text: string): IP | null {
  const st: V6State = { ip: new Uint8Array(16), i: 0, ellipsis: -1, rest: text };
  if (text.startsWith("::")) {
    st.ellipsis = 0;
    st.rest = text.slice(2);
    if (st.rest.length === 0) return st.ip;
  }
  if (!parseV6Groups(st) || st.rest.length !== 0) return null;
  if (st.i < 16) {
    if (st.ellipsis < 0) return null;
    const shift = 16 - st.i;
    st.ip.copyWithin(st.ellipsis + shift, st.ellipsis, st.i);
    st.ip.fill(0, st.ellipsis, st.ellipsis + shift);
  } else if (st.ellipsis >= 0) {
    return null;
  }
  return st.ip;
}

/** netutils.ParseIPSloppy: the first '.' or ':' decides the family; anything else is not an IP. */
export function parseIP(text: string): IP | null {
  for (const ch of text) {
    if (ch === ".") return parseIPv4(text);
    if (ch === ":") return parseIPv6(text);
  }
  return null;
}

/** Go's To4() != nil: the address is IPv4 (possibly written as IPv4-mapped IPv6). */
export function isIPv4(ip: IP): boolean {
  return V4_PREFIX.every((b, i) => ip[i] === b);
}

export function isLoopback(ip: IP): boolean {
  if (isIPv4(ip)) return ip[12] === 127;
  return ip.every((b, i) => b === (i === 15 ? 1 : 0));
}

export function isUnspecified(ip: IP): boolean {
  if (isIPv4(ip)) return ip[12] === 0 && ip[13] === 0 && ip[14] === 0 && ip[15] === 0;
  return ip.every((b) => b === 0);
}

export function isLinkLocalUnicast(ip: IP): boolean {
  if (isIPv4(ip)) return ip[12] === 169 && ip[13] === 254;
  return ip[0] === 0xfe && ((ip[1] ?? 0) & 0xc0) === 0x80;
}

export function isLinkLocalMulticast(ip: IP): boolean {
  if (isIPv4(ip)) return ip[12] === 224 && ip[13] === 0 && ip[14] === 0;
  return ip[0] === 0xff && ((ip[1] ?? 0) & 0x0f) === 0x02;
}

/** An IPv4 address as a 32-bit unsigned number. */
export function ipv4ToNumber(ip: IP): number {
  return (((ip[12] ?? 0) << 24) | ((ip[13] ?? 0) << 16) | ((ip[14] ?? 0) << 8) | (ip[15] ?? 0)) >>> 0;
}

export function numberToIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join(".");
}

/** Formats an address the way Go's IP.String() does for the IPv4 case the sim allocates from. */
export function formatIPv4(ip: IP): string {
  return numberToIPv4(ipv4ToNumber(ip));
}
