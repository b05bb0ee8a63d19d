// State-modelling fakes for election tests: one in-memory Lease shared by several clients, each
// client a LeaseStore with its own faults (fail, hang until aborted, apply-then-lose-response).
// The backend bumps resourceVersion on every write and answers stale writes with a conflict,
// like the API server; it records every successful write with the client that made it.

import { ApiException } from "@kubernetes/client-node";
import pino, { type Logger } from "pino";
import type { LeaseRecord, LeaseSnapshot, LeaseStore, LeaseWriteResult } from "../../src/election/store.js";
import type { Clock } from "../../src/runtime/clock.js";

export interface WriteEntry {
  client: string;
  atMs: number;
  kind: "create" | "update";
  record: LeaseRecord;
  resourceVersion: string;
}

export class MemoryLeaseBackend {
  readonly clock: Clock;
  readonly writes: WriteEntry[] = [];
  #lease: LeaseSnapshot | null = null;
  #revision = 100;

  constructor(clock: Clock) {
    this.clock = clock;
  }

  get current(): LeaseSnapshot | null {
    return this.#lease;
  }

  client(name: string): FakeLeaseClient {
    return new FakeLeaseClient(this, name);
  }

  /** A write by someone outside the test's electors (kubectl, another tool). */
  put(record: LeaseRecord): LeaseSnapshot {
    this.#lease = { record: { ...record }, resourceVersion: String(++this.#revision) };
    return this.#lease;
  }

  delete(): void {
    this.#lease = null;
  }

  create(client: string, record: LeaseRecord): LeaseWriteResult {
    if (this.#lease !== null) return { kind: "conflict" };
    return this.#write(client, "create", record);
  }

  update(client: string, record: LeaseRecord, resourceVersion: string): LeaseWriteResult {
    if (this.#lease === null || this.#lease.resourceVersion !== resourceVersion) return { kind: "conflict" };
    return this.#write(client, "update", record);
  }

  #write(client: string, kind: "create" | "update", record: LeaseRecord): LeaseWriteResult {
    const lease = this.put(record);
    this.writes.push({
      client,
      atMs: this.clock.now(),
      kind,
      record: { ...record },
      resourceVersion: lease.resourceVersion,
    });
    return { kind: "ok", lease };
  }
}

export type Fault =
  | { kind: "fail"; error: () => Error }
  | { kind: "hang" }
  /** The write reaches the server but the response is lost. */
  | { kind: "lose-response" };

export class FakeLeaseClient implements LeaseStore {
  readonly description = "svcmirror-system/svcmirror-test";
  readonly name: string;
  fault: Fault | null = null;
  /** Fake time a call takes to reach the server. */
  latencyMs = 0;
  /** Fake time the response takes to come back after the server handled the call. */
  responseLatencyMs = 0;
  /** Local (fake) time of every call, faulted or not. */
  readonly callsAt: number[] = [];
  readonly #backend: MemoryLeaseBackend;

  constructor(backend: MemoryLeaseBackend, name: string) {
    this.#backend = backend;
    this.name = name;
  }

  async get(signal: AbortSignal): Promise<LeaseSnapshot | null> {
    await this.#gate(signal, false);
    return this.#respond(this.#backend.current, signal);
  }

  async create(record: LeaseRecord, signal: AbortSignal): Promise<LeaseWriteResult> {
    await this.#gate(signal, true, () => this.#backend.create(this.name, record));
    return this.#respond(this.#backend.create(this.name, record), signal);
  }

  async update(record: LeaseRecord, resourceVersion: string, signal: AbortSignal): Promise<LeaseWriteResult> {
    await this.#gate(signal, true, () => this.#backend.update(this.name, record, resourceVersion));
    return this.#respond(this.#backend.update(this.name, record, resourceVersion), signal);
  }

  /** The server has handled the call; its answer may still take a while or be cut off. */
  async #respond<T>(answer: T, signal: AbortSignal): Promise<T> {
    if (this.responseLatencyMs > 0) await this.#backend.clock.sleep(this.responseLatencyMs, signal);
    if (signal.aborted) throw signal.reason;
    return answer;
  }

  async #gate(signal: AbortSignal, isWrite: boolean, applyAnyway?: () => unknown): Promise<void> {
    this.callsAt.push(this.#backend.clock.now());
    await Promise.resolve();
    if (this.latencyMs > 0) await this.#backend.clock.sleep(this.latencyMs, signal);
    if (signal.aborted) throw signal.reason;
    const fault = this.fault;
    if (fault === null) return;
    if (fault.kind === "fail") throw fault.error();
    if (fault.kind === "lose-response") {
      if (isWrite) applyAnyway?.();
      throw networkError();
    }
    await new Promise<never>((_, reject) => {
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
  }
}

/** An ApiException shaped like client-node 1.4.0's: Status body as a JSON string. */
export function apiError(code: number, reason: string, headers: Record<string, string> = {}): Error {
  const body = JSON.stringify({
    kind: "Status",
    apiVersion: "v1",
    status: "Failure",
    reason,
    message: reason,
    code,
  });
  return new ApiException(code, "Unknown API Status Code!", body, headers);
}

export function networkError(): Error {
  return Object.assign(new Error("request to https://sim/ failed, reason: connect ECONNREFUSED"), {
    name: "FetchError",
    type: "system",
    code: "ECONNREFUSED",
  });
}

export interface CapturedLog {
  logger: Logger;
  lines: () => Array<Record<string, unknown>>;
  messages: (level?: "info" | "warn" | "error") => string[];
}

const LEVELS = { info: 30, warn: 40, error: 50 } as const;

export function captureLogger(): CapturedLog {
  const chunks: string[] = [];
  const logger = pino({ level: "debug" }, { write: (s: string) => chunks.push(s) });
  const lines = (): Array<Record<string, unknown>> =>
    chunks.map((c) => JSON.parse(c) as Record<string, unknown>);
  return {
    logger,
    lines,
    messages: (level) =>
      lines()
        .filter((l) => level === undefined || l.level === LEVELS[level])
        .map((l) => String(l.msg)),
  };
}
