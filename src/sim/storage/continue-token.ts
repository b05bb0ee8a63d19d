// Continue tokens as apiserver's storage package writes and reads them: unpadded base64url of
// {"v":"meta.k8s.io/v1","rv":<list revision>,"start":"<key after the list prefix>\u0000"}.
// Decoding fails with Go's messages (base64, encoding/json, path checks) because the server
// answers `invalid continue token: <that message>`. rv -1 means "continue at the latest revision".

import { type GoJsonValue, readGoJson } from "../gotext/json.js";

const TOKEN_VERSION = "meta.k8s.io/v1";
const INVALID = "continue key is not valid";
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

export interface ContinuePosition {
  /** The key to resume from, relative to the list's key prefix (the last key returned plus "\0"). */
  readonly start: string;
  /** The list's revision; -1 for "latest". */
  readonly rv: number;
}

/** A token that does not decode; `message` is Go's text without the "invalid continue token: " prefix. */
export class ContinueTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ContinueTokenError";
  }
}

/** encoding/json's string encoding (HTML-safe escapes included), as json.Marshal writes it. */
function goJsonString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || ch === "<" || ch === ">" || ch === "&" || code === 0x2028 || code === 0x2029) {
      out += `\\u${code.toString(16).padStart(4, "0")}`;
    } else out += ch;
  }
  return `${out}"`;
}

export function encodeContinue(position: ContinuePosition): string {
  const json = `{"v":${goJsonString(TOKEN_VERSION)},"rv":${position.rv},"start":${goJsonString(position.start)}}`;
  return Buffer.from(json, "utf8").toString("base64url");
}

function corrupt(offset: number): ContinueTokenError {
  return new ContinueTokenError(`${INVALID}: illegal base64 data at input byte ${offset}`);
}

/** Up to four sextets from `si` on, skipping CR and LF; returns them and the next offset. */
function readQuantum(src: Uint8Array, si: number): { sextets: number[]; next: number } {
  const sextets: number[] = [];
  let next = si;
  while (sextets.length < 4 && next < src.length) {
    const byte = src[next] ?? 0;
    next += 1;
    const sextet = byte < 0x80 ? BASE64URL.indexOf(String.fromCharCode(byte)) : -1;
    if (sextet >= 0) sextets.push(sextet);
    else if (byte !== 0x0a && byte !== 0x0d) throw corrupt(next - 1);
  }
  if (sextets.length === 1) throw corrupt(next - 1);
  return { sextets, next };
}

/** base64.RawURLEncoding.DecodeString, with its CorruptInputError offsets. */
function decodeBase64Url(text: string): Uint8Array {
  const src = Buffer.from(text, "utf8");
  const out: number[] = [];
  for (let si = 0; si < src.length; ) {
    const { sextets, next } = readQuantum(src, si);
    const [a = 0, b = 0, c = 0, d = 0] = sextets;
    const value = (a << 18) | (b << 12) | (c << 6) | d;
    out.push(
      ...[(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff].slice(0, Math.max(0, sextets.length - 1)),
    );
    si = next;
  }
  return new Uint8Array(out);
}

/** Go's path.Clean for a rooted path. */
function cleanRooted(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join("/")}`;
}

interface TokenFields {
  v: string;
  rv: bigint;
  start: string;
}

type FieldName = keyof TokenFields;
const FIELD_TYPES: Readonly<Record<FieldName, "string" | "int64">> = {
  v: "string",
  rv: "int64",
  start: "string",
};

/** Go matches object keys to struct fields exactly first, then case-insensitively (ſ folds to s). */
function fieldFor(key: string): FieldName | undefined {
  if (Object.hasOwn(FIELD_TYPES, key)) return key as FieldName;
  const folded = key.toLowerCase().replaceAll("ſ", "s");
  return (Object.keys(FIELD_TYPES) as FieldName[]).find((name) => name === folded);
}

function typeError(what: string, field: FieldName): ContinueTokenError {
  const goType = FIELD_TYPES[field];
  return new ContinueTokenError(
    `${INVALID}: json: cannot unmarshal ${what} into Go struct field continueToken.${field} of type ${goType}`,
  );
}

/** Stores one value into a field; returns the UnmarshalTypeError Go would save, if any. */
function store(fields: TokenFields, field: FieldName, value: GoJsonValue): ContinueTokenError | undefined {
  if (value.kind === "null") return undefined;
  if (field === "rv") {
    if (value.kind !== "number") return typeError(value.kind, field);
    const ok =
      /^-?[0-9]+$/.test(value.raw) && BigInt(value.raw) >= INT64_MIN && BigInt(value.raw) <= INT64_MAX;
    if (!ok) return typeError(`number ${value.raw}`, field);
    fields.rv = BigInt(value.raw);
    return undefined;
  }
  if (value.kind !== "string") return typeError(value.kind, field);
  fields[field] = value.value;
  return undefined;
}

/** json.Unmarshal into storage's continueToken struct: the first type error wins, decoding goes on. */
function unmarshalToken(doc: GoJsonValue): TokenFields {
  const fields: TokenFields = { v: "", rv: 0n, start: "" };
  if (doc.kind === "null") return fields;
  if (doc.kind !== "object") {
    throw new ContinueTokenError(
      `${INVALID}: json: cannot unmarshal ${doc.kind} into Go value of type storage.continueToken`,
    );
  }
  let firstError: ContinueTokenError | undefined;
  for (const [key, value] of doc.entries) {
    const field = fieldFor(key);
    if (field === undefined) continue;
    firstError ??= store(fields, field, value);
  }
  if (firstError) throw firstError;
  return fields;
}

function parseDocument(bytes: Uint8Array): GoJsonValue {
  try {
    return readGoJson(bytes);
  } catch (err) {
    if (err instanceof Error) throw new ContinueTokenError(`${INVALID}: ${err.message}`);
    throw err;
  }
}

/** storage.DecodeContinue: throws ContinueTokenError with the server's text. */
export function decodeContinue(token: string): ContinuePosition {
  const fields = unmarshalToken(parseDocument(decodeBase64Url(token)));
  if (fields.v !== TOKEN_VERSION) {
    throw new ContinueTokenError(`${INVALID}: server does not recognize this encoded version ${fields.v}`);
  }
  if (fields.rv === 0n) {
    throw new ContinueTokenError(
      `${INVALID}: incorrect encoded start resourceVersion (version ${TOKEN_VERSION})`,
    );
  }
  if (fields.start === "") {
    throw new ContinueTokenError(`${INVALID}: encoded start key empty (version ${TOKEN_VERSION})`);
  }
  const key = fields.start.startsWith("/") ? fields.start : `/${fields.start}`;
  if (cleanRooted(key) !== key) throw new ContinueTokenError(`${INVALID}: ${fields.start}`);
  return { start: key.slice(1), rv: Number(fields.rv) };
}
