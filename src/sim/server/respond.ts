// Writes responses the way kube-apiserver frames them: JSON (or YAML) bodies with
// `Cache-Control: no-cache, private`, Status bodies for every API error, one `Warning: 299 - "…"`
// header per warning, and the plain-text 404 the Go mux gives for paths no API handler owns.

import type { ServerResponse } from "node:http";
import { stringify } from "yaml";
import type { ApiError, Status } from "../errors.js";
import { contentTypeOf, type Representation } from "./negotiation.js";

const NO_CACHE = "no-cache, private";

/** Go's `%q`-like quoting used inside a Warning header's text (backslash and double quote escaped). */
function warningHeader(text: string): string {
  return `299 - "${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

export interface WriteOptions {
  readonly warnings?: readonly string[];
  readonly headers?: Readonly<Record<string, string>>;
  readonly cacheControl?: string;
}

function applyHeaders(res: ServerResponse, opts: WriteOptions): void {
  res.setHeader("Cache-Control", opts.cacheControl ?? NO_CACHE);
  for (const [name, value] of Object.entries(opts.headers ?? {})) res.setHeader(name, value);
  if (opts.warnings && opts.warnings.length > 0) res.setHeader("Warning", opts.warnings.map(warningHeader));
}

/** YAML as sigs.k8s.io/yaml renders it: keys sorted, YAML 1.1 quoting of ambiguous scalars. */
function toYaml(value: unknown): string {
  return stringify(value, { sortMapEntries: true, version: "1.1", lineWidth: 0 });
}

export function serialize(value: unknown, rep: Representation): string {
  return rep.format === "yaml" ? toYaml(value) : JSON.stringify(value);
}

export function writeBody(
  res: ServerResponse,
  code: number,
  value: unknown,
  rep: Representation,
  opts: WriteOptions = {},
): void {
  const body = serialize(value, rep);
  applyHeaders(res, opts);
  res.setHeader("Content-Type", contentTypeOf(rep));
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.writeHead(code);
  res.end(body);
}

/** A pre-serialized JSON body (large lists are assembled from cached item bytes). */
export function writeJsonText(
  res: ServerResponse,
  code: number,
  body: string,
  opts: WriteOptions = {},
): void {
  applyHeaders(res, opts);
  res.setHeader("Content-Type", "application/json");
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.writeHead(code);
  res.end(body);
}

function writeStatus(res: ServerResponse, status: Status, opts: WriteOptions = {}): void {
  writeBody(res, status.code ?? 500, status, { format: "json" }, opts);
}

export function writeApiError(res: ServerResponse, err: ApiError, warnings?: readonly string[]): void {
  writeStatus(res, err.status, { headers: err.headers, ...(warnings ? { warnings } : {}) });
}

export function writeText(res: ServerResponse, code: number, text: string): void {
  res.setHeader("Cache-Control", NO_CACHE);
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Content-Length", Buffer.byteLength(text));
  res.writeHead(code);
  res.end(text);
}

/** The Go mux's answer for a path nothing serves. */
export function writePlainNotFound(res: ServerResponse): void {
  writeText(res, 404, "404 page not found\n");
}

/** Thrown by handlers to answer with the plain-text 404 instead of a Status. */
export class PlainNotFound extends Error {
  constructor() {
    super("404 page not found");
    this.name = "PlainNotFound";
  }
}
