// A plain-HTTP reverse proxy in front of a sim that records the method and URL of every request the
// daemon sends through it, streaming responses (watches included) unchanged. The test points the
// daemon's kubeconfigs at proxies, so what gets recorded is exactly what the daemon asks of each cluster.

import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  url: string;
  status?: number;
}

export interface RecordingProxy {
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  stop(): Promise<void>;
}

function forward(target: URL, record: RecordedRequest, req: IncomingMessage, res: ServerResponse): void {
  const upstream = httpRequest(
    new URL(req.url ?? "/", target),
    { method: req.method, headers: { ...req.headers, host: target.host } },
    (answer) => {
      record.status = answer.statusCode;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on("error", () => res.destroy());
  // A client that goes away (an aborted watch) must not leave the upstream stream open.
  res.on("close", () => upstream.destroy());
  req.pipe(upstream);
}

/** Starts a proxy on 127.0.0.1 forwarding to `targetUrl` (an http:// sim). */
export async function startRecordingProxy(targetUrl: string): Promise<RecordingProxy> {
  const target = new URL(targetUrl);
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const record: RecordedRequest = { method: req.method ?? "GET", url: req.url ?? "/" };
    requests.push(record);
    forward(target, record, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
