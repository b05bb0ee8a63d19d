// A raw HTTP(S) client for tests that must control every header (no implicit Accept or
// User-Agent) and read watch streams line by line as they arrive.

import http from "node:http";
import https from "node:https";

export interface RawRequest {
  readonly method: string;
  /** Absolute URL. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  /** PEM of the CA for https URLs. */
  readonly ca?: string;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

function open(req: RawRequest, onResponse: (res: http.IncomingMessage) => void): http.ClientRequest {
  const url = new URL(req.url);
  const options: https.RequestOptions = {
    method: req.method,
    hostname: url.hostname,
    port: url.port,
    path: url.pathname + url.search,
    headers: { ...req.headers },
    agent: false,
  };
  if (req.ca) options.ca = req.ca;
  const client =
    url.protocol === "https:" ? https.request(options, onResponse) : http.request(options, onResponse);
  if (req.body !== undefined) client.setHeader("Content-Length", Buffer.byteLength(req.body));
  client.end(req.body);
  return client;
}

export function send(req: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const client = open(req, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on("error", reject);
    });
    client.on("error", reject);
  });
}

export interface StreamLine {
  readonly text: string;
  /** Milliseconds since the request was sent. */
  readonly atMs: number;
}

export interface OpenStream {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly lines: StreamLine[];
  /** Resolves when the server ends the response ("closed") or the connection breaks ("error"). */
  readonly ended: Promise<"closed" | "error">;
  /** Resolves once `count` lines arrived (or the stream ended first). */
  waitForLines(count: number): Promise<void>;
  close(): void;
}

/** Opens a streaming request and collects its newline-delimited body as it arrives. */
export function openStream(req: RawRequest): Promise<OpenStream> {
  const startedAt = Date.now();
  return new Promise((resolve, reject) => {
    const client = open(req, (res) => {
      const lines: StreamLine[] = [];
      const waiters: { count: number; resolve: () => void }[] = [];
      let buffered = "";
      let done = false;
      const wake = (): void => {
        for (const w of [...waiters]) {
          if (done || lines.length >= w.count) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve();
          }
        }
      };
      const ended = new Promise<"closed" | "error">((settle) => {
        res.on("end", () => settle("closed"));
        res.on("error", () => settle("error"));
        res.on("aborted", () => settle("error"));
      }).finally(() => {
        done = true;
        wake();
      });
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buffered += chunk;
        let nl = buffered.indexOf("\n");
        while (nl >= 0) {
          const text = buffered.slice(0, nl).trim();
          buffered = buffered.slice(nl + 1);
          if (text !== "") lines.push({ text, atMs: Date.now() - startedAt });
          nl = buffered.indexOf("\n");
        }
        wake();
      });
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        lines,
        ended,
        waitForLines: (count) =>
          done || lines.length >= count
            ? Promise.resolve()
            : new Promise((r) => waiters.push({ count, resolve: r })),
        close: () => client.destroy(),
      });
    });
    client.on("error", reject);
  });
}
