// Go's encoding/base64 StdEncoding decoder, which encoding/json uses for []byte fields: the same
// accepted inputs (padding required, CR/LF skipped) and the same CorruptInputError byte offsets,
// counted in UTF-8 bytes of the JSON string. Decoding is the only way to reproduce those offsets.

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const PAD = 0x3d;
const CR = 0x0d;
const LF = 0x0a;

function buildDecodeMap(): Int16Array {
  const map = new Int16Array(256).fill(-1);
  for (const [i, ch] of [...ALPHABET].entries()) map[ch.charCodeAt(0)] = i;
  return map;
}

const DECODE_MAP = buildDecodeMap();

export type Base64Result = { ok: true; bytes: Buffer } | { ok: false; offset: number };

interface Quantum {
  /** Index after the quantum. */
  si: number;
  /** Sextets read (4, or 2-3 before padding). */
  count: number;
  sextets: number[];
  /** Offset of an error found after the quantum's bytes (trailing garbage). */
  trailing?: number;
}

function skipNewlines(src: Buffer, from: number): number {
  let si = from;
  while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
  return si;
}

/** Padding seen at sextet `j`: validates the rest of the input. Returns the quantum or an error offset. */
function afterPadding(src: Buffer, start: number, j: number, sextets: number[]): Quantum | number {
  let si = start;
  if (j < 2) return si - 1;
  if (j === 2) {
    si = skipNewlines(src, si);
    if (si === src.length) return src.length;
    if (src[si] !== PAD) return si - 1;
    si++;
  }
  si = skipNewlines(src, si);
  const quantum: Quantum = { si, count: j, sextets };
  if (si < src.length) quantum.trailing = si;
  return quantum;
}

/** Go's decodeQuantum: one group of four sextets; a number is an error offset, null is clean end of input. */
function decodeQuantum(src: Buffer, start: number): Quantum | number | null {
  const sextets: number[] = [];
  let si = start;
  for (let j = 0; j < 4; j++) {
    if (si === src.length) {
      if (j === 0) return null;
      return si - j;
    }
    const byte = src[si] ?? 0;
    si++;
    const value = DECODE_MAP[byte] ?? -1;
    if (value >= 0) {
      sextets.push(value);
      continue;
    }
    if (byte === LF || byte === CR) {
      j--;
      continue;
    }
    if (byte !== PAD) return si - 1;
    return afterPadding(src, si, j, sextets);
  }
  return { si, count: 4, sextets };
}

function appendBytes(out: number[], q: Quantum): void {
  const [a = 0, b = 0, c = 0, d = 0] = q.sextets;
  const value = (a << 18) | (b << 12) | (c << 6) | d;
  const bytes = [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
  out.push(...bytes.slice(0, q.count - 1));
}

export function decodeGoBase64(text: string): Base64Result {
  const src = Buffer.from(text, "utf8");
  const out: number[] = [];
  let si = 0;
  while (si < src.length) {
    const q = decodeQuantum(src, si);
    if (q === null) break;
    if (typeof q === "number") return { ok: false, offset: q };
    appendBytes(out, q);
    if (q.trailing !== undefined) return { ok: false, offset: q.trailing };
    si = q.si;
  }
  return { ok: true, bytes: Buffer.from(out) };
}

export function base64Error(offset: number): string {
  return `illegal base64 data at input byte ${offset}`;
}
