// A TCP proxy between one client and the sim, so a test can break that client's network alone.
// "reset": open connections are destroyed and new ones reset (a refused network). "blackhole": open
// connections are destroyed, new ones are accepted and every byte dropped (requests hang until
// aborted; they stay dropped after "pass"). "stall": open connections stay open but no byte moves,
// and new ones are stalled too — the half-open connection a watchdog must catch. "pass" forwards.

import net from "node:net";

export type ProxyMode = "pass" | "reset" | "blackhole" | "stall";

interface Pair {
  client: net.Socket;
  /** Null for a black-holed connection: nothing is forwarded, ever. */
  upstream: net.Socket | null;
  flowing: boolean;
}

export class TcpProxy {
  readonly #server: net.Server;
  readonly #pairs = new Set<Pair>();
  #mode: ProxyMode = "pass";
  #port = 0;

  private constructor(host: string, port: number) {
    this.#server = net.createServer((client) => this.#accept(client, host, port));
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

  /** The kubeconfig `server:` line rewritten to go through the proxy. */
  rewrite(kubeconfig: string, target: string): string {
    const url = new URL(target);
    return kubeconfig.replace(`${url.hostname}:${url.port}`, `127.0.0.1:${this.#port}`);
  }

  get mode(): ProxyMode {
    return this.#mode;
  }

  /** Connections accepted and not yet closed on both sides. */
  get connections(): number {
    return this.#pairs.size;
  }

  setMode(mode: ProxyMode): void {
    this.#mode = mode;
    for (const pair of this.#pairs) {
      if (mode === "reset" || mode === "blackhole") TcpProxy.#destroy(pair);
      else if (mode === "stall") TcpProxy.#stall(pair);
      else TcpProxy.#flow(pair);
    }
  }

  async close(): Promise<void> {
    this.setMode("reset");
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: net.Socket, host: string, port: number): void {
    client.on("error", () => {});
    if (this.#mode === "reset") {
      client.resetAndDestroy();
      return;
    }
    const upstream = this.#mode === "blackhole" ? null : net.connect(port, host);
    upstream?.on("error", () => {});
    const pair: Pair = { client, upstream, flowing: false };
    this.#pairs.add(pair);
    const close = (): void => {
      this.#pairs.delete(pair);
      TcpProxy.#destroy(pair);
    };
    client.on("close", close);
    upstream?.on("close", close);
    if (upstream === null)
      client.resume(); // read and discard
    else if (this.#mode === "stall") TcpProxy.#stall(pair);
    else TcpProxy.#flow(pair);
  }

  static #destroy(pair: Pair): void {
    pair.client.destroy();
    pair.upstream?.destroy();
  }

  static #stall(pair: Pair): void {
    if (pair.upstream === null || !pair.flowing) return;
    pair.flowing = false;
    pair.client.unpipe();
    pair.upstream.unpipe();
    pair.client.pause();
    pair.upstream.pause();
  }

  static #flow(pair: Pair): void {
    if (pair.upstream === null || pair.flowing) return;
    pair.flowing = true;
    pair.client.pipe(pair.upstream);
    pair.upstream.pipe(pair.client);
  }
}
