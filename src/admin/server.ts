// The admin HTTP server: /ping, /live, /ready, /metrics and /status. buildAdminServer() only
// assembles it; listen() binds the port, so tests and the composition root decide when (and
// whether) a socket is opened. Each server owns its own prom-client Registry with Node's default
// metrics; other components register their metrics on `registry`, never on the global one.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { collectDefaultMetrics, Registry } from "prom-client";
import type { Logger } from "../log.js";
import { type ReadinessCheck, ReadinessChecks } from "./readiness.js";
import { type StatusProvider, StatusProviders } from "./status.js";

const DEFAULT_CLOSE_GRACE_MS = 5000;

export interface AdminServerOptions {
  logger: Logger;
  /** How long close() lets in-flight requests finish before cutting their connections. */
  closeGraceMs?: number;
}

export interface BoundAddress {
  host: string;
  port: number;
}

export interface AdminServer {
  /** This server's metrics registry; register component metrics here. */
  readonly registry: Registry;
  /** /ready answers 200 only while every registered check is ready. Returns a remover. */
  addReadinessCheck(name: string, check: ReadinessCheck): () => void;
  /** Adds a named section to /status. Returns a remover. */
  addStatusProvider(name: string, provider: StatusProvider): () => void;
  /** Binds `host:port` (no host = all interfaces, port 0 = any free port) and logs the bound address. */
  listen(address: { host?: string; port: number }): Promise<BoundAddress>;
  /** Stops accepting, lets in-flight requests finish within the grace period, then closes. */
  close(): Promise<void>;
}

interface Reply {
  status: number;
  contentType: string;
  body: string;
}

const TEXT = "text/plain; charset=utf-8";

function text(status: number, body: string): Reply {
  return { status, contentType: TEXT, body };
}

export function buildAdminServer(opts: AdminServerOptions): AdminServer {
  const log = opts.logger;
  const closeGraceMs = opts.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const readiness = new ReadinessChecks();
  const status = new StatusProviders();

  const routes: Readonly<Record<string, () => Reply | Promise<Reply>>> = {
    "/ping": () => text(200, "pong\n"),
    "/live": () => text(200, "ok\n"),
    "/ready": () => {
      const report = readiness.evaluate();
      return text(report.ready ? 200 : 503, report.text);
    },
    "/metrics": async () => ({
      status: 200,
      contentType: registry.contentType,
      body: await registry.metrics(),
    }),
    "/status": () => {
      const { document, failed } = status.collect();
      if (failed.length > 0) log.warn({ sections: failed }, "status provider failed");
      return { status: 200, contentType: "application/json", body: `${JSON.stringify(document, null, 2)}\n` };
    },
  };

  async function route(req: IncomingMessage): Promise<Reply> {
    const handler = routes[new URL(req.url ?? "/", "http://admin").pathname];
    if (handler === undefined) return text(404, "not found\n");
    if (req.method !== "GET" && req.method !== "HEAD") return text(405, "method not allowed\n");
    return handler();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let reply: Reply;
    try {
      reply = await route(req);
    } catch (err) {
      log.error({ err, path: req.url }, "admin request failed");
      reply = text(500, "internal error\n");
    }
    res.statusCode = reply.status;
    res.setHeader("Content-Type", reply.contentType);
    res.setHeader("Cache-Control", "no-store");
    if (reply.status === 405) res.setHeader("Allow", "GET, HEAD");
    // A response finished while closing must not leave its keep-alive socket holding close() open.
    if (closing) res.setHeader("Connection", "close");
    res.end(req.method === "HEAD" ? undefined : reply.body);
  }

  let closing = false;
  const server = createServer((req, res) => {
    void handle(req, res);
  });

  return {
    registry,
    addReadinessCheck: (name, check) => readiness.add(name, check),
    addStatusProvider: (name, provider) => status.add(name, provider),
    listen: (address) =>
      new Promise<BoundAddress>((resolve, reject) => {
        const onError = (err: Error): void => {
          reject(new Error(`admin server: listen on ${address.host ?? ""}:${address.port}`, { cause: err }));
        };
        server.once("error", onError);
        server.listen({ host: address.host, port: address.port }, () => {
          server.off("error", onError);
          const bound = server.address() as AddressInfo;
          log.info({ address: bound.address, port: bound.port }, "admin server listening");
          resolve({ host: bound.address, port: bound.port });
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) {
          resolve();
          return;
        }
        closing = true;
        // Scrapes and probes are short; a connection still open after the grace period is cut.
        const cutoff = setTimeout(() => server.closeAllConnections(), closeGraceMs);
        cutoff.unref();
        server.close(() => {
          clearTimeout(cutoff);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
