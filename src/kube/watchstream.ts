// One watch request as a stream of JSON lines, over node:http(s) with the KubeConfig's TLS options
// and credentials. client-node's Watch is not used: it hands out its AbortController only after the
// response headers arrived (a server that never answers cannot be cancelled), reports a clean end
// and a cut connection alike, drops the Status body of a refused watch, and sends no User-Agent.
// The promise resolves only when the server ended the stream cleanly (terminating chunk received).

import http from "node:http";
import https from "node:https";
import { ApiException, type KubeConfig } from "@kubernetes/client-node";
import { KubeApiError } from "./errors.js";

export interface WatchStreamHandlers {
  /** The server accepted the watch (200 and headers received). */
  onOpen(): void;
  /** One event line. A throw ends the watch, which then rejects with that error. */
  onLine(line: string): void;
}

/** Bytes of a refused watch's body kept for the error (a Status is far smaller). */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** Kernel keepalive probes start after this much idle time; the informer's watchdog is the real bound. */
const TCP_KEEPALIVE_MS = 30_000;

async function requestOptions(kubeConfig: KubeConfig, userAgent: string): Promise<https.RequestOptions> {
  const opts: https.RequestOptions = {};
  await kubeConfig.applyToHTTPSOptions(opts);
  return {
    ...opts,
    method: "GET",
    headers: { ...opts.headers, Accept: "application/json", "User-Agent": userAgent },
  };
}

function readErrorBody(res: http.IncomingMessage, url: URL, reject: (err: unknown) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  res.on("data", (chunk: Buffer) => {
    if (size < MAX_ERROR_BODY_BYTES) chunks.push(chunk);
    size += chunk.length;
  });
  res.on("error", reject);
  res.on("end", () => {
    const code = res.statusCode ?? 0;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") headers[k] = v;
    const body = Buffer.concat(chunks).toString("utf8");
    reject(new ApiException(code, `HTTP ${code} from watch ${url.pathname}`, body, headers));
  });
}

function streamLines(
  res: http.IncomingMessage,
  handlers: WatchStreamHandlers,
  settle: (err?: unknown) => void,
  context: string,
): void {
  let buffered = "";
  const deliver = (line: string): boolean => {
    if (line.trim() === "") return true;
    try {
      handlers.onLine(line);
      return true;
    } catch (err) {
      settle(err);
      return false;
    }
  };
  res.setEncoding("utf8");
  res.on("error", (err) => settle(err));
  res.on("data", (chunk: string) => {
    buffered += chunk;
    for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (!deliver(line)) return;
    }
  });
  res.on("end", () => {
    if (deliver(buffered)) settle();
  });
  res.on("close", () => {
    if (!res.complete) {
      settle(
        new KubeApiError(context, {
          kind: "network",
          message: "watch stream cut before its end",
          retryable: true,
        }),
      );
    }
  });
}

/**
 * Opens `url` as a watch and feeds its lines to `handlers` until the server ends the stream (resolve),
 * the connection fails or a handler throws (reject), or `signal` aborts (reject with its reason).
 * Every socket, listener and request is released when the promise settles.
 */
export async function streamWatch(
  kubeConfig: KubeConfig,
  userAgent: string,
  url: URL,
  handlers: WatchStreamHandlers,
  signal: AbortSignal,
): Promise<void> {
  const opts = await requestOptions(kubeConfig, userAgent);
  if (signal.aborted) throw signal.reason;
  const transport = url.protocol === "http:" ? http : https;
  const context = `watch ${url.pathname}`;
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const req = transport.request(url, opts);
    const settle = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      req.destroy();
      if (err === undefined) resolve();
      else reject(err);
    };
    const onAbort = (): void => settle(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    req.on("socket", (socket) => socket.setKeepAlive(true, TCP_KEEPALIVE_MS));
    req.on("error", (err) => settle(err));
    req.on("response", (res) => {
      if (res.statusCode !== 200) {
        readErrorBody(res, url, settle);
        return;
      }
      handlers.onOpen();
      streamLines(res, handlers, settle, context);
    });
    req.end();
  });
}
