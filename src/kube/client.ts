// API clients for one cluster, built from a KubeConfig, sharing one client-side rate limiter, a
// per-request timeout and the `svcmirror/<version>` User-Agent. Everything is hooked in as the
// generated Configuration's `httpApi` rather than as middleware: the HTTP library is the only point
// that sees the final request (call-time middleware such as signalOptions() runs after static
// middleware and would replace a timeout signal set there), and 1.4.0 reverses a Configuration's
// static middleware array in place on every call. Watches do not use this library; see watchstream.ts.

import {
  ApiException,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  createConfiguration,
  DiscoveryV1Api,
  type HttpLibrary,
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  type KubeConfig,
  Observable,
  RequestContext,
  type ResponseBody,
  ResponseContext,
  ServerConfiguration,
} from "@kubernetes/client-node";
import { abortAfter, type Clock, realClock } from "../runtime/clock.js";
import { TokenBucket } from "../runtime/ratelimit.js";

/**
 * Default sustained rate and burst. client-go's 5/10 would make the first sync of a few thousand
 * mirrors (a Service and an EndpointSlice each) take many minutes; 20/30 are kube-controller-manager's
 * defaults, whose EndpointSlice mirroring controller does the same kind of work. The API server's
 * priority and fairness still protects it; this limit only keeps one daemon polite.
 */
export const DEFAULT_KUBE_QPS = 20;
export const DEFAULT_KUBE_BURST = 30;
/** Bound of one non-watch request, from sending it to reading the whole response body. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface KubeClientOptions {
  /** svcmirror's version, sent as `User-Agent: svcmirror/<version>`. */
  version: string;
  qps?: number;
  burst?: number;
  requestTimeoutMs?: number;
  clock?: Clock;
}

/** GET of any API path returning parsed JSON, through the same limiter, timeout and User-Agent. */
export type GetJson = (
  path: string,
  query: Readonly<Record<string, string | undefined>>,
  signal?: AbortSignal,
) => Promise<unknown>;

export interface KubeClients {
  readonly kubeConfig: KubeConfig;
  /** Base URL of the current cluster, without a trailing slash. */
  readonly server: string;
  readonly userAgent: string;
  readonly clock: Clock;
  /** Shared by every request to this cluster; watches take a token from it too. */
  readonly limiter: TokenBucket;
  readonly core: CoreV1Api;
  readonly discovery: DiscoveryV1Api;
  readonly custom: CustomObjectsApi;
  readonly coordination: CoordinationV1Api;
  readonly getJson: GetJson;
}

function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException("request aborted", "AbortError");
}

/** Frees the deadline once the body was read (or failed), so no timer outlives a request. */
function guardedBody(
  body: ResponseBody,
  done: () => void,
  translate: (err: unknown) => unknown,
): ResponseBody {
  const guard = async <R>(read: () => Promise<R>): Promise<R> => {
    try {
      return await read();
    } catch (err) {
      throw translate(err);
    } finally {
      done();
    }
  };
  return { text: () => guard(() => body.text()), binary: () => guard(() => body.binary()) };
}

/**
 * Wraps client-node's fetch library: waits for a rate-limit token (cancellable by the caller's
 * signal), sets the User-Agent, and bounds the request by a timeout on the injected clock. A timeout
 * surfaces as a `TimeoutError` (classified "timeout", retryable), not as node-fetch's AbortError.
 */
export class LimitedHttpLibrary implements HttpLibrary {
  readonly #inner: HttpLibrary;
  readonly #limiter: TokenBucket;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #userAgent: string;

  constructor(inner: HttpLibrary, limiter: TokenBucket, clock: Clock, timeoutMs: number, userAgent: string) {
    this.#inner = inner;
    this.#limiter = limiter;
    this.#clock = clock;
    this.#timeoutMs = timeoutMs;
    this.#userAgent = userAgent;
  }

  send(request: RequestContext): Observable<ResponseContext> {
    return new Observable(this.#send(request));
  }

  async #send(request: RequestContext): Promise<ResponseContext> {
    const callerSignal = request.getSignal();
    if (!(await this.#limiter.take(callerSignal))) throw abortReason(callerSignal);
    request.setHeaderParam("User-Agent", this.#userAgent);
    const deadline = abortAfter(this.#clock, this.#timeoutMs, callerSignal);
    request.setSignal(deadline.signal);
    // node-fetch rejects every abort with its own AbortError; the deadline's reason tells a timeout apart.
    const translate = (err: unknown): unknown =>
      deadline.signal.aborted && !callerSignal?.aborted ? deadline.signal.reason : err;
    try {
      const response = await this.#inner.send(request).toPromise();
      const body = guardedBody(response.body, deadline.dispose, translate);
      return new ResponseContext(response.httpStatusCode, response.headers, body);
    } catch (err) {
      deadline.dispose();
      throw translate(err);
    }
  }
}

function queryString(query: Readonly<Record<string, string | undefined>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, value);
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}

function makeGetJson(kubeConfig: KubeConfig, server: string, http: HttpLibrary): GetJson {
  return async (path, query, signal) => {
    const request = new RequestContext(`${server}${path}${queryString(query)}`, HttpMethod.GET);
    request.setHeaderParam("Accept", "application/json");
    await kubeConfig.applySecurityAuthentication(request);
    if (signal !== undefined) request.setSignal(signal);
    const response = await http.send(request).toPromise();
    const text = await response.body.text();
    if (response.httpStatusCode < 200 || response.httpStatusCode > 299) {
      // Same shape as the typed clients' errors (body as a JSON string), so errors.ts classifies both.
      throw new ApiException(
        response.httpStatusCode,
        `HTTP ${response.httpStatusCode} from GET ${path}`,
        text,
        response.headers,
      );
    }
    return JSON.parse(text) as unknown;
  };
}

function validate(opts: KubeClientOptions): void {
  const timeoutMs = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  if (!(timeoutMs > 0)) throw new RangeError(`requestTimeoutMs must be positive, got ${timeoutMs}`);
  if (opts.version.trim() === "") throw new RangeError("version must not be empty");
}

/** Builds the clients of the KubeConfig's current context. The TokenBucket validates qps and burst. */
export function createKubeClients(kubeConfig: KubeConfig, opts: KubeClientOptions): KubeClients {
  validate(opts);
  const cluster = kubeConfig.getCurrentCluster();
  if (cluster === null)
    throw new Error(`kubeconfig context "${kubeConfig.getCurrentContext()}" names no cluster`);
  const server = cluster.server.replace(/\/+$/, "");
  const clock = opts.clock ?? realClock;
  const limiter = new TokenBucket(
    { qps: opts.qps ?? DEFAULT_KUBE_QPS, burst: opts.burst ?? DEFAULT_KUBE_BURST },
    clock,
  );
  const userAgent = `svcmirror/${opts.version}`;
  const httpApi = new LimitedHttpLibrary(
    new IsomorphicFetchHttpLibrary(),
    limiter,
    clock,
    opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    userAgent,
  );
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(server, {}),
    authMethods: { default: kubeConfig },
    httpApi,
  });
  return {
    kubeConfig,
    server,
    userAgent,
    clock,
    limiter,
    core: new CoreV1Api(configuration),
    discovery: new DiscoveryV1Api(configuration),
    custom: new CustomObjectsApi(configuration),
    coordination: new CoordinationV1Api(configuration),
    getJson: makeGetJson(kubeConfig, server, httpApi),
  };
}
