// A TCP proxy in front of the sim for one replica, so a test can partition that replica alone:
// "reset" destroys its connections and resets new ones (a refused network), "blackhole" accepts
// new connections and drops every byte (packets silently lost: requests hang until aborted).
// Cutting destroys open connections, so no buffered request can reach the server after a heal.

import net from "node:net";

export type CutMode = "reset" | "blackhole";

export class TcpProxy {
  readonly #server: net.Server;
  readonly #sockets = new Set<net.Socket>();
  #mode: CutMode | null = null;
  #port = 0;

  private constructor(targetHost: string, targetPort: number) {
    this.#server = net.createServer((client) => this.#accept(client, targetHost, targetPort));
  }

  static async start(target: string): Promise<TcpProxy> {
    const url = new URL(target);
    const proxy = new TcpProxy(url.hostname, Number(url.port));
    await new Promise<void>((resolve) => proxy.#server.listen(0, "127.0.0.1", resolve));
    proxy.#port = (proxy.#server.address() as net.AddressInfo).port;
    return proxy;
  }

  /** `target`'s URL with host and port replaced by the proxy's. */
  urlFor(target: string): string {
    const url = new URL(target);
    url.hostname = "127.0.0.1";
    url.port = String(this.#port);
    return url.toString().replace(/\/$/, "");
  }

  get isCut(): boolean {
    return this.#mode !== null;
  }

  cut(mode: CutMode): void {
    this.#mode = mode;
    for (const s of this.#sockets) s.destroy();
    this.#sockets.clear();
  }

  heal(): void {
    this.#mode = null;
  }

  async close(): Promise<void> {
    this.cut("reset");
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: net.Socket, host: string, port: number): void {
    client.on("error", () => {});
    if (this.#mode === "reset") {
      client.resetAndDestroy();
      return;
    }
    this.#sockets.add(client);
    client.on("close", () => this.#sockets.delete(client));
    if (this.#mode === "blackhole") {
      client.resume(); // read and discard
      return;
    }
    const upstream = net.connect(port, host);
    upstream.on("error", () => client.destroy());
    this.#sockets.add(upstream);
    upstream.on("close", () => {
      this.#sockets.delete(upstream);
      client.destroy();
    });
    client.on("close", () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
