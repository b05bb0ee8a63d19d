// A bare HTTP(S) client for the benchmarks: keep-alive requests that read the whole body as bytes,
// and watch streams split into lines. It measures the sim rather than a client library: no retries,
// no rate limit, no deserialization. Watches get their own connection each (outside the pool).

import http from "node:http";
import https from "node:https";

export interface RawResponse {
  readonly status: number;
  readonly body: Buffer;
}

export interface WatchConnection {
  /** Closes the stream from the client side. */
  stop(): void;
  /** True once the server ended or cut the stream (or stop() ran). */
  readonly ended: boolean;
}

export interface RawClient {
  /** Sends one request and resolves with the complete body; rejects on network errors only. */
  request(method: string, path: string, body?: unknown, contentType?: string): Promise<RawResponse>;
  /** Opens a watch; resolves once the server answered 200 (rejects otherwise). */
  watch(path: string, onLine: (line: string) => void): Promise<WatchConnection>;
  /** Destroys pooled sockets and open watches. */
  close(): void;
}

export interface RawClientOptions {
  readonly url: string;
  readonly caPem?: string;
  readonly token?: string;
  /** Pooled sockets; requests beyond this wait for a free one. */
  readonly maxSockets: number;
}

function headersFor(token: string | undefined, contentType?: string): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = { Accept: "application/json" };
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  if (contentType !== undefined) headers["Content-Type"] = contentType;
  return headers;
}

function splitLines(res: http.IncomingMessage, onLine: (line: string) => void): void {
  let buffered = "";
  res.setEncoding("utf8");
  res.on("data", (chunk: string) => {
    buffered += chunk;
    for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line !== "") onLine(line);
    }
  });
}

export function createRawClient(opts: RawClientOptions): RawClient {
  const base = new URL(opts.url);
  const secure = base.protocol === "https:";
  const transport = secure ? https : http;
  const agent = secure
    ? new https.Agent({ keepAlive: true, maxSockets: opts.maxSockets, ca: opts.caPem })
    : new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets });
  const watches = new Set<http.ClientRequest>();
  const target = (path: string): http.RequestOptions => ({
    host: base.hostname,
    port: base.port,
    path,
    ...(secure && opts.caPem !== undefined ? { ca: opts.caPem } : {}),
  });

  return {
    request(method, path, body, contentType): Promise<RawResponse> {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const type = payload === undefined ? undefined : (contentType ?? "application/json");
      return new Promise((resolve, reject) => {
        const req = transport.request(
          { ...target(path), method, agent, headers: headersFor(opts.token, type) },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("error", reject);
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
          },
        );
        req.on("error", reject);
        req.end(payload);
      });
    },

    watch(path, onLine): Promise<WatchConnection> {
      return new Promise((resolve, reject) => {
        let ended = false;
        const req = transport.request({
          ...target(path),
          method: "GET",
          agent: false,
          headers: headersFor(opts.token),
        });
        const finish = (): void => {
          ended = true;
          watches.delete(req);
        };
        watches.add(req);
        req.on("error", (err) => {
          finish();
          reject(err);
        });
        req.on("response", (res) => {
          if (res.statusCode !== 200) {
            finish();
            res.resume();
            reject(new Error(`watch ${path} answered HTTP ${res.statusCode}`));
            return;
          }
          res.on("close", finish);
          splitLines(res, onLine);
          resolve({
            stop: (): void => {
              finish();
              req.destroy();
            },
            get ended(): boolean {
              return ended;
            },
          });
        });
        req.end();
      });
    },

    close(): void {
      for (const req of watches) req.destroy();
      watches.clear();
      agent.destroy();
    },
  };
}

/** Throws unless the response has the expected status; the message carries the start of the body. */
export function expectStatus(res: RawResponse, expected: number, what: string): RawResponse {
  if (res.status !== expected) {
    throw new Error(
      `${what}: HTTP ${res.status} (expected ${expected}): ${res.body.toString("utf8", 0, 300)}`,
    );
  }
  return res;
}
