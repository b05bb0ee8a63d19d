// The listening socket: plain HTTP or HTTPS, every connection tracked so a partition fault can
// destroy them all and reset new ones until healed, and a close that does not wait for watches.

import http from "node:http";
import https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import type { ServingCertificates } from "./tls.js";

export type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface HttpFrameOptions {
  readonly handler: RequestHandler;
  /** Serve HTTPS with these certificates; plain HTTP when undefined. */
  readonly certificates?: ServingCertificates;
  /** Consulted for every new connection: true resets it at once (partition fault). */
  readonly refuseConnections: () => boolean;
}

export interface HttpFrame {
  listen(host: string, port: number): Promise<AddressInfo>;
  /** Destroys every open connection (watches included). */
  destroyConnections(): void;
  close(): Promise<void>;
}

export function createHttpFrame(opts: HttpFrameOptions): HttpFrame {
  const server: http.Server = opts.certificates
    ? https.createServer({ cert: opts.certificates.certPem, key: opts.certificates.keyPem }, opts.handler)
    : http.createServer(opts.handler);
  // Long watches must not be cut by node's defaults; the sim decides when a request ends.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 60_000;

  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    if (opts.refuseConnections()) {
      socket.resetAndDestroy();
      return;
    }
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  const destroyConnections = (): void => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };

  return {
    listen(host, port): Promise<AddressInfo> {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    destroyConnections,
    close(): Promise<void> {
      return new Promise((resolve) => {
        server.close(() => resolve());
        destroyConnections();
      });
    },
  };
}
